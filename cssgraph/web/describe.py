"""What the data says about a resource, as the pages show it: its description (its statements
and those of its hash IRIs), its names in a language (kept once found), its kind and number, and
its place in its convention's outline (the links declared in ``cssgraph.outline``).

Nothing here is HTML: ``pages`` renders what this module reads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import pyoxigraph as ox

from cssgraph.iris import WORDING_SCHEMES
from cssgraph.outline import DOWN, FRAMEWORK_LINKS, UP
from cssgraph.query import select_rows
from cssgraph.vocabulary import CSSG, cssg

if TYPE_CHECKING:
    from cssgraph.rdfio import Term

# What the outline, the provenance and the names of a page are read from: statements' objects,
# triple terms (RDF 1.2) set aside (``Description.values``), and their subjects.
Value = ox.NamedNode | ox.BlankNode | ox.Literal

TEXTS_KEPT = 200_000  # labels kept (about 50 MB)
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
ELI = "http://data.europa.eu/eli/ontology#"
OA = "http://www.w3.org/ns/oa#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDF_VALUE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#value"
PREFIXES = {
    "cssg": str(CSSG),
    "rdfs": RDFS,
    "skos": SKOS,
    "eli": ELI,
    "oa": OA,
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "dcterms": "http://purl.org/dc/terms/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "odrl": "http://www.w3.org/ns/odrl/2/",
    "locn": "http://www.w3.org/ns/locn#",
    "sh": "http://www.w3.org/ns/shacl#",
    "csh": "https://w3id.org/cssgraph/shapes#",
}

# The outline's links (declared in cssgraph.outline) as the store's terms: those pointing down
# (parent → child), then those pointing up (an indicator → the objective it measures).
LINKS_DOWN = tuple(ox.NamedNode(prop) for prop, direction in FRAMEWORK_LINKS if direction == DOWN)
LINKS_UP = tuple(ox.NamedNode(prop) for prop, direction in FRAMEWORK_LINKS if direction == UP)


class Description:
    """Reads the data in ``store`` for the pages of the resources under ``base``."""

    def __init__(self, store: ox.Store, base: str):
        self.store = store
        self.base = base
        self.texts: dict[tuple[Term, str, str], str | None] = {}

    def description(self, iri: ox.NamedNode) -> list[ox.Triple]:
        """The statements about ``iri`` and about its hash IRIs (``iri#…``) that they name."""
        triples, todo, seen = [], [iri], {iri}
        while todo:
            subject = todo.pop(0)
            for q in self.store.quads_for_pattern(subject, None, None):
                triples.append(ox.Triple(q.subject, q.predicate, q.object))
                if (
                    isinstance(q.object, ox.NamedNode)
                    and q.object.value.startswith(iri.value + "#")
                    and q.object not in seen
                ):
                    seen.add(q.object)
                    todo.append(q.object)
        return list(dict.fromkeys(triples))

    def resources(self) -> list[ox.NamedNode]:
        """Every IRI under the base that the data describes (hash IRIs belong to their page)."""
        subjects = {
            q.subject
            for q in self.store.quads_for_pattern(None, None, None)
            if isinstance(q.subject, ox.NamedNode)
            and q.subject.value.startswith(self.base)
            and "#" not in q.subject.value
        }
        return sorted(subjects, key=lambda node: node.value)

    def values(self, node: Term, predicate: str) -> list[Value]:
        # A literal where a node was expected (data that fails validation) has no statements, and a
        # triple term is no part of an outline, a provenance or a name: both once made the page fail.
        if isinstance(node, ox.Literal):
            return []
        # dict.fromkeys: a node shared by conventions (a wording) repeats its statements in each graph
        return list(
            dict.fromkeys(
                q.object
                for q in self.store.quads_for_pattern(node, ox.NamedNode(predicate), None)
                if not isinstance(q.object, ox.Triple)
            )
        )

    def text(self, node: Term, predicate: str, lang: str) -> str | None:
        """A literal in ``lang``, else the first one (the source document's language). Kept once
        found (the data does not change while it is published): a node shared by conventions
        may carry the same label in a thousand graphs."""
        key = (node, predicate, lang)
        if key not in self.texts:
            if len(self.texts) >= TEXTS_KEPT:
                self.texts.clear()
            self.texts[key] = self._text(node, predicate, lang)
        return self.texts[key]

    def _text(self, node: Term, predicate: str, lang: str) -> str | None:
        if isinstance(node, ox.Literal):  # (see values)
            return None
        first = None
        for quad in self.store.quads_for_pattern(node, ox.NamedNode(predicate), None):
            if isinstance(quad.object, ox.Literal):
                if quad.object.language == lang:
                    return quad.object.value
                first = first or quad.object
        return first.value if first is not None else None

    def label(self, node: Term, lang: str) -> str:
        if not isinstance(node, ox.NamedNode):  # a literal, a blank node; a triple term as N-Triples
            return str(node) if isinstance(node, ox.Triple) else node.value
        named = self.text(node, RDFS + "label", lang) or self.text(node, SKOS + "prefLabel", lang)
        if named:
            return named
        kind = self.kind(node)  # an unnamed item of a convention: "signature", "signataire 2"
        if kind is not None and kind.value.startswith(str(CSSG)):
            return f"{self.label(kind, lang)} {self.number(node)}".strip()
        return short_name(node.value)  # never the label of its type (owl:AnnotationProperty…)

    def kind(self, node: Term) -> Value | None:
        types = self.values(node, RDF_TYPE)
        return next((t for t in types if t.value.startswith(str(CSSG))), types[0] if types else None)

    def kind_label(self, node: Term, lang: str) -> str:
        kind = self.kind(node)
        return self.label(kind, lang) if kind is not None else ""

    def number(self, node: Term) -> str:
        for predicate in (SKOS + "notation", cssg.position):
            found = self.values(node, predicate)
            if found:
                return found[0].value
        return ""

    def children(self, node: Value) -> list[Value]:
        """The items under ``node``, by kind of link (sections, provisions, objectives, results,
        then indicators), each kind in the document's order."""
        if isinstance(node, ox.Literal):  # no item: see values
            return []
        found = [
            sorted(
                (
                    q.object
                    for q in self.store.quads_for_pattern(node, link, None)
                    if isinstance(q.object, ox.NamedNode | ox.BlankNode)
                ),
                key=self.order,
            )
            for link in LINKS_DOWN
        ]
        found += [
            sorted(
                (
                    q.subject
                    for q in self.store.quads_for_pattern(None, link, node)
                    if not isinstance(q.subject, ox.Triple)
                ),
                key=self.order,
            )
            for link in LINKS_UP
        ]
        return list(dict.fromkeys(child for group in found for child in group))

    def order(self, node: Value) -> tuple[tuple[int, int, str], str]:
        """Document order: the position where there is one (sections are numbered I, II… but
        placed 1, 2…), else the number."""
        position = self.values(node, cssg.position)
        return _as_number(position[0].value if position else self.number(node)), node.value

    def parents(self, node: Value) -> list[Value]:
        if isinstance(node, ox.Literal):  # no item: see values
            return []
        found: list[Value] = [
            q.subject
            for link in LINKS_DOWN
            for q in self.store.quads_for_pattern(None, link, node)
            if not isinstance(q.subject, ox.Triple)
        ]
        found += [
            q.object
            for link in LINKS_UP
            for q in self.store.quads_for_pattern(node, link, None)
            if isinstance(q.object, ox.NamedNode | ox.BlankNode)
        ]
        return sorted(dict.fromkeys(found), key=self.order)

    def traces(self, node: Value, below: frozenset[Value] = frozenset()) -> list[list[Value]]:
        """Every way up from ``node`` to its convention, top first (a shared block has several).
        A way that comes back to a node already on it (an outline with a cycle) stops there."""
        parents = [parent for parent in self.parents(node) if parent not in below and parent != node]
        if not parents:
            return [[node]]
        return [trace + [node] for parent in parents for trace in self.traces(parent, below | {node})]

    def conventions(self) -> list[ox.NamedNode | ox.BlankNode]:
        found = {
            q.subject
            for q in self.store.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), ox.NamedNode(cssg.Convention))
            if not isinstance(q.subject, ox.Triple)
        }
        return sorted(found, key=lambda c: c.value)

    def quoted_lines(self, document: ox.NamedNode) -> set[int]:
        """The lines of ``document`` (1-based) that some item was read from (RFC 5147 selectors)."""
        lines: set[int] = set()
        for origin in self.store.quads_for_pattern(None, ox.NamedNode(OA + "hasSource"), document):
            for selector in (
                self.values(origin.subject, OA + "hasSelector") if not isinstance(origin.subject, ox.Triple) else []
            ):
                for value in self.values(selector, RDF_VALUE):
                    if value.value.startswith("line="):
                        first, last = (int(n) for n in value.value[5:].split(","))
                        lines.update(range(first + 1, max(last, first + 1) + 1))
        return lines

    def conventions_table(self, lang: str) -> list[dict[str, str | None]]:
        """Every convention with its municipality, period, type, funding and size
        (``queries/conventions.rq``), in one query: walking every convention's outline made the
        home page take 1.5 s at 1,000 conventions."""
        return self._select("conventions.rq", lang=lang)

    def funding(self, municipality: ox.NamedNode, lang: str) -> list[dict[str, str | None]]:
        """The amounts a municipality receives, per convention and year (``queries/funding.rq``)."""
        return self._select("funding.rq", lang=lang, municipalityIri=municipality.value)

    def indicator_values(self, convention: ox.NamedNode, lang: str) -> list[dict[str, str | None]]:
        """The values reported for a convention's indicators (``queries/indicator-values.rq``)."""
        return self._select("indicator-values.rq", convention=convention.value, lang=lang)

    def reporting_status(self, convention: ox.NamedNode) -> list[dict[str, str | None]]:
        """Per year, what is reported of a convention's indicators (``queries/reporting-status.rq``)."""
        return self._select("reporting-status.rq", convention=convention.value)

    def conventions_of(self, node: ox.NamedNode) -> list[ox.NamedNode]:
        """The conventions an item belongs to: those whose graphs describe it."""
        graphs = {
            q.graph_name
            for q in self.store.quads_for_pattern(node, None, None)
            if isinstance(q.graph_name, ox.NamedNode)
        }
        return [
            q.subject
            for graph in graphs
            for q in self.store.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), ox.NamedNode(cssg.Convention), graph)
            if isinstance(q.subject, ox.NamedNode)
        ]

    def funding_by_sector(self, lang: str) -> list[dict[str, str | None]]:
        """Every convention's amount per year, with its sectors and the totals of each year and
        municipality (``queries/funding-by-sector.rq``)."""
        return self._select("funding-by-sector.rq", lang=lang)

    def is_wording(self, node: ox.NamedNode) -> bool:
        """Whether ``node`` is a wording concept (in one of the schemes of ``iris.WORDING_SCHEMES``)."""
        schemes = {self.base + path for path in WORDING_SCHEMES.values()}
        return any(scheme.value in schemes for scheme in self.values(node, SKOS + "inScheme"))

    def wording_uses(self, concept: ox.NamedNode, lang: str) -> list[dict[str, str | None]]:
        """Every item carrying a wording concept, with its objective, convention and municipality
        (``queries/wording-uses.rq``)."""
        return self._select("wording-uses.rq", concept=concept.value, lang=lang)

    def search(self, text: str) -> list[tuple[ox.NamedNode, ox.NamedNode | None, ox.NamedNode]]:
        """The items named with ``text`` and their conventions (``queries/search.rq``)."""
        rows = self._select("search.rq", text=text)
        return [
            (
                ox.NamedNode(cast(str, row["item"])),
                ox.NamedNode(row["kind"]) if row["kind"] else None,
                ox.NamedNode(cast(str, row["convention"])),
            )
            for row in rows
        ]

    def _select(self, query: str, **parameters: str) -> list[dict[str, str | None]]:
        return select_rows(self.store, query, **parameters)


def short_name(iri: str) -> str:
    """``cssg:Indicator`` for an IRI of a known namespace, else the IRI."""
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def _as_number(text: str) -> tuple[int, int, str]:
    return (0, int(text), "") if text.isdigit() else (1, 0, text)
