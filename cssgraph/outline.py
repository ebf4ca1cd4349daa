"""Name a node the way a prevention officer finds it in the document.

``outline_path`` gives the node's place in its convention, built from the
ontology's own class labels in the reader's language and the items' positions,
e.g. "Secteur d’activité 2 › Objectif stratégique 3 › Indicateur 1".
"""

from __future__ import annotations

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SKOS
from rdflib.term import Node

from cssgraph.vocabulary import CSSG

ELI = Namespace("http://data.europa.eu/eli/ontology#")
PROV = Namespace("http://www.w3.org/ns/prov#")
SDO = Namespace("https://schema.org/")

SEPARATOR = " › "

# A convention's outline, declared here once (the pages' outline and trail, the findings'
# places; queries/outline.rq walks the same links, tests/test_queries.py checks it): each
# property linking an item to one directly under it, and whether it points down (the parent is
# its subject) or up (an indicator measures its objective).
DOWN, UP = "down", "up"
FRAMEWORK_LINKS = (
    (ELI.has_part, DOWN),  # the convention's sections, a section's activity sectors
    (CSSG.hasProvision, DOWN),
    (CSSG.hasGeneralObjective, DOWN),
    (CSSG.hasStrategicObjective, DOWN),
    (CSSG.hasOperationalObjective, DOWN),
    (CSSG.hasSubAction, DOWN),
    (CSSG.hasExpectedResult, DOWN),
    (CSSG.measures, UP),
)
# Items under the framework's parts that a finding may be about: who signed, which amount.
DETAIL_LINKS = ((PROV.qualifiedAssociation, DOWN), (SDO.amount, DOWN))
# A place is said from the activity sector down (sectors are numbered across the whole
# convention), or from the part of the convention the item belongs to (its signing, its allocation).
_TOP = {CSSG.ActivitySector, CSSG.Section, CSSG.Convention}
# The kinds of items the outline knows, the most telling first (a node may have several), and
# among them those numbered in the outline and those that appear once.
_KINDS = (
    CSSG.ActivitySector,
    CSSG.GeneralObjective,
    CSSG.StrategicObjective,
    CSSG.OperationalObjective,
    CSSG.ExpectedResult,
    CSSG.Indicator,
    CSSG.SubAction,
    CSSG.Signatory,
    SDO.MonetaryAmount,
    CSSG.Section,
    CSSG.Representation,
    CSSG.Allocation,
    CSSG.Signing,
    CSSG.CouncilDecision,
    CSSG.Convention,
)
_NUMBERED = {
    CSSG.Section,
    CSSG.ActivitySector,
    CSSG.StrategicObjective,
    CSSG.OperationalObjective,
    CSSG.ExpectedResult,
    CSSG.Indicator,
    CSSG.SubAction,
    CSSG.Signatory,
    CSSG.Representation,
}
_SINGLE = {CSSG.GeneralObjective, CSSG.Allocation, CSSG.Signing, CSSG.CouncilDecision, CSSG.Convention}


def text_in(graph: Graph, node: Node, prop: URIRef, lang: str) -> str | None:
    """The value of ``prop`` in the reader's language, else in any language (the source's)."""
    values = [v for v in graph.objects(node, prop) if isinstance(v, Literal)]
    for value in values:
        if value.language == lang:
            return str(value)
    return str(values[0]) if values else None


def label(graph: Graph, node: Node, lang: str) -> str | None:
    return text_in(graph, node, RDFS.label, lang) or text_in(graph, node, SKOS.prefLabel, lang)


def kind_of(graph: Graph, node: Node) -> URIRef | None:
    """The node's most telling class among those the outline knows."""
    types = set(graph.objects(node, RDF.type))
    for kind in _KINDS:
        if kind in types:
            return kind
    return None


def kind_label(graph: Graph, kind: URIRef, lang: str) -> str:
    text = label(graph, kind, lang) or kind.split("#")[-1]
    return text[:1].upper() + text[1:]


def outline_path(graph: Graph, node: Node, lang: str, known: dict[Node, list[str]] | None = None) -> str:
    """The node's place in its convention ("" for nodes outside the outline). ``known``
    keeps the places already found, for a caller that names many nodes of one convention."""
    return SEPARATOR.join(_parts(graph, node, lang, {} if known is None else known))


def _parts(graph: Graph, node: Node, lang: str, known: dict[Node, list[str]]) -> list[str]:
    if node in known:
        return known[node]
    kind = kind_of(graph, node)
    if kind is None:
        return []
    parents = _parents(graph, node, kind)
    prefix = _parts(graph, parents[0], lang, known) if parents else []
    if len(parents) > 1:  # a shared block: name every objective it serves
        numbers = ", ".join(_number(graph, parent) for parent in parents)
        # Parents of no known kind (untyped, in data that fails validation) are named by their numbers.
        parent_kind = kind_of(graph, parents[0])
        prefix = prefix[:-1] + [f"{kind_label(graph, parent_kind, lang)} {numbers}" if parent_kind else numbers]
    known[node] = prefix + [_own_part(graph, node, kind, lang)]
    return known[node]


def _parents(graph: Graph, node: Node, kind: URIRef) -> list[Node]:
    if kind in _TOP:
        return []
    found = {
        parent
        for prop, direction in (*FRAMEWORK_LINKS, *DETAIL_LINKS)
        for parent in (graph.subjects(prop, node) if direction == DOWN else graph.objects(node, prop))
    }
    return sorted(found, key=lambda parent: (_number(graph, parent), str(parent)))


def _number(graph: Graph, node: Node) -> str:
    for prop in (SKOS.notation, CSSG.position):
        value = graph.value(node, prop)
        if value is not None:
            return str(value)
    year = graph.value(node, SDO.validFrom)
    return str(year)[:4] if year is not None else "?"


def _own_part(graph: Graph, node: Node, kind: URIRef, lang: str) -> str:
    name = kind_label(graph, kind, lang)
    if kind in _SINGLE:
        return name
    return f"{name} {_number(graph, node)}"
