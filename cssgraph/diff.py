"""What changed between two versions of a convention: a draft and the signed text, or two
periods of one city.

Each version is a convention document (.txt, .pdf, .docx, read as ``extract`` reads it) or an
RDF file holding one convention. The results frameworks are aligned level by level — activity
sectors by their number, the general objective by its sector, then strategic objectives,
operational objectives, expected results, indicators and sub-actions — first by wording (the
same wording concept, or the same words up to case, accents and punctuation; under the same
objective, then anywhere), then by similarity (rapidfuzz): above ``SIMILAR`` anywhere, above the
lower ``SIMILAR_IN_PLACE`` at the same place of the same objective (structure and words together),
the most alike first. An item found in both versions is unchanged, reworded or moved
(its objective in the new version is not the one its old objective became); an item found in one
only is added or removed. Outside the framework every value is compared: title, dates, decree,
council decision, parties, representatives, addresses, designations, the allocation's condition
and amounts per year, duties, the signing and each signatory.

``Diff.changes`` lists the changes in the order of the new version's outline; ``to_json``,
``to_turtle`` and ``to_html`` give them to programs and people, places worded in fr, nl or en.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property, partial
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from cssgraph.errors import InputError
from cssgraph.i18n import marked, render, translate, translate_plural
from cssgraph.iris import DEFAULT_BASE, slug
from cssgraph.outline import label
from cssgraph.rdfio import parse_file, triples_as_rdflib
from cssgraph.read.documents import DOCUMENT_SUFFIXES
from cssgraph.resources import reference_data_file
from cssgraph.vocabulary import CSSG
from cssgraph.wordings import normalised
from cssgraph.wordings import similarity as wording_similarity

ELI = Namespace("http://data.europa.eu/eli/ontology#")
PROV = Namespace("http://www.w3.org/ns/prov#")
SDO = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
LOCN = Namespace("http://www.w3.org/ns/locn#")
OA = Namespace("http://www.w3.org/ns/oa#")
ODRL = Namespace("http://www.w3.org/ns/odrl/2/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")

# Two wordings are the same item, wherever they stand, from this similarity on (rapidfuzz, 0-100,
# on the words folded as wording concepts fold them); at the same place of the same objective, a
# lower similarity suffices: the officer rewrote the item in place.
SIMILAR = 75.0
SIMILAR_IN_PLACE = 50.0

# The kinds of items of the outline, in the order they are aligned (each after its parents).
SECTOR = "sector"
GENERAL = "general objective"
STRATEGIC = "strategic objective"
OPERATIONAL = "operational objective"
SUB_ACTION = "sub-action"
RESULT = "expected result"
INDICATOR = "indicator"
OUTLINE_KINDS = (SECTOR, GENERAL, STRATEGIC, OPERATIONAL, RESULT, INDICATOR, SUB_ACTION)

# How a kind of item or value, a change and a place are worded: by the English key, marked here
# for extraction and translated where it is shown.
KIND_WORDS = {
    SECTOR: marked("sector"),
    GENERAL: marked("general objective"),
    STRATEGIC: marked("strategic objective"),
    OPERATIONAL: marked("operational objective"),
    SUB_ACTION: marked("sub-action"),
    RESULT: marked("expected result"),
    INDICATOR: marked("indicator"),
    "title": marked("title"),
    "convention type": marked("convention type"),
    "start date": marked("start date"),
    "end date": marked("end date"),
    "decree": marked("decree"),
    "council decision date": marked("council decision date"),
    "party": marked("party"),
    "represented by": marked("represented by"),
    "representative": marked("representative"),
    "designation": marked("designation"),
    "address": marked("address"),
    "condition": marked("condition"),
    "amount": marked("amount"),
    "duty": marked("duty"),
    "signature place": marked("signature place"),
    "signature date": marked("signature date"),
    "copies": marked("copies"),
    "copies received": marked("copies received"),
    "signatory": marked("signatory"),
    "signatory capacity": marked("signatory capacity"),
}
CHANGE_LABELS = {
    "added": marked("added"),
    "removed": marked("removed"),
    "reworded": marked("reworded"),
    "moved": marked("moved"),
    "changed": marked("changed"),
}
# A place's parts: (kind of part, number); a part of several numbers (a shared block) is plural.
PLACE_WORDS = {
    "section": (marked("section %(number)s"), marked("sections %(number)s")),
    SECTOR: (marked("sector %(number)s"), marked("sectors %(number)s")),
    GENERAL: (marked("general objective"), marked("general objective")),
    STRATEGIC: (marked("strategic objective %(number)s"), marked("strategic objectives %(number)s")),
    OPERATIONAL: (marked("operational objective %(number)s"), marked("operational objectives %(number)s")),
    SUB_ACTION: (marked("sub-action %(number)s"), marked("sub-actions %(number)s")),
    RESULT: (marked("expected result %(number)s"), marked("expected results %(number)s")),
    INDICATOR: (marked("indicator %(number)s"), marked("indicators %(number)s")),
    "representation": (marked("representation %(number)s"), marked("representations %(number)s")),
    "year": (marked("year %(number)s"), marked("years %(number)s")),
    "duty": (marked("duty %(number)s"), marked("duties %(number)s")),
}
Place = tuple[tuple[str, str], ...]  # (kind of part, number or numbers "1, 2")


# -- The two versions ---------------------------------------------------------------------------


@dataclass
class Version:
    """One convention: its graph (with the reference data, for labels), its IRI, its file."""

    source: str
    iri: URIRef
    graph: Graph
    language: str

    @property
    def title(self) -> str:
        return label(self.graph, self.iri, self.language) or str(self.iri)


def load_version(path: str | Path, base: str = DEFAULT_BASE, language: str | None = None) -> Version:
    """The convention of a document (.txt, .pdf, .docx) or of an RDF file holding exactly one."""
    path = Path(path)
    if not path.is_file():
        raise InputError(str(path), "no such file", fix="give a convention document or an RDF file")
    if path.suffix.lower() in DOCUMENT_SUFFIXES:
        from cssgraph.build import document_quads

        quads, _extraction = document_quads(path, language, base)
    else:
        quads = parse_file(path, base)
    return version_from_quads(quads, str(path), base)


def version_from_quads(
    quads: Iterable[ox.Quad], source: str, base: str = DEFAULT_BASE, iri: str | None = None
) -> Version:
    """The convention ``iri`` of these statements (without ``iri``: the only one they hold), with
    the reference data for the labels of what it names (the State, the decrees, the posts)."""
    quads = list(quads)
    typed = (ox.NamedNode(str(RDF.type)), ox.NamedNode(str(CSSG.Convention)))
    conventions = sorted(
        {q.subject.value for q in quads if (q.predicate, q.object) == typed and isinstance(q.subject, ox.NamedNode)}
    )
    if iri is not None:
        conventions = [c for c in conventions if c == iri]
    if len(conventions) != 1:
        problem = "holds no convention" if not conventions else f"holds {len(conventions)} conventions"
        raise InputError(source, problem, fix="give one convention on each side of the comparison")
    node = ox.NamedNode(conventions[0])
    graph_name = next(q.graph_name for q in quads if (q.predicate, q.object) == typed and q.subject == node)
    graph = Graph()
    for triple in triples_as_rdflib(q for q in quads if q.graph_name == graph_name):
        graph.add(triple)
    for triple in triples_as_rdflib(_reference(base)):
        graph.add(triple)
    return Version(source, URIRef(node.value), graph, _language(graph, URIRef(node.value)))


_REFERENCE: dict[str, list[ox.Quad]] = {}


def _reference(base: str) -> list[ox.Quad]:
    if base not in _REFERENCE:
        _REFERENCE[base] = parse_file(reference_data_file(), base)
    return _REFERENCE[base]


def _language(graph: Graph, iri: URIRef) -> str:
    title = graph.value(iri, RDFS.label)
    return title.language if isinstance(title, Literal) and title.language else "fr"


# -- The outline ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """An item of a results framework: its kind, IRI, words, place, and the items it stands under
    (a sector for a strategic objective, the strategic objectives for what their block holds)."""

    kind: str
    iri: URIRef
    text: str
    place: Place
    parents: tuple[URIRef, ...]
    position: int
    wording: URIRef | None = None

    @cached_property
    def key(self) -> str:
        """The words up to case, accents and punctuation (as a wording concept folds them)."""
        return slug(self.text)


def outline_items(version: Version) -> list[Item]:
    """Every item of the convention's results framework, in the document's order."""
    g, lang = version.graph, version.language
    items: list[Item] = []
    seen: set[URIRef] = set()

    def text(node: Node) -> str:
        return " ".join((label(g, node, lang) or "").split())

    def add(kind: str, node: URIRef, place: Place, parents: tuple[URIRef, ...], position: int) -> None:
        if node in seen:
            return
        seen.add(node)
        wording = g.value(node, CSSG.wording)
        items.append(
            Item(kind, node, text(node), place, parents, position, wording if isinstance(wording, URIRef) else None)
        )

    for section in _sorted(g, g.objects(version.iri, ELI.has_part)):
        section_place: Place = (("section", _number(g, section)),)
        for sector in _sorted(g, g.objects(section, ELI.has_part)):
            if (sector, RDF.type, CSSG.ActivitySector) not in g:
                continue
            sector_place = (*section_place, (SECTOR, _number(g, sector)))
            add(SECTOR, sector, sector_place, (), _position(g, sector))
            for general in g.objects(sector, CSSG.hasGeneralObjective):
                if isinstance(general, URIRef):
                    add(GENERAL, general, (*sector_place, (GENERAL, "")), (sector,), 1)
            objectives = _sorted(g, g.objects(sector, CSSG.hasStrategicObjective))
            for objective in objectives:
                add(
                    STRATEGIC,
                    objective,
                    (*sector_place, (STRATEGIC, _number(g, objective))),
                    (sector,),
                    _position(g, objective),
                )
            for objective in objectives:
                for kind, members in (
                    (OPERATIONAL, g.objects(objective, CSSG.hasOperationalObjective)),
                    (RESULT, g.objects(objective, CSSG.hasExpectedResult)),
                    (INDICATOR, g.subjects(CSSG.measures, objective)),
                ):
                    for member in _sorted(g, members):
                        if member in seen:
                            continue
                        served = _served(g, member, kind, objectives)
                        numbers = ", ".join(_number(g, o) for o in served)
                        place = (*sector_place, (STRATEGIC, numbers), (kind, _number(g, member)))
                        add(kind, member, place, tuple(served), _position(g, member))
                        if kind == OPERATIONAL:
                            for sub in _sorted(g, g.objects(member, CSSG.hasSubAction)):
                                add(
                                    SUB_ACTION,
                                    sub,
                                    (*place, (SUB_ACTION, _number(g, sub))),
                                    (member,),
                                    _position(g, sub),
                                )
    return items


def _served(g: Graph, member: Node, kind: str, objectives: list[URIRef]) -> list[URIRef]:
    """The strategic objectives an item stands under (several for a shared block)."""
    if kind == INDICATOR:
        found = set(g.objects(member, CSSG.measures))
    else:
        link = CSSG.hasOperationalObjective if kind == OPERATIONAL else CSSG.hasExpectedResult
        found = set(g.subjects(link, member))
    return [o for o in objectives if o in found]


def _sorted(g: Graph, nodes: Iterable[Node]) -> list[URIRef]:
    return sorted((n for n in set(nodes) if isinstance(n, URIRef)), key=lambda n: (_position(g, n), str(n)))


def _position(g: Graph, node: Node) -> int:
    value = g.value(node, CSSG.position)
    try:
        return int(str(value)) if value is not None else 0
    except ValueError:
        return 0


def _number(g: Graph, node: Node) -> str:
    for prop in (SKOS.notation, CSSG.position):
        value = g.value(node, prop)
        if value is not None:
            return str(value)
    return "?"


# -- Changes --------------------------------------------------------------------------------------


@dataclass
class Change:
    """One difference: its part ("outline" or "other"), what happened (added, removed, reworded,
    moved, changed), the kind of item or value, and on each side the words, place and node."""

    part: str
    change: str
    kind: str
    old: str | None = None
    new: str | None = None
    old_place: Place = ()
    new_place: Place = ()
    old_iri: str | None = None
    new_iri: str | None = None
    prop: str | None = None  # for a value: the property that holds it

    def as_dict(self, lang: str) -> dict[str, object]:
        return {
            "part": self.part,
            "change": self.change,
            "kind": self.kind,
            "old": self.old,
            "new": self.new,
            "old_place": place_text(self.old_place, lang) or None,
            "new_place": place_text(self.new_place, lang) or None,
            "old_position": {kind: number for kind, number in self.old_place} or None,
            "new_position": {kind: number for kind, number in self.new_place} or None,
            "old_iri": self.old_iri,
            "new_iri": self.new_iri,
        }


@dataclass
class Diff:
    old: Version
    new: Version
    changes: list[Change] = field(default_factory=list)
    # Items of each version matched with the other's (reworded, moved or unchanged): old → new.
    matched: dict[URIRef, URIRef] = field(default_factory=dict)

    @property
    def outline(self) -> list[Change]:
        return [c for c in self.changes if c.part == "outline"]

    @property
    def other(self) -> list[Change]:
        return [c for c in self.changes if c.part == "other"]


def place_text(place: Place, lang: str) -> str:
    """ "section I, sector 1, strategic objective 2, operational objective 3" in ``lang``."""
    parts = []
    for kind, number in place:
        singular, plural = PLACE_WORDS[kind]
        several = "," in number
        parts.append(translate(lang, plural if several else singular, number=number))
    return ", ".join(parts)


def kind_text(kind: str, lang: str) -> str:
    return translate(lang, KIND_WORDS.get(kind, kind))


def change_text(change: str, lang: str) -> str:
    return translate(lang, CHANGE_LABELS.get(change, change))


def diff(old: Version, new: Version) -> Diff:
    """The changes from ``old`` to ``new``."""
    result = Diff(old, new)
    _outline_changes(result)
    _other_changes(result)
    return result


def diff_files(old: str | Path, new: str | Path, base: str = DEFAULT_BASE, language: str | None = None) -> Diff:
    return diff(load_version(old, base, language), load_version(new, base, language))


def similarity(a: str, b: str) -> float:
    """How alike two wordings are (0-100), on their words folded (case, accents, punctuation):
    the best of the plain ratio and of the ratio of the sorted words (a word order changed)."""
    return _similarity(_folded(a), _folded(b))


# The words compared as a wording concept folds them (case, accents, punctuation), and their
# score: the same as across cities' near-duplicate wordings (cssgraph.wordings).
_folded = normalised
_similarity = wording_similarity


def _outline_changes(result: Diff) -> None:
    old_items, new_items = outline_items(result.old), outline_items(result.new)
    by_kind_old = {kind: [i for i in old_items if i.kind == kind] for kind in OUTLINE_KINDS}
    by_kind_new = {kind: [i for i in new_items if i.kind == kind] for kind in OUTLINE_KINDS}
    found: list[tuple[Item | None, Item | None]] = []
    for kind in OUTLINE_KINDS:
        olds, news = by_kind_old[kind], by_kind_new[kind]
        if kind == SECTOR:  # sectors are numbered across the convention: the number is the sector
            pairs = _align_by(olds, news, lambda i: i.place[-1][1], lambda i: i.place[-1][1])
        elif kind == GENERAL:  # one per sector
            pairs = _align_by(olds, news, partial(_parents_key, result.matched), partial(_parents_key, None))
        else:
            pairs = _align(olds, news, result.matched)
        for o, n in pairs:
            if o is not None and n is not None:
                result.matched[o.iri] = n.iri
        found += pairs
    order = {item.iri: k for k, item in enumerate(new_items)}
    old_order = {item.iri: k for k, item in enumerate(old_items)}

    def rank(pair: tuple[Item | None, Item | None]) -> tuple[int, int]:
        o, n = pair
        if n is not None:
            return (order[n.iri], 0)
        assert o is not None
        # A removed item stands where its predecessor in the old version went.
        before = [p for p in old_items[: old_order[o.iri]] if p.iri in result.matched]
        return (order.get(result.matched[before[-1].iri], -1) if before else -1, 1 + old_order[o.iri])

    for o, n in sorted(found, key=rank):
        change = _item_change(o, n, result.matched)
        if change is not None:
            result.changes.append(change)


def _parents_key(matched: dict[URIRef, URIRef] | None, item: Item) -> tuple[str, ...]:
    """An item's parents, an old item's as they became in the new version (``matched``)."""
    return tuple(str(matched.get(p) if matched is not None else p) for p in item.parents)


def _align_by(
    olds: list[Item], news: list[Item], old_key: Callable[[Item], object], new_key: Callable[[Item], object]
) -> list[tuple[Item | None, Item | None]]:
    """Pairs of the items that stand at the same place (their key) in both versions."""
    new_by_key = {new_key(n): n for n in news}
    pairs: list[tuple[Item | None, Item | None]] = []
    used: set[URIRef] = set()
    for o in olds:
        n = new_by_key.get(old_key(o))
        if n is not None and n.iri not in used:
            used.add(n.iri)
            pairs.append((o, n))
        else:
            pairs.append((o, None))
    pairs += [(None, n) for n in news if n.iri not in used]
    return pairs


def _align(olds: list[Item], news: list[Item], matched: dict[URIRef, URIRef]) -> list[tuple[Item | None, Item | None]]:
    """Pairs of the same item in both versions, by wording then by place; the rest alone."""

    def same_parents(o: Item, n: Item) -> bool:
        return {matched.get(p) for p in o.parents} == set(n.parents)

    pairs: list[tuple[Item | None, Item | None]] = []
    left, right = list(olds), list(news)

    def take(o: Item, n: Item) -> None:
        pairs.append((o, n))
        left.remove(o)
        right.remove(n)

    # The new items by their words and by their wording concept.
    by_words: dict[object, list[Item]] = {}
    for n in news:
        for found in (n.key, n.wording):
            if found is not None:
                by_words.setdefault(found, []).append(n)
    unmatched = set(news)

    # 1. The same words under the same objective; 2. the same words anywhere.
    for in_place in (True, False):
        for o in list(left):
            same = {n for found in (o.key, o.wording) if found is not None for n in by_words.get(found, [])}
            candidates = [n for n in same & unmatched if same_parents(o, n) or not in_place]
            if candidates:
                chosen = min(candidates, key=lambda n: (abs(n.position - o.position), str(n.iri)))
                unmatched.discard(chosen)
                take(o, chosen)
    # 3. Alike words: the most alike first, under the same objective before elsewhere.
    folded = {item.iri: _folded(item.text) for item in (*left, *right)}

    def score(o: Item, n: Item) -> float:
        """The similarity if it is enough for a pair (less in place), else 0."""
        in_place = o.position == n.position and same_parents(o, n)
        found = _similarity(folded[o.iri], folded[n.iri], SIMILAR_IN_PLACE if in_place else SIMILAR)
        return found if found >= (SIMILAR_IN_PLACE if in_place else SIMILAR) else 0.0

    scored = sorted(
        (
            (alike + (10 if same_parents(o, n) else 0) + (2 if o.position == n.position else 0), k, j)
            for k, o in enumerate(left)
            for j, n in enumerate(right)
            if (alike := score(o, n))
        ),
        reverse=True,
    )
    olds_left, news_left = list(left), list(right)
    taken_old: set[int] = set()
    taken_new: set[int] = set()
    for _score, k, j in scored:
        if k not in taken_old and j not in taken_new:
            taken_old.add(k)
            taken_new.add(j)
            take(olds_left[k], news_left[j])
    pairs += [(o, None) for o in left] + [(None, n) for n in right]
    return pairs


def _item_change(o: Item | None, n: Item | None, matched: dict[URIRef, URIRef]) -> Change | None:
    if o is None and n is not None:
        return Change("outline", "added", n.kind, new=n.text, new_place=n.place, new_iri=str(n.iri))
    if n is None and o is not None:
        return Change("outline", "removed", o.kind, old=o.text, old_place=o.place, old_iri=str(o.iri))
    assert o is not None and n is not None
    if {matched.get(p) for p in o.parents} != set(n.parents):  # under another objective (or sector)
        what = "moved"
    elif o.text != n.text:  # other words, or the same but for case, accents or punctuation
        what = "reworded"
    else:  # the same words in the same place (its rank may differ: items added before it)
        return None
    return Change("outline", what, o.kind, o.text, n.text, o.place, n.place, str(o.iri), str(n.iri))


# -- Everything else: values -------------------------------------------------------------------------


@dataclass
class _Side:
    version: Version

    @property
    def g(self) -> Graph:
        return self.version.graph

    @property
    def c(self) -> URIRef:
        return self.version.iri

    def one(self, subject: Node | None, prop: URIRef) -> Node | None:
        return None if subject is None else self.g.value(subject, prop)

    def words(self, node: Node | None) -> str | None:
        """A node's words: a literal's value, else its label."""
        if node is None:
            return None
        if isinstance(node, Literal):
            return " ".join(str(node).split())
        found = label(self.g, node, self.version.language)
        return " ".join(found.split()) if found else str(node)

    def quote(self, node: Node) -> str | None:
        """The words the document gave for ``node`` (its provenance quote), if it was read from one."""
        exact = self.g.value(URIRef(f"{node}#quote"), OA.exact)
        return " ".join(str(exact).split()) if exact is not None else None


def _other_changes(result: Diff) -> None:
    a, b = _Side(result.old), _Side(result.new)
    out = result.changes

    def value(
        kind: str,
        old: str | None,
        new: str | None,
        old_node: Node | None = None,
        new_node: Node | None = None,
        prop: URIRef | None = None,
        old_place: Place = (),
        new_place: Place = (),
        same: Callable[[str, str], bool] | None = None,
    ) -> None:
        if old == new or (old is not None and new is not None and same is not None and same(old, new)):
            return
        change = "changed" if old is not None and new is not None else "added" if old is None else "removed"
        out.append(
            Change(
                "other",
                change,
                kind,
                old,
                new,
                old_place,
                new_place,
                str(old_node) if old_node is not None and old is not None else None,
                str(new_node) if new_node is not None and new is not None else None,
                str(prop) if prop is not None else None,
            )
        )

    def prop_value(kind: str, prop: URIRef, old_subject: Node | None, new_subject: Node | None) -> None:
        value(
            kind,
            a.words(a.one(old_subject, prop)),
            b.words(b.one(new_subject, prop)),
            old_subject,
            new_subject,
            prop,
        )

    prop_value("title", RDFS.label, a.c, b.c)
    prop_value("convention type", CSSG.conventionType, a.c, b.c)
    prop_value("start date", ELI.first_date_entry_in_force, a.c, b.c)
    prop_value("end date", ELI.date_no_longer_in_force, a.c, b.c)
    old_decree, new_decree = a.one(a.c, ELI.based_on), b.one(b.c, ELI.based_on)
    value(  # a decree by its date: the reference data may name one and not the other
        "decree",
        a.words(a.one(old_decree, ELI.date_document)) or a.words(old_decree),
        b.words(b.one(new_decree, ELI.date_document)) or b.words(new_decree),
        a.c,
        b.c,
        ELI.based_on,
    )
    prop_value("party", CSSG.stateParty, a.c, b.c)
    prop_value("party", CSSG.municipalityParty, a.c, b.c)
    old_decision, new_decision = a.one(a.c, CSSG.councilDecision), b.one(b.c, CSSG.councilDecision)
    prop_value("council decision date", ELI.date_document, old_decision, new_decision)
    _representations(a, b, value)
    old_allocation, new_allocation = a.one(a.c, CSSG.allocation), b.one(b.c, CSSG.allocation)
    prop_value("condition", CSSG.condition, old_allocation, new_allocation)
    _amounts(a, b, old_allocation, new_allocation, value)
    _duties(a, b, value)
    old_signing, new_signing = a.one(a.c, CSSG.signing), b.one(b.c, CSSG.signing)
    value(
        "signature place",
        a.words(a.one(a.one(old_signing, PROV.atLocation), RDFS.label)),
        b.words(b.one(b.one(new_signing, PROV.atLocation), RDFS.label)),
        old_signing,
        new_signing,
        PROV.atLocation,
    )
    prop_value("signature date", CSSG.signatureDate, old_signing, new_signing)
    prop_value("copies", CSSG.numberOfCopies, old_signing, new_signing)
    prop_value("copies received", CSSG.copiesReceivedPerParty, old_signing, new_signing)
    _signatories(a, b, old_signing, new_signing, value)


_Value = Callable[..., None]


def _party_key(side: _Side, party: Node | None) -> str:
    """A party the same on both sides: the State, or the municipality of the convention."""
    if party is None:
        return ""
    if party == side.one(side.c, CSSG.stateParty):
        return "state"
    if party == side.one(side.c, CSSG.municipalityParty):
        return "municipality"
    return str(party)


def _representations(a: _Side, b: _Side, value: _Value) -> None:
    def by_party(side: _Side) -> dict[str, Node]:
        return {
            _party_key(side, side.one(r, CSSG.representedParty)): r for r in side.g.objects(side.c, CSSG.representation)
        }

    olds, news = by_party(a), by_party(b)
    for key in sorted(olds.keys() | news.keys()):
        o, n = olds.get(key), news.get(key)
        op: Place = (("representation", _number(a.g, o)),) if o is not None else ()
        np: Place = (("representation", _number(b.g, n)),) if n is not None else ()
        value(
            "represented by",
            _representative(a, o),
            _representative(b, n),
            o,
            n,
            CSSG.representedBy,
            op,
            np,
            same=lambda x, y: slug(x) == slug(y),
        )
        value(
            "designation",
            *(s.words(s.one(r, CSSG.designation)) for s, r in ((a, o), (b, n))),
            o,
            n,
            CSSG.designation,
            op,
            np,
        )
        old_address, new_address = a.one(o, LOCN.address), b.one(n, LOCN.address)
        value(
            "address",
            a.words(a.one(old_address, LOCN.fullAddress)),
            b.words(b.one(new_address, LOCN.fullAddress)),
            old_address,
            new_address,
            LOCN.fullAddress,
            op,
            np,
        )
        _people(  # the persons acting for the party
            "representative",
            [(p, _person(a, p)) for p in _sorted_people(a, a.g.objects(o, CSSG.actingPerson) if o else [])],
            [(p, _person(b, p)) for p in _sorted_people(b, b.g.objects(n, CSSG.actingPerson) if n else [])],
            value,
            op,
            np,
        )


def _representative(side: _Side, representation: Node | None) -> str | None:
    """Who represents the party: the document's words when it was read from one, else the post."""
    if representation is None:
        return None
    return side.quote(representation) or side.words(side.one(representation, CSSG.representedBy))


def _person(side: _Side, person: Node) -> tuple[str, str]:
    """A person's family name (what identifies them across versions) and name with capacity."""
    family = side.words(side.one(person, FOAF.familyName)) or ""
    name = side.words(person) or ""
    posts = [side.words(post) for post in side.g.objects(person, ORG.holds)]
    capacity = ", ".join(sorted(p for p in posts if p))
    return family, f"{name}, {capacity}" if capacity else name


def _sorted_people(side: _Side, people: Iterable[Node]) -> list[Node]:
    """People in the order the document names them (where it was read from one), else by IRI."""

    def start(person: Node) -> int:
        found = side.g.value(URIRef(f"{person}#position"), OA.start)
        return int(str(found)) if found is not None else 0

    return sorted(set(people), key=lambda p: (start(p), str(p)))


def _people(
    kind: str,
    olds: Sequence[tuple[Node, tuple[str, str]]],
    news: Sequence[tuple[Node, tuple[str, str]]],
    value: _Value,
    old_place: Place,
    new_place: Place,
) -> list[tuple[Node | None, Node | None]]:
    """People of one list on both sides, the same person by their family name, then in order;
    the pairs of nodes found."""
    new_left = list(news)
    unmatched_old = []
    pairs: list[tuple[Node | None, Node | None]] = []
    for node, (family, text) in olds:
        same = next((item for item in new_left if slug(item[1][0]) == slug(family)), None)
        if same is None:
            unmatched_old.append((node, text))
            continue
        new_left.remove(same)
        pairs.append((node, same[0]))
        value(kind, text, same[1][1], node, same[0], None, old_place, new_place)
    rest = [(node, text) for node, (_family, text) in new_left]
    for k in range(max(len(unmatched_old), len(rest))):
        o: tuple[Node | None, str | None] = unmatched_old[k] if k < len(unmatched_old) else (None, None)
        n: tuple[Node | None, str | None] = rest[k] if k < len(rest) else (None, None)
        pairs.append((o[0], n[0]))
        value(kind, o[1], n[1], o[0], n[0], None, old_place, new_place)
    return pairs


def _amounts(a: _Side, b: _Side, old_allocation: Node | None, new_allocation: Node | None, value: _Value) -> None:
    def by_year(side: _Side, allocation: Node | None) -> dict[str, tuple[Node, str | None]]:
        found = {}
        for amount in side.g.objects(allocation, SDO.amount) if allocation is not None else []:
            year = str(side.one(amount, SDO.validFrom) or "")[:4]
            found[year] = (amount, _decimal(side.one(amount, SDO.value)))
        return found

    olds, news = by_year(a, old_allocation), by_year(b, new_allocation)
    for year in sorted(olds.keys() | news.keys()):
        o, n = olds.get(year, (None, None)), news.get(year, (None, None))
        place: Place = (("year", year),)
        value("amount", o[1], n[1], o[0], n[0], SDO.value, place if o[0] else (), place if n[0] else ())


def _decimal(node: Node | None) -> str | None:
    if node is None:
        return None
    from decimal import Decimal, InvalidOperation

    try:
        return f"{Decimal(str(node)):.2f}"
    except InvalidOperation:
        return str(node)


def _duties(a: _Side, b: _Side, value: _Value) -> None:
    def duties(side: _Side) -> list[tuple[Node, str, str, int]]:
        found = []
        for provision in side.g.objects(side.c, CSSG.hasProvision):
            for duty in side.g.objects(provision, CSSG.imposes):
                found.append(
                    (duty, str(side.one(duty, ODRL.action) or ""), side.words(duty) or "", _position(side.g, duty))
                )
        return sorted(found, key=lambda d: (d[3], str(d[0])))

    olds, news = duties(a), duties(b)
    new_left = list(news)
    pending = []
    for o in olds:  # the same action, else the same words, else alike words
        same = next((n for n in new_left if o[1] and n[1] == o[1]), None) or next(
            (n for n in new_left if similarity(n[2], o[2]) >= SIMILAR), None
        )
        if same is None:
            pending.append(o)
            continue
        new_left.remove(same)
        value(
            "duty",
            o[2],
            same[2],
            o[0],
            same[0],
            RDFS.label,
            (("duty", str(o[3])),),
            (("duty", str(same[3])),),
            same=lambda x, y: x == y,
        )
    for o in pending:
        value("duty", o[2], None, o[0], None, RDFS.label, (("duty", str(o[3])),))
    for n in new_left:
        value("duty", None, n[2], None, n[0], RDFS.label, (), (("duty", str(n[3])),))


def _signatories(a: _Side, b: _Side, old_signing: Node | None, new_signing: Node | None, value: _Value) -> None:
    """Each party's signatories: the same person by family name, else in order; their name,
    then the capacity written under it."""

    def signatories(side: _Side, signing: Node | None) -> dict[str, list[tuple[Node, tuple[str, str]]]]:
        by_party: dict[str, list[tuple[Node, tuple[str, str]]]] = {}
        nodes = side.g.objects(signing, PROV.qualifiedAssociation) if signing is not None else []
        for association in sorted(nodes, key=lambda n: (_position(side.g, n), str(n))):
            person = side.one(association, PROV.agent)
            family = side.words(side.one(person, FOAF.familyName)) or ""
            party = _party_key(side, side.one(association, CSSG.signsFor))
            by_party.setdefault(party, []).append((association, (family, side.words(person) or "")))
        return by_party

    def capacity(side: _Side, association: Node | None) -> str | None:
        return side.words(side.one(association, CSSG.capacity))

    olds, news = signatories(a, old_signing), signatories(b, new_signing)
    for party in sorted(olds.keys() | news.keys()):
        for o, n in _people("signatory", olds.get(party, []), news.get(party, []), value, (), ()):
            value("signatory capacity", capacity(a, o), capacity(b, n), o, n, CSSG.capacity)


# -- Renderings --------------------------------------------------------------------------------------


def to_json(result: Diff, lang: str) -> str:
    return (
        json.dumps(
            {
                "old": {"iri": str(result.old.iri), "title": result.old.title, "source": result.old.source},
                "new": {"iri": str(result.new.iri), "title": result.new.title, "source": result.new.source},
                "changes": [change.as_dict(lang) for change in result.changes],
            },
            ensure_ascii=False,
            indent=2,
        )
        + "\n"
    )


CHANGE_CLASSES = {
    "added": CSSG.Addition,
    "removed": CSSG.Removal,
    "reworded": CSSG.Rewording,
    "moved": CSSG.Move,
    "changed": CSSG.ValueChange,
}


# The values that are not words, typed as the conventions type them.
VALUE_TYPES = {
    **dict.fromkeys(("start date", "end date", "council decision date", "signature date", "decree"), XSD.date),
    "amount": XSD.decimal,
    **dict.fromkeys(("copies", "copies received"), XSD.integer),
}


def to_graph(result: Diff, lang: str) -> Graph:
    """The change set as RDF: the new convention ``prov:wasRevisionOf`` the old, each item found
    in both ``prov:wasRevisionOf`` its old version, and one ``cssg:Change`` per change with the
    nodes (``cssg:before``, ``cssg:after``) and words (``cssg:valueBefore``, ``cssg:valueAfter``)
    of both sides. Two versions of one period (a draft and the signed text) have the same IRIs:
    no node is said to be a revision of itself, and ``before`` and ``after`` name the same node,
    the words telling the two versions apart."""
    from rdflib import BNode

    graph = Graph()
    graph.bind("cssg", str(CSSG))
    graph.bind("prov", str(PROV))
    old, new = result.old.iri, result.new.iri
    if old != new:
        graph.add((new, PROV.wasRevisionOf, old))
    for before, after in result.matched.items():
        if before != after:
            graph.add((after, PROV.wasRevisionOf, before))
    changes = BNode()
    graph.add((changes, RDF.type, CSSG.ChangeSet))
    graph.add((changes, CSSG.oldVersion, old))
    graph.add((changes, CSSG.newVersion, new))
    for change in result.changes:
        node = BNode()
        graph.add((changes, CSSG.hasChange, node))
        graph.add((node, RDF.type, CHANGE_CLASSES[change.change]))
        summary = f"{change_text(change.change, lang)}: {kind_text(change.kind, lang)}"
        graph.add((node, RDFS.label, Literal(summary, lang=lang)))
        if change.old_iri:
            graph.add((node, CSSG.before, URIRef(change.old_iri)))
        if change.new_iri:
            graph.add((node, CSSG.after, URIRef(change.new_iri)))
        datatype = VALUE_TYPES.get(change.kind)
        if change.old is not None:
            graph.add((node, CSSG.valueBefore, Literal(change.old, datatype=datatype)))
        if change.new is not None:
            graph.add((node, CSSG.valueAfter, Literal(change.new, datatype=datatype)))
        if change.prop:
            graph.add((node, CSSG.changedProperty, URIRef(change.prop)))
    return graph


def to_turtle(result: Diff, lang: str) -> str:
    return to_graph(result, lang).serialize(format="turtle")


def rows(result: Diff, lang: str) -> Iterator[dict[str, str | None]]:
    """Each change as the pages and the text report show it, in ``lang``."""
    for change in result.changes:
        yield {
            "part": change.part,
            "change": change.change,
            "change_text": change_text(change.change, lang),
            "kind": kind_text(change.kind, lang),
            "old": change.old,
            "new": change.new,
            "old_place": place_text(change.old_place, lang),
            "new_place": place_text(change.new_place, lang),
            "old_iri": change.old_iri,
            "new_iri": change.new_iri,
        }


def to_html(result: Diff, lang: str) -> str:
    return render(
        "diff.html",
        lang,
        old=result.old,
        new=result.new,
        outline=[r for r in rows(result, lang) if r["part"] == "outline"],
        other=[r for r in rows(result, lang) if r["part"] == "other"],
        href=str,
    )


def text_lines(result: Diff, lang: str) -> Iterator[tuple[str, str]]:
    """The report as (style, text) lines for a terminal: rich styles, plain text."""
    yield "bold", f"{result.old.title} → {result.new.title}"
    yield "", f"  {result.old.iri} → {result.new.iri}"
    yield "", translate_plural(lang, "%(num)d change", "%(num)d changes", len(result.changes))
    styles = {"added": "green", "removed": "red", "reworded": "yellow", "moved": "cyan", "changed": "yellow"}
    for heading, part in ((marked("Results framework"), "outline"), (marked("Other terms"), "other")):
        shown = [r for r in rows(result, lang) if r["part"] == part]
        if not shown:
            continue
        yield "", ""
        yield "bold", translate(lang, heading)
        for row in shown:
            change = row["change"] or ""
            where = row["new_place"] or row["old_place"]
            yield styles.get(change, ""), f"  {row['change_text']} · {row['kind']}" + (f" · {where}" if where else "")
            if row["old"] is not None:
                yield (
                    "red",
                    f"    − {row['old']}"
                    + (f"  ({row['old_place']})" if change == "moved" and row["old_place"] else ""),
                )
            if row["new"] is not None:
                yield (
                    "green",
                    f"    + {row['new']}"
                    + (f"  ({row['new_place']})" if change == "moved" and row["new_place"] else ""),
                )
