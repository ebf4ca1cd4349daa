"""`cssgraph load` pushes the graphs into real stores (an Oxigraph server process, and Virtuoso with
Digest authentication) through the Graph Store Protocol: afterwards every query of `queries/`
answers there as on the embedded store, and loading again replaces rather than duplicates."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass

import pytest

from cssgraph.query import run_query
from cssgraph.resources import queries_dir

from conftest import ROOT, free_port, oxigraph_command, run_cli, wait_until_up
from virtuoso import virtuoso


@dataclass
class Store:
    graph_store: str          # where `cssgraph load` writes
    query: str                # the SPARQL endpoint that reads back
    credentials: tuple = ()   # `cssgraph load` options for a store that wants them


@pytest.fixture(scope="module")
def virtuoso_store():
    with virtuoso() as (url, password):
        yield Store(url + "/sparql-graph-crud-auth", url + "/sparql",
                    ("--user", "dba", "--password", password, "--auth", "digest"))


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def store(request, tmp_path_factory):
    if request.param == "virtuoso":
        yield request.getfixturevalue("virtuoso_store")
        return
    port = free_port()
    server = subprocess.Popen([oxigraph_command(), "serve", "--location", str(tmp_path_factory.mktemp("store")),
                               "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    wait_until_up(url + "/query?query=ASK%7B%7D", server, "the Oxigraph server")
    yield Store(url + "/store", url + "/query")
    server.terminate()
    server.wait(timeout=10)


def count(store: Store) -> int:
    [row] = run_query(str(ROOT / "tests" / "fixtures" / "count-quads.rq"), endpoint=store.query).rows
    return int(row["n"].value)


def test_load_then_every_query_answers_the_same_and_reload_replaces(store):
    process = run_cli("load", "--store", store.graph_store, *store.credentials)
    assert process.returncode == 0, process.stderr
    assert process.stdout.startswith("loaded 4 graph(s)")  # reference, Verviers, two ontology modules
    for name in sorted(p.stem for p in queries_dir().glob("*.rq")):
        params = {"date": "2019-06-30"} if name == "in-force" else {}
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
    process = run_cli("load", "--store", virtuoso_store.graph_store, "--user", "dba", "--password", "wrong", "--auth", "digest")
    assert process.returncode == 2 and "HTTP 401" in process.stderr and "Traceback" not in process.stderr


def test_an_unreachable_store_is_a_clear_error():
    process = run_cli("load", "--store", "http://127.0.0.1:9/store")
    assert process.returncode == 2 and "did not answer" in process.stderr and "Traceback" not in process.stderr
