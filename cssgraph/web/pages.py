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
from cssgraph.settings import DEFAULTS, LANGUAGES, Settings
from cssgraph.vocabulary import cssg
from cssgraph.web.conneg import chosen
from cssgraph.web.describe import ELI, OA, PREFIXES, RDF_TYPE, RDF_VALUE, RDFS, SKOS, Description, Value, short_name

if TYPE_CHECKING:
    from cssgraph.rdfio import Term

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
INCOMING_SHOWN = 500  # statements pointing to a resource listed on its page
# Only these schemes become links: an IRI in the data may be javascript: or data: (stored XSS).
LINKABLE = re.compile(r"(?:https?|mailto):", re.IGNORECASE)

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
        self.data = Description(store, settings.base)
        self.base = settings.base
        self.live = live

    # -- what is published --------------------------------------------------------------------

    def path_of(self, iri: ox.NamedNode) -> str:
        """The site path of an IRI under the base: /id/…"""
        return "/id/" + quote(iri.value[len(self.base) :])

    @staticmethod
    def rdf(triples: list[ox.Triple], media: str) -> bytes:
        rdf_format = RDF_FORMATS[media]
        prefixes = PREFIXES if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
        return cast(bytes, ox.serialize(triples, format=rdf_format, prefixes=prefixes))  # (no output given: bytes)

    # -- words ----------------------------------------------------------------------------------

    def link(self, node: Term, lang: str, text: str | None = None) -> str:
        if isinstance(node, ox.Literal):
            return h(node.value) + (f' <span class="lang">@{h(node.language)}</span>' if node.language else "")
        if not isinstance(node, ox.NamedNode):
            return h(self.data.label(node, lang))
        shown = h(text if text is not None else self.data.label(node, lang))
        if node.value.startswith(self.base) and "#" not in node.value:
            return f'<a href="{h(self.path_of(node))}?lang={lang}">{shown}</a>'
        if not LINKABLE.match(node.value):  # javascript:, data:… IRIs are shown, never followed
            return shown
        return f'<a href="{h(node.value)}">{shown}</a>'

    # -- the outline ----------------------------------------------------------------------------

    def item_title(self, node: Value, lang: str) -> str:
        """ "Objectif stratégique 3 — Contribuer au suivi…": kind, number, the document's words."""
        number = self.data.number(node)
        kind = self.data.kind_label(node, lang)
        head = f"{kind[:1].upper()}{kind[1:]} {number}".strip()
        words = self.data.label(node, lang)
        return f"{head} — {words}" if head and words.casefold() != head.casefold() else (head or words)

    def outline_tree(self, node: Value, lang: str, path: frozenset[Value] = frozenset()) -> str:
        children = [c for c in self.data.children(node) if c not in path]
        entry = self.link(node, lang, self.item_title(node, lang))
        if not children:
            return f"<li>{entry}</li>"
        below = "".join(self.outline_tree(child, lang, path | {node}) for child in children)
        return f"<li><details open><summary>{entry}</summary><ul>{below}</ul></details></li>"

    # -- pages ----------------------------------------------------------------------------------

    def resource_page(self, iri: ox.NamedNode, triples: list[ox.Triple], lang: str) -> str:
        path = self.path_of(iri)
        own = [t for t in triples if t.subject == iri]
        kinds = [self.data.label(t.object, lang) for t in own if t.predicate.value == RDF_TYPE]
        rows = "".join(
            f"<tr><th>{h(self.data.label(t.predicate, lang))}</th><td>{self.link(t.object, lang)}</td></tr>"
            for t in own
            if t.predicate.value not in (RDF_TYPE, DERIVED_FROM)
        )
        incoming = list(
            dict.fromkeys(
                (q.subject, q.predicate)
                for q in self.data.store.quads_for_pattern(None, None, iri)
                if not isinstance(q.subject, ox.Triple) and "#" not in q.subject.value
            )
        )
        # A node every convention names (the State, a shared wording) is named thousands of
        # times: the page lists the first ones and says where to find the rest.
        back = "".join(
            f"<li>{self.link(subject, lang)} — {h(self.data.label(predicate, lang))}</li>"
            for subject, predicate in incoming[:INCOMING_SHOWN]
        )
        if len(incoming) > INCOMING_SHOWN:
            more = WORDS["more"][lang].format(count=len(incoming) - INCOMING_SHOWN)
            back += f'<li class="more">{h(more)}</li>'
        parts = [
            f'<p class="kind">{h(", ".join(kinds))}</p><h1>{h(self.data.label(iri, lang))}</h1>'
            f"<p><code>{h(iri.value)}</code></p>",
            self.trace_section(iri, lang),
        ]
        if self.data.kind(iri) == ox.NamedNode(cssg.Convention):
            parts.append(
                f'<h2>{h(WORDS["outline"][lang])}</h2><ul class="outline" id="outline">'
                f"{''.join(self.outline_tree(child, lang) for child in self.data.children(iri))}</ul>"
            )
        parts += [
            self.source_section(iri, triples, lang),
            f'<h2>{h(WORDS["statements"][lang])}</h2><table id="statements">{rows}</table>',
        ]
        parts.append(f'<h2>{h(WORDS["points_here"][lang])}</h2><ul id="incoming">{back}</ul>')
        formats = " · ".join(f'<a href="{h(path)}?format={name}">{name}</a>' for name in FORMAT_NAMES if name != "html")
        parts.append(f"<p>{h(WORDS['other_formats'][lang])}: {formats}</p>")
        return self.frame(
            self.data.label(iri, lang),
            "".join(parts),
            lang,
            path,
            head=f'<link rel="alternate" type="text/turtle" href="{h(path)}?format=ttl">',
        )

    def trace_section(self, iri: ox.NamedNode, lang: str) -> str:
        traces = [trace for trace in self.data.traces(iri) if len(trace) > 1]
        if not traces:
            return ""
        lists = []
        for trace in traces:
            top = trace[0]
            steps = [
                self.link(party, lang, f"{WORDS['municipality'][lang]} — {self.data.label(party, lang)}")
                for party in self.data.values(top, cssg.municipalityParty)
            ]
            for node in trace:
                step = (
                    self.link(node, lang, self.item_title(node, lang))
                    if node != iri
                    else f"<strong>{h(self.item_title(node, lang))}</strong>"
                )
                general = [
                    self.link(g, lang, self.item_title(g, lang))
                    for g in self.data.values(node, cssg.hasGeneralObjective)
                ]
                steps.append(step + (f'<ul class="general"><li>{general[0]}</li></ul>' if general else ""))
            lists.append('<ol class="trace">' + "".join(f"<li>{step}</li>" for step in steps) + "</ol>")
        return f'<section id="trace"><h2>{h(WORDS["trace"][lang])}</h2>{"".join(lists)}</section>'

    def source_section(self, iri: ox.NamedNode, triples: list[ox.Triple], lang: str) -> str:
        """The passage of the source document the item was read from (Web Annotation selectors)."""
        passages = []
        for origin in (t.object for t in triples if t.subject == iri and t.predicate.value == DERIVED_FROM):
            document = next(iter(self.data.values(origin, OA + "hasSource")), None)
            if document is None:
                continue
            selectors = self.data.values(origin, OA + "hasSelector")
            quoted = next((v.value for s in selectors for v in self.data.values(s, OA + "exact")), "")
            where = []
            for selector in selectors:
                for value in self.data.values(selector, RDF_VALUE):
                    if value.value.startswith("page="):
                        where.append(WORDS["page"][lang].format(page=value.value[5:]))
                    elif value.value.startswith("line="):
                        first, last = (int(n) for n in value.value[5:].split(","))  # RFC 5147: 0-based
                        words = WORDS["line" if last == first + 1 else "lines"][lang]
                        where.append(words.format(first=first + 1, last=last))
            title = self.data.text(document, "http://purl.org/dc/terms/title", lang) or short_name(document.value)
            passages.append(
                f"<p>{self.link(document, lang, title)}, {h(', '.join(sorted(where, reverse=True)))}</p>"
                f"<blockquote>{h(_joined_lines(quoted))}</blockquote>"
            )
        if not passages:
            return ""
        return f'<section id="source"><h2>{h(WORDS["source"][lang])}</h2>{"".join(passages)}</section>'

    def home_page(self, lang: str) -> str:
        rows = []
        indicators = self.data.indicator_counts()
        for convention in self.data.conventions():
            party = next(iter(self.data.values(convention, cssg.municipalityParty)), None)
            start = next(iter(self.data.values(convention, ELI + "first_date_entry_in_force")), None)
            end = next(iter(self.data.values(convention, ELI + "date_no_longer_in_force")), None)
            period = f"{start.value[:4]}–{end.value[:4]}" if start and end else ""
            kind = next(iter(self.data.values(convention, cssg.conventionType)), None)
            rows.append(
                f"<tr><td>{self.link(party, lang) if party else ''}</td><td>{h(period)}</td>"
                f"<td>{self.link(convention, lang, self.data.label(kind, lang) if kind else None)}</td>"
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
        triples = self.data.description(iri) if iri is not None else []
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
            name = short_name(subject.value) if isinstance(subject, ox.NamedNode) else subject.value
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
