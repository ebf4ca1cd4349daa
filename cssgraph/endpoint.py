"""A read-only SPARQL 1.1 Protocol endpoint over the embedded store, for `cssgraph serve`.

GET or POST (form or application/sparql-query); results as SPARQL JSON, XML, CSV or TSV, graphs
as Turtle or N-Triples, by Accept. Updates are refused (the endpoint is read-only), SERVICE is
refused, and queries run in a few long-lived forked workers (one per core) that have left the
network (the store would fetch what SERVICE names: however a query is spelled, there is nothing
to reach); one past the time limit is killed and replaced, and an answer larger than the row
limit is an error rather than a silent cut.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import signal
import sys
from html import escape as h
from urllib.parse import parse_qs

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from cssgraph.pages import RDF_FORMATS, negotiated, visitor_language
from cssgraph.errors import InputError
from cssgraph.query import QueryResult, evaluate, to_csv, to_json, to_tsv, to_xml
from cssgraph.resources import queries_dir
from cssgraph.serve import ServiceError, bounded_body

RESULT_TYPES = {"application/sparql-results+json": to_json, "application/json": to_json,
                "application/sparql-results+xml": to_xml, "application/xml": to_xml,
                "text/csv": to_csv, "text/tab-separated-values": to_tsv}
GRAPH_TYPES = ("text/turtle", "application/n-triples")
SD = "http://www.w3.org/ns/sparql-service-description#"


class QueryWorker:
    """A forked process that answers queries over the store it inherited, one at a time, for as
    long as the server runs: a query costs no process start. Killed (and replaced by its pool)
    when a query overruns the time limit."""

    def __init__(self, store, max_rows: int):
        context = multiprocessing.get_context("fork")
        self.requests, child_requests = context.Pipe()
        self.process = context.Process(target=_serve_queries, args=(child_requests, store, max_rows), daemon=True)
        self.process.start()
        child_requests.close()

    def ask(self, text: str, accept: str, timeout: float):
        """(media type, body) of the answer, a {"status": …, "error": …} for a query refused,
        or None when time ran out."""
        self.requests.send((text, accept))
        if not self.requests.poll(timeout):
            return None
        return self.requests.recv()

    def stop(self) -> None:
        self.process.kill()
        self.process.join()
        self.requests.close()


def without_network() -> bool:
    """Leave the network: this process moves to a network namespace of its own, which has no
    interface up. The embedded store executes SERVICE (and FROM) itself, so however a query is
    spelled, nothing it names can be reached. Unprivileged, through a user namespace; False
    where the system allows neither."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    clone_newnet, clone_newuser = 0x40000000, 0x10000000
    return libc.unshare(clone_newnet) == 0 or libc.unshare(clone_newuser | clone_newnet) == 0


def _serve_queries(requests, store, max_rows: int) -> None:
    # The server's handlers (uvicorn's graceful SIGTERM) are not the worker's: it just ends.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    if not without_network():
        print("cssgraph: warning: this system allows no network namespace: the SPARQL workers keep the "
              "network, and only the SERVICE check of the query text keeps them from it", file=sys.stderr, flush=True)
    server = os.getppid()
    while True:
        # Workers forked later hold this pipe's other end too, so the server's death does not
        # always close it: the worker also stops when its server is gone.
        if not requests.poll(1.0):
            if os.getppid() != server:
                return
            continue
        try:
            text, accept = requests.recv()
        except EOFError:  # the server went away
            return
        try:  # the answer is written here too: the server only passes it on
            requests.send(_rendered(evaluate(store, text, "the query", max_rows=max_rows), accept))
        except InputError as error:
            requests.send({"status": 400, "error": str(error)})
        except ServiceError as error:
            requests.send({"status": error.status, "error": error.message})


class Endpoint:
    def __init__(self, store, service, site):
        self.store = store
        self.site = site  # for the query page's frame
        self.limits = service.limits
        self.idle: asyncio.Queue | None = None  # the workers, made on the first query (in the server's loop)
        self.waiting = 0

    def close(self) -> None:
        """Stop the idle workers (at the server's shutdown)."""
        while self.idle is not None and not self.idle.empty():
            self.idle.get_nowait().stop()

    async def handle(self, request: Request) -> Response:
        try:
            text = await self._query_text(request)
            if text is None:
                return self._without_query(request)
            answer = await self._evaluate(text, request.headers.get("accept", ""))
            if isinstance(answer, dict):
                raise ServiceError(answer["status"], answer["error"])
            media, body = answer
            return Response(body, media_type=media + "; charset=utf-8")
        except ServiceError as error:
            return JSONResponse({"error": error.message, "status": error.status}, status_code=error.status)

    async def _evaluate(self, text: str, accept: str):
        """Run the query on an idle worker; queries wait their turn (they are short), and only a
        queue past its bound is refused. A worker past the time limit is killed and replaced."""
        if self.waiting >= self.limits.max_waiting_queries:
            raise ServiceError(503, "too many queries waiting: try again in a moment")
        if self.idle is None:
            self.idle = asyncio.Queue()
            for _ in range(self.limits.max_concurrent):
                self.idle.put_nowait(QueryWorker(self.store, self.limits.max_rows))
        self.waiting += 1
        try:
            worker = await self.idle.get()
        finally:
            self.waiting -= 1
        loop = asyncio.get_running_loop()
        try:
            result = await loop.run_in_executor(None, worker.ask, text, accept, self.limits.query_timeout_seconds)
        except (EOFError, OSError):
            result = False  # the worker died: replace it
        if result is None or result is False:
            await loop.run_in_executor(None, worker.stop)
            worker = QueryWorker(self.store, self.limits.max_rows)
        self.idle.put_nowait(worker)
        if result is None:
            raise ServiceError(504, f"the request took longer than {self.limits.query_timeout_seconds:g} s and was stopped")
        if result is False:
            raise ServiceError(500, "the query worker stopped unexpectedly")
        return result

    def _without_query(self, request: Request) -> Response:
        """No query: the service description for a program (SPARQL 1.1 Service Description,
        Turtle by default), the query page for a browser."""
        media = negotiated(request.headers.get("accept", ""))
        if media == "text/html":
            return HTMLResponse(_query_page(self.site, visitor_language(request)),
                                headers={"Vary": "Accept, Accept-Language"})
        triples = list(ox.parse(service_description(str(request.url.replace(query=""))).encode(),
                                format=ox.RdfFormat.TURTLE))
        prefixes = {"sd": SD, "dcterms": "http://purl.org/dc/terms/"} if media == "text/turtle" else None
        return Response(ox.serialize(triples, format=RDF_FORMATS[media], prefixes=prefixes), media_type=media,
                        headers={"Vary": "Accept"})

    async def _query_text(self, request: Request) -> str | None:
        if request.method == "GET":
            if "update" in request.query_params:
                raise ServiceError(403, "this endpoint is read-only: updates are refused")
            return request.query_params.get("query")
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        body = (await bounded_body(request, self.limits.max_query_bytes)).decode("utf-8", errors="replace")
        if content_type == "application/sparql-update":
            raise ServiceError(403, "this endpoint is read-only: updates are refused")
        if content_type == "application/sparql-query":
            return body
        if content_type == "application/x-www-form-urlencoded":
            form = parse_qs(body)
            if "update" in form:
                raise ServiceError(403, "this endpoint is read-only: updates are refused")
            if "query" in form:
                return form["query"][0]
        raise ServiceError(400, "send the query as ?query=, a form field 'query' or an application/sparql-query body")


def service_description(endpoint: str) -> str:
    """What the endpoint offers, in the SPARQL 1.1 Service Description vocabulary."""
    formats = " ,\n        ".join(f"<http://www.w3.org/ns/formats/{name}>" for name in (
        "SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV", "Turtle", "N-Triples"))
    return f"""@prefix sd: <{SD}> .
@prefix dcterms: <http://purl.org/dc/terms/> .
[] a sd:Service ;
    sd:endpoint <{endpoint}> ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:feature sd:UnionDefaultGraph ;
    sd:resultFormat {formats} ;
    sd:defaultDataset [ a sd:Dataset ; dcterms:description
        "The default graph is the union of the named graphs: one per convention, the reference data and each ontology module."@en ] ;
    dcterms:description "Read-only: updates, SERVICE and LOAD are refused; each query is bounded in time and in rows."@en .
"""


def _rendered(result: QueryResult, accept: str) -> tuple[str, str]:
    """(media type, body) of an answer in the best format for ``accept``; 406 if none fits."""
    if result.kind == "graph":
        return _chosen(accept, GRAPH_TYPES, "a graph"), result.graph_text or ""
    media = _chosen(accept, tuple(RESULT_TYPES), "results")
    return media, RESULT_TYPES[media](result)


def _chosen(accept: str, offered: tuple, what: str) -> str:
    """The first offered media type ``accept`` names; the first offered one for a wildcard or
    no Accept at all; a ServiceError(406) otherwise."""
    wanted = [part.split(";")[0].strip().lower() for part in accept.split(",") if part.strip()]
    media = next((m for m in wanted if m in offered), None)
    if media is None and wanted and not any(m in ("*/*", "text/*", "application/*") for m in wanted):
        raise ServiceError(406, f"{what} is given as {', '.join(offered)}")
    return media or offered[0]


QUERY_PAGE_WORDS = {
    "intro": {"fr": "Point SPARQL 1.1 en lecture seule sur les conventions, les données de référence et l’ontologie.",
              "nl": "Alleen-lezen SPARQL 1.1-eindpunt over de overeenkomsten, de referentiegegevens en de ontologie.",
              "en": "Read-only SPARQL 1.1 endpoint over the conventions, the reference data and the ontology."},
    "examples": {"fr": "Questions du projet", "nl": "Vragen van het project", "en": "Questions of the project"},
    "run": {"fr": "Exécuter", "nl": "Uitvoeren", "en": "Run"},
}


def _query_page(site, lang: str) -> str:
    """A query form in the visitor's language, pre-filled with the project's queries, each
    named by the question its first comment line asks."""
    queries = sorted(queries_dir().glob("*.rq"))
    texts = [query.read_text(encoding="utf-8") for query in queries]
    options = "".join(f'<option value="{h(text)}">{h(query.stem)} — {h(_question(text))}</option>'
                      for query, text in zip(queries, texts))
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
