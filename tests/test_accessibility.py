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
    "source-document": "/id/document/f9db9ebc0800b8644a3e0450193c6b6ab911e681d3cf3addeca9253b28c27ecf",
    "dataset": "/dataset",
    "ontology": "/ontology",
    "shapes": "/shapes",
    "query": "/sparql",
    "answer": "/sparql?query="
    + quote("SELECT * WHERE { ?s a <https://w3id.org/cssgraph/ontology#Indicator> } LIMIT 5"),
    "validate": "/validate",
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


@pytest.mark.parametrize("lang", ["fr", "nl"])
@pytest.mark.parametrize("kind", PAGES)
def test_each_kind_of_page_has_no_accessibility_violation(site, browser, kind, lang):
    page = browser.new_page(locale=lang)
    separator = "&" if "?" in PAGES[kind] else "?"
    page.goto(site + PAGES[kind] + f"{separator}lang={lang}", wait_until="load")
    assert page.locator("html").get_attribute("lang") == lang
    page.add_script_tag(path=str(AXE))
    results = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_21_AA
    )
    violations = [(v["id"], v["help"], [node["target"] for node in v["nodes"]][:3]) for v in results["violations"]]
    assert violations == []
    assert len(results["passes"]) > 10  # axe ran its rules (a page it could not read passes nothing)
    page.set_viewport_size(PHONE)
    ARTEFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTEFACTS / f"phone-{kind}-{lang}.png"), full_page=True)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{kind}: {width}px wide on a {PHONE['width']}px screen"
    page.close()
