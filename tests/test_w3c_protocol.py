"""The W3C SPARQL 1.1 Protocol tests (tests/conformance/w3c-sparql11/protocol/manifest.ttl), each
request of the manifest sent as written to a real ``cssgraph serve`` holding the suite's graphs.

The endpoint is read-only: the manifest's update requests must be refused (4xx), and the queries
that then look for the update's effect must find none. Every other request must get the status,
the format and the answer the manifest expects."""

from __future__ import annotations

import http.client
import json
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import pyoxigraph as ox
import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS

from cssgraph.rdfio import to_rdflib

from conftest import ROOT, start_server

MANIFEST = ROOT / "tests" / "conformance" / "w3c-sparql11" / "protocol" / "manifest.ttl"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
STATUS = Namespace("http://www.w3.org/2011/http-statusCodes#")
RESULTS = "{http://www.w3.org/2005/sparql-results#}"


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: set[int]  # the status classes accepted: 2 for 2xx...
    answer_format: str | None  # "boolean", "tabular" or "RDF"
    boolean: bool | None

    @property
    def is_update(self) -> bool:
        media = self.headers.get("content-type", "")
        return "sparql-update" in media or (self.body or b"").startswith(b"update=") or "update=" in self.path


@dataclass
class Case:
    name: str
    requests: list[Request]
    graphs: dict[str, Path] = field(default_factory=dict)  # graph name → file


def cases() -> list[Case]:
    graph = Graph().parse(MANIFEST, format="turtle", publicID=MANIFEST.as_uri())
    manifest = graph.value(None, RDF.type, MF.Manifest)
    found = []
    for entry in Collection(graph, graph.value(manifest, MF.entries)):
        requests = []
        for request in Collection(graph, graph.value(graph.value(entry, MF.action), HT.requests)):
            headers = graph.value(request, HT.headers)
            response = graph.value(request, HT.resp)
            body = graph.value(graph.value(request, HT.body), CNT.chars) if graph.value(request, HT.body) else None
            boolean = graph.value(response, MF.expectedBoolean)
            requests.append(
                Request(
                    str(graph.value(request, HT.methodName)),
                    str(graph.value(request, HT.absolutePath)).replace("/sparql/", "/sparql", 1),
                    {
                        str(graph.value(h, HT.fieldName)).lower(): str(graph.value(h, HT.fieldValue))
                        for h in (Collection(graph, headers) if headers else [])
                    },
                    str(body).encode("utf-8") if body is not None else None,
                    {
                        int(str(status).rsplit("StatusCode", 1)[1][0])
                        for status in graph.objects(response, MF.expectedStatus)
                    },
                    str(graph.value(response, MF.expectedFormat) or "") or None,
                    boolean.toPython() if boolean is not None else None,
                )
            )
        graphs = {
            str(graph.value(data, RDFS.label)): Path(str(graph.value(data, UT.graph)).removeprefix("file://"))
            for data in graph.objects(entry, UT.graphData)
        }
        found.append(Case(str(entry).rsplit("#", 1)[1], requests, graphs))
    return found


CASES = cases()


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    """`cssgraph serve` holding every graph the manifest names, each under its name."""
    named = {name: path for case in CASES for name, path in case.graphs.items()}
    trig = tmp_path_factory.mktemp("protocol") / "graphs.trig"
    store = ox.Store()
    for name, path in named.items():
        store.load(path=str(path), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(name))
    store.dump(str(trig), format=ox.RdfFormat.TRIG)
    server, url = start_server("--data", str(trig))
    yield url
    server.terminate()
    server.wait(timeout=10)


def send(url: str, request: Request) -> tuple[int, str, bytes]:
    host, port = url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=60)
    try:
        connection.request(request.method, request.path, body=request.body, headers=request.headers)
        answer = connection.getresponse()
        return answer.status, answer.getheader("content-type", ""), answer.read()
    finally:
        connection.close()


def boolean_of(media: str, body: bytes) -> bool:
    if "json" in media:
        return json.loads(body)["boolean"]
    return ElementTree.fromstring(body).find(f"{RESULTS}boolean").text == "true"


def check_format(expected: str, media: str, body: bytes) -> None:
    if expected == "tabular":
        rows = (
            json.loads(body)["results"]["bindings"]
            if "json" in media
            else ElementTree.fromstring(body).find(f"{RESULTS}results")
        )
        assert rows is not None
    elif expected == "RDF":
        rdf_format = ox.RdfFormat.from_media_type(media.split(";")[0])
        assert rdf_format is not None, media
        list(ox.parse(body, format=rdf_format))
    elif expected == "boolean":
        boolean_of(media, body)


def test_the_manifest_is_read_whole():
    assert len(CASES) == 34 and sum(len(case.requests) for case in CASES) == 39


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_the_endpoint_answers_as_the_protocol_suite_expects(endpoint, case):
    updated = False
    for request in case.requests:
        status, media, body = send(endpoint, request)
        if request.is_update:  # read-only: refused, whatever the manifest expects of an updatable store
            assert 400 <= status < 500, (status, body[:300])
            updated = True
            continue
        assert status // 100 in request.statuses, (status, body[:300])
        if request.answer_format:
            check_format(request.answer_format, media, body)
        if request.boolean is not None:
            # After a refused update, the query that looks for its effect finds none.
            assert boolean_of(media, body) is (request.boolean and not updated), body[:300]


# -- The service description suite (tests/conformance/w3c-sparql11/service-description): its three
# tests are described in words; each is written here as its name says.

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")


def description(endpoint: str, accept: str) -> tuple[str, Graph]:
    status, media, body = send(endpoint, Request("GET", "/sparql", {"accept": accept}, None, {2}, None, None))
    assert status == 200, body[:300]
    rdf_format = ox.RdfFormat.from_media_type(media.split(";")[0])
    assert rdf_format is not None, f"{media} is not RDF"  # returns-rdf
    graph = Graph()
    for triple in ox.parse(body, format=rdf_format):
        graph.add(tuple(to_rdflib(term) for term in (triple.subject, triple.predicate, triple.object)))
    return media, graph


def test_a_get_on_the_endpoint_returns_its_description_in_rdf(endpoint):
    # returns-rdf, as a generic client asks (*/*) and as an RDF client asks
    for accept in ("*/*", "text/turtle", "application/rdf+xml"):
        description(endpoint, accept)


def test_the_description_names_the_endpoint_and_conforms_to_the_schema(endpoint):
    _, graph = description(endpoint, "*/*")
    # has-endpoint-triple: sd:endpoint is the URL the description was asked at
    [service] = graph.subjects(SD.endpoint, URIRef(endpoint + "/sparql"))
    # conforms-to-schema: the vocabulary's classes and ranges
    assert (service, RDF.type, SD.Service) in graph
    languages = set(graph.objects(service, SD.supportedLanguage))
    assert languages and languages <= {SD.SPARQL10Query, SD.SPARQL11Query, SD.SPARQL11Update}
    assert all(isinstance(value, URIRef) for value in graph.objects(service, SD.resultFormat))
    assert all(isinstance(value, URIRef) and value.startswith(str(SD)) for value in graph.objects(service, SD.feature))
    for dataset in graph.objects(service, SD.defaultDataset):
        assert (dataset, RDF.type, SD.Dataset) in graph
