"""``cssgraph diff``: what changed between two versions of a convention.

The main evidence is the Liège corpus pair: ``liege-2020.fr.txt`` was written from
``liege-2018-2019.fr.txt`` by another author, who wrote down every change in
``liege-2020.fr.changes.toml`` without seeing this code; the expected values come from that file
alone. The other tests edit the curated Verviers graph in known ways."""

from __future__ import annotations

import json
import re
import tomllib
from collections import Counter
from datetime import date
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF

from cssgraph.diff import Change, diff_files

from conftest import CONVENTION, ROOT, VERVIERS, invoke
from perturb import Draft, write_docx, write_pdf

CORPUS = ROOT / "tests" / "fixtures" / "corpus"
CHANGES = CORPUS / "liege-2020.fr.changes.toml"
CSSG = Namespace("https://w3id.org/cssgraph/ontology#")
PROV = Namespace("http://www.w3.org/ns/prov#")
XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")

# -- Liège 2018-2019 → 2020, against what its author wrote down --------------------------------

MONTHS = {
    m: k
    for k, m in enumerate(
        "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split(), start=1
    )
}


def written_date(text: str) -> str:
    """A date as the author wrote it ("21.01.2019", "1er janvier 2018", "arrêté royal du 3 mars
    2020 …"), in ISO form: the test's own reading, not the reader's."""
    if found := re.search(r"(\d{1,2})\.(\d{2})\.(\d{4})", text):
        day, month, year = map(int, found.groups())
    else:
        found = re.search(r"(\d{1,2})(?:er)? (\w+) (\d{4})", text)
        assert found, text
        day, month, year = int(found.group(1)), MONTHS[found.group(2)], int(found.group(3))
    return date(year, month, day).isoformat()


def words(text: str | None) -> str | None:
    """The words with every kind of space as one space, as the reader keeps them (the author's
    « » hold no-break spaces)."""
    return None if text is None else " ".join(text.split())


def numbers(place: str) -> dict[str, str]:
    """ "section II, sector 2, strategic objective 1" → {"section": "II", "sector": "2", …}."""
    return {kind: number for kind, number in (part.rsplit(" ", 1) for part in place.split(", "))}


@pytest.fixture(scope="module")
def liege():
    written = tomllib.loads(CHANGES.read_text(encoding="utf-8"))
    return written, diff_files(CORPUS / written["old"], CORPUS / written["new"])


def test_liege_outline_changes_are_exactly_the_written_down_ones(liege):
    written, result = liege
    expected = Counter((e["change"], e["kind"], words(e.get("old")), words(e.get("new"))) for e in written["outline"])
    found = Counter((c.change, c.kind, c.old, c.new) for c in result.outline)
    assert found == expected, f"missing: {expected - found}; extra: {found - expected}"


def test_liege_outline_changes_are_in_the_written_down_places(liege):
    written, result = liege
    for entry in written["outline"]:
        change = next(
            c
            for c in result.outline
            if (c.change, c.kind, c.old, c.new)
            == (entry["change"], entry["kind"], words(entry.get("old")), words(entry.get("new")))
        )
        for side, place in (("old", change.old_place), ("new", change.new_place)):
            if f"{side}_place" not in entry:
                assert place == (), (entry, place)  # an added item has no old place, a removed one no new
                continue
            # The author names the strategic objective; the tool also the item's rank in it.
            wanted = numbers(entry[f"{side}_place"])
            assert {k: v for k, v in place if k in wanted} == wanted, (entry, place)


def test_liege_amounts_period_dates_and_people_are_the_written_down_ones(liege):
    written, result = liege
    other: dict[str, list[Change]] = {}
    for change in result.other:
        other.setdefault(change.kind, []).append(change)
    # Amounts: each year of either period that is not the same on both sides.
    old_amounts = {(a["year"], a["amount"]) for a in written["amounts"]["old"]}
    new_amounts = {(a["year"], a["amount"]) for a in written["amounts"]["new"]}
    found_old = {(int(dict(c.old_place)["year"]), c.old) for c in other["amount"] if c.old is not None}
    found_new = {(int(dict(c.new_place)["year"]), c.new) for c in other["amount"] if c.new is not None}
    assert (found_old, found_new) == (old_amounts - new_amounts, new_amounts - old_amounts)
    # The period: each version's IRI ends with it.
    assert str(result.old.iri).endswith("/" + written["period"]["old"])
    assert str(result.new.iri).endswith("/" + written["period"]["new"])
    # Every other change written down, with its two values.
    dated = {"start date", "end date", "council decision date", "signature date", "decree"}
    for entry in written["other"]:
        what = entry["what"]
        wanted = (
            (written_date(entry["old"]), written_date(entry["new"]))
            if what in dated
            else (words(entry["old"]), words(entry["new"]))
        )
        assert wanted in [(c.old, c.new) for c in other.get(what, [])], (entry, other.get(what))


def test_liege_as_pdf_and_word_gives_the_same_outline_changes(liege, tmp_path):
    # The old text laid out as a PDF (wrapped lines, symbol-font bullets, a running footer), the
    # new one as Word (lists, a signature table): the changes are the document's, not its layout's.
    written, _result = liege
    old = write_pdf(Draft.of(CORPUS / written["old"]), tmp_path / "old.pdf")
    new = write_docx(Draft.of(CORPUS / written["new"]), tmp_path / "new.docx")
    result = diff_files(old, new)
    expected = Counter((e["change"], e["kind"], words(e.get("old")), words(e.get("new"))) for e in written["outline"])
    assert Counter((c.change, c.kind, c.old, c.new) for c in result.outline) == expected


@pytest.mark.parametrize("document", sorted(CORPUS.glob("*.txt")), ids=lambda d: d.name)
def test_each_corpus_document_compared_with_itself_has_no_change(document):
    # Shared blocks, sub-actions, one wording under two objectives, Dutch and French: each item
    # finds itself.
    assert diff_files(document, document).changes == []


def test_each_change_names_both_versions_nodes(liege):
    _written, result = liege
    old_nodes = set(result.old.graph.subjects())
    new_nodes = set(result.new.graph.subjects())
    for change in result.changes:
        assert (change.old_iri is None) == (change.old is None), change
        assert (change.new_iri is None) == (change.new is None), change
        assert change.old_iri is None or URIRef(change.old_iri) in old_nodes, change
        assert change.new_iri is None or URIRef(change.new_iri) in new_nodes, change


# -- Verviers, edited in known ways ---------------------------------------------------------------

SO = CONVENTION + "/sector/2/strategic-objective"
EDITS = f"""
PREFIX cssg: <https://w3id.org/cssgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
# 1. "Taux de formation COPPRA" now measures strategic objective 2 instead of 3.
DELETE {{ GRAPH ?g {{ <{SO}/3/indicator/3> cssg:measures <{SO}/3> }} }}
INSERT {{ GRAPH ?g {{ <{SO}/3/indicator/3> cssg:measures <{SO}/2> }} }}
WHERE {{ GRAPH ?g {{ <{SO}/3/indicator/3> cssg:measures <{SO}/3> }} }} ;
# 2. An expected result reworded in place.
DELETE {{ GRAPH ?g {{ <{SO}/1/expected-result/2> rdfs:label ?l }} }}
INSERT {{ GRAPH ?g {{ <{SO}/1/expected-result/2> rdfs:label
    "Réduction des délais de collecte et de transmission de l’information à l’OCAM"@fr }} }}
WHERE {{ GRAPH ?g {{ <{SO}/1/expected-result/2> rdfs:label ?l }} }} ;
# 3. An indicator removed.
DELETE {{ GRAPH ?g {{ <{SO}/1/indicator/2> ?p ?o }} }} WHERE {{ GRAPH ?g {{ <{SO}/1/indicator/2> ?p ?o }} }} ;
# 4. The 2019 amount and 5. the signature date changed.
DELETE {{ GRAPH ?g {{ <{CONVENTION}/allocation/2019> schema:value ?v }} }}
INSERT {{ GRAPH ?g {{ <{CONVENTION}/allocation/2019> schema:value "280000.00"^^xsd:decimal }} }}
WHERE {{ GRAPH ?g {{ <{CONVENTION}/allocation/2019> schema:value ?v }} }} ;
DELETE {{ GRAPH ?g {{ <{CONVENTION}/signing> cssg:signatureDate ?d }} }}
INSERT {{ GRAPH ?g {{ <{CONVENTION}/signing> cssg:signatureDate "2019-02-15"^^xsd:date }} }}
WHERE {{ GRAPH ?g {{ <{CONVENTION}/signing> cssg:signatureDate ?d }} }}
"""


@pytest.fixture
def edited(tmp_path: Path) -> Path:
    store = ox.Store()
    store.load(path=str(VERVIERS), format=ox.RdfFormat.TRIG)
    store.update(EDITS)
    target = tmp_path / "verviers-edited.trig"
    store.dump(output=str(target), format=ox.RdfFormat.TRIG)
    return target


def test_a_convention_compared_with_itself_has_no_change():
    # Verviers names "Délai de transmission" under two objectives: each finds its own.
    assert diff_files(VERVIERS, VERVIERS).changes == []


def test_edits_of_the_verviers_graph_are_found_and_nothing_else(edited):
    result = diff_files(VERVIERS, edited)
    found = sorted(
        (
            c.change,
            c.kind,
            c.old,
            c.new,
            dict(c.old_place).get("strategic objective"),
            dict(c.new_place).get("strategic objective"),
        )
        for c in result.changes
    )
    assert found == sorted(
        [
            ("moved", "indicator", "Taux de formation COPPRA", "Taux de formation COPPRA", "3", "2"),
            (
                "reworded",
                "expected result",
                "Réduction des délais de collecte et de transmission des informations",
                "Réduction des délais de collecte et de transmission de l’information à l’OCAM",
                "1",
                "1",
            ),
            ("removed", "indicator", "Utilité de l’information pour l’OCAM", None, "1", None),
            ("changed", "amount", "271546.93", "280000.00", None, None),
            ("changed", "signature date", "2019-01-29", "2019-02-15", None, None),
        ]
    )


# -- The command ----------------------------------------------------------------------------------


def test_the_command_writes_json_and_exits_1_when_something_changed(edited, tmp_path):
    output = tmp_path / "changes.json"
    process = invoke("diff", str(VERVIERS), str(edited), "--format", "json", "-o", str(output))
    assert process.returncode == 1, process.stderr
    changes = json.loads(output.read_text(encoding="utf-8"))["changes"]
    moved = next(c for c in changes if c["change"] == "moved")
    assert moved["old_place"] == "section II, sector 2, strategic objective 3, indicator 3"
    assert moved["new_place"] == "section II, sector 2, strategic objective 2, indicator 3"
    assert moved["old_iri"] == moved["new_iri"] == f"{SO}/3/indicator/3"
    assert invoke("diff", str(VERVIERS), str(VERVIERS)).returncode == 0


def test_the_change_set_links_the_two_versions(tmp_path):
    corpus = CORPUS
    process = invoke(
        "diff", str(corpus / "liege-2018-2019.fr.txt"), str(corpus / "liege-2020.fr.txt"), "--format", "turtle"
    )
    assert process.returncode == 1, process.stderr
    graph = Graph().parse(data=process.stdout, format="turtle")
    old = URIRef("https://w3id.org/cssgraph/id/convention/62063/css/2018-2019")
    new = URIRef("https://w3id.org/cssgraph/id/convention/62063/css/2020")
    assert (new, PROV.wasRevisionOf, old) in graph
    change_set = graph.value(predicate=RDF.type, object=CSSG.ChangeSet)
    assert graph.value(change_set, CSSG.oldVersion) == old and graph.value(change_set, CSSG.newVersion) == new
    kinds = Counter(graph.value(change, RDF.type) for change in graph.objects(change_set, CSSG.hasChange))
    assert kinds[CSSG.Move] == 1 and kinds[CSSG.Rewording] == 3
    move = graph.value(predicate=RDF.type, object=CSSG.Move)
    before, after = graph.value(move, CSSG.before), graph.value(move, CSSG.after)
    assert str(before).startswith(str(old) + "/sector/2/strategic-objective/1/indicator/")
    assert str(after).startswith(str(new) + "/sector/2/strategic-objective/2/indicator/")
    assert (after, PROV.wasRevisionOf, before) in graph
    # Values keep their types: the signature dates as xsd:date.
    signed = next(c for c in graph.subjects(CSSG.changedProperty, CSSG.signatureDate))
    assert graph.value(signed, CSSG.valueBefore) == Literal("2019-02-04", datatype=XSD_DATE)
    assert graph.value(signed, CSSG.valueAfter) == Literal("2020-04-20", datatype=XSD_DATE)
    # Every term it uses is declared (cssg:) or defined by the vocabulary it comes from (prov:).
    from cssgraph.ontology import declarations_check, reused_terms_check
    from cssgraph.rdfio import rdflib_graph
    from cssgraph.resources import ontology_files

    ontology = rdflib_graph(ontology_files())
    for check in (declarations_check(ontology, graph), reused_terms_check(ontology, graph)):
        assert check.problems == [], check.name


def test_the_html_page_speaks_the_asked_language():
    process = invoke("diff", str(VERVIERS), str(VERVIERS), "--format", "html", "--lang", "nl")
    assert process.returncode == 0, process.stderr
    assert '<html lang="nl">' in process.stdout and "Resultatenkader" in process.stdout
    assert "Geen wijziging." in process.stdout


@pytest.mark.parametrize(
    ("given", "problem"),
    [("nope.ttl", "no such file"), ("reference", "holds no convention"), ("two", "holds 2 conventions")],
)
def test_bad_input_is_one_line_exit_2_and_no_output(given, problem, tmp_path):
    inputs = {"nope.ttl": tmp_path / "nope.ttl", "reference": ROOT / "data" / "reference.trig"}
    two = tmp_path / "two.trig"
    two.write_text(
        VERVIERS.read_text(encoding="utf-8")
        + VERVIERS.read_text(encoding="utf-8")
        .split("@prefix spdx:    <http://spdx.org/rdf/terms#> .", 1)[1]
        .replace("2018-2019", "2016-2017"),
        encoding="utf-8",
    )
    inputs["two"] = two
    output = tmp_path / "out.json"
    process = invoke("diff", str(VERVIERS), str(inputs[given]), "--format", "json", "-o", str(output))
    assert process.returncode == 2
    assert problem in process.stderr and str(inputs[given].name) in process.stderr
    assert len(process.stderr.strip().splitlines()) == 1 and not output.exists()


# -- The page /compare --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def two_periods(tmp_path_factory):
    """The service with Verviers and a later Verviers (2020-2021) whose one indicator was reworded."""
    from starlette.testclient import TestClient

    from cssgraph.settings import Settings
    from cssgraph.web.serve import create_app

    later = tmp_path_factory.mktemp("compare") / "verviers-2020-2021.trig"
    text = VERVIERS.read_text(encoding="utf-8").replace("2018-2019", "2020-2021")
    later.write_text(
        text.replace(
            "Tableau des référents et sa mise à jour", "Tableau des référents « radicalisme » et sa mise à jour"
        ),
        encoding="utf-8",
    )
    with TestClient(create_app(Settings(data=(str(VERVIERS), str(later)))), base_url="http://localhost") as client:
        yield client


def test_the_compare_page_shows_the_changes_side_by_side(two_periods):
    later = CONVENTION.replace("2018-2019", "2020-2021")
    answer = two_periods.get("/compare", params={"a": CONVENTION, "b": later, "lang": "fr"})
    assert answer.status_code == 200
    page = answer.text
    assert "Cadre de résultats" in page and "reformulé" in page
    assert "<del>" in page and "Tableau des référents et sa mise à jour" in page
    assert "Tableau des référents « radicalisme » et sa mise à jour" in page
    assert "section II, secteur 2, objectif stratégique 3, indicateur 2" in page
    # Each side links to its node's page on this site.
    assert 'href="/id/convention/63079/css/2020-2021/sector/2/strategic-objective/3/indicator/2?lang=fr"' in page


def test_the_compare_page_offers_the_conventions_and_refuses_an_unknown_one(two_periods):
    form = two_periods.get("/compare", params={"lang": "en"})
    assert form.status_code == 200 and form.text.count(f'value="{CONVENTION}"') == 2
    unknown = two_periods.get("/compare", params={"a": CONVENTION, "b": CONVENTION + "-nope", "lang": "en"})
    assert unknown.status_code == 404 and f"{CONVENTION}-nope is not described here." in unknown.text


def test_the_text_report_is_coloured_on_a_terminal_only(edited, tmp_path):
    import os
    import subprocess
    import sys

    command = [sys.executable, "-m", "cssgraph", "diff", str(VERVIERS), str(edited)]
    coloured = subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, env={**os.environ, "FORCE_COLOR": "1"}, timeout=300
    )
    assert coloured.returncode == 1 and "\x1b[" in coloured.stdout  # rich's colours, as on a terminal
    output = tmp_path / "changes.txt"
    assert invoke("diff", str(VERVIERS), str(edited), "-o", str(output)).returncode == 1
    text = output.read_text(encoding="utf-8")
    assert "\x1b[" not in text and "5 changes" in text
    assert "moved · indicator · section II, sector 2, strategic objective 2, indicator 3" in text
    assert "− Taux de formation COPPRA  (section II, sector 2, strategic objective 3, indicator 3)" in text


def test_objectives_renumbered_after_a_removal_are_not_moves(tmp_path):
    # Liège 2018-2019 without sector 2's first strategic objective: the second and third become
    # the first and second. Only the removed objective and what stood under it alone are changes.
    lines = (CORPUS / "liege-2018-2019.fr.txt").read_text(encoding="utf-8").splitlines()
    assert lines[51] == "Objectif stratégique n° 1 :" and lines[68] == "Objectif stratégique n° 2 :"
    removed_lines = lines[51:68]
    kept = lines[:51] + lines[68:]
    renumbered = [
        {
            "Objectif stratégique n° 2 :": "Objectif stratégique n° 1 :",
            "Objectif stratégique n° 3 :": "Objectif stratégique n° 2 :",
        }.get(line, line)
        if k >= 51
        else line
        for k, line in enumerate(kept)
    ]
    new = tmp_path / "liege-2018-2019.fr.txt"
    new.write_text("\n".join(renumbered) + "\n", encoding="utf-8")
    result = diff_files(CORPUS / "liege-2018-2019.fr.txt", new)
    # What the removed lines held, as the test reads them: the objective, then its bulleted items.
    objective = removed_lines[1]
    items = [words(line.removeprefix("• ")) for line in removed_lines if line.startswith("• ")]
    assert [(c.change, c.kind, c.old) for c in result.changes] == [("removed", "strategic objective", objective)] + [
        ("removed", kind, text)
        for kind, text in zip(
            ["operational objective"] * 3 + ["expected result"] * 2 + ["indicator"] * 3, items, strict=True
        )
    ]
    assert all(dict(c.old_place)["strategic objective"] == "1" for c in result.changes)


def test_a_dutch_convention_edited_in_the_test_gives_its_edits_in_dutch(tmp_path):
    # Gent 2018-2019 (Dutch): an indicator reworded, a sub-action removed, the 2019 amount changed.
    old = CORPUS / "gent-2018-2019.nl.txt"
    text = old.read_text(encoding="utf-8")
    edits = {
        "2) Aantal uitgevoerde diefstalpreventieadviezen": "2) Aantal uitgevoerde diefstalpreventieadviezen aan huis",
        "b) Registratie van gegraveerde fietsen in het nationale fietsregister\n": "",
        "1.861.037,25 euro voor 2019": "1.875.000,00 euro voor 2019",
    }
    for before, after in edits.items():
        assert text.count(before) == 1
        text = text.replace(before, after)
    new = tmp_path / "gent-2018-2019.nl.txt"
    new.write_text(text, encoding="utf-8")
    output = tmp_path / "changes.json"
    assert invoke("diff", str(old), str(new), "--format", "json", "--lang", "nl", "-o", str(output)).returncode == 1
    changes = json.loads(output.read_text(encoding="utf-8"))["changes"]
    assert [(c["change"], c["kind"], c["old"], c["new"]) for c in changes] == [
        (
            "reworded",
            "indicator",
            "Aantal uitgevoerde diefstalpreventieadviezen",
            "Aantal uitgevoerde diefstalpreventieadviezen aan huis",
        ),
        ("removed", "sub-action", "Registratie van gegraveerde fietsen in het nationale fietsregister", None),
        ("changed", "amount", "1861037.25", "1875000.00"),
    ]
    assert changes[0]["new_place"].endswith("strategische doelstelling 1, indicator 2")
    assert changes[1]["old_place"].endswith("strategische doelstelling 2, operationele doelstelling 1, subactie 2")
    assert changes[2]["old_place"] == "jaar 2019"


def test_signatories_are_the_same_people_whatever_their_order(tmp_path):
    # Verviers with the mayor and the director-general signing in the other order, and the
    # latter's capacity in lower case: one change, her capacity; no signatory replaced.
    store = ox.Store()
    store.load(path=str(VERVIERS), format=ox.RdfFormat.TRIG)
    signing = f"{CONVENTION}/signing/signatory"
    store.update(f"""PREFIX cssg: <https://w3id.org/cssgraph/ontology#>
        PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
        DELETE {{ GRAPH ?g {{ <{signing}/2> cssg:position ?a . <{signing}/3> cssg:position ?b ;
                              cssg:capacity ?c }} }}
        INSERT {{ GRAPH ?g {{ <{signing}/2> cssg:position 3 . <{signing}/3> cssg:position 2 ;
                              cssg:capacity "Directrice générale"@fr }} }}
        WHERE {{ GRAPH ?g {{ <{signing}/2> cssg:position ?a . <{signing}/3> cssg:position ?b ;
                             cssg:capacity ?c }} }}""")
    reordered = tmp_path / "verviers-reordered.trig"
    store.dump(output=str(reordered), format=ox.RdfFormat.TRIG)
    changes = diff_files(VERVIERS, reordered).changes
    assert [(c.change, c.kind, c.old, c.new, c.new_iri) for c in changes] == [
        ("changed", "signatory capacity", "Directrice Générale", "Directrice générale", f"{signing}/3")
    ]


def test_a_convention_page_leads_to_the_comparison(two_periods):
    page = two_periods.get("/id/convention/63079/css/2018-2019", params={"lang": "en"}).text
    link = re.search(r'<a href="(/compare\?[^"]+)">Compare with another convention</a>', page)
    assert link, "no link to /compare on the convention's page"
    form = two_periods.get(link.group(1).replace("&amp;", "&")).text
    assert f'<option value="{CONVENTION}" selected>' in form


def test_a_document_and_its_curated_graph_are_the_same_convention():
    # The Verviers source as read, against data/'s graph curated by hand from it: a document and
    # an RDF file are compared alike, and the reading loses nothing the diff would see.
    assert diff_files(ROOT / "sources" / "verviers-2018-2019.fr.txt", VERVIERS).changes == []
