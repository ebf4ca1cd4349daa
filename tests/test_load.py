"""`cssgraph load` pushes the graphs into real stores (an Oxigraph server process, and Virtuoso with
Digest authentication) through the Graph Store Protocol: afterwards every query of `queries/`
answers there as on the embedded store, and loading again replaces rather than duplicates."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import pytest

from cssgraph.query import run_query
from cssgraph.resources import queries_dir

from conftest import ROOT, free_port, oxigraph_command, request, run_cli, wait_until_up
from virtuoso import virtuoso


@dataclass
class Store:
    graph_store: str  # where `cssgraph load` writes
    query: str  # the SPARQL endpoint that reads back
    credentials: tuple = ()  # `cssgraph load` options for a store that wants them


@pytest.fixture(scope="module")
def virtuoso_store():
    with virtuoso() as (url, password):
        yield Store(
            url + "/sparql-graph-crud-auth",
            url + "/sparql",
            ("--user", "dba", "--password", password, "--auth", "digest"),
        )


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def store(request, tmp_path_factory):
    if request.param == "virtuoso":
        yield request.getfixturevalue("virtuoso_store")
        return
    server, url = _oxigraph_server(tmp_path_factory.mktemp("store"))
    yield Store(url + "/store", url + "/query")
    server.terminate()
    server.wait(timeout=10)


def count(store: Store) -> int:
    [row] = run_query(str(ROOT / "tests" / "fixtures" / "count-quads.rq"), endpoint=store.query).rows
    return int(row["n"].value)


def test_load_then_every_query_answers_the_same_and_reload_replaces(store):
    process = run_cli("load", "--store", store.graph_store, *store.credentials)
    assert process.returncode == 0, process.stderr
    assert process.stdout.startswith("loaded 6 graph(s)")  # reference, Verviers, four ontology modules
    for name in sorted(p.stem for p in queries_dir().glob("*.rq")):
        # shared-wordings: data/ holds one convention, so a wording "shared" by one is asked for
        params = {"in-force": {"date": "2019-06-30"}, "shared-wordings": {"minimum": "1"}}.get(name, {})
        assert run_query(name, endpoint=store.query, params=params).rows == run_query(name, params=params).rows, name
    first = count(store)
    assert run_cli("load", "--endpoint", store.graph_store, *store.credentials).returncode == 0  # the other name
    assert count(store) == first > 0


def test_query_command_reads_back_from_the_store(store):
    run_cli("load", "--store", store.graph_store, *store.credentials)
    process = run_cli("query", "funding", "--endpoint", store.query, "--format", "csv")
    assert process.returncode == 0, process.stderr
    # the two yearly amounts of the source: 276 041,89 EUR for 2018 and 271 546,93 EUR for 2019
    assert "276041.89" in process.stdout and "271546.93" in process.stdout


def test_wrong_credentials_are_a_clear_error(virtuoso_store):
    process = run_cli(
        "load", "--store", virtuoso_store.graph_store, "--user", "dba", "--password", "wrong", "--auth", "digest"
    )
    assert process.returncode == 2 and "HTTP 401" in process.stderr and "Traceback" not in process.stderr


def test_an_unreachable_store_is_a_clear_error():
    process = run_cli("load", "--store", "http://127.0.0.1:9/store")
    assert process.returncode == 2 and "did not answer" in process.stderr and "Traceback" not in process.stderr


def _oxigraph_server(location):
    port = free_port()
    server = subprocess.Popen(
        [
            oxigraph_command(),
            "serve",
            "--location",
            str(location),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    wait_until_up(url + "/query?query=ASK%7B%7D", server, "the Oxigraph server")
    return server, url


def test_a_load_killed_midway_leaves_the_old_graphs_or_all_the_new_ones(tmp_path):
    """kill -9 at several moments of a load with --update: each time, the store holds the old
    corpus whole or the new one whole, never a mix; the same load with PUTs alone can leave a
    mix (the control)."""
    import signal
    import sys
    import time

    sys.path.insert(0, str(ROOT / "bench"))
    from corpus import generate

    old, new = tmp_path / "old", tmp_path / "new"
    generate(80, old)
    new.mkdir()
    for path in old.iterdir():  # the same conventions, each with one label changed
        text = path.read_text(encoding="utf-8")
        changed = text.replace('"Délai de transmission"@fr', '"Délai de transmission (new)"@fr', 1)
        assert changed != text
        (new / path.name).write_text(changed, encoding="utf-8")
    server, url = _oxigraph_server(tmp_path / "store")
    marked = 'SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p "Délai de transmission (new)"@fr } }'

    def graphs_with_the_new_label() -> int:
        return int(
            json.loads(
                request(
                    url + "/query?" + urllib.parse.urlencode({"query": marked}),
                    headers={"Accept": "application/sparql-results+json"},
                )[2]
            )["results"]["bindings"][0]["n"]["value"]
        )

    def busy_seconds() -> float:
        fields = Path(f"/proc/{server.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime

    def killed_when(ready, *options: str) -> None:
        """Start loading the new corpus, kill -9 the load as soon as ``ready()``."""
        process = subprocess.Popen(
            [sys.executable, "-m", "cssgraph", "load", "--store", url + "/store", *options, "--data", str(new)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd=ROOT,
        )
        deadline = time.monotonic() + 120
        while not ready():
            assert process.poll() is None and time.monotonic() < deadline, "the load ended before the moment came"
            time.sleep(0.02)
        process.send_signal(signal.SIGKILL)
        process.wait()
        # The server may still be applying what it had received: wait until it is idle (two
        # loads at once are not this test's subject: under Oxigraph's snapshot isolation they
        # can both keep their copy of a graph's blank nodes).
        before = busy_seconds()
        while time.sleep(0.5) or busy_seconds() != before:
            before = busy_seconds()

    try:
        assert (
            run_cli("load", "--store", url + "/store", "--update", url + "/update", "--data", str(old)).returncode == 0
        )
        for seconds in (0.3, 0.6, 1.2):
            moment = time.monotonic() + seconds
            killed_when(lambda moment=moment: time.monotonic() > moment, "--update", url + "/update")
            found = graphs_with_the_new_label()
            assert found in (0, 80), f"killed after {seconds} s: {found} of 80 graphs new"
            if found:  # the new corpus is in: put the old one back for the next kill
                assert (
                    run_cli(
                        "load", "--store", url + "/store", "--update", url + "/update", "--data", str(old)
                    ).returncode
                    == 0
                )
        # The request cut short (the client killed while sending), even right after a complete
        # DROP/INSERT pair, which is a valid update on its own: the store refuses it whole.
        from cssgraph.load import _graphs, _replacing_update

        update = _replacing_update(_graphs([new], "https://w3id.org/cssgraph/id/"))
        for cut in (update.index(b"} } ;\n") + len(b"} }"), len(update) // 2):
            with socket.create_connection(("127.0.0.1", int(url.rsplit(":", 1)[1]))) as connection:
                connection.sendall(
                    b"POST /update HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-update\r\n"
                    b"Content-Length: %d\r\n\r\n" % len(update) + update[:cut]
                )
                connection.shutdown(socket.SHUT_WR)
                assert not connection.recv(100).startswith(b"HTTP/1.1 2")
            assert graphs_with_the_new_label() == 0
        # the control: with one PUT per graph, a kill once some graphs are new leaves a mix
        killed_when(lambda: graphs_with_the_new_label() > 0)
        assert 0 < graphs_with_the_new_label() < 80
        done = run_cli("load", "--store", url + "/store", "--update", url + "/update", "--data", str(new))
        assert done.returncode == 0 and graphs_with_the_new_label() == 80
    finally:
        server.terminate()
        server.wait(timeout=10)
