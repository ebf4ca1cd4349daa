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

import hashlib
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, cast
from urllib.parse import quote

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response

from cssgraph.errors import ServiceError
from cssgraph.findings import PROPERTY_WORDS
from cssgraph.i18n import marked, render, translate
from cssgraph.resources import source_documents
from cssgraph.settings import DEFAULTS, LANGUAGES, Settings
from cssgraph.vocabulary import cssg
from cssgraph.web.conneg import chosen, preferred
from cssgraph.web.describe import OA, PREFIXES, RDF_TYPE, RDF_VALUE, RDFS, SKOS, Description, Value, short_name

if TYPE_CHECKING:
    from collections.abc import Callable

    from cssgraph.diff import Version as DiffVersion
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
RDF_FORMAT_NAMES = tuple(name for name in FORMAT_NAMES if name != "html")
INCOMING_SHOWN = 500  # statements pointing to a resource listed on its page
SEARCH_TEXT_MAX = 100  # characters of a search
CHART_HEIGHT, CHART_STEP = 160, 90  # the funding chart: the tallest bar, and the room for each year
# The funding page's chart: a bar per municipality and year, across (the names on the left).
BARS_LEFT, BARS_WIDTH, BAR_HEIGHT, BAR_GAP, GROUP_GAP = 120, 270, 16, 3, 12
# The bars' colours, one per year in turn (each at least 4.5:1 on white).
YEAR_COLOURS = ("#0b57a4", "#a04000", "#2e6b30", "#6a1b9a")
# Only these schemes become links: an IRI in the data may be javascript: or data: (stored XSS).
LINKABLE = re.compile(r"(?:https?|mailto):", re.IGNORECASE)

DERIVED_FROM = "http://www.w3.org/ns/prov#wasDerivedFrom"
STATIC = Path(__file__).parent.parent / "static"  # the site's own files: icon, scripts, vendored editor
FAVICON = STATIC / "favicon.svg"

# The site's menu: path, words (translated where shown), shown on a static site too.
MENU = (
    ("/", marked("Conventions"), True),
    ("/funding", marked("Funding"), True),
    ("/dataset", marked("Dataset (DCAT)"), True),
    ("/ontology", marked("Ontology"), True),
    ("/shapes", marked("Validation rules"), True),
    ("/sparql", marked("SPARQL queries"), False),
    ("/validate", marked("Validate a convention"), False),
)
# A statement's place on a page: these properties first, in this order; the others by name.
FIRST_PROPERTIES = (RDFS + "label", SKOS + "prefLabel", SKOS + "notation", cssg.position, SKOS + "definition")


@dataclass(frozen=True)
class Link:
    """What a page shows for a term: its words, where it leads (None: text alone), and the
    language of a literal."""

    text: str
    href: str | None = None
    language: str | None = None


@dataclass(frozen=True)
class Row:
    property: Link
    value: Link


class Site:
    """Renders the pages of the data in ``store``. ``live`` is true when the SPARQL endpoint and
    the validator run beside the pages (``cssgraph serve``), false for a static site."""

    def __init__(self, store: ox.Store, settings: Settings = DEFAULTS, live: bool = True):
        self.data = Description(store, settings.base)
        self.base = settings.base
        self.live = live
        self.documents: dict[str, Path] | None = None  # source documents by SHA-256, read when first asked

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

    def link(self, node: Term, lang: str, text: str | None = None) -> Link:
        """A term as a page shows it: a literal as text with its language; an IRI under the base
        as a link to its page here (a hash IRI to its place on its page); another IRI as a link
        when it is a web address."""
        if isinstance(node, ox.Literal):
            return Link(node.value, language=node.language)
        if not isinstance(node, ox.NamedNode):
            return Link(self.data.label(node, lang))
        shown = text if text is not None else self.data.label(node, lang)
        if node.value.startswith(self.base):
            page, _, fragment = node.value.partition("#")
            anchor = f"#{quote(fragment)}" if fragment else ""
            return Link(shown, f"{self.path_of(ox.NamedNode(page))}?lang={lang}{anchor}")
        if not LINKABLE.match(node.value):  # javascript:, data:… IRIs are shown, never followed
            return Link(shown)
        return Link(shown, node.value)

    def property_link(self, predicate: ox.NamedNode, lang: str) -> Link:
        """A property by its label, else in words (RDF's, SKOS's, Dublin Core's own), else by its
        prefixed name (never by the label of its type)."""
        named = self.data.text(predicate, RDFS + "label", lang)
        if not named and predicate.value in PROPERTY_WORDS:
            named = translate(lang, PROPERTY_WORDS[predicate.value])
        return self.link(predicate, lang, named or short_name(predicate.value))

    def rows(self, subject: Term, triples: list[ox.Triple], lang: str) -> list[Row]:
        """The statements about ``subject`` a page lists: named first (label, notation…), then
        by property name; the values of one property in document order."""
        own = [t for t in triples if t.subject == subject and t.predicate.value not in (RDF_TYPE, DERIVED_FROM)]
        properties = {t.predicate: self.property_link(t.predicate, lang) for t in own}

        def place(triple: ox.Triple) -> tuple[int, str, object]:
            rank = FIRST_PROPERTIES.index(triple.predicate.value) if triple.predicate.value in FIRST_PROPERTIES else 99
            value = triple.object
            order = (
                self.data.order(value) if isinstance(value, ox.NamedNode | ox.BlankNode) else ((0, 0, ""), str(value))
            )
            return rank, properties[triple.predicate].text.casefold(), order

        return [Row(properties[t.predicate], self.link(t.object, lang)) for t in sorted(own, key=place)]

    # -- the outline ----------------------------------------------------------------------------

    def item_title(self, node: Value, lang: str) -> str:
        """ "Objectif stratégique 3 — Contribuer au suivi…": kind, number, the document's words."""
        number = self.data.number(node)
        kind = self.data.kind_label(node, lang)
        head = f"{kind[:1].upper()}{kind[1:]} {number}".strip()
        words = self.data.label(node, lang)
        return f"{head} — {words}" if head and words.casefold() != head.casefold() else (head or words)

    def outline(self, node: Value, lang: str, path: frozenset[Value] = frozenset()) -> list[dict[str, object]]:
        """The items under ``node`` as a tree: each one's link and the items under it."""
        return [
            {
                "link": self.link(child, lang, self.item_title(child, lang)),
                "children": self.outline(child, lang, path | {node}),
            }
            for child in self.data.children(node)
            if child not in path
        ]

    def traces(self, iri: ox.NamedNode, lang: str) -> list[list[dict[str, object]]]:
        """Every way from the municipality down to ``iri``, one step per item (a general
        objective beside the sector that states it)."""
        found = []
        for trace in (trace for trace in self.data.traces(iri) if len(trace) > 1):
            municipality = translate(lang, "Municipality")
            steps: list[dict[str, object]] = [
                {
                    "link": self.link(party, lang, f"{municipality} — {self.data.label(party, lang)}"),
                    "current": False,
                    "general": None,
                }
                for party in self.data.values(trace[0], cssg.municipalityParty)
            ]
            for node in trace:
                general = self.data.values(node, cssg.hasGeneralObjective)
                steps.append(
                    {
                        "link": self.link(node, lang, self.item_title(node, lang)),
                        "current": node == iri,
                        "general": self.link(general[0], lang, self.item_title(general[0], lang)) if general else None,
                    }
                )
            found.append(steps)
        return found

    def passages(self, iri: ox.NamedNode, triples: list[ox.Triple], lang: str) -> list[dict[str, object]]:
        """The passages of the source document the item was read from (Web Annotation selectors)."""
        found = []
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
                        where.append(translate(lang, "page %(page)s", page=value.value[5:]))
                    elif value.value.startswith("line="):
                        first, last = (int(n) for n in value.value[5:].split(","))  # RFC 5147: 0-based
                        where.append(
                            translate(lang, "line %(first)d", first=first + 1)
                            if last == first + 1
                            else translate(lang, "lines %(first)d to %(last)d", first=first + 1, last=last)
                        )
            title = self.data.text(document, "http://purl.org/dc/terms/title", lang) or short_name(document.value)
            first_line = next(
                (
                    int(v.value[5:].split(",")[0]) + 1
                    for s in selectors
                    for v in self.data.values(s, RDF_VALUE)
                    if v.value.startswith("line=")
                ),
                None,
            )
            link = self.link(document, lang, title)
            if link.href and first_line and self.document_text(document) is not None:
                link = Link(link.text, f"{link.href}#L{first_line}")
            found.append(
                {
                    "document": link,
                    "where": ", ".join(sorted(where, reverse=True)),
                    "quoted": _joined_lines(quoted),
                }
            )
        return found

    # -- pages ----------------------------------------------------------------------------------

    def resource_page(self, iri: ox.NamedNode, triples: list[ox.Triple], lang: str) -> str:
        incoming = list(
            dict.fromkeys(
                (q.subject, q.predicate)
                for q in self.data.store.quads_for_pattern(None, None, iri)
                if not isinstance(q.subject, ox.Triple) and "#" not in q.subject.value
            )
        )
        # The hash IRIs of the page (…#source, …#position): each its own part, which links reach.
        parts = [
            {
                "anchor": subject.value.partition("#")[2],
                "title": self.data.kind_label(subject, lang) or subject.value.partition("#")[2],
                "statements": self.rows(subject, triples, lang),
            }
            for subject in dict.fromkeys(t.subject for t in triples)
            if isinstance(subject, ox.NamedNode) and subject.value.startswith(iri.value + "#")
        ]
        kind = self.data.kind(iri)
        # A node every convention names (the State, a shared wording) is named thousands of
        # times: the page lists the first ones and says where to find the rest.
        return self.page(
            "resource.html",
            lang,
            self.path_of(iri),
            title=self.data.label(iri, lang),
            iri=iri.value,
            kinds=[
                self.data.label(t.object, lang) for t in triples if t.subject == iri and t.predicate.value == RDF_TYPE
            ],
            traces=self.traces(iri, lang),
            outline=self.outline(iri, lang) if kind == ox.NamedNode(cssg.Convention) else [],
            passages=self.passages(iri, triples, lang),
            document_lines=self.document_lines(iri),
            funding=self.funding_chart(iri, lang) if kind == ox.NamedNode(cssg.Municipality) else None,
            values=self.indicator_values(iri, lang) if kind == ox.NamedNode(cssg.Indicator) else None,
            reporting=self.reporting(iri) if kind == ox.NamedNode(cssg.Convention) else [],
            uses=self.wording_uses(iri, lang) if self.data.is_wording(iri) else None,
            statements=self.rows(iri, triples, lang),
            parts=parts,
            incoming=[
                (self.link(subject, lang), self.data.label(predicate, lang))
                for subject, predicate in incoming[:INCOMING_SHOWN]
            ],
            more=max(len(incoming) - INCOMING_SHOWN, 0),
            format_names=RDF_FORMAT_NAMES,
        )

    def funding_chart(self, municipality: ox.NamedNode, lang: str) -> dict[str, object] | None:
        """A municipality's funding per year, as the rows of a table and the bars of a chart."""
        rows = self.data.funding(municipality, lang)
        if not rows:
            return None
        table = [
            {
                "year": row["year"],
                "amount": format_amount(row["amount"], row["currency"], lang),
                "convention": self.link(ox.NamedNode(cast(str, row["convention"])), lang),
            }
            for row in rows
        ]
        chart = bar_chart(
            [
                (str(row["year"]), Decimal(str(row["amount"])), format_amount(row["amount"], row["currency"], lang))
                for row in rows
            ]
        )
        return {"rows": table, "chart": chart}

    def indicator_values(self, indicator: ox.NamedNode, lang: str) -> dict[str, object] | None:
        """What the municipality reported for an indicator, year by year: a table, and the
        reported values as a chart."""
        conventions = self.data.conventions_of(indicator)
        rows = [
            row
            for convention in conventions
            for row in self.data.indicator_values(convention, lang)
            if row["indicatorIri"] == indicator.value
        ]
        if not rows:
            return None
        table = [
            {
                "year": row["year"],
                "value": format_number(row["value"], lang) if row["value"] else "",
                "unit": row["unit"] or "",
                "status": row["status"],
            }
            for row in rows
        ]
        reported = [
            (
                str(row["year"]),
                Decimal(str(row["value"])),
                f"{format_number(str(row['value']), lang)} {row['unit'] or ''}",
            )
            for row in rows
            if row["value"]
        ]
        return {"rows": table, "chart": bar_chart(reported) if reported else None}

    def reporting(self, convention: ox.NamedNode) -> list[dict[str, str | None]]:
        """Per year of a convention's period, how many indicators are reported, not available,
        not applicable or missing; nothing when no value was ever reported."""
        rows = self.data.reporting_status(convention)
        said = sum(
            int(row[name] or 0) for row in rows for name in ("reportedCount", "notAvailableCount", "notApplicableCount")
        )
        return rows if said else []

    def wording_uses(self, concept: ox.NamedNode, lang: str) -> list[dict[str, object]]:
        """Every use of a wording concept (``queries/wording-uses.rq``): the municipality, the
        convention's period, the item as that convention words it, and the strategic objective it
        serves."""
        return [
            {
                "municipality": self.link(ox.NamedNode(cast(str, row["municipalityIri"])), lang, row["municipality"]),
                "convention": self.link(ox.NamedNode(cast(str, row["convention"])), lang, row["period"] or None),
                "item": self.link(ox.NamedNode(cast(str, row["itemIri"])), lang, row["item"]),
                "objective": self.link(
                    ox.NamedNode(cast(str, row["objectiveIri"])),
                    lang,
                    f"{row['sector']}.{row['strategicObjectiveNumber']} — {row['strategicObjective']}",
                ),
            }
            for row in self.data.wording_uses(concept, lang)
        ]

    def funding_page(self, lang: str) -> str:
        """Funding per municipality and year (``queries/funding-by-sector.rq``): a table with the
        total of each municipality and of each year, and a bar per municipality and year."""
        rows = self.data.funding_by_sector(lang)
        years = sorted({cast(str, row["year"]) for row in rows})
        municipalities: dict[str, dict[str, object]] = {}
        for row in rows:
            iri = cast(str, row["municipalityIri"])
            entry = municipalities.setdefault(
                iri,
                {
                    "link": self.link(ox.NamedNode(iri), lang, row["municipality"]),
                    "name": row["municipality"] or "",
                    "amounts": {},
                    "conventions": {},
                    "sectors": set(),
                    "total": row["municipalityTotal"],
                    "currency": row["currency"],
                },
            )
            year = cast(str, row["year"])
            amounts = cast(dict[str, Decimal], entry["amounts"])
            amounts[year] = amounts.get(year, Decimal(0)) + Decimal(cast(str, row["amount"]))
            cast(dict[str, list[str]], entry["conventions"]).setdefault(year, []).append(cast(str, row["convention"]))
            cast(set[str], entry["sectors"]).update(s for s in (row["sectors"] or "").split("; ") if s)
        year_totals = {cast(str, row["year"]): cast(str, row["yearTotal"]) for row in rows}
        currency = next((row["currency"] for row in rows), "EUR")
        table = []
        for entry in sorted(municipalities.values(), key=lambda e: cast(str, e["name"])):
            amounts = cast(dict[str, Decimal], entry["amounts"])
            conventions = cast(dict[str, list[str]], entry["conventions"])
            cells = []
            for year in years:
                amount = amounts.get(year)
                shown = format_amount(str(amount), cast(str, entry["currency"]), lang) if amount is not None else ""
                links = conventions.get(year, [])
                cells.append(self.link(ox.NamedNode(links[0]), lang, shown) if len(links) == 1 else Link(shown))
            table.append(
                {
                    "municipality": entry["link"],
                    "cells": cells,
                    "total": format_amount(cast(str, entry["total"]), cast(str, entry["currency"]), lang),
                    "sectors": sorted(cast(set[str], entry["sectors"]), key=lambda s: (len(s.split()[0]), s)),
                }
            )
        grand = sum((Decimal(total) for total in year_totals.values()), Decimal(0))
        return self.page(
            "funding.html",
            lang,
            "/funding",
            title=translate(lang, "Funding per municipality and year"),
            years=years,
            rows=table,
            year_totals=[format_amount(year_totals[year], currency, lang) for year in years],
            grand_total=format_amount(str(grand), currency, lang) if rows else "",
            chart=self.funding_bars(municipalities, years, lang) if rows else None,
        )

    @staticmethod
    def funding_bars(municipalities: dict[str, dict[str, object]], years: list[str], lang: str) -> dict[str, object]:
        """The funding page's chart: for each municipality, a bar per year, across, their lengths
        in proportion to the amounts (BARS_WIDTH for the largest)."""
        ordered = sorted(municipalities.values(), key=lambda e: cast(str, e["name"]))
        largest = max(
            (amount for entry in ordered for amount in cast(dict[str, Decimal], entry["amounts"]).values()),
            default=Decimal(0),
        )
        groups, y = [], GROUP_GAP
        for entry in ordered:
            amounts = cast(dict[str, Decimal], entry["amounts"])
            bars, top = [], y
            for year in years:
                if year not in amounts:
                    continue
                amount = amounts[year]
                width = int(amount / largest * BARS_WIDTH) if largest > 0 else 0
                bars.append(
                    {
                        "year": year,
                        "amount": format_amount(str(amount), cast(str, entry["currency"]), lang),
                        "y": y,
                        "width": width,
                        "colour": YEAR_COLOURS[years.index(year) % len(YEAR_COLOURS)],
                    }
                )
                y += BAR_HEIGHT + BAR_GAP
            groups.append({"name": entry["name"], "bars": bars, "label_y": (top + y - BAR_GAP) // 2 + 5})
            y += GROUP_GAP
        return {
            "groups": groups,
            "legend": [{"year": year, "colour": YEAR_COLOURS[n % len(YEAR_COLOURS)]} for n, year in enumerate(years)],
            "width": BARS_LEFT + BARS_WIDTH + 10,
            "height": y,
            "left": BARS_LEFT,
            "bar_height": BAR_HEIGHT,
        }

    def document_text(self, document: Value) -> list[str] | None:
        """The lines of a source document the site holds (``sources/``), found by the SHA-256
        its description gives, so that what is shown is what the items were read from."""
        if not isinstance(document, ox.NamedNode):
            return None
        if self.documents is None:
            self.documents = {hashlib.sha256(path.read_bytes()).hexdigest(): path for path in source_documents()}
        digest = document.value.rsplit("/", 1)[-1]
        path = self.documents.get(digest)
        return path.read_text(encoding="utf-8").splitlines() if path is not None else None

    def document_lines(self, iri: ox.NamedNode) -> list[dict[str, object]]:
        """The source document's lines as its page shows them: numbered, quoted ones marked."""
        text = self.document_text(iri)
        if text is None:
            return []
        quoted = self.data.quoted_lines(iri)
        return [{"number": n, "text": line, "quoted": n in quoted} for n, line in enumerate(text, start=1)]

    def home_page(self, lang: str, search: str = "", kind: str = "", year: str = "") -> str:
        """Every convention (municipality, period, type, funding, size of its framework), or those
        of one ``kind`` in force during ``year``; on a live site, the items whose name holds the
        words searched."""
        rows = self.data.conventions_table(lang)
        kinds = sorted({(row["typeIri"], row["type"] or "") for row in rows if row["typeIri"]}, key=lambda k: k[1])
        shown = [
            row
            for row in rows
            if (not kind or row["typeIri"] == kind)
            and (not year or (row["start"] or "9999")[:4] <= year <= (row["end"] or "0000")[:4])
        ]
        found = self.data.search(search[:SEARCH_TEXT_MAX]) if search.strip() and self.live else []
        return self.page(
            "home.html",
            lang,
            "/",
            title=translate(lang, "Security and society conventions as linked data"),
            conventions=[
                {
                    "municipality": self.link(ox.NamedNode(row["municipalityIri"]), lang, row["municipality"])
                    if row["municipalityIri"]
                    else None,
                    "period": f"{row['start'][:4]}–{row['end'][:4]}" if row["start"] and row["end"] else "",
                    "convention": self.link(ox.NamedNode(cast(str, row["convention"])), lang, row["type"] or None),
                    "total": format_amount(row["total"], row["currency"], lang),
                    "objectives": row["strategicObjectives"] or "0",
                    "indicators": row["indicators"] or "0",
                }
                for row in shown
            ],
            kinds=kinds,
            kind=kind,
            year=year if year.isdigit() else "",
            filtered=bool(kind or year),
            total=len(rows),
            search=search[:SEARCH_TEXT_MAX],
            found=[
                {
                    "item": self.link(item, lang, self.data.label(item, lang)),
                    "kind": self.data.label(item_kind, lang) if item_kind is not None else "",
                    "convention": self.link(convention, lang),
                }
                for item, item_kind, convention in found
            ],
            dumps=("trig", "nq", "ttl", "jsonld"),
        )

    def not_found_page(self, lang: str, path: str) -> str:
        return self.page("not_found.html", lang, path, title=translate(lang, "Not found"), missing=path)

    def page(self, template: str, lang: str, path: str, **context: object) -> str:
        """A page of the site: ``template`` in ``lang`` around ``context``, with the menu (the
        live service's parts only on a live site) and the language switch for ``path``."""
        menu = [
            {
                "href": f"{target}?lang={lang}",
                "text": text,
                "current": target == path,
            }
            for target, text, static in MENU
            if static or self.live
        ]
        return render(template, lang, path=path, menu=menu, live=self.live, **context)

    # -- serving --------------------------------------------------------------------------------

    async def funding(self, request: Request) -> Response:
        return HTMLResponse(self.funding_page(visitor_language(request)), headers={"Vary": "Accept-Language"})

    async def home(self, request: Request) -> Response:
        asked = request.query_params
        year = asked.get("year", "").strip()
        page = self.home_page(
            visitor_language(request), asked.get("q", ""), asked.get("type", ""), year if year.isdigit() else ""
        )
        return HTMLResponse(page, headers={"Vary": "Accept-Language"})

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
        media = negotiated(request, suffix)
        headers = {"Vary": "Accept, Accept-Language"}
        if iri is None or not triples:
            return self.not_found(request, f"/id/{path}", media)
        if media == "text/html":
            return HTMLResponse(self.resource_page(iri, triples, visitor_language(request)), headers=headers)
        return Response(
            self.rdf(triples, media),
            headers=headers,
            media_type=media + ("; charset=utf-8" if media != "application/rdf+xml" else ""),
        )

    def not_found(self, request: Request, path: str, media: str = "text/html") -> Response:
        """404: a page with the site's menu for a browser, a line of text for a program."""
        headers = {"Vary": "Accept, Accept-Language"}
        lang = visitor_language(request)
        if media == "text/html":
            return HTMLResponse(self.not_found_page(lang, path), status_code=404, headers=headers)
        message = translate(lang, "%(path)s is not described here.", path=path)
        return PlainTextResponse(message, status_code=404, headers=headers)

    async def missing(self, request: Request, error: Exception) -> Response:
        """Any path the site has no route for: the 404 page (or line of text) of an unknown IRI."""
        media = preferred(request.headers.get("accept"), PAGE_OR_RDF) or "text/plain"
        return self.not_found(request, request.url.path, media)

    def compare_page(self, lang: str, a: str, b: str) -> tuple[str, int]:
        """Two conventions of the store side by side, what changed from ``a`` to ``b``
        (``cssgraph diff``); without both, a form to choose them. The page and its status."""
        from cssgraph import diff as diffs

        conventions = [c for c in self.data.conventions() if isinstance(c, ox.NamedNode)]
        choices = [{"iri": c.value, "label": self.data.label(c, lang)} for c in conventions]
        context: dict[str, object] = {"title": translate(lang, "Compare two conventions"), "choices": choices}
        context |= {"a": a, "b": b, "error": None, "outline": [], "other": [], "old": None, "new": None}
        if not a or not b:
            return self.page("compare.html", lang, "/compare", **context), 200
        unknown = [iri for iri in (a, b) if iri not in {c.value for c in conventions}]
        if unknown:
            context["error"] = translate(lang, "%(path)s is not described here.", path=unknown[0][:300])
            return self.page("compare.html", lang, "/compare", **context), 404
        old, new = (self._version(iri, lang) for iri in (a, b))
        result = diffs.diff(old, new)
        rows = list(diffs.rows(result, lang))
        context |= {
            "old": old,
            "new": new,
            "outline": [r for r in rows if r["part"] == "outline"],
            "other": [r for r in rows if r["part"] == "other"],
        }
        return self.page("compare.html", lang, "/compare", href=self._href(lang), **context), 200

    def _version(self, iri: str, lang: str) -> DiffVersion:
        from cssgraph import diff as diffs

        node = ox.NamedNode(iri)
        graphs = {q.graph_name for q in self.data.store.quads_for_pattern(node, ox.NamedNode(RDF_TYPE), None)}
        quads = [q for g in graphs for q in self.data.store.quads_for_pattern(None, None, None, g)]
        return diffs.version_from_quads(quads, self.data.label(node, lang), self.base, iri)

    def _href(self, lang: str) -> Callable[[str], str]:
        """An IRI of the data as the link to its page here."""

        def href(iri: str) -> str:
            return self.link(ox.NamedNode(iri), lang, "").href or iri

        return href

    async def compare(self, request: Request) -> Response:
        from starlette.concurrency import run_in_threadpool

        asked = request.query_params
        # Off the event loop: two conventions' outlines aligned take up to a tenth of a second.
        page, status = await run_in_threadpool(
            self.compare_page, visitor_language(request), asked.get("a", ""), asked.get("b", "")
        )
        return HTMLResponse(page, status_code=status, headers={"Vary": "Accept-Language"})

    async def favicon(self, request: Request) -> Response:
        return Response(FAVICON.read_bytes(), media_type="image/svg+xml", headers={"Cache-Control": "max-age=86400"})


def bar_chart(points: list[tuple[str, Decimal, str]]) -> dict[str, object]:
    """A bar chart drawn by the server: each point (label under its bar, value, words a pointer
    or a screen reader gets), heights in proportion to the values, CHART_HEIGHT for the largest."""
    largest = max((value for _, value, _ in points), default=Decimal(0))
    bars = []
    for n, (label, value, words) in enumerate(points):
        height = int(value / largest * CHART_HEIGHT) if largest > 0 and value > 0 else 0
        bars.append(
            {
                "label": label,
                "words": words,
                "x": 10 + n * CHART_STEP,
                "height": height,
                "y": 20 + CHART_HEIGHT - height,
            }
        )
    return {"bars": bars, "width": 20 + len(bars) * CHART_STEP, "height": CHART_HEIGHT + 60, "base": 20 + CHART_HEIGHT}


def format_number(value: str, lang: str) -> str:
    """2.25 as a reader of ``lang`` writes it: 2,25 (fr, nl), 2.25 (en)."""
    from babel.numbers import format_decimal

    return format_decimal(Decimal(value), locale=LOCALES[lang])


LOCALES = {"fr": "fr_BE", "nl": "nl_BE", "en": "en_BE"}  # numbers and amounts as Belgians write them


def format_amount(total: str | None, currency: str | None, lang: str) -> str:
    """547588.82 EUR as a reader of ``lang`` writes it: 547 588,82 € (fr), € 547.588,82 (nl)."""
    if not total:
        return ""
    from babel.numbers import format_currency

    return format_currency(Decimal(total), currency or "EUR", locale=LOCALES[lang])


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
