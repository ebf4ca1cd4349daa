"""`cssgraph publish --out DIR`: the static site, served by real Apache and nginx processes with
the rules it writes, negotiates like `cssgraph serve` (each answer read by an independent parser)."""

from __future__ import annotations

import gzip
import http.server
import json
import os
import shutil
import tempfile
import threading
from pathlib import Path

import pyoxigraph as ox
import pytest

import webservers
from conftest import CONVENTION, request, run_cli
from test_pages import INDICATOR, OBJECTIVE, page_url, rapper

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
DCAT = "http://www.w3.org/ns/dcat#"


@pytest.fixture(scope="module")
def published():
    # a folder the web servers' unprivileged workers can read (pytest's own is private to root)
    parent = Path(tempfile.mkdtemp(prefix="cssgraph-site-", dir="/tmp"))
    parent.chmod(0o755)
    out = parent / "site"
    process = run_cli("publish", "--out", str(out))
    assert process.returncode == 0, process.stderr
    assert process.stdout.startswith("published ")
    yield out
    shutil.rmtree(parent)


@pytest.fixture(scope="module", params=["apache", "nginx"])
def static_site(request, published):
    with getattr(webservers, request.param)(published) as url:
        yield url


def get(url: str, headers: dict | None = None):
    status, answer_headers, body = request(url, headers=headers)
    return status, {key.lower(): value for key, value in answer_headers.items()}, body


@pytest.mark.parametrize(
    "accept, syntax",
    [("text/turtle", "turtle"), ("application/rdf+xml", "rdfxml"), ("application/n-triples", "ntriples")],
)
def test_rdf_by_content_negotiation(static_site, accept, syntax, tmp_path):
    status, headers, body = get(page_url(static_site, INDICATOR), {"Accept": accept})
    assert status == 200 and headers["content-type"].startswith(accept)
    assert "accept" in headers.get("vary", "").lower()
    assert rapper(body, syntax, tmp_path) == 19  # the description test_pages counts, statement by statement


def test_jsonld_by_content_negotiation_read_by_pyld(static_site):
    from pyld import jsonld

    jsonld.set_document_loader(lambda url, options=None: (_ for _ in ()).throw(RuntimeError(f"fetched {url}")))
    status, headers, body = get(page_url(static_site, INDICATOR), {"Accept": "application/ld+json"})
    assert status == 200 and headers["content-type"].startswith("application/ld+json")
    triples = jsonld.to_rdf(json.loads(body), {"format": "application/n-quads"})
    assert f"<{INDICATOR}> <https://w3id.org/cssgraph/ontology#measures> <{OBJECTIVE}>" in triples
    assert len([line for line in triples.splitlines() if line.strip()]) == 19


def test_pages_in_the_visitors_language_and_overrides(static_site):
    status, headers, body = get(page_url(static_site, INDICATOR), {**BROWSER, "Accept-Language": "nl-BE,nl;q=0.9"})
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert '<html lang="nl">' in body.decode() and "Plaats in de overeenkomst" in body.decode()
    page = get(page_url(static_site, INDICATOR), BROWSER)[2].decode()
    assert '<html lang="fr">' in page and "<h1>Délai de transmission</h1>" in page
    assert '<html lang="en">' in get(page_url(static_site, INDICATOR) + "?lang=en", BROWSER)[2].decode()
    assert get(page_url(static_site, INDICATOR) + "?format=ttl", BROWSER)[1]["content-type"].startswith("text/turtle")
    assert get(page_url(static_site, INDICATOR) + ".nt", BROWSER)[1]["content-type"].startswith("application/n-triples")
    home = get(static_site + "/", {**BROWSER, "Accept-Language": "nl"})[2].decode()
    assert '<html lang="nl">' in home and f'href="/id/{CONVENTION.split("/id/")[1]}?lang=nl"' in home


def test_unknown_iris_and_server_rules_are_not_found(static_site):
    assert get(page_url(static_site, CONVENTION + "/sector/9"), BROWSER)[0] == 404
    assert get(page_url(static_site, CONVENTION + "/sector/9"), {"Accept": "text/turtle"})[0] == 404
    assert get(static_site + "/.nginx/site.conf")[0] == 404
    assert get(static_site + "/.htaccess")[0] == 404


def test_dataset_description_and_dumps(static_site):
    status, headers, body = get(static_site + "/dataset", {"Accept": "text/turtle"})
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    triples = list(ox.parse(body, format=ox.RdfFormat.TURTLE))
    datasets = [
        t.subject for t in triples if t.predicate.value.endswith("#type") and t.object.value == DCAT + "Dataset"
    ]
    assert [d.value for d in datasets] == ["https://w3id.org/cssgraph/dataset"]  # the default site URL
    assert not any(
        t.predicate.value == "http://rdfs.org/ns/void#sparqlEndpoint" for t in triples
    )  # none on a static site
    status, headers, zipped = get(static_site + "/dumps/cssgraph.nq.gz")  # urllib does not decode it
    assert headers["content-type"].startswith("application/n-quads") and headers["content-encoding"] == "gzip"
    quads = list(ox.parse(gzip.decompress(zipped), format=ox.RdfFormat.N_QUADS))
    assert (
        status == 200
        and ox.Quad(
            ox.NamedNode(INDICATOR),
            ox.NamedNode("https://w3id.org/cssgraph/ontology#measures"),
            ox.NamedNode(OBJECTIVE),
            ox.NamedNode(CONVENTION.replace("/id/", "/id/graph/")),
        )
        in quads
    )


def test_static_rdf_equals_what_serve_answers(published, site):
    for iri in (INDICATOR, CONVENTION, "https://w3id.org/cssgraph/id/municipality/63079"):
        served = get(page_url(site, iri), {"Accept": "text/turtle"})[2]
        folder = published / "id" / iri.split("/id/", 1)[1]
        assert set(ox.parse((folder / "index.ttl").read_bytes(), format=ox.RdfFormat.TURTLE)) == set(
            ox.parse(served, format=ox.RdfFormat.TURTLE)
        )


def test_a_plain_static_host_serves_the_french_pages(published):
    handler = lambda *args: http.server.SimpleHTTPRequestHandler(*args, directory=str(published))  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        page = get(page_url(url, INDICATOR) + "/")[2].decode()
        assert '<html lang="fr">' in page and "<h1>Délai de transmission</h1>" in page
    finally:
        server.shutdown()


def test_republishing_replaces_the_site_and_refuses_a_foreign_folder(published, tmp_path):
    again = run_cli("publish", "--out", str(published))
    assert again.returncode == 0, again.stderr
    assert not any(name.name.startswith(".site.") for name in published.parent.iterdir())  # no staging left
    foreign = tmp_path / "documents"
    foreign.mkdir()
    (foreign / "letter.txt").write_text("keep me")
    refused = run_cli("publish", "--out", str(foreign))
    assert refused.returncode == 2 and "not a site cssgraph published" in refused.stderr
    assert os.listdir(foreign) == ["letter.txt"] and not any(
        p.name.startswith(".documents.") for p in tmp_path.iterdir()
    )
