"""Every kind of page meets WCAG 2.1 AA as axe-core (vendored from the npm registry, injected by
Playwright into Debian's Chromium) checks it, in French and in Dutch, and reads on a phone's
width without scrolling sideways."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from conftest import ROOT, launch_chromium
from test_pages import ARTEFACTS

AXE = ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"
CONVENTION = "/id/convention/63079/css/2018-2019"
# One page of each kind the site has (the upload page, a query's answer and a 404 among them).
PAGES = {
    "home": "/",
    "search": "/?q=returnee",
    "convention": CONVENTION,
    "strategic-objective": CONVENTION + "/section/2/sector/2/strategic-objective/4",
    "indicator": CONVENTION + "/section/2/sector/2/strategic-objective/4/indicator/3",
    "municipality": "/id/municipality/63079",
    "wording": "/id/wording/delai-de-transmission",
    "funding": "/funding",
    "source-document": "/id/document/f9db9ebc0800b8644a3e0450193c6b6ab911e681d3cf3addeca9253b28c27ecf",
    "dataset": "/dataset",
    "ontology": "/ontology",
    "shapes": "/shapes",
    "query": "/sparql",
    "answer": "/sparql?query="
    + quote("SELECT * WHERE { ?s a <https://w3id.org/cssgraph/ontology#Indicator> } LIMIT 5"),
    "validate": "/validate",
    "compare-form": "/compare",
    "compare": "/compare?a={0}&b={0}".format(quote("https://w3id.org/cssgraph" + CONVENTION)),
    "not-found": "/id/convention/nowhere",
}
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        yield chromium
        chromium.close()


def check(page, name: str) -> None:
    """The page open in ``page`` breaks no WCAG 2.1 AA rule axe-core checks, and on a phone's
    width does not scroll sideways (its screenshot kept as ``name``)."""
    page.add_script_tag(path=str(AXE))
    results = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_21_AA
    )
    violations = [(v["id"], v["help"], [node["target"] for node in v["nodes"]][:3]) for v in results["violations"]]
    assert violations == []
    assert len(results["passes"]) > 10  # axe ran its rules (a page it could not read passes nothing)
    page.set_viewport_size(PHONE)
    ARTEFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / f"phone-{name}.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{name}: {width}px wide on a {PHONE['width']}px screen"
    page.close()


@pytest.mark.parametrize("lang", ["fr", "nl"])
@pytest.mark.parametrize("kind", PAGES)
def test_each_kind_of_page_has_no_accessibility_violation(site, browser, kind, lang):
    page = browser.new_page(locale=lang)
    separator = "&" if "?" in PAGES[kind] else "?"
    page.goto(site + PAGES[kind] + f"{separator}lang={lang}", wait_until="load")
    assert page.locator("html").get_attribute("lang") == lang
    check(page, f"{kind}-{lang}")


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_the_comparison_of_two_versions_is_accessible_on_a_phone(browser, lang, tmp_path):
    """The /compare page with its table of changes (Verviers and a later version with an indicator
    reworded and one removed): no WCAG violation, no sideways scrolling."""
    from conftest import start_server

    later = tmp_path / "verviers-2020-2021.trig"
    text = (ROOT / "data" / "conventions" / "verviers-2018-2019.trig").read_text(encoding="utf-8")
    later.write_text(
        text.replace("2018-2019", "2020-2021").replace(
            "Tableau des référents et sa mise à jour", "Tableau des référents"
        ),
        encoding="utf-8",
    )
    server, site = start_server("--data", str(ROOT / "data"), "--data", str(later))
    try:
        old = quote("https://w3id.org/cssgraph" + CONVENTION)
        new = quote("https://w3id.org/cssgraph" + CONVENTION.replace("2018-2019", "2020-2021"))
        page = browser.new_page(locale=lang)
        page.goto(f"{site}/compare?a={old}&b={new}&lang={lang}", wait_until="load")
        assert page.locator("table.diff tbody tr").count() >= 2
        check(page, f"compare-{lang}")
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_the_pages_across_cities_are_accessible_on_a_phone_with_the_corpus(browser, lang, tmp_path):
    """/funding with nine municipalities over three years, and a wording shared by two cities,
    served with the corpus of tests/fixtures/corpus/ beside data/: no WCAG violation, no
    sideways scrolling."""
    import pyoxigraph as ox

    from cssgraph.build import document_quads

    from conftest import start_server
    from facts import corpus_documents

    corpus = tmp_path / "corpus.trig"
    quads = [quad for document in corpus_documents() for quad in document_quads(document)[0]]
    corpus.write_bytes(ox.serialize(quads, format=ox.RdfFormat.TRIG))
    server, site = start_server("--data", str(ROOT / "data"), "--data", str(corpus))
    try:
        for kind, path in (("funding", "/funding"), ("wording", "/id/wording/delai-de-transmission")):
            page = browser.new_page(locale=lang)
            page.goto(f"{site}{path}?lang={lang}", wait_until="load")
            assert page.locator("tbody tr").count() >= 3
            check(page, f"corpus-{kind}-{lang}")
    finally:
        server.terminate()
        server.wait(timeout=10)
