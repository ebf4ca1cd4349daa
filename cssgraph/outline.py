"""Name a node the way a prevention officer finds it in the document.

``outline_path`` gives the node's place in its convention, built from the
ontology's own class labels in the reader's language and the items' positions,
e.g. "Secteur d’activité 2 › Objectif stratégique 3 › Indicateur 1".
"""

from __future__ import annotations

import re

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
# The kinds in the order a convention's document gives them (its title, the parties, the council's
# decision, the amounts, the sections and their sectors, the signatures), and under an objective.
_DOCUMENT_ORDER = (
    CSSG.Convention,
    CSSG.Representation,
    CSSG.CouncilDecision,
    CSSG.Allocation,
    SDO.MonetaryAmount,
    CSSG.Section,
    CSSG.ActivitySector,
    CSSG.GeneralObjective,
    CSSG.StrategicObjective,
    CSSG.OperationalObjective,
    CSSG.SubAction,
    CSSG.ExpectedResult,
    CSSG.Indicator,
    CSSG.Signing,
    CSSG.Signatory,
)
# A place in the outline as a sort key: per level, the rank of its kind and its number's parts.
OutlineKey = tuple[tuple[int, tuple[tuple[int, int, str], ...]], ...]


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


def outline_key(graph: Graph, node: Node, seen: frozenset[Node] = frozenset()) -> OutlineKey:
    """The node's place in its convention as a key that sorts in the document's order and is
    the same in every language (kinds by their rank, numbers as numbers: 2 before 10, II before
    IV); nodes outside the outline come after it."""
    kind = kind_of(graph, node)
    if kind is None or node in seen:
        return ((len(_DOCUMENT_ORDER), ()),)
    parents = _parents(graph, node, kind)
    prefix = outline_key(graph, parents[0], seen | {node}) if parents else ()
    return (*prefix, (_DOCUMENT_ORDER.index(kind), _number_key(_number(graph, node))))


def outline_parents(graph: Graph, node: Node) -> list[Node]:
    """The items the node sits directly under in the outline (several for a shared block)."""
    kind = kind_of(graph, node)
    return _parents(graph, node, kind) if kind is not None else []


_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


def _number_key(number: str) -> tuple[tuple[int, int, str], ...]:
    """A number of the outline ("2", "1.2", "II", "?") as a key that sorts numerically."""
    if number and all(char in _ROMAN for char in number):
        values = [_ROMAN[char] for char in number]
        total = sum(-v if v < after else v for v, after in zip(values, [*values[1:], 0], strict=True))
        return ((0, total, ""),)
    return tuple(
        (0, int(digits), "") if digits else (1, 0, other) for digits, other in re.findall(r"(\d+)|(\D+)", number)
    )


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
