"""The service, as one ASGI app: an upload page and a REST API over the validator (here), the
published site — home page and resource pages (``pages``), dataset description and dumps
(``catalog``), documented ontology and shapes — and a read-only SPARQL endpoint (``endpoint``).

Read-only and bounded: an upload is written only to a private temporary folder, deleted after;
its size, the validation time and the number of validations at once are limited; validating
never reaches the network (no owl:imports followed, no remote JSON-LD context, no entity
expansion). Each validation runs in a forked worker process that is killed at the time limit,
so a slow document never holds the server.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import multiprocessing
import re
import secrets
import tempfile
import time
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict, TypeVar, final

from starlette.applications import Starlette
from starlette.datastructures import FormData, UploadFile
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from cssgraph import report
from cssgraph.errors import InputError, ServiceError
from cssgraph.i18n import marked, render, translate
from cssgraph.rdfio import FORMATS
from cssgraph.read.documents import DOCUMENT_SUFFIXES
from cssgraph.settings import DEFAULTS, LOOPBACK_NAMES, ServiceLimits, Settings
from cssgraph.validation import validate
from cssgraph.web.caching import CompressedExceptDumps, ConditionalGet
from cssgraph.web.conneg import chosen
from cssgraph.web.pages import visitor_language
from cssgraph.web.request_body import bounded_body

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from starlette.types import Message, StatelessLifespan
    from uvicorn.protocols.http.h11_impl import H11Protocol

    from cssgraph.findings import ValidationResult
    from cssgraph.web.pages import Site

ACCEPTED_SUFFIXES = tuple(sorted({*FORMATS, *DOCUMENT_SUFFIXES}))
# Content types of a raw request body, and the file name suffix that tells the reader its syntax.
CONTENT_TYPES = {
    "text/turtle": ".ttl",
    "application/trig": ".trig",
    "application/n-triples": ".nt",
    "application/n-quads": ".nq",
    "application/ld+json": ".jsonld",
    "application/rdf+xml": ".rdf",
    "text/plain": ".txt",
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
}
# Report formats: media type → (format name, renderer)
REPORTS = {
    "application/json": "json",
    "text/html": "html",
    "text/csv": "csv",
    "text/turtle": "turtle",
    "application/ld+json": "jsonld",
    "text/plain": "text",
}
MEDIA_TYPE_OF = {name: media for media, name in REPORTS.items()}
# What pasted text may be, each named for the upload page (its suffix tells the reader its syntax).
TEXT_FORMATS = (
    (".txt", marked("the text of a convention")),
    (".ttl", marked("Turtle")),
    (".trig", marked("TriG")),
    (".jsonld", marked("JSON-LD")),
    (".rdf", marked("RDF/XML")),
    (".nt", marked("N-Triples")),
    (".nq", marked("N-Quads")),
)
REPORT_LANGUAGES = (("fr", "français"), ("nl", "Nederlands"), ("en", "English"))


@final  # (final, so that "error" in an answer tells the two apart)
class Outcome(TypedDict):
    """A validation as the service keeps it: the verdict and the report in each format."""

    conforms: bool
    reports: dict[str, str]


@final
class _Unreadable(TypedDict):
    """What a worker answers for an input it could not read."""

    error: str


_Result = TypeVar("_Result")

# A client has this long to send its request's headers (its body: request_body.BODY_SECONDS):
# slow senders cannot hold connections open.
HEADER_SECONDS = 10.0
MAX_CONNECTIONS = 1000  # open connections and requests in progress, past which uvicorn answers 503
EVERY_INTERFACE = ("0.0.0.0", "::", "")


def allowed_hosts(host: str, named: tuple[str, ...]) -> tuple[str, ...]:
    """The host names requests may use: those ``named``; else the address listened on and the
    loopback names. Listening on every interface, the names must be given."""
    if named:
        return named
    if host in EVERY_INTERFACE:
        raise InputError(
            "--host",
            f"{host or '(empty)'} listens on every interface, so the host names clients use cannot be guessed",
            fix="name them with --allowed-host (e.g. --allowed-host "
            "data.example.be), or --allowed-host '*' to accept any",
        )
    return (host.strip("[]"), *LOOPBACK_NAMES)


def create_app(settings: Settings = DEFAULTS) -> Starlette:
    """The service for ``settings``: its data (re-based under its base) is what the SPARQL
    endpoint and the pages answer from, in memory or in the on-disk store at its location.
    Requests naming another host than its allowed hosts get 400: the Host header is written
    into the dataset description and the service description, and a forged one must not reach
    them (or a cache in front)."""
    from cssgraph.store import embedded_store
    from cssgraph.web.catalog import Catalog
    from cssgraph.web.documentation import documentations
    from cssgraph.web.endpoint import Endpoint
    from cssgraph.web.pages import STATIC, Site

    store = embedded_store(settings.data_paths, settings.base, location=settings.store_location)
    loaded_at = time.time()  # what is served does not change after this
    limits = settings.limits
    site = Site(store, settings)
    service = _Service(limits, site)
    endpoint = Endpoint(store, limits, site)
    catalog = Catalog(store, site, settings)
    return Starlette(
        routes=[
            Route("/dataset", catalog.describe, methods=["GET"]),
            *(Route(path, page.handle, methods=["GET"]) for path, page in documentations(site).items()),
            Route("/favicon.svg", site.favicon, methods=["GET"]),
            Mount("/static", StaticFiles(directory=STATIC), name="static"),
            Route("/favicon.ico", site.favicon, methods=["GET"]),
            Route("/dumps/{file:str}", catalog.download, methods=["GET"]),
            Route("/sparql", endpoint.handle, methods=["GET", "POST"]),
            Route("/id/{path:path}", site.handle, methods=["GET"]),
            Route("/", site.home, methods=["GET"]),
            Route("/compare", site.compare, methods=["GET"]),
            Route("/funding", site.funding, methods=["GET"]),
            Route("/health", lambda request: PlainTextResponse("ok")),
            Route("/validate", service.form_page, methods=["GET"]),
            Route("/validate", service.form_post, methods=["POST"]),
            Route("/validate/{key:str}.{fmt:str}", service.download, methods=["GET"]),
            Route("/api/validate", service.api_validate, methods=["POST"]),
            Route("/api/openapi.json", lambda request: JSONResponse(openapi(limits))),
        ],
        lifespan=_stopping(endpoint.close),
        exception_handlers={ServiceError: _refused, 404: site.missing},
        middleware=[
            Middleware(TrustedHostMiddleware, allowed_hosts=list(settings.allowed_hosts)),
            # Open data, read-only and without cookies: any web page may query it (YASGUI, notebooks).
            Middleware(
                CORSMiddleware,
                allow_origins=["*"],
                allow_methods=["GET", "POST"],
                allow_headers=["Accept", "Content-Type"],
                max_age=3600,
            ),
            Middleware(CompressedExceptDumps),
            Middleware(ConditionalGet, loaded_at=loaded_at),
        ],
    )


# The parts of the service whose clients are programs: a refusal is JSON there, text elsewhere.
PROGRAM_PATHS = ("/sparql", "/api/")


def _refused(request: Request, error: Exception) -> Response:
    """Any refused request (a ServiceError raised by a handler): JSON for the SPARQL endpoint and
    the REST API, one line of text for a page, a vocabulary, the dataset or a dump."""
    assert isinstance(error, ServiceError)  # the handler of ServiceError only (Starlette types any Exception)
    if request.url.path.startswith(PROGRAM_PATHS):
        return JSONResponse(error.body, status_code=error.status, headers=error.headers)
    return PlainTextResponse(
        error.message, status_code=error.status, headers={"Vary": "Accept", **(error.headers or {})}
    )


def _stopping(action: Callable[[], None]) -> StatelessLifespan[Starlette]:
    """A lifespan that runs ``action`` when the server shuts down."""

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        action()

    return lifespan


class _Service:
    def __init__(self, limits: ServiceLimits, site: Site):
        self.limits = limits
        self.site = site  # for the upload page's frame
        self.slots = asyncio.Semaphore(limits.max_concurrent)
        self.reports: OrderedDict[str, tuple[float, int, Outcome]] = OrderedDict()  # key → (until, size, outcome)

    # -- the web page -------------------------------------------------------------------

    async def form_page(self, request: Request) -> HTMLResponse:
        return HTMLResponse(_form(self.site, visitor_language(request, default="en")))

    async def form_post(self, request: Request) -> Response:
        lang = visitor_language(request, default="en")
        try:
            form = await self._form(request)
            # A field is text, or a file where the client sent one: a file sent as "text" is no text.
            asked, upload, text = form.get("lang"), form.get("file"), form.get("text")
            lang = asked if isinstance(asked, str) and asked in ("fr", "nl", "en") else lang
            if isinstance(upload, UploadFile) and upload.filename:
                content, suffix = await upload.read(), _suffix_of(upload.filename)
            elif isinstance(text, str) and text.strip():
                content = text.encode("utf-8")
                written = form.get("text_format")
                suffix = written if isinstance(written, str) and written in ACCEPTED_SUFFIXES else text_format(text)
            else:
                raise ServiceError(400, translate(lang, "Choose a file or paste a text: neither was sent."))
            outcome = await self._validate(content, suffix, lang)
        except ServiceError as error:
            return HTMLResponse(_form(self.site, lang, error=error.said(lang)), status_code=error.status)
        banner = render(
            "validated.html", lang, key=self._keep(outcome), formats=("html", "json", "csv", "turtle", "jsonld")
        )
        page = outcome["reports"]["html"].replace("<body>", "<body>" + banner, 1)
        return HTMLResponse(page)

    async def download(self, request: Request) -> Response:
        self._forget_expired()
        outcome = self.reports.get(request.path_params["key"], (0, 0, None))[2]
        fmt = request.path_params["fmt"]
        if outcome is None or fmt not in outcome["reports"]:
            return PlainTextResponse("no such report (reports are kept for a while only)", status_code=404)
        return Response(
            outcome["reports"][fmt],
            media_type=MEDIA_TYPE_OF[fmt] + "; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="report.{_extension(fmt)}"'},
        )

    # -- the REST API -------------------------------------------------------------------

    async def api_validate(self, request: Request) -> Response:
        lang = request.query_params.get("lang", "en")
        if lang not in ("fr", "nl", "en"):
            raise ServiceError(400, f"unknown language {lang!r}: use fr, nl or en")
        fmt = _report_format(request.headers.get("accept"))
        content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if content_type == "multipart/form-data":
            form = await self._form(request)
            upload = form.get("file")
            if not isinstance(upload, UploadFile) or not upload.filename:
                raise ServiceError(400, "the multipart body has no 'file' part")
            content, suffix = await upload.read(), _suffix_of(upload.filename)
        elif content_type in CONTENT_TYPES:
            content, suffix = await self._body(request), CONTENT_TYPES[content_type]
        else:
            raise ServiceError(
                415,
                f"unsupported content type {content_type or '(none)'!r}: send multipart/"
                f"form-data or one of {', '.join(CONTENT_TYPES)}",
            )
        outcome = await self._validate(content, suffix, lang)
        headers = {
            "X-Conforms": "true" if outcome["conforms"] else "false",
            "Link": f'</validate/{self._keep(outcome)}.html>; rel="alternate"; type="text/html"',
        }
        return Response(outcome["reports"][fmt], media_type=MEDIA_TYPE_OF[fmt] + "; charset=utf-8", headers=headers)

    # -- shared steps -------------------------------------------------------------------

    async def _form(self, request: Request) -> FormData:
        # The body is read within the limit first (a chunked upload has no Content-Length to
        # check), then parsed from what was read, replayed to a request of its own.
        body = await self._body(request)

        async def replay() -> Message:
            return {"type": "http.request", "body": body, "more_body": False}

        try:
            return await Request(request.scope, replay).form(
                max_files=1, max_fields=8, max_part_size=self.limits.max_upload_bytes
            )
        except Exception as error:  # Starlette reports a malformed body with several exception types
            # (no part can pass max_part_size: the whole body was refused past it already)
            raise ServiceError(400, f"malformed form data: {error}") from None

    async def _body(self, request: Request) -> bytes:
        return await bounded_body(request, self.limits.max_upload_bytes)

    async def _validate(self, content: bytes, suffix: str, lang: str) -> Outcome:
        if self.slots.locked():
            raise ServiceError(503, marked("too many validations at once: try again in a moment"))
        async with self.slots:
            return await asyncio.get_running_loop().run_in_executor(
                None, _validate_in_worker, content, suffix, lang, self.site.base, self.limits.timeout_seconds
            )

    def _keep(self, outcome: Outcome) -> str:
        """Keep a validation's reports for download, the oldest forgotten first past the limits."""
        limits = self.limits
        key = secrets.token_urlsafe(12)
        size = sum(len(text) for text in outcome["reports"].values())
        self.reports[key] = (time.monotonic() + limits.kept_report_seconds, size, outcome)
        self._forget_expired()
        while len(self.reports) > 1 and (
            len(self.reports) > limits.kept_reports
            or sum(entry[1] for entry in self.reports.values()) > limits.kept_report_bytes
        ):
            self.reports.popitem(last=False)
        return key

    def _forget_expired(self) -> None:
        now = time.monotonic()
        while self.reports and next(iter(self.reports.values()))[0] < now:
            self.reports.popitem(last=False)


# -- validation in a worker ------------------------------------------------------------------


def _run_forked(
    target: Callable[..., _Result], args: tuple[object, ...], timeout: float, lang: str = "en"
) -> _Result | _Unreadable:
    """``target(*args)`` in a forked process, killed at the time limit: a slow request never
    holds the server. The child inherits the loaded store and the compiled shapes; an input it
    cannot read is said in ``lang``."""
    context = multiprocessing.get_context("fork")
    receiver: Connection[None, _Result | _Unreadable]
    receiver, sender = context.Pipe(duplex=False)
    worker = context.Process(target=_reply, args=(sender, target, args, lang), daemon=True)
    worker.start()
    sender.close()
    try:
        if not receiver.poll(timeout):
            raise ServiceError(
                504, marked("the request took longer than %(seconds)s s and was stopped"), {"seconds": f"{timeout:g}"}
            )
        return receiver.recv()
    except EOFError:
        raise ServiceError(500, "the worker stopped unexpectedly") from None
    finally:
        worker.kill()
        worker.join()
        receiver.close()


def _reply(
    sender: Connection[_Result | _Unreadable, None], target: Callable[..., _Result], args: tuple[object, ...], lang: str
) -> None:
    try:
        sender.send(target(*args))
    except InputError as error:
        sender.send({"error": error.said(lang)})


def _validate_in_worker(content: bytes, suffix: str, lang: str, base: str, timeout: float) -> Outcome:
    """Validate in a forked worker; the upload lives in a private temporary folder that is
    deleted afterwards."""
    with tempfile.TemporaryDirectory(prefix="cssgraph-upload-") as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(content)
        outcome = _run_forked(_validate_upload, (path, lang, base), timeout, lang)
    # The reports name the upload, and the document's relative IRIs as it wrote them, not the
    # server's temporary folder they were resolved against (URIs first: they hold the path).
    places = dict.fromkeys([Path(folder).resolve(), Path(folder)])
    hidden = {**{place.as_uri() + "/": "" for place in places}, **{f"{place}/": "" for place in places}}
    if "error" in outcome:
        raise ServiceError(422, _replaced(outcome["error"], hidden))
    outcome["reports"] = {fmt: _replaced(text, hidden) for fmt, text in outcome["reports"].items()}
    return outcome


def _validate_upload(path: Path, lang: str, base: str) -> Outcome:
    result = validate([path], lang=lang, base=base, jobs=1)
    return {"conforms": result.conforms, "reports": render_all(result)}


def _replaced(text: str, replacements: dict[str, str]) -> str:
    for old, new in replacements.items():
        text = text.replace(old, new)
    return text


def render_all(result: ValidationResult) -> dict[str, str]:
    from rich.console import Console

    text = io.StringIO()
    report.render_text(result, Console(file=text, width=120, no_color=True, highlight=False))
    return {
        "json": report.render_json(result),
        "html": report.render_html(result),
        "csv": report.render_csv(result),
        "turtle": report.render_turtle(result),
        "jsonld": report.render_jsonld(result),
        "text": text.getvalue(),
    }


# -- small helpers ---------------------------------------------------------------------------


def _suffix_of(filename: str) -> str:
    suffix = Path(filename).suffix.lower()
    if suffix not in ACCEPTED_SUFFIXES:
        raise ServiceError(
            415,
            marked("unsupported file type %(suffix)r: send one of %(accepted)s"),
            {"suffix": suffix or "(none)", "accepted": ", ".join(ACCEPTED_SUFFIXES)},
        )
    return suffix


def _report_format(accept: str | None) -> str:
    return REPORTS[chosen(accept, tuple(REPORTS), "the report")]


def _extension(fmt: str) -> str:
    return {"turtle": "ttl", "text": "txt"}.get(fmt, fmt)


def _form(site: Site, lang: str, error: str | None = None) -> str:
    return site.page(
        "validate.html",
        lang,
        "/validate",
        title=translate(lang, "Validate a convention"),
        error=error,
        accepted=ACCEPTED_SUFFIXES,
        text_formats=TEXT_FORMATS,
        report_languages=REPORT_LANGUAGES,
    )


def text_format(text: str) -> str:
    """The syntax of pasted text, from its first characters: JSON-LD, RDF/XML, TriG, Turtle or
    N-Triples/N-Quads, else the text of a convention (the reader says what it could not read)."""
    start = text.lstrip("\ufeff \t\r\n")
    if start[:1] in ("{", "["):
        return ".jsonld"
    if start.startswith(("<?xml", "<rdf:RDF")):
        return ".rdf"
    code = "\n".join(line for line in start.splitlines() if not line.lstrip().startswith("#"))
    if re.search(r"^\s*(@prefix|@base|PREFIX|BASE)\b", code, re.MULTILINE | re.IGNORECASE):
        return ".trig" if re.search(r"^\s*(GRAPH\s+)?(<[^>]*>|\w*:\w*)\s*\{", code, re.MULTILINE) else ".ttl"
    if re.match(r"\s*(<[^>]*>|_:\S+)\s+<[^>]*>\s", code):
        return ".nq"  # N-Triples are N-Quads too
    return ".txt"


def openapi(limits: ServiceLimits) -> dict[str, Any]:
    """The REST API described with OpenAPI 3.1."""
    report_content: dict[str, dict[str, Any]] = {
        media: {"schema": {"type": "string"}} for media in REPORTS if media != "application/json"
    }
    report_content["application/json"] = {"schema": {"type": "object", "required": ["conforms", "conventions"]}}
    error = {
        "content": {
            "application/json": {
                "schema": {"type": "object", "properties": {"error": {"type": "string"}, "status": {"type": "integer"}}}
            }
        }
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "cssgraph validation service",
            "version": "0.1.0",
            "description": "Validate Belgian security and society conventions (RDF, text, PDF or Word) "
            "against the cssgraph SHACL shapes.",
        },
        "paths": {
            "/api/validate": {
                "post": {
                    "summary": "Validate one convention document or RDF file",
                    "parameters": [
                        {
                            "name": "lang",
                            "in": "query",
                            "schema": {"type": "string", "enum": ["fr", "nl", "en"]},
                            "description": "Language of the report's messages.",
                        },
                        {
                            "name": "Accept",
                            "in": "header",
                            "schema": {"type": "string", "enum": list(REPORTS)},
                            "description": "Report format (default application/json).",
                        },
                    ],
                    "requestBody": {
                        "required": True,
                        "content": {
                            "multipart/form-data": {
                                "schema": {
                                    "type": "object",
                                    "properties": {"file": {"type": "string", "format": "binary"}},
                                }
                            },
                            **{media: {"schema": {"type": "string", "format": "binary"}} for media in CONTENT_TYPES},
                        },
                    },
                    "responses": {
                        "200": {
                            "description": "The validation report; header X-Conforms says the verdict.",
                            "content": report_content,
                        },
                        "400": {"description": "Malformed request.", **error},
                        "406": {"description": "No acceptable report format.", **error},
                        "413": {"description": f"Upload larger than {limits.max_upload_bytes} bytes.", **error},
                        "415": {"description": "Unsupported content or file type.", **error},
                        "422": {
                            "description": "The document could not be read (the message says why and where).",
                            **error,
                        },
                        "503": {"description": "Too many validations at once.", **error},
                        "504": {"description": f"Validation longer than {limits.timeout_seconds} s.", **error},
                    },
                }
            }
        },
    }


def run(host: str, port: int, settings: Settings) -> None:
    """Serve on ``host``:``port`` (for requests naming one of the settings' hosts: see ``allowed_hosts``)."""
    import uvicorn

    uvicorn.run(
        create_app(settings),
        host=host,
        port=port,
        log_level="warning",
        timeout_keep_alive=5,
        http=_headers_in_time(),
        limit_concurrency=MAX_CONNECTIONS,
    )


def _headers_in_time() -> type[H11Protocol]:
    """uvicorn's HTTP/1.1 protocol, closing a connection whose request headers have not all
    arrived HEADER_SECONDS after it opened or after its previous answer (uvicorn itself bounds
    only a keep-alive connection's silence, and the first byte ends that)."""
    import h11
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class HeadersInTime(H11Protocol):
        deadline: asyncio.TimerHandle | None = None

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]  # as H11Protocol's
            super().connection_made(transport)
            self._watch_headers()

        def data_received(self, data: bytes) -> None:
            super().data_received(data)
            self._watch_headers()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            self._watch_headers()

        def connection_lost(self, exc: Exception | None) -> None:
            if self.deadline is not None:
                self.deadline.cancel()
            super().connection_lost(exc)

        def _watch_headers(self) -> None:
            waiting = self.conn.their_state is h11.IDLE and not self.transport.is_closing()
            if waiting and self.deadline is None:
                self.deadline = self.loop.call_later(HEADER_SECONDS, self.transport.close)
            elif not waiting and self.deadline is not None:
                self.deadline.cancel()
                self.deadline = None

    return HeadersInTime
