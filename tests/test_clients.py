"""The clients people use, each with its own defaults, against a real ``cssgraph serve``:
SPARQLWrapper (SELECT, ASK, CONSTRUCT, DESCRIBE as it asks for them), rdflib's SPARQLStore, and
Apache Jena's arq reading a served IRI and a dump, plain and gzipped. Expected values come from
the Verviers file itself, read by rdflib."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF, RDFS

from conftest import CONVENTION, VERVIERS, start_server

CSSG = "https://w3id.org/cssgraph/ontology#"


@pytest.fixture(scope="module")
def served():
    server, url = start_server()
    yield url
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture(scope="module")
def verviers() -> Dataset:
    return Dataset().parse(VERVIERS, format="trig")


def about(dataset: Dataset, subject: str) -> set[tuple]:
    return {(s, p, o) for s, p, o, _ in dataset.quads((URIRef(subject), None, None, None))}


def test_sparqlwrapper_with_its_defaults(served, verviers):
    from SPARQLWrapper import SPARQLWrapper

    def ask(query: str):
        client = SPARQLWrapper(served + "/sparql")  # GET, and the formats it asks for by default
        client.setQuery(query)
        return client.query().convert()

    indicators = {s for s, _, _, _ in verviers.quads((None, RDF.type, URIRef(CSSG + "Indicator"), None))}
    rows = ask(f"SELECT DISTINCT ?i WHERE {{ ?i a <{CSSG}Indicator> }}")  # SPARQL XML, as a DOM
    assert len(rows.getElementsByTagName("result")) == len(indicators) > 0
    [answer] = ask(f"ASK {{ <{CONVENTION}> a <{CSSG}Convention> }}").getElementsByTagName("boolean")
    assert answer.firstChild.data == "true"
    constructed = ask(f"CONSTRUCT {{ <{CONVENTION}> ?p ?o }} WHERE {{ <{CONVENTION}> ?p ?o }}")  # RDF/XML
    assert isinstance(constructed, Graph) and set(constructed) == about(verviers, CONVENTION)
    described = ask(f"DESCRIBE <{CONVENTION}>")
    assert about(verviers, CONVENTION) <= set(described)


def test_rdflibs_sparql_store(served, verviers):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    remote = Graph(store=SPARQLStore(served + "/sparql"))
    assert set(remote.triples((URIRef(CONVENTION), None, None))) == about(verviers, CONVENTION)
    [(label,)] = remote.query(f"SELECT ?l WHERE {{ <{CONVENTION}> <{RDFS.label}> ?l }}")
    assert {(URIRef(CONVENTION), RDFS.label, label)} <= about(verviers, CONVENTION)


@pytest.mark.parametrize(
    "path",
    [
        "/id/convention/63079/css/2018-2019",  # by content negotiation
        "/dumps/cssgraph.nq",
        "/dumps/cssgraph.nq.gz",  # gzipped: the dump's type, Content-Encoding gzip
    ],
)
def test_jena_reads_what_is_served(served, verviers, tmp_path, path):
    # Jena's arq loads the URL as it loads any data (riot in Debian's Jena 4.5 reads files only).
    from jena import jena_classpath

    query = f"CONSTRUCT {{ <{CONVENTION}> ?p ?o }} WHERE {{ {{ <{CONVENTION}> ?p ?o }} UNION {{ GRAPH ?g {{ <{CONVENTION}> ?p ?o }} }} }}"
    process = subprocess.run(
        [
            shutil.which("java"),
            "-cp",
            jena_classpath(tmp_path),
            "arq.sparql",
            "--data",
            served + path,
            "--results",
            "N-Triples",
            query,
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert process.returncode == 0, process.stderr[-2000:]
    assert set(Graph().parse(data=process.stdout, format="nt")) == about(verviers, CONVENTION)
