"""Every query gives the same answer on a real SPARQL server (Oxigraph server, a separate
process spoken to over HTTP through SPARQLWrapper) as on the embedded store."""

from __future__ import annotations

import re
import subprocess

import pytest

from cssgraph.query import run_query
from cssgraph.rdfio import file_graph, parse_file
from cssgraph.resources import ontology_files, queries_dir

from conftest import DATA, ROOT, free_port, oxigraph_command, run_cli, wait_until_up

VALUES = ROOT / "tests" / "fixtures" / "verviers-values.trig"  # indicator values, written by hand

QUERIES = sorted(p.stem for p in queries_dir().glob("*.rq"))


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    oxigraph = oxigraph_command()
    location = tmp_path_factory.mktemp("oxigraph")
    # The same graphs as the embedded store: TriG files keep their graphs, an ontology module
    # goes to the graph its IRI names.
    for trig in [*sorted(DATA.rglob("*.trig")), VALUES]:
        subprocess.run([oxigraph, "load", "--location", str(location), "--file", str(trig)], check=True)
    for ttl in ontology_files():
        subprocess.run(
            [
                oxigraph,
                "load",
                "--location",
                str(location),
                "--file",
                str(ttl),
                "--graph",
                file_graph(ttl, parse_file(ttl)).value,
            ],
            check=True,
        )
    port = free_port()
    server = subprocess.Popen(
        [
            oxigraph,
            "serve-read-only",
            "--location",
            str(location),
            "--bind",
            f"127.0.0.1:{port}",
            "--union-default-graph",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/query"
    wait_until_up(url + "?query=ASK%7B%7D", server, "the Oxigraph server")
    yield url
    server.terminate()
    server.wait(timeout=10)


@pytest.mark.parametrize("name", QUERIES)
def test_query_answers_the_same_on_the_server_and_embedded(endpoint, name):
    # shared-wordings: data/ holds one convention, so a wording "shared" by one is asked for
    params = {"in-force": {"date": "2019-06-30"}, "shared-wordings": {"minimum": "1"}}.get(name, {})
    embedded = run_query(name, data=[DATA, VALUES], params=params)
    remote = run_query(name, endpoint=endpoint, params=params)
    assert remote.variables == embedded.variables
    assert remote.rows == embedded.rows
    if name != "objectives-without-framework":  # Verviers lacks nothing: that query rightly answers no row
        # (the indicator values: those written by hand in tests/fixtures/verviers-values.trig)
        assert embedded.rows, "a query that answers nothing proves nothing here"


def test_cli_reads_the_trace_back_from_the_server(endpoint):
    process = run_cli("query", "indicator-trace", "--endpoint", endpoint, "--format", "csv")
    assert process.returncode == 0, process.stderr
    assert len(process.stdout.strip().splitlines()) == 1 + 13


def test_the_readmes_python_api_works_as_written_and_twice(endpoint):
    """The README's Python example, read from the README (so the two cannot drift), run twice in
    one process: a submodule named like an API function would replace it after the first call.
    Its endpoint is this test's Oxigraph server instead of the README's localhost:7878."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    [example] = re.findall(r"```python\n(.*?)```", readme, re.DOTALL)
    assert "http://localhost:7878/query" in example
    code = example.replace("http://localhost:7878/query", endpoint)
    for _ in range(2):
        names: dict = {}
        exec(code, names)  # noqa: S102 (the README's own code)
        assert names["result"].conforms and names["result"].lang == "nl"
        assert len(names["rows"]) == 13  # the Verviers trace: 13 indicators, as its source lists them
