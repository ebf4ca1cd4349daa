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

# Where each kind of item hangs in the outline: the property linking it to its parent(s).
_PARENT_LINKS = {
    CSSG.ActivitySector: None,  # sectors are numbered across the whole convention
    CSSG.GeneralObjective: (CSSG.hasGeneralObjective, "inverse"),
    CSSG.StrategicObjective: (CSSG.hasStrategicObjective, "inverse"),
    CSSG.OperationalObjective: (CSSG.hasOperationalObjective, "inverse"),
    CSSG.ExpectedResult: (CSSG.hasExpectedResult, "inverse"),
    CSSG.Indicator: (CSSG.measures, "forward"),
    CSSG.SubAction: (CSSG.hasSubAction, "inverse"),
    CSSG.Signatory: (PROV.qualifiedAssociation, "inverse"),
    SDO.MonetaryAmount: (SDO.amount, "inverse"),
}
# Kinds that are numbered in the outline, and kinds that appear once.
_NUMBERED = {CSSG.Section, CSSG.ActivitySector, CSSG.StrategicObjective, CSSG.OperationalObjective,
             CSSG.ExpectedResult, CSSG.Indicator, CSSG.SubAction, CSSG.Signatory, CSSG.Representation}
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
    for kind in [*_PARENT_LINKS, *_NUMBERED, *_SINGLE]:
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
    link = _PARENT_LINKS.get(kind)
    if link is None:
        return []
    prop, direction = link
    found = graph.subjects(prop, node) if direction == "inverse" else graph.objects(node, prop)
    return sorted(set(found), key=lambda parent: (_number(graph, parent), str(parent)))


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
