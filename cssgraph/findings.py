"""What a validation found, in the words of the people who read it.

The report model (a finding, a convention's report) and how a SHACL validation report graph
becomes findings: the rule's message in the reader's language, the engine's detail (in that
language too, the constraint keeping its SHACL name), the path by its labels, the focus node
named by its label and placed in its convention's outline, and where in the source document it
comes from. Findings come in the document's order, the same in every language.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, TypedDict

import pyoxigraph as ox
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.graph import ReadOnlyGraphAggregate
from rdflib.namespace import RDF, RDFS, SH, SKOS
from rdflib.term import Node

from cssgraph.i18n import marked, translate, translate_plural
from cssgraph.outline import ELI, PROV, OutlineKey, label, outline_key, outline_parents, outline_path, text_in
from cssgraph.rdfio import rdflib_graph, triples_as_rdflib
from cssgraph.resources import ontology_files, shapes_files
from cssgraph.vocabulary import CSSG

if TYPE_CHECKING:
    from cssgraph.ontology import Check
    from cssgraph.read.extract import Unread

OA = Namespace("http://www.w3.org/ns/oa#")
# (Looked up with a result's sh:resultSeverity, None when it has none.)
SEVERITIES: dict[Node | None, str] = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}


@dataclass
class Finding:
    severity: str  # "Violation", "Warning" or "Info"
    message: str  # the rule's message in the report's language
    detail: str  # what the engine checked and found, e.g. "sh:minCount 1: at least 1 value required, 0 found"
    focus: str  # IRI of the node at fault
    focus_label: str | None
    outline: str  # place in the convention, e.g. "Secteur d’activité 2 › Objectif stratégique 3"
    path: str | None  # property IRI (or SPARQL path text)
    path_label: str | None
    value: str | None
    shape: str
    component: str
    source_line: int | None = None  # where in the document, for extracted conventions
    source_page: int | None = None
    rule: str | None = None  # the rule's name in the report's language (its shape's sh:name)
    value_label: str | None = None  # the value's label, when it is an item that has one

    def as_dict(self) -> dict[str, str | int | None]:
        return dict(self.__dict__)


@dataclass
class ConventionReport:
    convention: str
    label: str | None
    municipality: str | None
    start: str | None
    end: str | None
    graph: str
    findings: list[Finding] = field(default_factory=list)
    source: str | None = None  # the file the convention was read from

    @property
    def violations(self) -> int:
        return sum(f.severity == "Violation" for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity == "Warning" for f in self.findings)

    @property
    def conforms(self) -> bool:
        return self.violations == 0


def inconsistency_findings(
    check: Check, context: Graph, convention_nodes: list[ox.NamedNode | ox.BlankNode], lang: str
) -> list[Finding]:
    """A reasoner's check of the convention (with its reference data and the ontology) as
    findings: none when it passed, else one that lists the axioms that clash."""
    if check.passed:
        return []
    focus = URIRef(convention_nodes[0].value)
    axioms = "; ".join(problem.removeprefix("inconsistent: ") for problem in check.problems)
    return [
        Finding(
            severity="Violation",
            message=translate(
                lang,
                "The OWL reasoner finds this convention inconsistent with the ontology, because of: %(axioms)s.",
                axioms=axioms,
            ),
            detail=translate(lang, "%(constraint)s: %(found)s", constraint="OWL 2 DL (Pellet)", found=axioms),
            focus=str(focus),
            focus_label=label(context, focus, lang),
            outline=outline_path(context, focus, lang),
            path=None,
            path_label=None,
            value=None,
            shape="https://w3id.org/cssgraph/ontology",
            component="OWL consistency",
        )
    ]


@lru_cache(maxsize=1)
def ontology_graph() -> Graph:
    return rdflib_graph(ontology_files())


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    return rdflib_graph(shapes_files())


def description(store: ox.Store, convention_quads: list[ox.Quad]) -> Graph:
    """What findings are described with: the convention's statements, the names of the
    reference nodes it points to, and the ontology (labels of kinds and properties)."""
    graph = Graph()
    for triple in triples_as_rdflib(convention_quads):
        graph.add(triple)
    named = {term for q in convention_quads for term in (q.subject, q.object) if isinstance(term, ox.NamedNode)}
    for node in named:
        for name in (RDFS.label, SKOS.prefLabel):
            for triple in triples_as_rdflib(store.quads_for_pattern(node, ox.NamedNode(str(name)), None)):
                graph.add(triple)
    # read through both without copying the ontology into every convention's description
    return ReadOnlyGraphAggregate([graph, ontology_graph()])


def findings_from_report(report: Graph, data: Graph, lang: str) -> list[Finding]:
    """The engine's results as findings in ``lang``, in the order of the convention's document
    (see ``_document_order``): the same order in every language."""
    shapes = shapes_graph()
    placed: list[tuple[tuple[object, ...], Finding]] = []
    places: dict[Node, list[str]] = {}
    orders: dict[Node, tuple[int, OutlineKey]] = {}
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        assert focus is not None  # SHACL gives every result its focus node
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        shape = report.value(result, SH.sourceShape)
        constraint = report.value(result, SH.sourceConstraint)
        component = report.value(result, SH.sourceConstraintComponent)
        messages = list(report.objects(result, SH.resultMessage))
        finding = Finding(
            severity=SEVERITIES.get(report.value(result, SH.resultSeverity), "Violation"),
            message=_message(shapes, constraint, messages, data, focus, value, lang),
            detail=_engine_detail(shapes, shape, component, data, focus, _path_in(shapes, shape, path), value, lang),
            focus=str(focus),
            focus_label=label(data, focus, lang),
            outline=outline_path(data, focus, lang, places),
            path=_path_text(report, path),
            path_label=_path_label(report, path, data, lang),
            value=None if value is None else str(value),
            shape=str(shape),  # every shape of the project has an IRI, property shapes too
            component=str(component).rsplit("#", 1)[-1],
            **source_location(data, focus),
            rule=_rule_name(shapes, constraint, shape, lang),
            value_label=label(data, value, lang) if isinstance(value, URIRef) else None,
        )
        # (a SPARQL constraint is a blank node: told from its shape's others by its English name)
        rule = _rule_name(shapes, constraint, shape, "en") or ""
        placed.append((_document_order(data, focus, finding, orders) + (rule, finding.value or ""), finding))
    placed.sort(key=lambda item: item[0])
    return [finding for _, finding in placed]


SEVERITY_RANK = {"Violation": 0, "Warning": 1, "Info": 2}


def _document_order(
    data: Graph, focus: Node, finding: Finding, known: dict[Node, tuple[int, OutlineKey]]
) -> tuple[object, ...]:
    """Where a finding stands in the report: where its item is in the source document (its own
    line, else the line of the part it belongs to; none for a convention written as RDF), then
    its place in the outline (by kinds and numbers), then its severity; never by translated
    text, so that the order is the same in every language. ``known`` keeps each item's place."""
    if focus not in known:
        line = _line_in_document(data, focus)
        known[focus] = (line if line is not None else 0, outline_key(data, focus))
    return (*known[focus], SEVERITY_RANK[finding.severity], finding.focus, finding.path or "", finding.shape)


def _line_in_document(data: Graph, node: Node) -> int | None:
    seen: set[Node] = set()
    while node not in seen:
        seen.add(node)
        line = source_location(data, node).get("source_line")
        if line is not None:
            return line
        parents = outline_parents(data, node)
        if not parents:
            return None
        node = parents[0]
    return None


class SourceLocation(TypedDict, total=False):
    source_line: int
    source_page: int


def source_location(data: Graph, node: Node) -> SourceLocation:
    """The first line (RFC 5147 counts line boundaries from 0) and the page (RFC 3778) of the
    node's source, from its provenance selectors."""
    found: SourceLocation = {}
    for origin in data.objects(node, PROV.wasDerivedFrom):
        for selector in data.objects(origin, OA.hasSelector):
            value = str(data.value(selector, RDF.value) or "")
            if value.startswith("page="):
                found["source_page"] = int(value[5:])
            elif value.startswith("line="):
                found["source_line"] = int(value[5:].split(",")[0]) + 1
    return found


def _path_in(shapes: Graph, shape: Node | None, path: Node | None) -> Node | None:
    """The result's path as a node of the shapes graph, where its structure can be read."""
    return path if isinstance(path, URIRef) or shape is None else shapes.value(shape, SH.path)


def _path_text(report: Graph, path: Node | None) -> str | None:
    """A property IRI, ^IRI for an inverse path, IRI/IRI for a sequence (the paths the shapes use)."""
    if path is None:
        return None
    if isinstance(path, URIRef):
        return str(path)
    inverse = report.value(path, SH.inversePath)
    if inverse is not None:
        return f"^{inverse}"
    if (path, RDF.first, None) in report:  # a sequence path
        return "/".join(str(step) for step in report.items(path))
    return "(complex path)"


def _path_label(report: Graph, path: Node | None, data: Graph, lang: str) -> str | None:
    """The path in words of ``lang``: a property by its label, an inverse path as what links to
    the item ("indicator linked to it by “measures”"), a sequence as its steps' labels."""
    if path is None:
        return None
    if isinstance(path, URIRef):
        return _property_name(data, path, lang)
    inverse = report.value(path, SH.inversePath)
    if inverse is not None:
        name = _property_name(data, inverse, lang)
        domain = data.value(inverse, RDFS.domain)
        kind = label(data, domain, lang) if isinstance(domain, URIRef) else None
        if kind:
            return translate(lang, "%(kind)s linked to it by “%(property)s”", kind=kind, property=name)
        return translate(lang, "what is linked by “%(property)s” to it", property=name)
    if (path, RDF.first, None) in report:
        return " / ".join(_property_name(data, step, lang) for step in report.items(path))
    return None


# Properties of the data that the ontology does not label (RDF's, RDFS's, SKOS's and Dublin
# Core's own), named in the reader's words — by the reports and the pages.
PROPERTY_WORDS: dict[str, str] = {
    str(RDF.type): marked("type"),
    str(RDF.value): marked("value"),
    str(RDFS.label): marked("label"),
    str(SKOS.prefLabel): marked("preferred name"),
    str(SKOS.altLabel): marked("other name"),
    str(SKOS.hiddenLabel): marked("name as documents write it"),
    str(SKOS.definition): marked("definition"),
    "http://purl.org/dc/terms/title": marked("title"),
    "http://purl.org/dc/terms/format": marked("format"),
    "http://purl.org/dc/terms/source": marked("source"),
    "http://purl.org/dc/terms/conformsTo": marked("conforms to"),
}


def _property_name(data: Graph, prop: Node, lang: str) -> str:
    """A property by its label in ``lang``, else in words, else by its prefixed name."""
    if str(prop) in PROPERTY_WORDS:
        return translate(lang, PROPERTY_WORDS[str(prop)])
    return label(data, prop, lang) or _short(prop)


def _message(
    shapes: Graph,
    constraint: Node | None,
    messages: list[Node],
    data: Graph,
    focus: Node,
    value: Node | None,
    lang: str,
) -> str:
    """The rule's message in the reader's language.

    pySHACL fills the {?value} of a SPARQL constraint's message but drops its language
    tag, so those messages are taken from the shapes and filled here, with labels.
    """
    own = list(shapes.objects(constraint, SH.message)) if constraint is not None else []
    if not own:
        return _in_language(messages, lang)
    return _filled(_in_language(own, lang), data, focus, value, lang)


def _filled(text: str, data: Graph, focus: Node, value: Node | None, lang: str) -> str:
    """A SPARQL constraint's message with its {?value} and {$this} named in ``lang``."""
    for names, node in ((("?value", "$value"), value), (("?this", "$this"), focus)):
        if node is not None:
            shown = label(data, node, lang) or str(node)
            for name in names:
                text = text.replace("{" + name + "}", shown)
    return text


def tag_filled_messages(report: Graph, data: Graph) -> None:
    """Give the messages of SPARQL rules their language tags back in the report graph.

    pySHACL fills each language's message of a SPARQL constraint but writes it without its
    tag: a reader of the report graph could not tell the French from the Dutch. They are
    replaced by the messages filled here (as the findings are), each with its language."""
    shapes = shapes_graph()
    for result in list(report.subjects(RDF.type, SH.ValidationResult)):
        constraint = report.value(result, SH.sourceConstraint)
        own = [
            message
            for message in (shapes.objects(constraint, SH.message) if constraint is not None else ())
            if isinstance(message, Literal) and message.language
        ]
        focus = report.value(result, SH.focusNode)
        if not own or focus is None:
            continue
        value = report.value(result, SH.value)
        for message in list(report.objects(result, SH.resultMessage)):
            if isinstance(message, Literal) and not message.language:
                report.remove((result, SH.resultMessage, message))
        for message in own:
            language = str(message.language)
            filled = _filled(str(message), data, focus, value, language)
            report.add((result, SH.resultMessage, Literal(filled, lang=language)))


def _in_language(messages: list[Node], lang: str) -> str:
    for message in messages:
        if isinstance(message, Literal) and message.language == lang:
            return str(message)
    untagged = [str(m) for m in messages if not getattr(m, "language", None)]
    return untagged[0] if untagged else (str(messages[0]) if messages else "")


def _rule_name(shapes: Graph, constraint: Node | None, shape: Node | None, lang: str) -> str | None:
    """The rule's name in the reader's language: its SPARQL constraint's, else its shape's."""
    for node in (constraint, shape):
        if node is not None and (name := text_in(shapes, node, SH.name, lang)):
            return name
    return None


def _engine_detail(
    shapes: Graph,
    shape: Node | None,
    component: Node | None,
    data: Graph,
    focus: Node,
    path: Node | None,
    value: Node | None,
    lang: str,
) -> str:
    """The constraint as the engine checked it, named as SHACL does, and what it found, in
    ``lang``: "sh:minCount 1: at least 1 value required, 0 found"."""
    name = str(component).rsplit("#", 1)[-1].removesuffix("ConstraintComponent")
    if name == "SPARQL":
        found = (
            translate(lang, "the rule's query selected %(value)s", value=_named(data, value, lang, quoted=False))
            if value is not None
            else translate(lang, "the rule's query selected this item")
        )
        return translate(lang, "%(constraint)s: %(found)s", constraint="sh:sparql", found=found)
    # A core component's parameter is named after it: sh:MinCountConstraintComponent → sh:minCount.
    parameter = URIRef(str(SH) + name[:1].lower() + name[1:])
    expected: Node | str | None = shapes.value(shape, parameter) if shape is not None else None
    if expected == RDF.nil:
        expected = "()"
    elif isinstance(expected, Node) and not isinstance(expected, Literal) and (expected, RDF.first, None) in shapes:
        expected = (
            "(" + " ".join(f'"{v}"' if isinstance(v, Literal) else _short(v) for v in shapes.items(expected)) + ")"
        )
    constraint = f"sh:{parameter.split('#')[-1]} {_short(expected)}" if expected is not None else f"sh:{name}"
    seen = _found(name, data, focus, path, value, expected, lang)
    return (
        constraint if seen is None else translate(lang, "%(constraint)s: %(found)s", constraint=constraint, found=seen)
    )


def _found(
    name: str,
    data: Graph,
    focus: Node,
    path: Node | None,
    value: Node | None,
    expected: Node | str | None,
    lang: str,
) -> str | None:
    """What the data holds that the constraint rejected, in words of ``lang``."""
    if name in ("MinCount", "MaxCount") and path is not None and expected is not None:
        count = len(set(_values(data, focus, path)))
        bound = int(str(expected))
        limit = (
            translate_plural(lang, "at least %(num)d value required", "at least %(num)d values required", bound)
            if name == "MinCount"
            else translate_plural(lang, "at most %(num)d value allowed", "at most %(num)d values allowed", bound)
        )
        return translate_plural(lang, "%(limit)s, %(num)d found", "%(limit)s, %(num)d found", count, limit=limit)
    if name == "HasValue" and expected is not None:
        return translate(lang, "%(value)s is missing", value=_named(data, expected, lang))
    if name == "UniqueLang":
        return translate(lang, "two values share a language")
    if value is None:
        return None
    shown = _named(data, value, lang)
    if name == "Datatype":
        return translate(lang, "%(value)s is not a valid %(datatype)s", value=shown, datatype=_short(expected))
    if name == "In":
        return translate(lang, "%(value)s is not one of %(values)s", value=shown, values=expected)
    if name == "Pattern":
        return translate(lang, "%(value)s does not match %(pattern)s", value=shown, pattern=f"/{expected}/")
    if name == "MinExclusive":
        return translate(lang, "%(value)s is not greater than %(bound)s", value=shown, bound=expected)
    if name == "MinInclusive":
        return translate(lang, "%(value)s is less than %(bound)s", value=shown, bound=expected)
    if name == "Class" and expected is not None:
        return translate(
            lang, "%(value)s is not of the kind “%(kind)s”", value=shown, kind=_named(data, expected, lang)
        )
    if name == "Equals":
        return translate(lang, "%(value)s is not a value of both fields", value=shown)
    if name == "LessThanOrEquals" and expected is not None:
        return translate(
            lang, "%(value)s is later than the value of “%(field)s”", value=shown, field=_named(data, expected, lang)
        )
    return None


def _named(data: Graph, node: Node | str, lang: str, quoted: bool = True) -> str:
    """A value as the detail shows it: a literal in quotes, a node by its label in ``lang``
    (else its prefixed name)."""
    if isinstance(node, Literal):
        return f'"{node}"' if quoted else str(node)
    return (label(data, node, lang) if isinstance(node, URIRef) else None) or _short(node)


def _values(data: Graph, focus: Node, path: Node) -> Iterable[Node]:
    if isinstance(path, URIRef):
        return data.objects(focus, path)
    inverse = data.value(path, SH.inversePath)
    return data.subjects(inverse, focus) if inverse is not None else []


def _short(value: object) -> str:
    text = str(value)
    for namespace, prefix in (
        ("http://www.w3.org/2001/XMLSchema#", "xsd:"),
        (str(CSSG), "cssg:"),
        ("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdf:"),
        ("http://data.europa.eu/eli/ontology#", "eli:"),
        ("https://schema.org/", "schema:"),
        ("http://www.w3.org/ns/person#", "person:"),
    ):
        if text.startswith(namespace):
            return prefix + text[len(namespace) :]
    return text


def convention_report(
    store: ox.Store,
    convention: ox.NamedNode | ox.BlankNode,
    graph_name: str,
    findings: list[Finding],
    lang: str,
    source: str | None = None,
) -> ConventionReport:
    """A convention's report: its name, municipality and period, its findings, and the file it
    was read from."""
    report = _convention_report(_summary_graph(store, convention), URIRef(convention.value), graph_name, findings, lang)
    report.source = source
    return report


def _summary_graph(data: ox.Store, convention: ox.NamedNode | ox.BlankNode) -> Graph:
    """What a report says of a convention besides its findings: its own statements and its
    municipality's names."""
    summary = Graph()
    quads = list(data.quads_for_pattern(convention, None, None))
    for party in data.quads_for_pattern(convention, ox.NamedNode(str(CSSG.municipalityParty)), None):
        if not isinstance(party.object, ox.Literal):  # a literal party (a finding of its own) has no names
            quads += data.quads_for_pattern(party.object, ox.NamedNode(str(RDFS.label)), None)
    for triple in triples_as_rdflib(quads):
        summary.add(triple)
    return summary


def _convention_report(
    data: Graph, convention: URIRef, graph_name: str, findings: list[Finding], lang: str
) -> ConventionReport:
    municipality = data.value(convention, CSSG.municipalityParty)
    start = data.value(convention, ELI.first_date_entry_in_force)
    end = data.value(convention, ELI.date_no_longer_in_force)
    return ConventionReport(
        convention=str(convention),
        label=label(data, convention, lang),
        municipality=label(data, municipality, lang) if municipality is not None else None,
        start=None if start is None else str(start),
        end=None if end is None else str(end),
        graph=graph_name,
        findings=findings,
    )


# -- A validation's outcome, as the reports render it ------------------------------------


@dataclass
class Unreadable:
    """An input that could not be read: named with the error, and skipped."""

    source: str
    error: str


@dataclass
class ValidationResult:
    lang: str
    conventions: list[ConventionReport]
    reports: list[str] = field(default_factory=list)  # each file's SHACL report graph, as N-Triples
    unread: list[Unread] = field(default_factory=list)
    unreadable: list[Unreadable] = field(default_factory=list)

    @cached_property
    def report_triples(self) -> list[ox.Triple]:
        """The engine's report graphs in one list, parsed once for every format that writes
        them (each file's report apart, so its blank nodes stay its own)."""
        return [
            triple
            for report in self.reports
            for triple in ox.parse(report.encode(), format=ox.RdfFormat.N_TRIPLES, rename_blank_nodes=True)
        ]

    @property
    def conforms(self) -> bool:
        return all(report.conforms for report in self.conventions)

    @property
    def exit_code(self) -> int:
        """2 when an input could not be read, else 1 when a convention has a violation, else 0."""
        return 2 if self.unreadable else (0 if self.conforms else 1)
