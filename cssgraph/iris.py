"""The project's identifiers: how they are minted, and how to move them to another base.

Every IRI is built from a base (default ``https://w3id.org/cssgraph/id/``), the
municipality's NIS code, the convention type, the period and the position of
the item in the document, so that the same document always gives the same
graph. The full scheme is in the README, section "Identifiers".
"""

from __future__ import annotations

import re
import unicodedata

DEFAULT_BASE = "https://w3id.org/cssgraph/id/"


def check_base(base: str) -> str:
    """A base must be an absolute http(s) IRI ending with '/' so that paths append cleanly."""
    if not re.fullmatch(r"https?://[^\s<>\"{}|\\^`]+/", base):
        raise ValueError(f"base IRI {base!r} must be an absolute http(s) IRI ending with '/'")
    return base


def convention_iri(nis_code: str, convention_type: str, period: str, base: str = DEFAULT_BASE) -> str:
    """``{base}convention/63079/css/2018-2019``."""
    return f"{base}convention/{nis_code}/{convention_type}/{period}"


def convention_graph_iri(nis_code: str, convention_type: str, period: str, base: str = DEFAULT_BASE) -> str:
    """The named graph holding one convention: ``{base}graph/convention/63079/css/2018-2019``."""
    return f"{base}graph/convention/{nis_code}/{convention_type}/{period}"


# The kinds of items whose wordings are shared concepts, and the scheme each kind's concepts are
# in: an indicator's at the root (``wording/delai-de-transmission``, its IRI since the first
# version), the others under their kind.
WORDING_SCHEMES = {
    "indicator": "wording",
    "operational-objective": "wording/operational-objective",
    "expected-result": "wording/expected-result",
}


def wording_scheme(kind: str, base: str = DEFAULT_BASE) -> str:
    return f"{base}{WORDING_SCHEMES[kind]}"


def wording_iri(text: str, base: str = DEFAULT_BASE, kind: str = "indicator") -> str:
    """The shared SKOS concept of a wording: ``{base}wording/delai-de-transmission`` for an
    indicator, ``{base}wording/operational-objective/…`` for an operational objective."""
    return f"{wording_scheme(kind, base)}/{slug(text)}"


def slug(text: str) -> str:
    """Lower-case ASCII words joined by '-': accents dropped, punctuation and quotes removed."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def rebase(iri: str, base: str) -> str:
    """The same identifier under another base (identity when the base is the default)."""
    if base != DEFAULT_BASE and iri.startswith(DEFAULT_BASE):
        return base + iri[len(DEFAULT_BASE) :]
    return iri


def leaves_the_base(iri: str, base: str) -> bool:
    """An IRI under the base whose path climbs out of it ("…/id/../../x") or names itself
    ("…/id/a/./b"): it would be a file outside the site when published, so it is refused.
    Read as ``pages.Site.path_of`` publishes it: a "?" is part of the path there (quoted as
    %3F), so segments after it count; a hash IRI is published on its page."""
    if not iri.startswith(base):
        return False
    path = iri[len(base) :].split("#", 1)[0]
    return any(segment in (".", "..") for segment in path.split("/"))
