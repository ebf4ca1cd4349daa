"""`cssgraph load` pushes the graphs into a real store (an Oxigraph server process) through the
Graph Store Protocol: afterwards every query of `queries/` answers there as on the embedded
store, and loading again replaces rather than duplicates."""

from __future__ import annotations

import subprocess

import pytest

from cssgraph.query import run_query
from cssgraph.resources import queries_dir

from conftest import ROOT, run_cli, wait_until_up
from test_endpoint import free_port, oxigraph_command


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    port = free_port()
    server = subprocess.Popen([oxigraph_command(), "serve", "--location", str(tmp_path_factory.mktemp("store")),
                               "--bind", f"127.0.0.1:{port}", "--union-default-graph"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    wait_until_up(url + "/query?query=ASK%7B%7D", server, "the Oxigraph server")
    yield url
    server.terminate()
    server.wait(timeout=10)


def count(url: str) -> int:
    [row] = run_query(str(ROOT / "tests" / "fixtures" / "count-quads.rq"), endpoint=url + "/query").rows
    return int(row["n"].value)


def test_load_then_every_query_answers_the_same_and_reload_replaces(store):
    process = run_cli("load", "--store", store + "/store")
    assert process.returncode == 0, process.stderr
    assert process.stdout.startswith("loaded 4 graph(s)")  # reference, Verviers, two ontology modules
    for name in sorted(p.stem for p in queries_dir().glob("*.rq")):
        params = {"date": "2019-06-30"} if name == "in-force" else {}
        assert run_query(name, endpoint=store + "/query", params=params).rows == run_query(name, params=params).rows, name
    first = count(store)
    assert run_cli("load", "--store", store + "/store").returncode == 0
    assert count(store) == first > 0


def test_an_unreachable_store_is_a_clear_error():
    process = run_cli("load", "--store", "http://127.0.0.1:9/store")
    assert process.returncode == 2 and "did not answer" in process.stderr and "Traceback" not in process.stderr
