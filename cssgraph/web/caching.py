"""HTTP caching and compression for what `cssgraph serve` publishes (RFC 9110 sections 8.4
and 13, RFC 9111).

The data does not change while the server runs, so every GET answered 200 gets a validator
and a lifetime: an ETag (a hash of the body; weak, so that a compressed copy shares it), a
Last-Modified (when the data was loaded) and a Cache-Control. A client or a cache whose copy is
current gets 304 without the body. What a validation upload produced is private: no-store.
"""

from __future__ import annotations

import hashlib
from email.utils import formatdate, parsedate_to_datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_AGE_SECONDS = 300
PRIVATE_PATHS = ("/validate", "/api/", "/health")


def entity_tag(body: bytes) -> str:
    """A weak ETag for a body (a compressed copy shares it)."""
    return 'W/"' + hashlib.blake2b(body, digest_size=16).hexdigest() + '"'


class ConditionalGet:
    """ASGI middleware: validators on every 200 to a GET, 304 for a current copy. A response
    that brings its own ETag (a large body made once, tagged once) passes through unbuffered;
    any other is held to be tagged."""

    def __init__(self, app: ASGIApp, loaded_at: float):
        self.app = app
        self.loaded_at = int(loaded_at)
        self.last_modified = formatdate(self.loaded_at, usegmt=True)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            return await self.app(scope, receive, send)
        request_headers = {name.decode("latin-1").lower(): value.decode("latin-1") for name, value in scope["headers"]}
        private = scope["path"].startswith(PRIVATE_PATHS)
        start: Message = {}
        body = bytearray()
        streamed = False  # the response's own ETag was used: its body goes on as it comes

        async def hold(message: Message) -> None:
            nonlocal streamed
            if message["type"] == "http.response.start":
                start.update(message)
                own = dict(message.get("headers", [])).get(b"etag")
                if own is not None and message["status"] == 200 and not private:
                    streamed = True
                    await self._start(start, own.decode("latin-1"), request_headers, send)
                return
            if streamed:
                if start["status"] == 200:  # not turned into a 304
                    await send(message)
                elif not message.get("more_body"):
                    await send({"type": "http.response.body", "body": b""})
                return
            body.extend(message.get("body", b""))
            if not message.get("more_body"):
                await self._answer(start, bytes(body), request_headers, private, send)

        await self.app(scope, receive, hold)

    async def _answer(
        self, start: Message, body: bytes, request_headers: dict[str, str], private: bool, send: Send
    ) -> None:
        if start["status"] != 200 or private:
            headers = list(start.get("headers", [])) + ([(b"cache-control", b"no-store")] if private else [])
            await send({**start, "headers": headers})
        else:
            await self._start(start, entity_tag(body), request_headers, send)
            if start["status"] != 200:  # a 304: no body
                body = b""
        await send({"type": "http.response.body", "body": body})

    async def _start(self, start: Message, etag: str, request_headers: dict[str, str], send: Send) -> None:
        """Send the start of a 200 with its validators, or of a 304 when the client's copy is
        current (``start`` then says 304)."""
        headers = [(name, value) for name, value in start.get("headers", []) if name.lower() != b"etag"]
        validators = [(b"etag", etag.encode()), (b"last-modified", self.last_modified.encode())]
        if not any(name.lower() == b"cache-control" for name, _ in headers):
            validators.append((b"cache-control", f"public, max-age={MAX_AGE_SECONDS}".encode()))
        if self._current(request_headers, etag):
            start["status"] = 304
            headers = [(name, value) for name, value in headers if name.lower() in (b"vary", b"content-location")]
        await send({**start, "headers": headers + validators})

    def _current(self, request_headers: dict[str, str], etag: str) -> bool:
        """Is the client's copy current? If-None-Match decides when it is sent (weak
        comparison), else If-Modified-Since."""
        if "if-none-match" in request_headers:
            wanted = [tag.strip().removeprefix("W/") for tag in request_headers["if-none-match"].split(",")]
            return "*" in wanted or etag.removeprefix("W/") in wanted
        since = request_headers.get("if-modified-since")
        if since:
            try:
                return parsedate_to_datetime(since).timestamp() >= self.loaded_at
            except (TypeError, ValueError):  # a malformed date is ignored, as RFC 9110 says
                return False
        return False


class CompressedExceptDumps:
    """gzip for the answers a client accepts compressed (pages, RDF, query results), except the
    dumps: they are large, each has its .gz beside it, and compressing one per request would let
    any client keep the server busy."""

    def __init__(self, app: ASGIApp, minimum_size: int = 1024):
        from starlette.middleware.gzip import GZipMiddleware

        self.app = app
        self.compressed = GZipMiddleware(app, minimum_size=minimum_size, compresslevel=6)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        plain = scope["type"] != "http" or scope["path"].startswith("/dumps/")
        await (self.app if plain else self.compressed)(scope, receive, send)
