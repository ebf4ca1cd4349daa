"""A read-only SPARQL 1.1 Protocol endpoint over the embedded store, for `cssgraph serve`.

GET or POST (form or application/sparql-query); results as SPARQL JSON, XML, CSV or TSV, graphs
as Turtle, N-Triples, RDF/XML or JSON-LD, by Accept (``conneg``). Updates are refused (the
endpoint is read-only), SERVICE is refused, and queries run in forked workers without network, bounded in time, memory and answer
size, and shared fairly between clients (``query_workers``); an answer past a limit is an error
rather than a silent cut.
"""

from __future__ import annotations

import json
from typing import cast
from urllib.parse import parse_qs, urlencode

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from cssgraph.errors import ServiceError
from cssgraph.i18n import translate
from cssgraph.query import Dataset, QueryResult, project_query, to_csv, to_json, to_tsv, to_xml
from cssgraph.resources import queries_dir
from cssgraph.settings import ServiceLimits
from cssgraph.web.conneg import chosen, preferred
from cssgraph.web.describe import RDF_TYPE, short_name
from cssgraph.web.pages import RDF_FORMATS, Link, Site, negotiated, visitor_language
from cssgraph.web.query_workers import QueryPool
from cssgraph.web.request_body import bounded_body

RESULT_TYPES = {
    "application/sparql-results+json": to_json,
    "application/json": to_json,
    "application/sparql-results+xml": to_xml,
    "application/xml": to_xml,
    "text/csv": to_csv,
    "text/tab-separated-values": to_tsv,
}
# An ASK answer has no CSV or TSV form (SPARQL 1.1 Query Results CSV and TSV, section 1).
BOOLEAN_TYPES = tuple(media for media in RESULT_TYPES if not media.startswith("text/"))
GRAPH_TYPES = {
    "text/turtle": None,
    "application/n-triples": None,  # the N-Triples text is Turtle too
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}
SD = "http://www.w3.org/ns/sparql-service-description#"


class Endpoint:
    def __init__(self, store: ox.Store, limits: ServiceLimits, site: Site):
        self.site = site  # for the query page's frame
        self.limits = limits
        self.pool = QueryPool(store, limits, _rendered)

    def close(self) -> None:
        """Stop the idle workers (at the server's shutdown)."""
        self.pool.close()

    async def handle(self, request: Request) -> Response:
        """A query's answer; a refusal is a ServiceError, answered in JSON by the app's handler.
        A browser (whose Accept names text/html) gets the query page with the answer as a table;
        ``?format=`` (json, xml, csv, tsv, ttl, nt, rdf, jsonld) overrides the Accept header."""
        text, dataset = await self._query(request)
        if text is None:
            return self._without_query(request)
        wanted = request.query_params.get("format")
        named = DOWNLOADS.get(wanted) if wanted is not None else None
        if wanted is not None and named is None:
            if wanted not in ANSWER_TYPES:
                raise ServiceError(400, f"unknown format {wanted[:50]!r}: use one of {', '.join(DOWNLOADS)}")
            named = (wanted,)
        as_page = wanted is None and _names_html(request.headers.get("accept"))
        accept = ", ".join(ANSWER_TYPES) if as_page else request.headers.get("accept", "")
        if named is not None:  # the kind the query answers with is chosen among those named, else any
            accept = ", ".join(named) + ", " + ", ".join(f"{media};q=0.1" for media in ANSWER_TYPES)
        client = request.client.host if request.client else ""
        # The query's relative IRIs resolve against the endpoint's URL (SPARQL 1.1 Query, 4.1.1.1).
        answer = await self.pool.run(client, text, accept, dataset, str(request.url.replace(query="", fragment="")))
        if isinstance(answer, dict):
            if as_page:
                return self._page(request, text, error=answer["error"], status=answer["status"])
            raise ServiceError(answer["status"], answer["error"])
        media, body = answer
        if as_page:
            return self._page(request, text, answer=(media, body))
        headers = {"Vary": "Accept"}
        if wanted is not None:
            headers["Content-Disposition"] = f'inline; filename="answer.{wanted}"'
        return Response(body, media_type=media + "; charset=utf-8", headers=headers)

    def _page(
        self, request: Request, text: str, answer: tuple[str, str] | None = None, error: str = "", status: int = 200
    ) -> Response:
        """The query page with ``text`` in the editor and its answer below it (a table whose IRIs
        lead to their pages, a graph as Turtle, a yes or no), with a link to each format."""
        lang = visitor_language(request)
        table: dict[str, object] | None = None
        if answer is not None:
            table = _table(self.site, answer, lang)
        downloads = [(name, f"/sparql?{urlencode({'query': text, 'format': name})}") for name in DOWNLOADS]
        return HTMLResponse(
            _query_page(self.site, lang, text, table=table, error=error, downloads=downloads if table else []),
            status_code=status,
            headers={"Vary": "Accept, Accept-Language"},
        )

    def _without_query(self, request: Request) -> Response:
        """No query: the service description for a program (SPARQL 1.1 Service Description,
        Turtle by default, and to */*), the query page for a browser (which names text/html)."""
        media = negotiated(request, offered=(*RDF_FORMATS, "text/html"))
        if media == "text/html":
            return HTMLResponse(
                _query_page(self.site, visitor_language(request)), headers={"Vary": "Accept, Accept-Language"}
            )
        triples = service_description(str(request.url.replace(query="")))
        prefixes = {"sd": SD, "dcterms": "http://purl.org/dc/terms/"} if media == "text/turtle" else None
        return Response(
            ox.serialize(triples, format=RDF_FORMATS[media], prefixes=prefixes),
            media_type=media,
            headers={"Vary": "Accept"},
        )

    async def _query(self, request: Request) -> tuple[str | None, Dataset]:
        """The query text (None when there is none) and the graphs the request names, from the
        URL, a form, or an application/sparql-query body (SPARQL 1.1 Protocol, section 2.1)."""
        parameters = {name: request.query_params.getlist(name) for name in request.query_params}
        if request.method == "POST":
            content_type, _, options = request.headers.get("content-type", "").partition(";")
            content_type = content_type.strip().lower()
            charset = dict(_parameter(option) for option in options.split(";") if "=" in option).get("charset", "utf-8")
            if charset.lower() not in ("utf-8", "utf8"):
                raise ServiceError(
                    415,
                    f"the body is said to be in {charset[:40]}: send it in UTF-8 (SPARQL 1.1 Protocol, section 2.1)",
                )
            try:
                body = (await bounded_body(request, self.limits.max_query_bytes)).decode("utf-8")
            except UnicodeDecodeError as error:
                raise ServiceError(400, f"the body is not UTF-8 (byte {error.start}): send it in UTF-8") from None
            if content_type == "application/sparql-update":
                raise ServiceError(403, "this endpoint is read-only: updates are refused")
            if content_type == "application/sparql-query":
                parameters["query"] = [body]
            elif content_type == "application/x-www-form-urlencoded":  # the URL's parameters count too
                for name, values in parse_qs(body).items():
                    parameters.setdefault(name, []).extend(values)
            else:
                raise ServiceError(
                    400, "send the query as ?query=, a form field 'query' or an application/sparql-query body"
                )
        if "update" in parameters:
            raise ServiceError(403, "this endpoint is read-only: updates are refused")
        if request.method == "POST" and "query" not in parameters:
            raise ServiceError(
                400, "send the query as ?query=, a form field 'query' or an application/sparql-query body"
            )
        if len(parameters.get("query", ())) > 1:
            raise ServiceError(400, "one query per request: the request names 'query' more than once")
        dataset = Dataset(tuple(parameters.get("default-graph-uri", ())), tuple(parameters.get("named-graph-uri", ())))
        return (parameters["query"][0] if "query" in parameters else None), dataset


def _parameter(option: str) -> tuple[str, str]:
    """A media type's parameter (``charset="UTF-8"``) as a lower-case name and its value."""
    name, _, value = option.partition("=")
    return name.strip().lower(), value.strip().strip('"')


def sd(name: str) -> ox.NamedNode:
    return ox.NamedNode(SD + name)


def service_description(endpoint: str) -> list[ox.Triple]:
    """What the endpoint offers, in the SPARQL 1.1 Service Description vocabulary; built as
    terms, never as text around the request's URL."""
    description = ox.NamedNode("http://purl.org/dc/terms/description")
    service, dataset = ox.BlankNode(), ox.BlankNode()
    formats = (
        "SPARQL_Results_JSON",
        "SPARQL_Results_XML",
        "SPARQL_Results_CSV",
        "SPARQL_Results_TSV",
        "Turtle",
        "N-Triples",
        "RDF_XML",
        "JSON-LD",
    )
    return [
        ox.Triple(service, ox.NamedNode(RDF_TYPE), sd("Service")),
        ox.Triple(service, sd("endpoint"), ox.NamedNode(endpoint)),
        ox.Triple(service, sd("supportedLanguage"), sd("SPARQL11Query")),
        ox.Triple(service, sd("feature"), sd("UnionDefaultGraph")),
        *(
            ox.Triple(service, sd("resultFormat"), ox.NamedNode(f"http://www.w3.org/ns/formats/{name}"))
            for name in formats
        ),
        ox.Triple(service, sd("defaultDataset"), dataset),
        ox.Triple(dataset, ox.NamedNode(RDF_TYPE), sd("Dataset")),
        ox.Triple(
            dataset,
            description,
            ox.Literal(
                "The default graph is the union of the named graphs: one per convention, the reference data and each "
                "ontology module.",
                language="en",
            ),
        ),
        ox.Triple(
            service,
            description,
            ox.Literal(
                "Read-only: updates, SERVICE and LOAD are refused; each query is bounded in time, memory and size, "
                "and clients share the workers fairly.",
                language="en",
            ),
        ),
    ]


def _rendered(result: QueryResult, accept: str) -> tuple[str, str]:
    """(media type, body) of an answer in the format ``accept`` prefers; 406 if none fits."""
    if result.kind == "graph":
        media = chosen(accept, tuple(GRAPH_TYPES), "a graph")
        syntax = GRAPH_TYPES[media]
        if syntax is None:
            return media, result.graph_text or ""
        triples = ox.parse((result.graph_text or "").encode(), format=ox.RdfFormat.N_TRIPLES)
        return media, cast(bytes, ox.serialize(list(triples), format=syntax)).decode()  # (no output given: bytes)
    media = chosen(
        accept,
        BOOLEAN_TYPES if result.kind == "ask" else tuple(RESULT_TYPES),
        "a yes-or-no answer" if result.kind == "ask" else "results",
    )
    return media, RESULT_TYPES[media](result)


# What ?format= names (for the query page's downloads and for any client), and the media types
# it stands for: a table's, then a graph's ("xml" is RDF/XML for a CONSTRUCT, as SPARQLWrapper,
# which sends format=xml, expects). A media type may be given as it is.
DOWNLOADS = {
    "json": ("application/sparql-results+json", "application/ld+json"),
    "xml": ("application/sparql-results+xml", "application/rdf+xml"),
    "csv": ("text/csv",),
    "tsv": ("text/tab-separated-values",),
    "ttl": ("text/turtle",),
    "nt": ("application/n-triples",),
    "rdf": ("application/rdf+xml",),
    "jsonld": ("application/ld+json",),
}
ANSWER_TYPES = tuple(dict.fromkeys(media for kinds in DOWNLOADS.values() for media in kinds))


def _names_html(accept: str | None) -> bool:
    """A browser's request: its Accept header names text/html (``*/*`` alone is a program's)."""
    return preferred(accept, ("text/html",)) is not None and "text/html" in (accept or "")


def _table(site: Site, answer: tuple[str, str], lang: str) -> dict[str, object]:
    """An answer as the page shows it: SPARQL JSON as rows of links, a graph as its text."""
    media, body = answer
    if media != "application/sparql-results+json":
        return {"graph": body}
    results = json.loads(body)
    if "boolean" in results:
        return {"boolean": translate(lang, "yes") if results["boolean"] else translate(lang, "no")}
    columns = results["head"]["vars"]
    rows = [[_cell(site, binding.get(name), lang) for name in columns] for binding in results["results"]["bindings"]]
    return {"columns": columns, "rows": rows}


def _cell(site: Site, term: dict[str, str] | None, lang: str) -> Link | None:
    if term is None:
        return None
    if term["type"] == "uri":
        return site.link(ox.NamedNode(term["value"]), lang, short_name(term["value"]))
    if term["type"] == "bnode":
        return Link("_:" + term["value"])
    return Link(term["value"], language=term.get("xml:lang"))


def _query_page(
    site: Site,
    lang: str,
    text: str | None = None,
    table: dict[str, object] | None = None,
    error: str = "",
    downloads: list[tuple[str, str]] | None = None,
) -> str:
    """The query page in the visitor's language: the editor (``text``, else the first of the
    project's queries), the project's queries each under the question it answers, and an answer."""
    texts = {query.stem: project_query(query.name) for query in sorted(queries_dir().glob("*.rq"))}
    examples = [(name, _question(text), text) for name, text in texts.items()]
    return site.page(
        "query.html",
        lang,
        "/sparql",
        title=translate(lang, "SPARQL queries"),
        query=text if text is not None else (examples[0][2] if examples else ""),
        examples=examples,
        table=table,
        error=error,
        downloads=downloads or [],
    )


def _question(text: str) -> str:
    """The question a query file begins with (its comment lines up to "Parameters:"), without
    its "Question (…):" lead."""
    lines = []
    for line in text.splitlines():
        words = line.lstrip("#").strip()
        if not line.startswith("#") or words.lower().startswith("parameters"):
            break
        lines.append(words)
    question = " ".join(lines)
    return question.split(":", 1)[1].strip() if question.lower().startswith("question") else question
