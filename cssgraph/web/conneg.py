"""Content negotiation, once for the whole service (RFC 9110, section 12.5.1).

Each offered media type gets the quality of the most specific range of the Accept header that
matches it (``text/turtle`` before ``text/*`` before ``*/*``); ``q=0`` means "not acceptable",
and a malformed q-value counts as 0. The offered type with the highest quality wins; on a tie,
the one offered first (the server's preference). No Accept header at all accepts anything.
"""

from __future__ import annotations

from collections.abc import Sequence

from cssgraph.errors import ServiceError


def preferred(accept: str | None, offered: Sequence[str]) -> str | None:
    """The offered media type the client prefers, or None when it accepts none of them."""
    ranges = _ranges(accept or "*/*")
    best, best_quality = None, 0.0
    for media in offered:
        quality = _quality_of(media, ranges)
        if quality > best_quality:
            best, best_quality = media, quality
    return best


def chosen(accept: str | None, offered: Sequence[str], what: str) -> str:
    """As ``preferred``, or a 406 that says what ``what`` is given as."""
    media = preferred(accept, offered)
    if media is None:
        raise ServiceError(406, f"{what} is given as {', '.join(offered)}: the Accept header names none of them")
    return media


def accepts_coding(accept_encoding: str | None, coding: str) -> bool:
    """Whether an Accept-Encoding header accepts ``coding`` (RFC 9110, section 12.5.3): named or
    by ``*``, with a quality above 0. No header: only the identity."""
    qualities = dict(_ranges(accept_encoding or ""))
    return next((qualities[name] > 0 for name in (coding, "*") if name in qualities), False)


def _ranges(accept: str) -> list[tuple[str, float]]:
    """(media range, quality) of each part of an Accept header."""
    ranges = []
    for part in accept.split(","):
        fields = [field.strip() for field in part.split(";")]
        if not fields[0]:
            continue
        quality = 1.0
        for parameter in fields[1:]:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                quality = _q_value(value.strip())
        ranges.append((fields[0].lower(), quality))
    return ranges


def _q_value(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        return 0.0
    return value if 0.0 <= value <= 1.0 else 0.0


def _quality_of(media: str, ranges: list[tuple[str, float]]) -> float:
    kind = media.split("/")[0]
    for pattern in (media, f"{kind}/*", "*/*"):  # the most specific range that matches decides
        qualities = [quality for name, quality in ranges if name == pattern]
        if qualities:
            return max(qualities)
    return 0.0
