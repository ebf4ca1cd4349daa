"""Near-duplicate wordings across conventions (``cssgraph similar-wordings``).

Items worded alike up to case, accents and punctuation already share a wording concept (one
``cssg:wording`` IRI per kind: indicator, operational objective, expected result; see
``cssgraph.iris``). Officers of other cities word the same indicator a little differently ("Délai
de transmission", "Délai moyen de transmission"): those are two concepts. This module proposes
such pairs, each with its score (rapidfuzz, 0-100, on the words normalised: case, accents,
punctuation, quotes and apostrophes folded), for a person to confirm. Only concepts of the same
kind used in different conventions are paired, and a pair already linked by ``skos:closeMatch``
or ``skos:exactMatch`` is confirmed, not proposed again.

The proposals as Turtle are one ``skos:closeMatch`` statement per pair, each under a comment
with its score and words: a person deletes the lines they reject and adds the file to the data;
``queries/cities-measuring.rq`` then also finds an indicator by the words of a concept confirmed
close to its own.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import cast

import pyoxigraph as ox
from rapidfuzz import fuzz

from cssgraph.iris import DEFAULT_BASE, WORDING_SCHEMES, slug
from cssgraph.vocabulary import CSSG

SKOS = "http://www.w3.org/2004/02/skos/core#"
# Two wordings are proposed as near from this score on (0-100): above the diff's threshold for
# one item moved and reworded (75), since here the two items are in different conventions.
DEFAULT_THRESHOLD = 85.0

_USES = (
    f"PREFIX cssg: <{CSSG}>"
    + """
PREFIX eli:  <http://data.europa.eu/eli/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?concept ?convention ?municipality ?start ?end WHERE {
  ?item cssg:wording ?concept .
  ?objective cssg:hasOperationalObjective|cssg:hasExpectedResult|^cssg:measures ?item .
  ?convention eli:has_part/eli:has_part/cssg:hasStrategicObjective ?objective .
  OPTIONAL { ?convention cssg:municipalityParty/rdfs:label ?named FILTER (LANG(?named) = "__lang__") }
  OPTIONAL { ?convention cssg:municipalityParty/rdfs:label ?french FILTER (LANG(?french) = "fr") }
  BIND (COALESCE(?named, ?french) AS ?municipality)
  OPTIONAL { ?convention eli:first_date_entry_in_force ?start }
  OPTIONAL { ?convention eli:date_no_longer_in_force ?end }
}
"""
)
# A concept's words and scheme, asked apart from its uses: each convention's graph states them
# again, and joined to every use they would multiply the rows by the number of conventions.
_LABELS = "SELECT ?concept (MIN(?label) AS ?text) WHERE { ?concept <%sprefLabel> ?label } GROUP BY ?concept"
_SCHEMES = "SELECT DISTINCT ?concept ?scheme WHERE { ?concept <%sinScheme> ?scheme }"
_CONFIRMED = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?a ?b WHERE { ?a skos:closeMatch|skos:exactMatch ?b }
"""


@dataclass
class Wording:
    """A wording concept: its IRI, its kind, its words, and the conventions using it (IRI →
    name, "Liège 2018-2019")."""

    iri: str
    kind: str
    text: str
    conventions: dict[str, str]

    @property
    def convention_names(self) -> list[str]:
        return sorted(self.conventions.values())


@dataclass
class Proposal:
    """Two wording concepts of one kind, in different conventions, whose words are near."""

    score: float
    first: Wording
    second: Wording


def normalised(text: str) -> str:
    """The words as they are compared: lower case, no accents, punctuation, quotes or
    apostrophes ("L’allocation « versée »" → "l allocation versee")."""
    return slug(text).replace("-", " ")


def similarity(x: str, y: str, cutoff: float = 0.0) -> float:
    """How alike two normalised wordings are (0-100): the best of the plain ratio, the ratio of
    the sorted words (a word order changed) and, slightly less, of the words in common (one
    wording says more: "délai moyen de transmission"); below ``cutoff``, 0 (rapidfuzz stops
    early)."""
    return max(
        fuzz.ratio(x, y, score_cutoff=cutoff),
        fuzz.token_sort_ratio(x, y, score_cutoff=cutoff),
        0.95 * fuzz.token_set_ratio(x, y, score_cutoff=cutoff / 0.95),
    )


def _kind(scheme: str, base: str) -> str:
    for kind, path in WORDING_SCHEMES.items():
        if scheme == base + path:
            return kind
    return scheme


def wordings(store: ox.Store, base: str = DEFAULT_BASE, lang: str = "fr") -> list[Wording]:
    """Every wording concept an item of a convention uses, with those conventions."""

    def select(query: str) -> ox.QuerySolutions:
        return cast(ox.QuerySolutions, store.query(query, use_default_graph_as_union=True))

    uses: dict[str, dict[str, str]] = {}
    for row in select(_USES.replace("__lang__", lang)):
        start, end = (row[name].value[:4] if row[name] is not None else "" for name in ("start", "end"))
        period = start if start == end else f"{start}-{end}"
        name = " ".join(part for part in (row["municipality"].value if row["municipality"] else "", period) if part)
        uses.setdefault(row["concept"].value, {})[row["convention"].value] = name or row["convention"].value
    texts = {row["concept"].value: row["text"].value for row in select(_LABELS % SKOS) if row["text"] is not None}
    schemes = {row["concept"].value: row["scheme"].value for row in select(_SCHEMES % SKOS)}
    found = [
        Wording(concept, _kind(schemes[concept], base), texts[concept], conventions)
        for concept, conventions in uses.items()
        if concept in texts and concept in schemes
    ]
    return sorted(found, key=lambda w: (w.kind, w.iri))


def confirmed(store: ox.Store) -> set[frozenset[str]]:
    """The pairs of concepts the data already says are close or the same."""
    rows = cast(ox.QuerySolutions, store.query(_CONFIRMED, use_default_graph_as_union=True))
    return {frozenset((row["a"].value, row["b"].value)) for row in rows}


def proposals(
    store: ox.Store, threshold: float = DEFAULT_THRESHOLD, base: str = DEFAULT_BASE, lang: str = "fr"
) -> list[Proposal]:
    """The pairs of wording concepts of one kind, used in different conventions, whose words
    score ``threshold`` or more and that the data does not already link; best first."""
    return near_pairs(wordings(store, base, lang), threshold, confirmed(store))


def near_pairs(
    found: Iterable[Wording], threshold: float = DEFAULT_THRESHOLD, known: set[frozenset[str]] | None = None
) -> list[Proposal]:
    known = known or set()
    by_kind: dict[str, list[tuple[Wording, str]]] = {}
    for wording in found:
        by_kind.setdefault(wording.kind, []).append((wording, normalised(wording.text)))
    pairs = []
    for members in by_kind.values():
        for i, (first, x) in enumerate(members):
            for second, y in members[i + 1 :]:
                if first.conventions.keys() == second.conventions.keys() and len(first.conventions) == 1:
                    continue  # two wordings of one convention: two items it tells apart
                if frozenset((first.iri, second.iri)) in known:
                    continue
                score = similarity(x, y, threshold)
                if score >= threshold:
                    pairs.append(Proposal(round(score, 1), first, second))
    return sorted(pairs, key=lambda p: (-p.score, p.first.kind, p.first.text, p.second.text))


# -- Output ------------------------------------------------------------------------------------


COLUMNS = ("score", "kind", "wording", "conventions", "similarWording", "similarConventions", "concept", "similar")


def rows(found: list[Proposal]) -> list[dict[str, str]]:
    """One row per proposal, as the table and the CSV show it."""
    return [
        {
            "score": f"{p.score:.1f}",
            "kind": p.first.kind,
            "wording": p.first.text,
            "conventions": ", ".join(p.first.convention_names),
            "similarWording": p.second.text,
            "similarConventions": ", ".join(p.second.convention_names),
            "concept": p.first.iri,
            "similar": p.second.iri,
        }
        for p in found
    ]


def to_csv(found: list[Proposal]) -> str:
    import csv
    import io

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows(found))
    return out.getvalue()


def to_turtle(found: list[Proposal], threshold: float) -> str:
    """The proposals as data: one skos:closeMatch per pair, under a comment giving its score, its
    words and the conventions using each. Keeping a statement confirms it."""
    lines = [
        "# Wording concepts proposed as close (cssgraph similar-wordings, threshold "
        f"{threshold:g}): keep the statements you confirm,",
        "# delete the others, and add this file to the data.",
        f"@prefix skos: <{SKOS}> .",
        "",
    ]
    for p in found:
        lines += [
            f"# {p.score:.1f} — {_comment(p.first)}",
            f"#        ~ {_comment(p.second)}",
            f"<{p.first.iri}> skos:closeMatch <{p.second.iri}> .",
            "",
        ]
    return "\n".join(lines)


def _comment(wording: Wording) -> str:
    return " ".join(f"“{wording.text}” ({', '.join(wording.convention_names)})".split())
