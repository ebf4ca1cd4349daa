"""What a validation found, in the words of the people who read it.

The report model (a finding, a convention's report) and how a SHACL validation report graph
becomes findings: the rule's message in the reader's language, the engine's detail, the focus
node named by its label and placed in its convention's outline, and where in the source
document it comes from.
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

from cssgraph.outline import ELI, PROV, label, outline_path, text_in
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
    detail: str  # what the engine checked, e.g. "sh:minCount 1"
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

    @property
    def violations(self) -> int:
        return sum(f.severity == "Violation" for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity == "Warning" for f in self.findings)

    @property
    def conforms(self) -> bool:
        return self.violations == 0


REASONER_MESSAGE = {
    "fr": "Le raisonneur OWL trouve cette convention incohérente avec l’ontologie, à cause de : {axioms}.",
    "nl": "De OWL-redeneerder vindt deze overeenkomst inconsistent met de ontologie, wegens: {axioms}.",
    "en": "The OWL reasoner finds this convention inconsistent with the ontology, because of: {axioms}.",
}


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
            message=REASONER_MESSAGE[lang].format(axioms=axioms),
            detail="OWL 2 DL consistency (Pellet): " + axioms,
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
    shapes = shapes_graph()
    findings: list[Finding] = []
    places: dict[Node, list[str]] = {}
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        assert focus is not None  # SHACL gives every result its focus node
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        shape = report.value(result, SH.sourceShape)
        component = report.value(result, SH.sourceConstraintComponent)
        messages = list(report.objects(result, SH.resultMessage))
        findings.append(
            Finding(
                severity=SEVERITIES.get(report.value(result, SH.resultSeverity), "Violation"),
                message=_message(shapes, report.value(result, SH.sourceConstraint), messages, data, focus, value, lang),
                detail=_engine_detail(shapes, shape, component, data, focus, _path_in(shapes, shape, path), value),
                focus=str(focus),
                focus_label=label(data, focus, lang),
                outline=outline_path(data, focus, lang, places),
                path=_path_text(report, path),
                path_label=_path_label(report, path, data, lang),
                value=None if value is None else str(value),
                shape=str(shape),  # every shape of the project has an IRI, property shapes too
                component=str(component).rsplit("#", 1)[-1],
                **source_location(data, focus),
                rule=_rule_name(shapes, report.value(result, SH.sourceConstraint), shape, lang),
            )
        )
    severity_rank = {"Violation": 0, "Warning": 1, "Info": 2}
    findings.sort(key=lambda f: (severity_rank[f.severity], f.outline, f.focus, f.path or "", f.message))
    return findings


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
    if isinstance(path, URIRef):
        return label(data, path, lang)
    inverse = report.value(path, SH.inversePath) if path is not None else None
    return f"^{label(data, inverse, lang)}" if inverse is not None else None


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
    text = _in_language(own, lang)
    for names, node in ((("?value", "$value"), value), (("?this", "$this"), focus)):
        if node is not None:
            shown = label(data, node, lang) or str(node)
            for name in names:
                text = text.replace("{" + name + "}", shown)
    return text


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
) -> str:
    """The constraint as the engine checked it, and what it found:
    "sh:minCount 1: found 0 values, at least 1 required"."""
    name = str(component).rsplit("#", 1)[-1].removesuffix("ConstraintComponent")
    if name == "SPARQL":
        return "sh:sparql: the rule's query selected " + (_short(value) if value is not None else "this node")
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
    found = _found(name, data, focus, path, value, expected)
    return f"{constraint}: {found}" if found else constraint


def _found(
    name: str, data: Graph, focus: Node, path: Node | None, value: Node | None, expected: Node | str | None
) -> str | None:
    """What the data holds that the constraint rejected, in the engine's terms."""
    shown = f'"{value}"' if isinstance(value, Literal) else (_short(value) if value is not None else None)
    if name in ("MinCount", "MaxCount") and path is not None:
        count = len(set(_values(data, focus, path)))
        bound = "at least" if name == "MinCount" else "at most"
        return (
            f"found {count} value{'s' if count != 1 else ''}, {bound} {expected} "
            f"{'required' if name == 'MinCount' else 'allowed'}"
        )
    texts = {
        "Datatype": f"{shown} is not a valid {_short(expected)}",
        "In": f"{shown} is not one of {expected}",
        "Pattern": f"{shown} does not match /{expected}/",
        "MinExclusive": f"{shown} is not greater than {expected}",
        "MinInclusive": f"{shown} is less than {expected}",
        "Class": f"{shown} is not an instance of {_short(expected)}",
        "HasValue": f"{_short(expected)} is missing",
        "Equals": f"{shown} is not a value of both properties",
        "LessThanOrEquals": f"{shown} is later than the value of {_short(expected)}",
        "UniqueLang": "two values share a language",
    }
    return texts.get(name) if shown is not None or name in ("HasValue", "UniqueLang") else None


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
    store: ox.Store, convention: ox.NamedNode | ox.BlankNode, graph_name: str, findings: list[Finding], lang: str
) -> ConventionReport:
    """A convention's report: its name, municipality and period, and its findings."""
    return _convention_report(_summary_graph(store, convention), URIRef(convention.value), graph_name, findings, lang)


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
