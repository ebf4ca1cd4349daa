"""The dataset as a portal harvests it: DCAT-AP 3 mandatory properties (checked with SHACL
shapes written from the DCAT-AP specification's mandatory classes and properties), VoID, licence,
version, provenance, and dumps in several formats that hold the whole store."""

from __future__ import annotations

import gzip
from collections import Counter

import pyoxigraph as ox
import pyshacl
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from cssgraph.resources import default_data_dir
from cssgraph.store import embedded_store

from conftest import ROOT, VERVIERS, request

# The DCAT-AP 3.0.1 release's own shapes (tests/conformance/dcat-ap-3.0.1/README.md).
DCAT_AP = ROOT / "tests" / "conformance" / "dcat-ap-3.0.1"
# Recommended properties the project does not state, for want of a true value: no contact point
# is run for the data, no date of first issue, the conventions' periods vary, and Belgium's
# bounding box and centroid are not the data's to give.
NOT_STATED = {"dcat:contactPoint", "dct:issued", "dct:type", "dcat:bbox", "dcat:centroid"}
DCAT = "http://www.w3.org/ns/dcat#"
VOID = "http://rdfs.org/ns/void#"
DCT_TEMPORAL = "http://purl.org/dc/terms/temporal"


def test_dcat_ap_description(app):
    request, site = app.request, app.url
    status, headers, body = request(site + "/dataset", headers={"Accept": "text/turtle"})
    assert status == 200
    graph = Graph().parse(data=body, format="turtle")
    for shapes in ("shapes.ttl", "range.ttl"):  # mandatory: every class and property, and their values' classes
        conforms, _, text = pyshacl.validate(graph, shacl_graph=Graph().parse(DCAT_AP / shapes, format="turtle"))
        assert conforms, text
    _, report, _ = pyshacl.validate(graph, shacl_graph=Graph().parse(DCAT_AP / "shapes_recommended.ttl"))
    missing = {report.namespace_manager.normalizeUri(path) for path in report.objects(None, SH.resultPath)}
    assert missing <= NOT_STATED, missing - NOT_STATED
    dataset = f"{site}/dataset"
    values = {str(p): str(o) for p, o in graph.predicate_objects(URIRef(dataset))}
    assert values["http://purl.org/dc/terms/license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert values[DCAT + "version"] == "0.1.0"
    assert values[VOID + "sparqlEndpoint"] == f"{site}/sparql"
    assert "http://www.w3.org/ns/prov#wasGeneratedBy" in values
    # The period the conventions cover (Verviers: 1 January 2018 to 31 December 2019), and the day
    # the data last changed as the data says it (the ontology module's dcterms:modified).
    coverage = URIRef(values[DCT_TEMPORAL])
    assert {str(p).rsplit("#", 1)[1]: str(o) for p, o in graph.predicate_objects(coverage) if "dcat#" in str(p)} == {
        "startDate": "2018-01-01",
        "endDate": "2019-12-31",
    }
    assert values["http://purl.org/dc/terms/modified"] == "2026-12-02"
    status, headers, body = request(site + "/dataset?format=jsonld")
    assert status == 200 and headers["content-type"].startswith("application/ld+json")
    assert len(list(ox.parse(body, format=ox.RdfFormat.JSON_LD))) == len(graph)


@pytest.mark.parametrize("name, rdf_format", [("trig", ox.RdfFormat.TRIG), ("nq", ox.RdfFormat.N_QUADS)])
def test_dumps_hold_the_whole_store(app, name, rdf_format):
    request, site = app.request, app.url
    expected = len(embedded_store([default_data_dir()]))
    status, _, body = request(f"{site}/dumps/cssgraph.{name}")
    assert status == 200 and len(list(ox.parse(body, format=rdf_format))) == expected
    status, headers, zipped = request(f"{site}/dumps/cssgraph.{name}.gz")
    assert status == 200 and gzip.decompress(zipped) == body
    assert request(f"{site}/dumps/cssgraph.xlsx")[0] == 404


def test_void_counts_match_the_dumps(site):
    graph = Graph().parse(data=request(site + "/dataset", headers={"Accept": "text/turtle"})[2], format="turtle")
    triples = int(next(graph.objects(None, URIRef(VOID + "triples"))))
    dump = request(f"{site}/dumps/cssgraph.nq")[2]
    assert triples == len(list(ox.parse(dump, format=ox.RdfFormat.N_QUADS)))


def test_serve_honours_the_base_everywhere():
    # `cssgraph --base … serve`: the data re-based, its pages found under /id/, the dataset's
    # uriSpace and an uploaded convention's report all under that base.
    from conftest import start_server

    base = "https://data.example.be/css/id/"
    server, url = start_server(base=base)
    try:
        status, _, body = request(url + "/id/convention/63079/css/2018-2019", headers={"Accept": "text/turtle"})
        assert status == 200 and base.encode() in body and b"w3id.org/cssgraph/id/" not in body
        status, _, body = request(url + "/dataset", headers={"Accept": "text/turtle"})
        spaces = [
            t.object.value
            for t in ox.parse(body, format=ox.RdfFormat.TURTLE)
            if t.predicate.value == "http://rdfs.org/ns/void#uriSpace"
        ]
        assert status == 200 and spaces == [base]
        status, _, body = request(url + "/api/validate", VERVIERS.read_bytes(), {"Content-Type": "application/trig"})
        assert status == 200 and f'"convention": "{base}convention/63079/css/2018-2019"'.encode() in body
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_what_is_served_is_what_the_files_say_statement_for_statement(app):
    # A store may rewrite literals on load ("7"^^xsd:nonNegativeInteger kept as xsd:integer,
    # "01" as "1"): the data is written so that nothing is rewritten, and the dump and a page
    # give back the files' own statements, read by the parser alone.
    from cssgraph.rdfio import parse_file, rdf_files
    from cssgraph.resources import ontology_files, reference_data_file

    def unnamed(term):  # blank nodes get new labels at each reading: compared as blank
        return ox.BlankNode("b") if isinstance(term, ox.BlankNode) else term

    def statements(quads):
        return Counter(ox.Quad(*(unnamed(term) for term in quad)) for quad in quads)

    files = dict.fromkeys(rdf_files([*ontology_files(), reference_data_file(), default_data_dir()]))  # as the store
    written = [quad for path in files for quad in parse_file(path)]
    status, _, dump = app.request("/dumps/cssgraph.nq")
    served = statements(ox.parse(dump, format=ox.RdfFormat.N_QUADS))
    assert status == 200 and served - statements(written) == Counter() and statements(written) - served == Counter()
    status, _, page = app.request("/id/convention/63079/css/2018-2019", headers={"Accept": "application/n-triples"})
    triples = {ox.Triple(t.subject, t.predicate, t.object) for t in ox.parse(page, format=ox.RdfFormat.N_TRIPLES)}
    assert status == 200 and triples and triples <= {ox.Triple(q.subject, q.predicate, q.object) for q in written}


def test_graphs_are_named_by_the_data_never_by_where_the_files_lie(app):
    # The ontology modules under their own IRIs (as `cssgraph load` names them), the conventions
    # and the reference data under the base: the same names on every machine.
    status, _, dump = app.request("/dumps/cssgraph.nq")
    graphs = {quad.graph_name.value for quad in ox.parse(dump, format=ox.RdfFormat.N_QUADS)}
    assert status == 200 and graphs == {
        "https://w3id.org/cssgraph/ontology",
        "https://w3id.org/cssgraph/concepts",
        "https://w3id.org/cssgraph/ontology/alignments",
        "https://w3id.org/cssgraph/indicator-values",
        "https://w3id.org/cssgraph/id/graph/reference",
        "https://w3id.org/cssgraph/id/graph/convention/63079/css/2018-2019",
    }


def test_a_browser_gets_the_dataset_description_as_a_page_in_its_language(app):
    # The same statements as the Turtle: the licence (CC BY 4.0), the Dutch title, each dump.
    status, headers, body = app.request("/dataset", headers={"Accept": "text/html", "Accept-Language": "nl"})
    page = body.decode()
    assert status == 200 and headers["content-type"].startswith("text/html") and '<html lang="nl">' in page
    turtle = app.request("/dataset", headers={"Accept": "text/turtle"})[2].decode()
    assert (
        '"Veiligheids- en samenlevingscontracten"@nl' in turtle
        and "<h2>Veiligheids- en samenlevingscontracten</h2>" in page
    )
    assert '<a href="https://creativecommons.org/licenses/by/4.0/">' in page
    for dump in ("trig", "nq", "ttl", "jsonld"):
        assert f"/dumps/cssgraph.{dump}</a>" in page
