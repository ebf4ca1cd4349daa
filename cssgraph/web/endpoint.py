"""A read-only SPARQL 1.1 Protocol endpoint over the embedded store, for `cssgraph serve`.

GET or POST (form or application/sparql-query); results as SPARQL JSON, XML, CSV or TSV, graphs
as Turtle, N-Triples, RDF/XML or JSON-LD, by Accept (``conneg``). Updates are refused (the
endpoint is read-only), SERVICE is refused, and queries run in forked workers without network, bounded in time, memory and answer
size, and shared fairly between clients (``query_workers``); an answer past a limit is an error
rather than a silent cut.
"""

from __future__ import annotations

from html import escape as h
from typing import cast
from urllib.parse import parse_qs

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from cssgraph.errors import ServiceError
from cssgraph.query import Dataset, QueryResult, to_csv, to_json, to_tsv, to_xml
from cssgraph.resources import queries_dir
from cssgraph.settings import ServiceLimits
from cssgraph.web.conneg import chosen
from cssgraph.web.describe import RDF_TYPE
from cssgraph.web.pages import RDF_FORMATS, Site, negotiated, visitor_language
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
        """A query's answer; a refusal is a ServiceError, answered in JSON by the app's handler."""
        text, dataset = await self._query(request)
        if text is None:
            return self._without_query(request)
        client = request.client.host if request.client else ""
        # The query's relative IRIs resolve against the endpoint's URL (SPARQL 1.1 Query, 4.1.1.1).
        answer = await self.pool.run(
            client,
            text,
            request.headers.get("accept", ""),
            dataset,
            str(request.url.replace(query="", fragment="")),
        )
        if isinstance(answer, dict):
            raise ServiceError(answer["status"], answer["error"])
        media, body = answer
        return Response(body, media_type=media + "; charset=utf-8", headers={"Vary": "Accept"})

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


QUERY_PAGE_WORDS = {
    "intro": {
        "fr": "Point SPARQL 1.1 en lecture seule sur les conventions, les données de référence et l’ontologie.",
        "nl": "Alleen-lezen SPARQL 1.1-eindpunt over de overeenkomsten, de referentiegegevens en de ontologie.",
        "en": "Read-only SPARQL 1.1 endpoint over the conventions, the reference data and the ontology.",
    },
    "examples": {"fr": "Questions du projet", "nl": "Vragen van het project", "en": "Questions of the project"},
    "run": {"fr": "Exécuter", "nl": "Uitvoeren", "en": "Run"},
}


def _query_page(site: Site, lang: str) -> str:
    """A query form in the visitor's language, pre-filled with the project's queries, each
    named by the question its first comment line asks."""
    queries = sorted(queries_dir().glob("*.rq"))
    texts = [query.read_text(encoding="utf-8") for query in queries]
    options = "".join(
        f'<option value="{h(text)}">{h(query.stem)} — {h(_question(text))}</option>'
        for query, text in zip(queries, texts, strict=True)
    )
    w = {key: h(words[lang]) for key, words in QUERY_PAGE_WORDS.items()}
    body = f"""<h1>SPARQL</h1><p>{w["intro"]}</p>
<label for="examples">{w["examples"]}</label>
<select id="examples" style="max-width: 100%" onchange="document.getElementById('query').value = this.value">{options}</select>
<form method="get" action="/sparql"><textarea id="query" name="query" style="width: 100%; height: 24rem;
font-family: monospace">{h(texts[0]) if texts else ""}</textarea>
<p><button type="submit">{w["run"]}</button></p></form>"""
    return site.frame("SPARQL", body, lang, "/sparql")


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
