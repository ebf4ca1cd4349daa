"""A request's body, read within bounds: what every handler of `cssgraph serve` that takes a
body (uploads, SPARQL queries) reads it with."""

from __future__ import annotations

import asyncio

from starlette.requests import Request

from cssgraph.errors import ServiceError, size_text
from cssgraph.i18n import marked

# A client has this long to send its body: a slow sender cannot hold a connection open.
BODY_SECONDS = 60.0


async def bounded_body(request: Request, limit: int) -> bytes:
    """The request's body, read as it comes and refused (413) as soon as it passes ``limit``,
    whether it announced its length or not, and refused (408) if it takes longer than
    BODY_SECONDS to arrive."""
    announced = request.headers.get("content-length")
    if announced and announced.isdigit() and int(announced) > limit:
        raise ServiceError(413, marked("the request body is larger than %(limit)s"), {"limit": size_text(limit)})
    body = bytearray()
    try:
        async with asyncio.timeout(BODY_SECONDS):
            async for chunk in request.stream():
                body += chunk
                if len(body) > limit:
                    raise ServiceError(
                        413, marked("the request body is larger than %(limit)s"), {"limit": size_text(limit)}
                    )
    except TimeoutError:
        raise ServiceError(408, f"the request body took longer than {BODY_SECONDS:g} s to arrive") from None
    return bytes(body)
