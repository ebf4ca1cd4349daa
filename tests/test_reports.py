"""Every report format, for a valid and an invalid convention, in French, Dutch and English,
checked by parsing it: JSON, CSV, the SHACL report graph (Turtle and JSON-LD, read by two
parsers each), and the HTML page (parsed, its findings counted and placed)."""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SH

from conftest import CONVENTION, CURATED_WARNING, DRAFT, ROOT, SOURCE, VERVIERS, broken_convention, run_cli

# What the draft lost (its header says so): three violations, on these nodes.
DRAFT_FOCUS = sorted([CONVENTION, f"{CONVENTION}/sector/2/strategic-objective/2", f"{CONVENTION}/signing"])
HEADINGS = {
    "fr": ("Rapport de validation", "non conforme", "Secteur d’activité 2 › Objectif stratégique 2"),
    "nl": ("Validatierapport", "voldoet niet", "Activiteitensector 2 › Strategische doelstelling 2"),
    "en": ("Validation report", "does not conform", "Activity sector 2 › Strategic objective 2"),
}


def report(path, fmt: str, lang: str = "en") -> str:
    process = run_cli("validate", str(path), "--format", fmt, "--lang", lang)
    assert process.returncode == (0 if path == VERVIERS else 1), process.stderr
    return process.stdout


@pytest.mark.parametrize("lang", ["fr", "nl", "en"])
def test_json(lang):
    document = json.loads(report(DRAFT, "json", lang))
    [convention] = document["conventions"]
    assert sorted(f["focus"] for f in convention["findings"]) == DRAFT_FOCUS
    assert document["lang"] == lang and document["conforms"] is False
    assert HEADINGS[lang][2] in {f["outline"] for f in convention["findings"]}
    valid = json.loads(report(VERVIERS, "json", lang))["conventions"][0]["findings"]
    assert [(f["severity"], f["focus"]) for f in valid] == [CURATED_WARNING]


@pytest.mark.parametrize("lang", ["fr", "nl", "en"])
def test_csv(lang):
    rows = list(csv.DictReader(io.StringIO(report(DRAFT, "csv", lang))))
    assert sorted(row["focus"] for row in rows) == DRAFT_FOCUS
    assert {row["severity"] for row in rows} == {"Violation"}
    assert HEADINGS[lang][2] in {row["outline"] for row in rows}
    valid = list(csv.DictReader(io.StringIO(report(VERVIERS, "csv", lang))))
    assert [(row["severity"], row["focus"]) for row in valid] == [CURATED_WARNING]


@pytest.mark.parametrize(
    "fmt, rdflib_format, oxigraph_format",
    [("turtle", "turtle", ox.RdfFormat.TURTLE), ("jsonld", "json-ld", ox.RdfFormat.JSON_LD)],
)
def test_shacl_report_graph(fmt, rdflib_format, oxigraph_format):
    text = report(DRAFT, fmt)
    graph = Graph().parse(data=text, format=rdflib_format)
    assert [value.toPython() for value in graph.objects(None, SH.conforms)] == [False]
    assert sorted(str(node) for node in graph.objects(None, SH.focusNode)) == DRAFT_FOCUS
    assert len(list(ox.parse(text.encode(), format=oxigraph_format))) == len(graph)
    valid = Graph().parse(data=report(VERVIERS, fmt), format=rdflib_format)
    assert [value.toPython() for value in valid.objects(None, SH.conforms)] == [True]


class _Findings(HTMLParser):
    """The findings of the HTML report: their severity, focus, and the section heading above."""

    def __init__(self):
        super().__init__()
        self.findings, self.headings, self.text, self._heading = [], [], [], None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "li" and "finding" in (attributes.get("class") or ""):
            self.findings.append((attributes["data-severity"], attributes["data-focus"], self.headings[-1]))
        if tag == "h3":
            self._heading = ""

    def handle_endtag(self, tag):
        if tag == "h3":
            self.headings.append(self._heading)
            self._heading = None

    def handle_data(self, data):
        self.text.append(data)
        if self._heading is not None:
            self._heading += data


@pytest.mark.parametrize("lang", ["fr", "nl", "en"])
def test_html(lang):
    page = _Findings()
    page.feed(report(DRAFT, "html", lang))
    assert sorted(focus for _, focus, _ in page.findings) == DRAFT_FOCUS
    assert {severity for severity, _, _ in page.findings} == {"Violation"}
    title, verdict, place = HEADINGS[lang]
    text = "".join(page.text)
    assert title in text and verdict in text
    assert place in {heading for _, focus, heading in page.findings if focus.endswith("strategic-objective/2")}
    valid = _Findings()
    valid.feed(report(VERVIERS, "html", lang))
    assert [(severity, focus) for severity, focus, _ in valid.findings] == [CURATED_WARNING]


def test_a_block_shared_by_parents_of_no_known_kind_is_placed_by_their_numbers():
    # A finding's place in the outline names every objective a shared block serves, after the
    # kind of the first. In data that fails validation the parents may have no type: no kind to
    # name, so they are named by their numbers alone, then the block by its kind and number.
    from rdflib import Literal, Namespace
    from rdflib.namespace import RDF, RDFS, SKOS

    from cssgraph.outline import outline_path
    from cssgraph.vocabulary import CSSG

    ex = Namespace("https://example.org/")
    graph = Graph()
    for parent, number in ((ex.first, "1"), (ex.second, "2")):
        graph.add((parent, SKOS.notation, Literal(number)))
        graph.add((parent, CSSG.hasOperationalObjective, ex.block))
    graph.add((ex.block, RDF.type, CSSG.OperationalObjective))
    graph.add((ex.block, SKOS.notation, Literal("3")))
    # Without the ontology's labels a kind is named by its local name.
    assert outline_path(graph, ex.block, "fr") == "1, 2 › OperationalObjective 3"
    # With them, no other label of the graph is taken for the parents' kind.
    graph.add((CSSG.OperationalObjective, RDFS.label, Literal("objectif opérationnel", lang="fr")))
    assert outline_path(graph, ex.block, "fr") == "1, 2 › Objectif opérationnel 3"


# -- Reports wholly in their language (issue 12) -----------------------------------------------

SHAPES_FILE = ROOT / "shapes" / "cssgraph-shapes.ttl"
ONTOLOGY_FILE = ROOT / "ontology" / "cssgraph.ttl"
CSH = Namespace("https://w3id.org/cssgraph/shapes#")
SO_2_2 = f"{CONVENTION}/sector/2/strategic-objective/2"
# What the engine says in English, which a French or Dutch report must not say.
ENGINE_WORDS = re.compile(r"\b(found|required|allowed|selected|query|values?)\b")
NO_INDICATORS = f"DELETE {{ ?i ?p ?o }} WHERE {{ ?i <https://w3id.org/cssgraph/ontology#measures> <{SO_2_2}> ; ?p ?o }}"


def findings(path, lang: str) -> list[dict]:
    [convention] = json.loads(report(path, "json", lang))["conventions"]
    return convention["findings"]


def source_line_of(text: str) -> int:
    """The first line of the Verviers source document that starts with ``text``."""
    lines = SOURCE.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if line.strip().startswith(text))


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_the_engines_detail_is_in_the_reports_language(lang):
    # The draft lost SO 2.2's indicators: the shape asks for at least sh:minCount of them, 0 are there.
    shapes = Graph().parse(SHAPES_FILE)
    minimum = shapes.value(CSH["StrategicObjectiveShape-inverse-measures"], SH.minCount).toPython()
    details = {f["focus"]: f["detail"] for f in findings(DRAFT, lang)}
    assert [d for d in details.values() if ENGINE_WORDS.search(d)] == []
    # the constraint keeps its technical name; what was found is said with the same numbers
    assert details[SO_2_2].startswith(f"sh:minCount {minimum}")
    assert re.findall(r"\d+", details[SO_2_2].removeprefix(f"sh:minCount {minimum}")) == [str(minimum), "0"]
    # (the same finding in English does use those words: the check above is not empty)
    assert ENGINE_WORDS.search({f["focus"]: f["detail"] for f in findings(DRAFT, "en")}[SO_2_2])


def test_findings_come_in_the_documents_order_in_every_language(tmp_path):
    # Sector 1's warning (its alternatives) comes before sector 2's violation, as the sectors
    # come in the document, whatever the severity and whatever the headings' words.
    draft = broken_convention(NO_INDICATORS, tmp_path)
    assert source_line_of("Secteur d’activité 1") < source_line_of("Secteur d’activité 2")
    expected = [("Warning", f"{CONVENTION}/sector/1"), ("Violation", SO_2_2)]
    orders = {lang: [(f["severity"], f["focus"]) for f in findings(draft, lang)] for lang in ("fr", "nl", "en")}
    assert orders == {"fr": expected, "nl": expected, "en": expected}
    # The draft, written without source lines, in the order of its outline: the convention (its
    # title opens the document), sector 2, the signature (it closes the document).
    assert (
        source_line_of("CONVENTION")
        < source_line_of("Secteur d’activité 2")
        < source_line_of("Cette convention a été signé")
    )
    draft_order = [CONVENTION, SO_2_2, f"{CONVENTION}/signing"]
    for lang in ("fr", "nl", "en"):
        assert [(f["focus"], f["shape"]) for f in findings(DRAFT, lang)] == [
            (f["focus"], f["shape"]) for f in findings(DRAFT, "fr")
        ]
        assert [f["focus"] for f in findings(DRAFT, lang)] == draft_order


@pytest.mark.parametrize("lang", ["fr", "nl", "en"])
def test_an_inverse_path_is_named_in_words(lang):
    # ^cssg:measures: the indicators (the property's domain) that measure the objective, named by
    # the ontology's labels in the report's language, not "^mesure".
    ontology = Graph().parse(ONTOLOGY_FILE)
    measures = URIRef("https://w3id.org/cssgraph/ontology#measures")
    labels = [
        next(str(v) for v in ontology.objects(term, RDFS.label) if v.language == lang)
        for term in (measures, ontology.value(measures, RDFS.domain))
    ]
    [finding] = [f for f in findings(DRAFT, lang) if f["focus"] == SO_2_2]
    assert "^" not in finding["path_label"]
    assert all(name in finding["path_label"] for name in labels), (labels, finding["path_label"])


@pytest.mark.parametrize("fmt, rdflib_format", [("turtle", "turtle"), ("jsonld", "json-ld")])
def test_the_messages_filled_for_sparql_rules_carry_their_language(fmt, rdflib_format):
    # The draft has no amount for 2019 (its header): the rule "one amount per year" selects 2019,
    # and its message, the shapes file's in each language with {?value} filled, is tagged.
    shapes = Graph().parse(SHAPES_FILE)
    [rule] = [
        c
        for c in shapes.objects(CSH.ConventionShape, SH.sparql)
        if Literal("one amount per year of the period", lang="en") in set(shapes.objects(c, SH.name))
    ]
    expected = {
        Literal(str(message).replace("{?value}", "2019"), lang=message.language)
        for message in shapes.objects(rule, SH.message)
    }
    graph = Graph().parse(data=report(DRAFT, fmt, "fr"), format=rdflib_format)
    [result] = graph.subjects(SH.sourceConstraintComponent, SH.SPARQLConstraintComponent)
    assert set(graph.objects(result, SH.resultMessage)) == expected
    assert {m.language for m in expected} >= {"fr", "nl", "en"}
    assert (result, RDF.type, SH.ValidationResult) in graph


class _Items(HTMLParser):
    """Each finding of the HTML report: its focus and its named lines (<dt> → <dd>)."""

    def __init__(self):
        super().__init__()
        self.items: dict[str, dict[str, str]] = {}
        self._focus, self._tag, self._term = None, None, ""

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "li" and "data-focus" in attributes:
            self._focus = attributes["data-focus"]
            self.items[self._focus] = {}
        self._tag = tag

    def handle_data(self, data):
        if self._focus and self._tag == "dt":
            self._term = data
        elif self._focus and self._tag == "dd":
            self.items[self._focus][self._term] = data

    def handle_endtag(self, tag):
        self._tag = None


@pytest.mark.parametrize("lang, item", [("fr", "élément"), ("nl", "element"), ("en", "item")])
def test_an_item_without_a_label_is_named_by_its_kind_not_its_iri(lang, item):
    # The signature clause has no label of its own: it is named by its kind, the ontology's
    # label of cssg:Signing in the report's language, never by its IRI.
    ontology = Graph().parse(ONTOLOGY_FILE)
    signing = next(
        str(v)
        for v in ontology.objects(URIRef("https://w3id.org/cssgraph/ontology#Signing"), RDFS.label)
        if v.language == lang
    )
    page = _Items()
    page.feed(report(DRAFT, "html", lang))
    assert page.items[f"{CONVENTION}/signing"][item].lower() == signing
    shown = {value for lines in page.items.values() for value in lines.values()}
    assert shown.isdisjoint(page.items), "an item shown by its IRI"


@pytest.mark.parametrize(
    "lang, three_violations, one_violation_one_warning",
    [
        ("fr", ("3 violations", "0 avertissement"), ("1 violation", "1 avertissement")),
        ("nl", ("3 overtredingen", "0 waarschuwingen"), ("1 overtreding", "1 waarschuwing")),
        ("en", ("3 violations", "0 warnings"), ("1 violation", "1 warning")),
    ],
)
def test_counts_take_the_plural_of_their_language(tmp_path, lang, three_violations, one_violation_one_warning):
    # The draft lost three things (its header): 3 violations, no warning. Without SO 2.2's
    # indicators the curated convention has 1 violation, and its 1 warning (sector 1).
    for path, (violations, warnings) in (
        (DRAFT, three_violations),
        (broken_convention(NO_INDICATORS, tmp_path), one_violation_one_warning),
    ):
        text = report(path, "text", lang)
        assert f"{violations}, {warnings}" in text
        summary = re.search(r'<p class="summary" id="summary">(.*?)</p>', report(path, "html", lang), re.S)
        assert f'<span data-count="Violation">{violations}</span>' in summary.group(1)
        assert f'<span data-count="Warning">{warnings}</span>' in summary.group(1)
    assert "(s)" not in report(DRAFT, "text", lang)


def test_the_outline_orders_numbers_as_numbers_and_kinds_as_the_document_does():
    # The key that orders findings without source lines: sector 10 after sector 2, section IV
    # after section II, V before IX, an objective's indicators after its operational objectives,
    # the signature after everything.
    from rdflib.namespace import SKOS

    from cssgraph.outline import outline_key
    from cssgraph.vocabulary import CSSG

    ex = Namespace("https://example.org/")
    graph = Graph()
    for node, kind, number in (
        (ex.sector2, CSSG.ActivitySector, "2"),
        (ex.sector10, CSSG.ActivitySector, "10"),
        (ex.sectionII, CSSG.Section, "II"),
        (ex.sectionIV, CSSG.Section, "IV"),
        (ex.sectionV, CSSG.Section, "V"),
        (ex.sectionIX, CSSG.Section, "IX"),
        (ex.objective, CSSG.StrategicObjective, "1"),
        (ex.operational, CSSG.OperationalObjective, "1.2"),
        (ex.indicator, CSSG.Indicator, "1"),
    ):
        graph.add((node, RDF.type, kind))
        graph.add((node, SKOS.notation, Literal(number)))
    graph.add((ex.signing, RDF.type, CSSG.Signing))
    graph.add((ex.sector2, CSSG.hasStrategicObjective, ex.objective))
    graph.add((ex.objective, CSSG.hasOperationalObjective, ex.operational))
    graph.add((ex.indicator, CSSG.measures, ex.objective))
    expected = [
        ex.sectionII,
        ex.sectionIV,
        ex.sectionV,
        ex.sectionIX,
        ex.sector2,
        ex.objective,
        ex.operational,
        ex.indicator,
        ex.sector10,
        ex.signing,
    ]
    assert sorted(reversed(expected), key=lambda node: outline_key(graph, node)) == expected


def test_a_property_the_ontology_does_not_label_is_named_in_words(tmp_path):
    # An indicator that lost its words breaks WordingShape-label (sh:path rdfs:label): the field
    # is named as the shapes file names that rule in each language, not by rdfs:label's IRI.
    indicator = f"{CONVENTION}/sector/2/strategic-objective/1/indicator/1"
    draft = broken_convention(f"DELETE WHERE {{ <{indicator}> rdfs:label ?l }}", tmp_path)
    shapes = Graph().parse(SHAPES_FILE)
    for lang in ("fr", "nl", "en"):
        [finding] = [f for f in findings(draft, lang) if f["focus"] == indicator]
        assert finding["path"] == str(RDFS.label)
        assert finding["path_label"] == next(
            str(n) for n in shapes.objects(CSH["WordingShape-label"], SH.name) if n.language == lang
        )
