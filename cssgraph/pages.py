"""Dereferenceable IRIs: every IRI under the base answers at /id/…, as an HTML page for a browser
and as RDF for a program (Turtle, JSON-LD, RDF/XML, N-Triples), chosen by Accept or overridden
with ?format=; 404 for an IRI the data does not describe; Vary: Accept.

A page shows the resource's label in the visitor's language (Accept-Language, or ?lang=), its
statements with links to the resources they name, and the statements that point to it, so that
one can walk from an indicator up to its strategic objective and back.
"""

from __future__ import annotations

from html import escape as h
from urllib.parse import quote

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response

from cssgraph.iris import DEFAULT_BASE

RDF_FORMATS = {"text/turtle": ox.RdfFormat.TURTLE, "application/ld+json": ox.RdfFormat.JSON_LD,
               "application/rdf+xml": ox.RdfFormat.RDF_XML, "application/n-triples": ox.RdfFormat.N_TRIPLES}
FORMAT_NAMES = {"ttl": "text/turtle", "jsonld": "application/ld+json", "rdf": "application/rdf+xml",
                "nt": "application/n-triples", "html": "text/html"}
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
PREF_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
PREFIXES = {"cssg": "https://w3id.org/cssgraph/ontology#", "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
            "skos": "http://www.w3.org/2004/02/skos/core#", "eli": "http://data.europa.eu/eli/ontology#",
            "org": "http://www.w3.org/ns/org#", "prov": "http://www.w3.org/ns/prov#",
            "schema": "https://schema.org/", "foaf": "http://xmlns.com/foaf/0.1/",
            "xsd": "http://www.w3.org/2001/XMLSchema#"}
WORDS = {"points_here": {"fr": "Ce qui y renvoie", "nl": "Wat ernaar verwijst", "en": "What points here"},
         "other_formats": {"fr": "Autres formats", "nl": "Andere formaten", "en": "Other formats"},
         "language": {"fr": "Langue", "nl": "Taal", "en": "Language"}}


class Resources:
    def __init__(self, store: ox.Store, base: str = DEFAULT_BASE):
        self.store = store
        self.base = base

    async def handle(self, request: Request) -> Response:
        path = request.path_params["path"]
        wanted = request.query_params.get("format")
        for extension, media in FORMAT_NAMES.items():  # /id/…/indicator/1.ttl
            if path.endswith("." + extension):
                path, wanted = path[: -len(extension) - 1], extension
        iri = ox.NamedNode(self.base + path)
        statements = list(self.store.quads_for_pattern(iri, None, None))
        if not statements:
            return PlainTextResponse(f"{iri.value} is not described here", status_code=404, headers={"Vary": "Accept"})
        media = FORMAT_NAMES.get(wanted) if wanted else _negotiated(request.headers.get("accept", ""))
        if media is None:
            return PlainTextResponse(f"unknown format {wanted!r}: use one of {', '.join(FORMAT_NAMES)}",
                                     status_code=400)
        headers = {"Vary": "Accept"}
        if media == "text/html":
            return HTMLResponse(self.page(iri, statements, visitor_language(request), request.url.path), headers=headers)
        triples = list(dict.fromkeys(ox.Triple(q.subject, q.predicate, q.object) for q in statements))
        rdf_format = RDF_FORMATS[media]
        prefixes = PREFIXES if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
        return Response(ox.serialize(triples, format=rdf_format, prefixes=prefixes), headers=headers,
                        media_type=media + ("; charset=utf-8" if media != "application/rdf+xml" else ""))

    def label(self, node, lang: str) -> str:
        if not isinstance(node, ox.NamedNode):
            return node.value
        values = [q.object for p in (LABEL, PREF_LABEL)
                  for q in self.store.quads_for_pattern(node, ox.NamedNode(p), None)]
        chosen = next((v for v in values if v.language == lang), values[0] if values else None)
        return chosen.value if chosen is not None else _short(node.value)

    def link(self, node, lang: str) -> str:
        if isinstance(node, ox.Literal):
            return h(node.value) + (f' <span class="lang">@{h(node.language)}</span>' if node.language else "")
        if isinstance(node, ox.NamedNode) and node.value.startswith(self.base):
            target = "/id/" + quote(node.value[len(self.base):]) + f"?lang={lang}"
            return f'<a href="{h(target)}">{h(self.label(node, lang))}</a>'
        return f'<a href="{h(node.value)}">{h(self.label(node, lang))}</a>' if isinstance(node, ox.NamedNode) \
            else h(node.value)

    def page(self, iri: ox.NamedNode, statements, lang: str, path: str) -> str:
        title = self.label(iri, lang)
        kinds = [self.label(q.object, lang) for q in statements if q.predicate.value == RDF_TYPE]
        rows = "".join(f"<tr><th>{h(self.label(q.predicate, lang))}</th><td>{self.link(q.object, lang)}</td></tr>"
                       for q in statements if q.predicate.value != RDF_TYPE)
        incoming = list(dict.fromkeys((q.subject, q.predicate) for q in self.store.quads_for_pattern(None, None, iri)))
        back = "".join(f"<li>{self.link(subject, lang)} — {h(self.label(predicate, lang))}</li>"
                       for subject, predicate in incoming)
        languages = " · ".join(f'<a href="{h(path)}?lang={code}" hreflang="{code}">{code}</a>' for code in ("fr", "nl", "en"))
        formats = " · ".join(f'<a href="{h(path)}?format={name}">{name}</a>' for name in FORMAT_NAMES if name != "html")
        return f"""<!doctype html><html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{h(title)} — cssgraph</title>
<link rel="alternate" type="text/turtle" href="{h(path)}?format=ttl">
<style>body {{ font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; }}
th {{ text-align: left; vertical-align: top; padding-right: 1rem; color: #555; font-weight: normal; }}
.kind {{ color: #555; }} .lang {{ color: #888; font-size: .8em; }} code {{ font-size: .85em; }}</style></head><body>
<p class="kind">{h(", ".join(kinds))}</p><h1>{h(title)}</h1><p><code>{h(iri.value)}</code></p>
<table>{rows}</table>
<h2>{h(WORDS["points_here"][lang])}</h2><ul id="incoming">{back}</ul>
<p>{h(WORDS["language"][lang])}: {languages} · {h(WORDS["other_formats"][lang])}: {formats}</p>
</body></html>
"""


def _negotiated(accept: str) -> str:
    """The best of HTML and the RDF formats for an Accept header (HTML when nothing matches)."""
    best, best_q = "text/html", -1.0
    for part in accept.split(","):
        fields = part.strip().split(";")
        media = fields[0].strip().lower()
        quality = next((float(f.split("=")[1]) for f in fields[1:] if f.strip().startswith("q=")), 1.0)
        if (media in RDF_FORMATS or media == "text/html") and quality > best_q:
            best, best_q = media, quality
    return best


def visitor_language(request: Request, default: str = "fr") -> str:
    """fr, nl or en: ?lang=, else the first of them in Accept-Language, else ``default``."""
    asked = request.query_params.get("lang")
    if asked in ("fr", "nl", "en"):
        return asked
    for part in request.headers.get("accept-language", "").split(","):
        code = part.split(";")[0].strip()[:2].lower()
        if code in ("fr", "nl", "en"):
            return code
    return default


def _short(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


class Vocabulary:
    """/ontology and /shapes: the files themselves by content negotiation, and for a browser a
    page listing each term (or shape) with its label and definition (or message) in the
    visitor's language."""

    def __init__(self, title: dict[str, str], graph_files):
        self.title = title
        self.triples = list(dict.fromkeys(ox.Triple(q.subject, q.predicate, q.object) for path in graph_files
                                          for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)))

    async def handle(self, request: Request) -> Response:
        wanted = request.query_params.get("format")
        media = FORMAT_NAMES.get(wanted) if wanted else _negotiated(request.headers.get("accept", ""))
        if media is None:
            return PlainTextResponse(f"unknown format {wanted!r}: use one of {', '.join(FORMAT_NAMES)}",
                                     status_code=400)
        if media != "text/html":
            rdf_format = RDF_FORMATS[media]
            prefixes = PREFIXES if rdf_format in (ox.RdfFormat.TURTLE, ox.RdfFormat.RDF_XML) else None
            return Response(ox.serialize(self.triples, format=rdf_format, prefixes=prefixes),
                            media_type=media, headers={"Vary": "Accept"})
        return HTMLResponse(self.page(visitor_language(request), request.url.path), headers={"Vary": "Accept"})

    def texts(self, subject, predicate: str, lang: str) -> str:
        values = [t.object for t in self.triples if t.subject == subject and t.predicate.value == predicate
                  and isinstance(t.object, ox.Literal)]
        chosen = next((v for v in values if v.language == lang), values[0] if values else None)
        return chosen.value if chosen is not None else ""

    def page(self, lang: str, path: str) -> str:
        described = [t.subject for t in self.triples if t.predicate.value == "http://www.w3.org/2000/01/rdf-schema#isDefinedBy"
                     or (t.predicate.value == RDF_TYPE and t.object.value == "http://www.w3.org/ns/shacl#NodeShape")]
        rows = []
        for subject in dict.fromkeys(described):
            name = _short(subject.value) if isinstance(subject, ox.NamedNode) else subject.value
            label = self.texts(subject, LABEL, lang)
            definition = self.texts(subject, "http://www.w3.org/2004/02/skos/core#definition", lang)
            messages = [t.object for t in self.triples if t.predicate.value == "http://www.w3.org/ns/shacl#property"
                        and t.subject == subject]
            rules = "".join(f"<li>{h(self.texts(m, 'http://www.w3.org/ns/shacl#message', lang))}</li>"
                            for m in messages if self.texts(m, "http://www.w3.org/ns/shacl#message", lang))
            rows.append(f'<section id="{h(name)}"><h2>{h(label or name)} <code>{h(name)}</code></h2>'
                        f"<p>{h(definition)}</p>{'<ul>' + rules + '</ul>' if rules else ''}</section>")
        languages = " · ".join(f'<a href="{h(path)}?lang={code}">{code}</a>' for code in ("fr", "nl", "en"))
        formats = " · ".join(f'<a href="{h(path)}?format={name}">{name}</a>' for name in FORMAT_NAMES if name != "html")
        return f"""<!doctype html><html lang="{lang}"><head><meta charset="utf-8"><title>{h(self.title[lang])}</title>
<style>body {{ font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; }}
code {{ font-size: .8em; color: #555; }} h2 {{ font-size: 1.1rem; margin-top: 1.6rem; }}</style></head><body>
<h1>{h(self.title[lang])}</h1><p>{languages} · {formats}</p>
{"".join(rows)}
</body></html>
"""
