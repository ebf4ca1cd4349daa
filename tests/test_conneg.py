"""Content negotiation as RFC 9110 (section 12.5.1) describes it: q-values, wildcards and the
most specific range, q=0 as "not acceptable"."""

from __future__ import annotations

import pytest

from cssgraph.web.conneg import preferred

RESULTS = (
    "application/sparql-results+json",
    "application/json",
    "application/sparql-results+xml",
    "application/xml",
    "text/csv",
    "text/tab-separated-values",
)
PAGE_OR_RDF = ("text/html", "text/turtle", "application/ld+json", "application/rdf+xml", "application/n-triples")


@pytest.mark.parametrize(
    "accept, offered, expected",
    [
        (None, RESULTS, "application/sparql-results+json"),  # no header: anything, the server's first
        ("", PAGE_OR_RDF, "text/html"),
        (
            "application/sparql-results+xml;q=0.1, application/sparql-results+json",
            RESULTS,
            "application/sparql-results+json",
        ),  # the higher quality, not the first named
        (
            "application/sparql-results+json;q=0, application/sparql-results+xml",
            RESULTS,
            "application/sparql-results+xml",
        ),  # q=0: not acceptable
        ("application/sparql-results+json;q=0", ("application/sparql-results+json",), None),
        ("text/*", RESULTS, "text/csv"),  # a type wildcard
        ("image/png", PAGE_OR_RDF, None),
        ("text/turtle;q=0", PAGE_OR_RDF, None),  # HTML is not named either
        ("text/turtle;q=0, */*;q=0.5", PAGE_OR_RDF, "text/html"),
        ("text/*;q=0.2, text/turtle", PAGE_OR_RDF, "text/turtle"),  # the most specific range decides
        ("text/turtle;q=0.5, text/*;q=1", PAGE_OR_RDF, "text/html"),  # ... even when it says less
        ("text/html;q=abc", PAGE_OR_RDF, None),  # a malformed q-value counts as 0
        ("TEXT/Turtle", PAGE_OR_RDF, "text/turtle"),  # media types are case-insensitive
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", PAGE_OR_RDF, "text/html"),  # a browser
    ],
)
def test_preferred(accept, offered, expected):
    assert preferred(accept, offered) == expected
