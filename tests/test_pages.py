"""Dereferenceable IRIs served by `cssgraph serve`: each RDF format by content negotiation,
checked by an independent parser (Raptor's rapper; PyLD with remote loading off), HTML pages
walked in Chromium from the home page down to an indicator, up to its strategic objective and
back, in French and Dutch, with screenshots kept as test artefacts."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph as ox
import pytest

from conftest import CONVENTION, ROOT, VERVIERS, launch_chromium, request

INDICATOR = f"{CONVENTION}/sector/2/strategic-objective/4/indicator/3"  # "Délai de transmission"
OBJECTIVE = f"{CONVENTION}/sector/2/strategic-objective/4"  # "Contribuer au suivi des “returnee”"
DELAY = f"{CONVENTION}/sector/2/strategic-objective/1/indicator/3"  # "Délai de transmission" (line 213)
USEFULNESS = f"{CONVENTION}/sector/2/strategic-objective/1/indicator/2"  # "Utilité de l’information pour l’OCAM"
ARTEFACTS = ROOT / "tests" / "artefacts"
SOURCE = ROOT / "sources" / "verviers-2018-2019.fr.txt"


def page_url(site: str, iri: str) -> str:
    return site + "/id/" + iri.removeprefix("https://w3id.org/cssgraph/id/")


def rapper(text: bytes, syntax: str, tmp_path: Path) -> int:
    path = tmp_path / "answer"
    path.write_bytes(text)
    process = subprocess.run(["rapper", "-i", syntax, "-c", str(path), INDICATOR], capture_output=True, text=True)
    assert process.returncode == 0, process.stderr
    return int(process.stderr.split("returned ")[1].split()[0])


@pytest.mark.parametrize(
    "accept, syntax",
    [("text/turtle", "turtle"), ("application/rdf+xml", "rdfxml"), ("application/n-triples", "ntriples")],
)
def test_rdf_by_content_negotiation(site, accept, syntax, tmp_path):
    status, headers, body = request(page_url(site, INDICATOR), headers={"Accept": accept})
    assert status == 200 and headers["content-type"].startswith(accept) and "Accept" in headers["vary"].split(", ")
    # the indicator's statements: type, label, position, wording, "measures" its objective, and
    # prov:wasDerivedFrom the passage of the source it was read from (6); that passage's hash IRIs
    # (#source: type, source document, 3 selectors; #position: type, start, end; #quote: type,
    # exact; #lines: type, conformsTo RFC 5147, value) belong to the same description (13)
    assert rapper(body, syntax, tmp_path) == 19
    # and what it measures, as a statement (the objective's IRI is also a prefix of the indicator's own)
    syntax_of = {"turtle": ox.RdfFormat.TURTLE, "rdfxml": ox.RdfFormat.RDF_XML, "ntriples": ox.RdfFormat.N_TRIPLES}
    measured = {
        quad.object
        for quad in ox.parse(body, format=syntax_of[syntax], base_iri=INDICATOR)
        if quad.subject == ox.NamedNode(INDICATOR)
        and quad.predicate == ox.NamedNode("https://w3id.org/cssgraph/ontology#measures")
    }
    assert measured == {ox.NamedNode(OBJECTIVE)}


def test_jsonld_by_content_negotiation_read_by_pyld(site):
    from pyld import jsonld

    jsonld.set_document_loader(lambda url, options=None: (_ for _ in ()).throw(RuntimeError(f"fetched {url}")))
    status, _, body = request(page_url(site, INDICATOR), headers={"Accept": "application/ld+json"})
    assert status == 200
    triples = jsonld.to_rdf(json.loads(body), {"format": "application/n-quads"})
    assert len([line for line in triples.splitlines() if line.strip()]) == 19  # as in Turtle above
    assert f"<{INDICATOR}> <https://w3id.org/cssgraph/ontology#measures> <{OBJECTIVE}>" in triples


def test_overrides_unknown_iris_and_html_default(app):
    request = app.request
    assert request(page_url("", INDICATOR) + "?format=ttl")[1]["content-type"].startswith("text/turtle")
    assert request(page_url("", INDICATOR) + ".nt")[1]["content-type"].startswith("application/n-triples")
    status, headers, _ = request(page_url("", INDICATOR), headers={"Accept": "text/html,application/xhtml+xml"})
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert request(page_url("", CONVENTION + "/sector/9"))[0] == 404
    assert request(page_url("", INDICATOR) + "?format=docx")[0] == 400


def test_walk_from_the_home_page_to_an_indicator_up_and_back_in_french_and_dutch(site):
    from playwright.sync_api import sync_playwright

    ARTEFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page()
        for lang, kind, relation, municipality, funding in (
            ("fr", "indicateur", "mesure", "Commune — Verviers", "547\u202f588,82\xa0€"),
            ("nl", "indicator", "meet", "Gemeente — Verviers", "€\xa0547.588,82"),
        ):
            page.goto(site + f"/?lang={lang}")
            # one convention: Verviers 2018–2019, 276 041,89 EUR + 271 546,93 EUR (source lines
            # 79-81), six strategic objectives and twelve indicators, as a reader of the language
            # writes the sum
            cells = page.locator("#conventions tbody td").all_inner_texts()
            assert cells[:2] == ["Verviers", "2018–2019"] and cells[3:] == [funding, "6", "12"]
            page.screenshot(path=str(ARTEFACTS / f"home-{lang}.png"), full_page=True)
            page.click('#conventions a[href^="/id/convention/"]')
            # the outline: sector 2's fourth strategic objective and its third indicator (source, p. 9)
            page.click(
                "xpath=//li[a[contains(., 'Contribuer au suivi des “returnee”')]]"
                "/ul/li/a[contains(., 'Délai de transmission')]"
            )
            assert page.url.endswith(f"strategic-objective/4/indicator/3?lang={lang}")
            assert page.locator("h1").inner_text() == "Délai de transmission"
            assert page.locator(".kind").inner_text() == kind
            trace = page.locator("#trace").inner_text()
            for step in (
                municipality,
                "2018-2019 DE LA VILLE/COMMUNE DE VERVIERS",
                "II — Aide financière complémentaire",
                "4 — Contribuer au suivi des “returnee”",
                "3 — Délai de transmission",
            ):
                assert step in trace
            assert trace.index(municipality) < trace.index("returnee") < trace.index("3 — Délai")
            assert page.locator("#source blockquote").inner_text() == "Délai de transmission"
            page.screenshot(path=str(ARTEFACTS / f"indicator-{lang}.png"), full_page=True)
            page.locator("#trace a", has_text="Contribuer au suivi des “returnee”").click()
            assert page.locator("h1").inner_text() == "Contribuer au suivi des “returnee”"
            assert page.url.endswith(f"strategic-objective/4?lang={lang}")
            incoming = page.locator("#incoming")
            assert f"Délai de transmission — {relation}" in incoming.inner_text()
            page.screenshot(path=str(ARTEFACTS / f"strategic-objective-{lang}.png"), full_page=True)
            incoming.locator("a", has_text="Délai de transmission").click()
            assert page.url.endswith(f"indicator/3?lang={lang}")
        browser.close()


def test_ontology_and_shapes_are_documented_and_served(site, tmp_path):
    from cssgraph.rdfio import rdflib_graph
    from cssgraph.resources import ontology_files, shapes_files

    status, headers, body = request(site + "/ontology", headers={"Accept": "text/turtle"})
    assert status == 200 and "Accept" in headers["vary"].split(", ")
    path = tmp_path / "ontology.ttl"
    path.write_bytes(body)
    process = subprocess.run(["rapper", "-i", "turtle", "-c", str(path)], capture_output=True, text=True)
    assert int(process.stderr.split("returned ")[1].split()[0]) == len(rdflib_graph(ontology_files()))
    jsonld = request(site + "/shapes?format=jsonld")[2]
    assert len(list(ox.parse(jsonld, format=ox.RdfFormat.JSON_LD))) == len(rdflib_graph(shapes_files()))


def section(page: str, anchor: str) -> str:
    """The HTML of the section whose id is ``anchor``, up to the next one opened as it is."""
    start = page.index(f'id="{anchor}"')
    opening = page[page.rindex("<section", 0, start) : start]  # '<section ' or '<section class="term" '
    end = page.find(opening + 'id="', start)
    return page[start : end if end >= 0 else len(page)]


def test_the_ontology_page_groups_the_terms_and_anchors_each_by_its_fragment(app):
    # ontology/cssgraph.ttl: cssg:StrategicObjective is an owl:Class labelled "strategische
    # doelstelling"@nl; cssg:measures an owl:ObjectProperty "meet"@nl from cssg:Indicator to
    # cssg:StrategicObjective; cssg:ConventionTypes a concept scheme "soorten overeenkomst"@nl
    # holding cssg:securityAndSocietyContract ("veiligheids- en samenlevingscontract"@nl).
    page = app.request("/ontology?lang=nl", headers={"Accept": "text/html"})[2].decode()
    classes, properties = section(page, "classes"), section(page, "object-properties")
    assert '<section class="term" id="StrategicObjective">' in classes
    assert "<h3>strategische doelstelling <code>cssg:StrategicObjective</code></h3>" in classes
    measures = properties[properties.index('id="measures"') :]
    measures = measures[: measures.index("</section>")]
    assert "<h3>meet <code>cssg:measures</code></h3>" in measures
    assert '<dt>Domein</dt><dd><a href="#Indicator">indicator</a></dd>' in measures
    assert '<dt>Bereik</dt><dd><a href="#StrategicObjective">strategische doelstelling</a></dd>' in measures
    schemes = section(page, "concept-schemes")
    assert "<h3>soorten overeenkomst <code>cssg:ConventionTypes</code></h3>" in schemes
    assert "<h4>veiligheids- en samenlevingscontract <code>cssg:securityAndSocietyContract</code></h4>" in schemes
    assert "measures" not in classes and "StrategicObjective" not in schemes.split("<h4>")[0]
    # the version and its history, from the ontology's header (owl:versionInfo, rdfs:comment)
    assert "<dt>Versie</dt><dd>0.1.0</dd>" in page
    history = page.split('<details id="history">')[1].split("</details>")[0]
    assert "<li>0.1.0 (2026-11-27): first version, modelling the Verviers 2018-2019 convention" in history


def test_the_shapes_page_gives_each_rule_its_property_constraint_severity_and_message(app):
    # shapes/cssgraph-shapes.ttl: StrategicObjectiveShape targets cssg:StrategicObjective; its
    # inverse-measures rule asks for at least one indicator (sh:minCount 1, sh:Violation) with
    # the message "Geen enkele indicator meet deze strategische doelstelling…"@nl.
    page = app.request("/shapes?lang=nl", headers={"Accept": "text/html"})[2].decode()
    shape = section(page, "StrategicObjectiveShape")
    assert 'elke instantie van <a href="/ontology#StrategicObjective">strategische doelstelling</a>' in shape
    row = next(row for row in shape.split("<tr>") if "Geen enkele indicator meet deze strategische doelstelling" in row)
    assert "wat er via „meet” naar verwijst" in row and "minstens 1 waarde(n)" in row and "Overtreding" in row


def test_an_items_passage_links_to_its_line_in_the_source_documents_text(app):
    # Sector 2, strategic objective 4, indicator 3 "Délai de transmission" is line 380 of
    # sources/verviers-2018-2019.fr.txt (line 213 is the same words under objective 1).
    page = app.request(page_url("", INDICATOR) + "?lang=fr", headers={"Accept": "text/html"})[2].decode()
    passage = section(page, "source")
    link = re.search(r'href="(/id/document/[0-9a-f]{64})\?lang=fr#L(\d+)"', passage)
    assert link is not None and link.group(2) == "380"
    document = app.request(link.group(1) + "?lang=fr", headers={"Accept": "text/html"})[2].decode()
    line = re.search(r'<li id="L380"( class="quoted")?>([^<]*)</li>', document)
    assert line is not None and line.group(1) and line.group(2).strip() == "Délai de transmission"
    blank = re.search(r'<li id="L379"( class="quoted")?>([^<]*)</li>', document)  # the blank line before it
    assert blank is not None and not blank.group(1) and not blank.group(2).strip()
    assert document.count('<li id="L') == 1 + SOURCE.read_text(encoding="utf-8").count("\n")


def test_a_municipality_page_charts_its_funding_per_year(app):
    # "un montant de 276 041,89 EUR pour 2018 et un montant de 271 546,93 EUR pour 2019"
    # (source lines 79-81): a table, and bars whose heights keep the amounts' proportion.
    page = app.request("/id/municipality/63079?lang=fr", headers={"Accept": "text/html"})[2].decode()
    table = section(page, "funding")
    rows = re.findall(r'<tr><td>(\d{4})</td><td class="number">([^<]*)</td><td><a href="([^"]*)"', table)
    convention = "/id/convention/63079/css/2018-2019?lang=fr"
    assert rows == [("2018", "276\u202f041,89\xa0€", convention), ("2019", "271\u202f546,93\xa0€", convention)]
    heights = [int(h) for h in re.findall(r'<rect x="\d+" y="\d+" width="60" height="(\d+)"', table)]
    assert len(heights) == 2 and heights[0] > heights[1]
    assert abs(heights[1] / heights[0] - 271546.93 / 276041.89) < 0.01
    assert "<title>2019: 271\u202f546,93\xa0€</title>" in table  # what a pointer or a screen reader reads


def test_the_query_page_runs_the_trace_and_its_first_row_leads_to_the_indicator(site):
    from playwright.sync_api import sync_playwright

    # The trace's first row is section I's shared-block indicator "Le versement est effectué"
    # (source, sector 1, under its two strategic objectives).
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page()
        hosts = set()
        page.on("request", lambda sent: hosts.add(sent.url.split("/")[2]))
        page.goto(site + "/sparql?lang=fr")
        assert page.locator(".CodeMirror").count() == 1  # the editor took over the textarea
        page.select_option(
            "#examples",
            label=next(
                o for o in page.locator("#examples option").all_inner_texts() if o.startswith("indicator-trace — ")
            ),
        )
        assert "?indicatorIri" in page.evaluate("document.querySelector('.CodeMirror').CodeMirror.getValue()")
        page.click("#query-form button[type=submit]")
        page.wait_for_selector("#results")
        header = page.locator("#results thead th").all_inner_texts()
        first = page.locator("#results tbody tr").first.locator("td")
        assert first.nth(header.index("indicator")).inner_text() == "Le versement est effectué @fr"
        ARTEFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTEFACTS / "query-answer-fr.png"), full_page=True)
        first.nth(header.index("indicatorIri")).locator("a").click()
        assert page.locator("h1").inner_text() == "Le versement est effectué"
        assert page.locator(".kind").inner_text() == "indicateur"
        assert hosts == {site.split("/")[2]}  # the editor asked no one else (no prefix.cc, no LOV)
        browser.close()


@pytest.mark.parametrize(
    "query, heading, shown",
    [
        ("", "1 convention", True),
        ("year=2019", "1 convention sur 1", True),  # in force from 1 January 2018 to 31 December 2019
        ("year=2018", "1 convention sur 1", True),
        ("year=2020", "0 convention sur 1", False),
        ("type=https%3A%2F%2Fw3id.org%2Fcssgraph%2Fontology%23securityAndSocietyContract", "1 convention sur 1", True),
        (
            "type=https%3A%2F%2Fw3id.org%2Fcssgraph%2Fontology%23strategicSecurityPreventionPlan",
            "0 convention sur 1",
            False,
        ),
    ],
)
def test_the_home_page_filters_the_conventions_by_type_and_year(app, query, heading, shown):
    page = app.request(f"/?lang=fr&{query}", headers={"Accept": "text/html"})[2].decode()
    assert f'<h2 id="conventions-heading">{heading}</h2>' in page
    table = page.split('<table id="conventions"')[1].split("</table>")[0]
    assert ('href="/id/convention/63079/css/2018-2019?lang=fr"' in table) == shown


@pytest.mark.parametrize("path", ["/id/convention/63079/css/2018-2019/sector/9", "/nothing/here"])
def test_a_missing_page_is_a_404_page_in_the_visitors_language_with_the_menu(app, path):
    status, headers, body = app.request(path, headers={"Accept": "text/html", "Accept-Language": "nl"})
    page = body.decode()
    assert status == 404 and headers["content-type"].startswith("text/html") and '<html lang="nl">' in page
    assert f"{path} wordt hier niet beschreven." in page and '<a href="/?lang=nl">Overeenkomsten</a>' in page
    status, headers, body = app.request(path, headers={"Accept": "text/turtle"})
    assert status == 404 and headers["content-type"].startswith("text/plain")


@pytest.fixture(scope="module")
def reported():
    """The app with data/ and the values written by hand in tests/fixtures/verviers-values.trig."""
    from starlette.testclient import TestClient

    from cssgraph.settings import Settings
    from cssgraph.web.serve import create_app

    from conftest import InProcessApp

    settings = Settings(data=(str(ROOT / "data"), str(ROOT / "tests" / "fixtures" / "verviers-values.trig")))
    with TestClient(create_app(settings), base_url=InProcessApp.url) as client:
        yield InProcessApp(client)


def test_an_indicator_page_shows_the_values_reported_year_by_year(reported):
    # the fixture: "Délai de transmission" (sector 2, objective 1) 3.5 days in 2018, 2.25 in 2019
    page = reported.request(page_url("", DELAY) + "?lang=fr", headers={"Accept": "text/html"})[2].decode()
    values = section(page, "values")
    rows = re.findall(
        r"<tr><td>(\d{4})</td><td class=\"number\">([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td></tr>", values
    )
    assert rows == [("2018", "3,5", "jours", "rapportée"), ("2019", "2,25", "jours", "rapportée")]
    heights = [int(h) for h in re.findall(r'<rect x="\d+" y="\d+" width="60" height="(\d+)"', values)]
    assert heights[0] > heights[1] and abs(heights[1] / heights[0] - 2.25 / 3.5) < 0.01
    # "Utilité de l’information pour l’OCAM": 2018 not available (no bar), 2019 80 %
    other = reported.request(page_url("", USEFULNESS) + "?lang=nl", headers={"Accept": "text/html"})[2].decode()
    rows = re.findall(
        r"<tr><td>(\d{4})</td><td class=\"number\">([^<]*)</td><td>([^<]*)</td><td>([^<]*)</td></tr>",
        section(other, "values"),
    )
    assert rows == [("2018", "", "", "niet beschikbaar"), ("2019", "80", "%", "gerapporteerd")]
    assert section(other, "values").count("<rect ") == 1


def test_a_convention_page_shows_what_is_reported_of_its_indicators(reported, app):
    # twelve indicators in the source; the fixture reports 3 cells of 2018, 2 of 2019
    page = reported.request(page_url("", CONVENTION) + "?lang=fr", headers={"Accept": "text/html"})[2].decode()
    cells = re.findall(r'<td(?: class="number")?>(\w+)</td>', section(page, "reporting").split("</section>")[0])
    assert cells == ["2018", "12", "1", "1", "1", "9", "2019", "12", "2", "0", "0", "10"]
    # without values, no such section
    bare = app.request(page_url("", CONVENTION) + "?lang=fr", headers={"Accept": "text/html"})[2].decode()
    assert 'id="reporting"' not in bare


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_every_property_on_every_page_is_named_in_words(lang):
    # The issue counted 42 rows on 26 of 146 pages named "http://www.w3.org/2002/07/owl#AnnotationProperty";
    # a name is words, never an IRI or a prefixed name (dcterms:title, rdfs:label).
    from cssgraph.store import embedded_store
    from cssgraph.web.pages import Site

    site = Site(embedded_store())
    unnamed = set()
    resources = site.data.resources()
    for iri in resources:
        page = site.resource_page(iri, site.data.description(iri), lang)
        for heading in re.findall(r'<th scope="row">(?:<a [^>]*>)?([^<]*)', page):
            if "://" in heading or re.match(r"^[a-z]+:[A-Za-z]", heading):
                unnamed.add(heading)
    assert len(resources) > 140 and unnamed == set()


def test_a_persistent_store_is_filled_once_then_served_as_it_is(tmp_path):
    from conftest import start_server

    changed = tmp_path / "verviers.trig"
    changed.write_text(
        VERVIERS.read_text(encoding="utf-8").replace(
            '"Délai de transmission"@fr', '"Délai de transmission (copie)"@fr'
        ),
        encoding="utf-8",
    )
    location = tmp_path / "store"
    for options in (("--data", str(changed)), ()):  # filled from --data, then reopened without it
        server, url = start_server("--location", str(location), *options)
        try:
            status, _, body = request(page_url(url, INDICATOR), headers={"Accept": "text/turtle"})
            assert status == 200 and "Délai de transmission (copie)" in body.decode()
            query = "SELECT (COUNT(*) AS ?n) WHERE { ?i a <https://w3id.org/cssgraph/ontology#Indicator> }"
            status, _, body = request(
                url + "/sparql?" + urlencode({"query": query}), headers={"Accept": "application/sparql-results+json"}
            )
            # twelve indicators in the source: 1 in section I's shared block, 3 + 2 + 3 + 3 in section II
            assert status == 200 and json.loads(body)["results"]["bindings"][0]["n"]["value"] == "12"
        finally:
            server.terminate()
            server.wait(timeout=10)


def test_a_page_lists_500_of_the_statements_pointing_to_it_and_counts_the_rest():
    from cssgraph.store import embedded_store
    from cssgraph.web.pages import Site

    store = embedded_store()
    wording = ox.NamedNode("https://w3id.org/cssgraph/id/wording/delai-de-transmission")
    for n in range(600):  # as if 600 more conventions used Verviers' wording
        store.add(
            ox.Quad(
                ox.NamedNode(f"https://w3id.org/cssgraph/id/test/indicator/{n}"),
                ox.NamedNode("https://w3id.org/cssgraph/ontology#wording"),
                wording,
                ox.DefaultGraph(),
            )
        )
    site = Site(store)
    page = site.resource_page(wording, site.data.description(wording), "en")
    listed = page.split('<ul id="incoming">')[1].split("</ul>")[0]
    # Verviers' two "Délai de transmission" indicators and the 600 added: 500 listed, 102 counted
    assert listed.count("<li>") == 500 and "… and 102 more" in listed


@pytest.mark.parametrize(
    "accept, status, media",
    [
        ("image/png", 406, None),  # nothing offered is acceptable
        ("text/turtle;q=0", 406, None),  # Turtle refused, and HTML not named
        ("text/turtle;q=0.5, application/ld+json", 200, "application/ld+json"),
        ("text/*;q=0.9, text/html;q=0.1", 200, "text/turtle"),  # the most specific range decides
    ],
)
def test_a_resource_is_negotiated_as_rfc_9110_says(app, accept, status, media):
    answer_status, headers, _ = app.request(page_url("", INDICATOR), headers={"Accept": accept})
    assert answer_status == status
    if media:
        assert headers["content-type"].startswith(media)


def test_a_current_copy_is_not_sent_again(app):
    # RFC 9110 section 13: the validators of a 200, then 304 without a body for a copy still current.
    request, site = app.request, ""
    url = page_url(site, INDICATOR)
    status, headers, body = request(url, headers={"Accept": "text/turtle"})
    assert status == 200 and headers["etag"].startswith('W/"') and "max-age" in headers["cache-control"]
    assert request(url, headers={"Accept": "application/ld+json"})[1]["etag"] != headers["etag"]  # another body
    status, again, body = request(url, headers={"Accept": "text/turtle", "If-None-Match": headers["etag"]})
    assert status == 304 and body == b"" and again["etag"] == headers["etag"]
    status, _, body = request(url, headers={"Accept": "text/turtle", "If-Modified-Since": headers["last-modified"]})
    assert status == 304 and body == b""
    assert request(url, headers={"Accept": "text/turtle", "If-None-Match": 'W/"other"'})[0] == 200
    assert request(site + "/api/openapi.json")[1]["cache-control"] == "no-store"  # the service's own answers
    # a dump brings the tag made with it, and passes through the same way
    status, headers, body = request(site + "/dumps/cssgraph.nq")
    assert status == 200 and body and headers["etag"].startswith('W/"')
    status, _, body = request(site + "/dumps/cssgraph.nq", headers={"If-None-Match": headers["etag"]})
    assert status == 304 and body == b""


def test_answers_travel_compressed_to_who_accepts_it_and_dumps_as_their_gz(site):
    import gzip as gzip_module
    import urllib.request

    def fetch(path: str, accept: str):
        with urllib.request.urlopen(
            urllib.request.Request(site + path, headers={"Accept": accept, "Accept-Encoding": "gzip"}), timeout=60
        ) as answer:
            return answer.headers.get("content-encoding"), answer.headers.get("vary", ""), answer.read()

    encoding, vary, body = fetch(page_url(site, INDICATOR).removeprefix(site), "text/turtle")
    assert encoding == "gzip" and "Accept-Encoding" in vary
    assert b"cssgraph" in gzip_module.decompress(body)
    # a dump is not compressed per request: its .gz, made once, travels as the encoded dump
    encoding, vary, body = fetch("/dumps/cssgraph.nq", "*/*")
    assert encoding == "gzip" and "Accept-Encoding" in vary and body == request(site + "/dumps/cssgraph.nq.gz")[2]
    assert gzip_module.decompress(body) == request(site + "/dumps/cssgraph.nq")[2]  # no Accept-Encoding: plain


def test_a_format_is_asked_by_suffix_or_parameter_and_an_unknown_one_is_refused(app):
    request, site = app.request, ""
    url = page_url(site, INDICATOR)
    assert request(url + ".ttl", headers={"Accept": "image/png"})[1]["content-type"].startswith("text/turtle")
    status, _, body = request(url + "?format=nope")
    assert status == 400 and b"unknown format 'nope'" in body
    assert request(site + "/dataset?format=nope")[0] == 400
