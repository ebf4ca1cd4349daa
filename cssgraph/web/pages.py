"""The published site's pages: the home page, and every IRI under the base dereferenced as an
HTML page for a browser or as RDF for a program (Turtle, JSON-LD, RDF/XML, N-Triples), chosen by
Accept or overridden with ?format= or a suffix; 404 for an IRI the data does not describe.

``Site`` renders; it does not care whether a request is waiting: ``cssgraph serve`` calls it per
request, ``cssgraph publish`` once per page to write a static site. A resource's description is
its own statements and those of its hash IRIs (``…/indicator/3#source``), as Linked Data does.

A page is in the visitor's language (Accept-Language, or ?lang=): a convention shows its outline
as a tree; an outline item shows where it sits (municipality › convention › section › sector ›
objective) and the passage of the source document it was read from; every page links to what it
names and lists what points to it, so one can walk from an indicator up to its strategic
objective and back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape as h
from pathlib import Path
from typing import TYPE_CHECKING, cast
from urllib.parse import quote

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response

from cssgraph.errors import ServiceError
from cssgraph.outline import DOWN, FRAMEWORK_LINKS, UP
from cssgraph.settings import DEFAULTS, LANGUAGES, Settings
from cssgraph.vocabulary import CSSG, cssg
from cssgraph.web.conneg import chosen

if TYPE_CHECKING:
    from cssgraph.rdfio import Term

# What the outline, the provenance and the names of a page are read from: statements' objects,
# triple terms (RDF 1.2) set aside (``Site.values``), and their subjects.
Value = ox.NamedNode | ox.BlankNode | ox.Literal

RDF_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
}
FORMAT_NAMES = {
    "ttl": "text/turtle",
    "jsonld": "application/ld+json",
    "rdf": "application/rdf+xml",
    "nt": "application/n-triples",
    "html": "text/html",
}
TEXTS_KEPT = 200_000  # labels kept by a Site (about 50 MB)
INCOMING_SHOWN = 500  # statements pointing to a resource listed on its page
# Only these schemes become links: an IRI in the data may be javascript: or data: (stored XSS).
LINKABLE = re.compile(r"(?:https?|mailto):", re.IGNORECASE)

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
}

# The convention's outline: the links from an item to the items under it, in the order a page
# lists them. Indicators hang under the objective they measure (the link points upwards).
# The outline's links (declared in cssgraph.outline) as the store's terms: those pointing down
# (parent → child), then those pointing up (an indicator → the objective it measures).
LINKS_DOWN = tuple(ox.NamedNode(prop) for prop, direction in FRAMEWORK_LINKS if direction == DOWN)
LINKS_UP = tuple(ox.NamedNode(prop) for prop, direction in FRAMEWORK_LINKS if direction == UP)
INDICATOR_COUNTS = f"""SELECT ?convention (COUNT(DISTINCT ?indicator) AS ?indicators) WHERE {{
    ?convention a <{cssg.Convention}> ; <{ELI}has_part>/<{ELI}has_part>/<{cssg.hasStrategicObjective}> ?objective .
    ?indicator <{cssg.measures}> ?objective .
}} GROUP BY ?convention"""
DERIVED_FROM = "http://www.w3.org/ns/prov#wasDerivedFrom"

WORDS = {
    "home": {"fr": "Accueil", "nl": "Startpagina", "en": "Home"},
    "site": {
        "fr": "Contrats de sécurité et de société en données liées",
        "nl": "Veiligheids- en samenlevingscontracten als gelinkte data",
        "en": "Security and society conventions as linked data",
    },
    "intro": {
        "fr": "Chaque convention entre l’État fédéral et une commune : parties, financement, base légale "
        "et cadre de résultats, jusqu’à chaque indicateur.",
        "nl": "Elke overeenkomst tussen de federale Staat en een gemeente: partijen, financiering, rechtsgrond "
        "en resultatenkader, tot elke indicator.",
        "en": "Every convention between the federal State and a municipality: parties, funding, legal basis "
        "and results framework, down to each indicator.",
    },
    "conventions": {"fr": "Conventions", "nl": "Overeenkomsten", "en": "Conventions"},
    "municipality": {"fr": "Commune", "nl": "Gemeente", "en": "Municipality"},
    "period": {"fr": "Période", "nl": "Periode", "en": "Period"},
    "indicators": {"fr": "Indicateurs", "nl": "Indicatoren", "en": "Indicators"},
    "dataset": {"fr": "Jeu de données (DCAT)", "nl": "Dataset (DCAT)", "en": "Dataset (DCAT)"},
    "dumps": {"fr": "Téléchargements", "nl": "Downloads", "en": "Downloads"},
    "ontology": {"fr": "Ontologie", "nl": "Ontologie", "en": "Ontology"},
    "shapes": {"fr": "Règles de validation", "nl": "Validatieregels", "en": "Validation rules"},
    "sparql": {"fr": "Point SPARQL", "nl": "SPARQL-eindpunt", "en": "SPARQL endpoint"},
    "validate": {"fr": "Valider une convention", "nl": "Een overeenkomst valideren", "en": "Validate a convention"},
    "outline": {"fr": "Plan de la convention", "nl": "Opbouw van de overeenkomst", "en": "Outline of the convention"},
    "trace": {"fr": "Place dans la convention", "nl": "Plaats in de overeenkomst", "en": "Place in the convention"},
    "source": {"fr": "Dans le document source", "nl": "In het brondocument", "en": "In the source document"},
    "line": {"fr": "ligne {first}", "nl": "regel {first}", "en": "line {first}"},
    "lines": {"fr": "lignes {first} à {last}", "nl": "regels {first} tot {last}", "en": "lines {first} to {last}"},
    "page": {"fr": "page {page}", "nl": "pagina {page}", "en": "page {page}"},
    "statements": {"fr": "Description", "nl": "Beschrijving", "en": "Description"},
    "points_here": {"fr": "Ce qui y renvoie", "nl": "Wat ernaar verwijst", "en": "What points here"},
    "more": {
        "fr": "… et {count} autres : voir le point SPARQL ou les téléchargements",
        "nl": "… en {count} andere: zie het SPARQL-eindpunt of de downloads",
        "en": "… and {count} more: see the SPARQL endpoint or the downloads",
    },
    "other_formats": {"fr": "Autres formats", "nl": "Andere formaten", "en": "Other formats"},
    "language": {"fr": "Langue", "nl": "Taal", "en": "Language"},
}
STYLE = """body { font: 15px/1.45 system-ui, sans-serif; margin: 1.5rem auto; max-width: 62rem; padding: 0 1rem; }
nav { border-bottom: 1px solid #ddd; padding-bottom: .5rem; margin-bottom: 1rem; }
nav > a { margin-right: 1rem; } .languages { white-space: nowrap; } th { text-align: left; vertical-align: top; padding-right: 1rem; color: #555;
font-weight: normal; } .kind { color: #555; margin-bottom: 0; } .lang { color: #888; font-size: .8em; }
code { font-size: .85em; color: #555; } ol.trace { padding-left: 1.2rem; } ol.trace li { margin: .2rem 0; }
blockquote { white-space: pre-line; border-left: 3px solid #bbb; margin: .5rem 0; padding: .2rem .8rem;
background: #f7f7f7; } ul.outline, ul.outline ul { list-style: none; padding-left: 1.2rem; }
ul.outline summary { cursor: pointer; } .number { color: #555; } footer { margin-top: 2rem; color: #777; }"""


class Site:
    """Renders the pages of the data in ``store``. ``live`` is true when the SPARQL endpoint and
    the validator run beside the pages (``cssgraph serve``), false for a static site."""

    def __init__(self, store: ox.Store, settings: Settings = DEFAULTS, live: bool = True):
        self.store = store
        self.base = settings.base
        self.live = live
        self.texts: dict[tuple[Term, str, str], str | None] = {}

    # -- what is published --------------------------------------------------------------------

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

    def path_of(self, iri: ox.NamedNode) -> str:
        """The site path of an IRI under the base: /id/…"""
        return "/id/" + quote(iri.value[len(self.base) :])

    @staticmethod
    def rdf(triples: list[ox.Triple], media: str) -> bytes:
        rdf_format = RDF_FORMATS[media]
        prefixes = PREFIXES if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
        return cast(bytes, ox.serialize(triples, format=rdf_format, prefixes=prefixes))  # (no output given: bytes)

    # -- words ----------------------------------------------------------------------------------

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
        kind = self.kind(node)  # an unnamed node of the outline: "signature", "signataire 2"
        return f"{self.label(kind, lang)} {self.number(node)}".strip() if kind is not None else _short(node.value)

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

    def link(self, node: Term, lang: str, text: str | None = None) -> str:
        if isinstance(node, ox.Literal):
            return h(node.value) + (f' <span class="lang">@{h(node.language)}</span>' if node.language else "")
        if not isinstance(node, ox.NamedNode):
            return h(self.label(node, lang))
        shown = h(text if text is not None else self.label(node, lang))
        if node.value.startswith(self.base) and "#" not in node.value:
            return f'<a href="{h(self.path_of(node))}?lang={lang}">{shown}</a>'
        if not LINKABLE.match(node.value):  # javascript:, data:… IRIs are shown, never followed
            return shown
        return f'<a href="{h(node.value)}">{shown}</a>'

    # -- the outline ----------------------------------------------------------------------------

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

    def item_title(self, node: Value, lang: str) -> str:
        """ "Objectif stratégique 3 — Contribuer au suivi…": kind, number, the document's words."""
        number = self.number(node)
        kind = self.kind_label(node, lang)
        head = f"{kind[:1].upper()}{kind[1:]} {number}".strip()
        words = self.label(node, lang)
        return f"{head} — {words}" if head and words.casefold() != head.casefold() else (head or words)

    def outline_tree(self, node: Value, lang: str, path: frozenset[Value] = frozenset()) -> str:
        children = [c for c in self.children(node) if c not in path]
        entry = self.link(node, lang, self.item_title(node, lang))
        if not children:
            return f"<li>{entry}</li>"
        below = "".join(self.outline_tree(child, lang, path | {node}) for child in children)
        return f"<li><details open><summary>{entry}</summary><ul>{below}</ul></details></li>"

    # -- pages ----------------------------------------------------------------------------------

    def resource_page(self, iri: ox.NamedNode, triples: list[ox.Triple], lang: str) -> str:
        path = self.path_of(iri)
        own = [t for t in triples if t.subject == iri]
        kinds = [self.label(t.object, lang) for t in own if t.predicate.value == RDF_TYPE]
        rows = "".join(
            f"<tr><th>{h(self.label(t.predicate, lang))}</th><td>{self.link(t.object, lang)}</td></tr>"
            for t in own
            if t.predicate.value not in (RDF_TYPE, DERIVED_FROM)
        )
        incoming = list(
            dict.fromkeys(
                (q.subject, q.predicate)
                for q in self.store.quads_for_pattern(None, None, iri)
                if not isinstance(q.subject, ox.Triple) and "#" not in q.subject.value
            )
        )
        # A node every convention names (the State, a shared wording) is named thousands of
        # times: the page lists the first ones and says where to find the rest.
        back = "".join(
            f"<li>{self.link(subject, lang)} — {h(self.label(predicate, lang))}</li>"
            for subject, predicate in incoming[:INCOMING_SHOWN]
        )
        if len(incoming) > INCOMING_SHOWN:
            more = WORDS["more"][lang].format(count=len(incoming) - INCOMING_SHOWN)
            back += f'<li class="more">{h(more)}</li>'
        parts = [
            f'<p class="kind">{h(", ".join(kinds))}</p><h1>{h(self.label(iri, lang))}</h1>'
            f"<p><code>{h(iri.value)}</code></p>",
            self.trace_section(iri, lang),
        ]
        if self.kind(iri) == ox.NamedNode(cssg.Convention):
            parts.append(
                f'<h2>{h(WORDS["outline"][lang])}</h2><ul class="outline" id="outline">'
                f"{''.join(self.outline_tree(child, lang) for child in self.children(iri))}</ul>"
            )
        parts += [
            self.source_section(iri, triples, lang),
            f'<h2>{h(WORDS["statements"][lang])}</h2><table id="statements">{rows}</table>',
        ]
        parts.append(f'<h2>{h(WORDS["points_here"][lang])}</h2><ul id="incoming">{back}</ul>')
        formats = " · ".join(f'<a href="{h(path)}?format={name}">{name}</a>' for name in FORMAT_NAMES if name != "html")
        parts.append(f"<p>{h(WORDS['other_formats'][lang])}: {formats}</p>")
        return self.frame(
            self.label(iri, lang),
            "".join(parts),
            lang,
            path,
            head=f'<link rel="alternate" type="text/turtle" href="{h(path)}?format=ttl">',
        )

    def trace_section(self, iri: ox.NamedNode, lang: str) -> str:
        traces = [trace for trace in self.traces(iri) if len(trace) > 1]
        if not traces:
            return ""
        lists = []
        for trace in traces:
            top = trace[0]
            steps = [
                self.link(party, lang, f"{WORDS['municipality'][lang]} — {self.label(party, lang)}")
                for party in self.values(top, cssg.municipalityParty)
            ]
            for node in trace:
                step = (
                    self.link(node, lang, self.item_title(node, lang))
                    if node != iri
                    else f"<strong>{h(self.item_title(node, lang))}</strong>"
                )
                general = [
                    self.link(g, lang, self.item_title(g, lang)) for g in self.values(node, cssg.hasGeneralObjective)
                ]
                steps.append(step + (f'<ul class="general"><li>{general[0]}</li></ul>' if general else ""))
            lists.append('<ol class="trace">' + "".join(f"<li>{step}</li>" for step in steps) + "</ol>")
        return f'<section id="trace"><h2>{h(WORDS["trace"][lang])}</h2>{"".join(lists)}</section>'

    def source_section(self, iri: ox.NamedNode, triples: list[ox.Triple], lang: str) -> str:
        """The passage of the source document the item was read from (Web Annotation selectors)."""
        passages = []
        for origin in (t.object for t in triples if t.subject == iri and t.predicate.value == DERIVED_FROM):
            document = next(iter(self.values(origin, OA + "hasSource")), None)
            if document is None:
                continue
            selectors = self.values(origin, OA + "hasSelector")
            quoted = next((v.value for s in selectors for v in self.values(s, OA + "exact")), "")
            where = []
            for selector in selectors:
                for value in self.values(selector, RDF_VALUE):
                    if value.value.startswith("page="):
                        where.append(WORDS["page"][lang].format(page=value.value[5:]))
                    elif value.value.startswith("line="):
                        first, last = (int(n) for n in value.value[5:].split(","))  # RFC 5147: 0-based
                        words = WORDS["line" if last == first + 1 else "lines"][lang]
                        where.append(words.format(first=first + 1, last=last))
            title = self.text(document, "http://purl.org/dc/terms/title", lang) or _short(document.value)
            passages.append(
                f"<p>{self.link(document, lang, title)}, {h(', '.join(sorted(where, reverse=True)))}</p>"
                f"<blockquote>{h(_joined_lines(quoted))}</blockquote>"
            )
        if not passages:
            return ""
        return f'<section id="source"><h2>{h(WORDS["source"][lang])}</h2>{"".join(passages)}</section>'

    def home_page(self, lang: str) -> str:
        rows = []
        indicators = self.indicator_counts()
        for convention in self.conventions():
            party = next(iter(self.values(convention, cssg.municipalityParty)), None)
            start = next(iter(self.values(convention, ELI + "first_date_entry_in_force")), None)
            end = next(iter(self.values(convention, ELI + "date_no_longer_in_force")), None)
            period = f"{start.value[:4]}–{end.value[:4]}" if start and end else ""
            kind = next(iter(self.values(convention, cssg.conventionType)), None)
            rows.append(
                f"<tr><td>{self.link(party, lang) if party else ''}</td><td>{h(period)}</td>"
                f"<td>{self.link(convention, lang, self.label(kind, lang) if kind else None)}</td>"
                f"<td>{indicators.get(convention, 0)}</td></tr>"
            )
        w = {key: h(words[lang]) for key, words in WORDS.items()}
        table = (
            f'<table id="conventions"><thead><tr><th>{w["municipality"]}</th><th>{w["period"]}</th>'
            f"<th>{w['conventions']}</th><th>{w['indicators']}</th></tr></thead><tbody>{''.join(rows)}</tbody></table>"
        )
        dumps = " · ".join(f'<a href="/dumps/cssgraph.{name}">{name}</a>' for name in ("trig", "nq", "ttl", "jsonld"))
        body = (
            f"<h1>{w['site']}</h1><p>{w['intro']}</p><h2>{w['conventions']}</h2>{table}"
            f"<h2>{w['dumps']}</h2><p>{dumps}</p>"
        )
        return self.frame(WORDS["site"][lang], body, lang, "/")

    def conventions(self) -> list[ox.NamedNode | ox.BlankNode]:
        found = {
            q.subject
            for q in self.store.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), ox.NamedNode(cssg.Convention))
            if not isinstance(q.subject, ox.Triple)
        }
        return sorted(found, key=lambda c: c.value)

    def indicator_counts(self) -> dict[ox.NamedNode | ox.BlankNode, int]:
        """Indicators per convention, in one query: walking every convention's outline made
        the home page take 1.5 s at 1,000 conventions."""
        answer = cast(ox.QuerySolutions, self.store.query(INDICATOR_COUNTS, use_default_graph_as_union=True))  # SELECT
        return {row["convention"]: int(row["indicators"].value) for row in answer}

    def frame(self, title: str, body: str, lang: str, path: str, head: str = "") -> str:
        """The page around ``body``: navigation, language switch; ``head`` adds to its head."""
        links = [("/", "home"), ("/dataset", "dataset"), ("/ontology", "ontology"), ("/shapes", "shapes")]
        if self.live:
            links += [("/sparql", "sparql"), ("/validate", "validate")]
        nav = "".join(
            f'<a href="{target}?lang={lang}">{h(WORDS[word][lang])}</a>'
            if target != "/dataset"
            else f'<a href="{target}">{h(WORDS[word][lang])}</a>'
            for target, word in links
        )
        languages = " · ".join(
            f'<a href="{h(path)}?lang={code}" hreflang="{code}" lang="{code}">{code}</a>' for code in LANGUAGES
        )
        return f"""<!doctype html><html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{h(title)} — cssgraph</title>
{head}<style>{STYLE}</style></head><body>
<nav>{nav}<span class="languages">{h(WORDS["language"][lang])}: {languages}</span></nav>
<main>{body}</main>
<footer>cssgraph · CC BY 4.0</footer></body></html>
"""

    # -- serving --------------------------------------------------------------------------------

    async def home(self, request: Request) -> Response:
        return HTMLResponse(self.home_page(visitor_language(request)), headers={"Vary": "Accept-Language"})

    async def handle(self, request: Request) -> Response:
        path = request.path_params["path"]
        suffix = None
        for extension in FORMAT_NAMES:  # /id/…/indicator/1.ttl
            if path.endswith("." + extension):
                path, suffix = path[: -len(extension) - 1], extension
        try:
            iri = ox.NamedNode(self.base + path)
        except ValueError:  # characters no IRI may hold ("%00", "<", a space): nothing is described there
            iri = None
        triples = self.description(iri) if iri is not None else []
        if iri is None or not triples:
            return PlainTextResponse(
                f"/id/{quote(path[:200])} is not described here", status_code=404, headers={"Vary": "Accept"}
            )
        media = negotiated(request, suffix)
        headers = {"Vary": "Accept, Accept-Language"}
        if media == "text/html":
            return HTMLResponse(self.resource_page(iri, triples, visitor_language(request)), headers=headers)
        return Response(
            self.rdf(triples, media),
            headers=headers,
            media_type=media + ("; charset=utf-8" if media != "application/rdf+xml" else ""),
        )


# What a described resource is given as: a page first (a browser's */* gets it), then RDF.
PAGE_OR_RDF = ("text/html", *RDF_FORMATS)


def negotiated(request: Request, suffix: str | None = None, offered: tuple[str, ...] = PAGE_OR_RDF) -> str:
    """The media type of the answer: a file suffix of the path (``suffix``) or ?format=, else
    the Accept header among ``offered`` (on a tie, the first); a ServiceError 400 for an unknown
    ?format=, 406 when the client accepts none of them (the app answers it as plain text)."""
    wanted = suffix or request.query_params.get("format")
    if wanted is not None:
        if wanted not in FORMAT_NAMES:
            raise ServiceError(400, f"unknown format {wanted[:50]!r}: use one of {', '.join(FORMAT_NAMES)}")
        return FORMAT_NAMES[wanted]
    return chosen(request.headers.get("accept"), offered, "this resource")


def visitor_language(request: Request, default: str = "fr") -> str:
    """fr, nl or en: ?lang=, else the first of them in Accept-Language, else ``default``."""
    asked = request.query_params.get("lang")
    if asked in LANGUAGES:
        return asked
    for part in request.headers.get("accept-language", "").split(","):
        code = part.split(";")[0].strip()[:2].lower()
        if code in LANGUAGES:
            return code
    return default


def _short(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def _as_number(text: str) -> tuple[int, int, str]:
    return (0, int(text), "") if text.isdigit() else (1, 0, text)


def _joined_lines(passage: str) -> str:
    """The passage as printed: blank lines left by the text extraction dropped."""
    return "\n".join(line.strip() for line in passage.splitlines() if line.strip())


class Vocabulary:
    """/ontology and /shapes: the files themselves by content negotiation, and for a browser a
    page listing each term (or shape) with its label and definition (or message) in the
    visitor's language."""

    def __init__(self, title: dict[str, str], graph_files: Iterable[Path], site: Site):
        self.title = title
        self.site = site
        self.triples = list(
            dict.fromkeys(
                ox.Triple(q.subject, q.predicate, q.object)
                for path in graph_files
                for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
            )
        )

    async def handle(self, request: Request) -> Response:
        media = negotiated(request)
        if media != "text/html":
            return Response(Site.rdf(self.triples, media), media_type=media, headers={"Vary": "Accept"})
        return HTMLResponse(self.page(visitor_language(request), request.url.path), headers={"Vary": "Accept"})

    def texts(self, subject: Term, predicate: str, lang: str) -> str:
        values = [
            t.object
            for t in self.triples
            if t.subject == subject and t.predicate.value == predicate and isinstance(t.object, ox.Literal)
        ]
        chosen = next((v for v in values if v.language == lang), values[0] if values else None)
        return chosen.value if chosen is not None else ""

    def page(self, lang: str, path: str) -> str:
        node_shape = ox.NamedNode("http://www.w3.org/ns/shacl#NodeShape")
        described = [
            t.subject
            for t in self.triples
            if not isinstance(t.subject, ox.Triple)
            and (
                t.predicate.value == RDFS + "isDefinedBy" or (t.predicate.value == RDF_TYPE and t.object == node_shape)
            )
        ]
        sections = []
        for subject in dict.fromkeys(described):
            name = _short(subject.value) if isinstance(subject, ox.NamedNode) else subject.value
            label = self.texts(subject, RDFS + "label", lang)
            definition = self.texts(subject, SKOS + "definition", lang)
            constraints = [
                t.object
                for t in self.triples
                if t.predicate.value == "http://www.w3.org/ns/shacl#property" and t.subject == subject
            ]
            messages = [self.texts(c, "http://www.w3.org/ns/shacl#message", lang) for c in constraints]
            rules = "".join(f"<li>{h(message)}</li>" for message in messages if message)
            sections.append(
                f'<section id="{h(name)}"><h2>{h(label or name)} <code>{h(name)}</code></h2>'
                f"<p>{h(definition)}</p>{'<ul>' + rules + '</ul>' if rules else ''}</section>"
            )
        formats = " · ".join(f'<a href="{h(path)}?format={name}">{name}</a>' for name in FORMAT_NAMES if name != "html")
        body = f"<h1>{h(self.title[lang])}</h1><p>{formats}</p>{''.join(sections)}"
        return self.site.frame(self.title[lang], body, lang, path)


def vocabularies(site: Site) -> dict[str, Vocabulary]:
    """The documented vocabularies by site path: /ontology and /shapes."""
    from cssgraph.resources import ontology_files, shapes_files

    return {
        "/ontology": Vocabulary(
            {"fr": "Ontologie cssgraph", "nl": "cssgraph-ontologie", "en": "cssgraph ontology"}, ontology_files(), site
        ),
        "/shapes": Vocabulary({key: words for key, words in WORDS["shapes"].items()}, shapes_files(), site),
    }
