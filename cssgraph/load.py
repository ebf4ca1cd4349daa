"""Push the graph into any SPARQL 1.1 store through the Graph Store HTTP Protocol.

Each named graph (one per convention, one for the reference data) and each ontology module is
sent with PUT, which replaces the graph: loading again never duplicates anything; each graph is
then read back and counted, so that only a store that holds it makes the load succeed. Basic or
Digest authentication, for stores that want it on writes (Virtuoso's /sparql-graph-crud-auth).

Each PUT replaces one graph whole; a load cut short leaves some graphs new and others old. Given
the store's SPARQL Update URL, every graph is replaced in one update request instead, which a
store that runs each request as one transaction (Oxigraph) applies whole or not at all.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import cast
from urllib.parse import quote

import pyoxigraph as ox

from cssgraph.errors import InputError
from cssgraph.iris import DEFAULT_BASE
from cssgraph.rdfio import load_files
from cssgraph.resources import default_data_dir, ontology_files

TIMEOUT_SECONDS = 120


def load(
    store_url: str,
    data: Sequence[str | Path] | None = None,
    base: str = DEFAULT_BASE,
    user: str | None = None,
    password: str | None = None,
    auth: str = "basic",
    update_url: str | None = None,
) -> dict[str, int]:
    """Replace every graph of ``data`` (default data/) and of the ontology in the store, one PUT
    each, or all in one request to ``update_url``; then read each back. The statements sent
    per graph."""
    graphs = _graphs(data or [default_data_dir()], base)
    opener = _opener([store_url, *([update_url] if update_url else [])], user, password, auth)
    if update_url:
        _send(
            opener,
            urllib.request.Request(
                update_url,
                data=_replacing_update(graphs),
                method="POST",
                headers={"Content-Type": "application/sparql-update"},
            ),
            update_url,
            "the update replacing every graph",
        )
    for graph, triples in graphs.items():
        url = f"{store_url}{'&' if '?' in store_url else '?'}graph={quote(graph, safe='')}"
        if not update_url:
            _send(
                opener,
                urllib.request.Request(
                    url,
                    data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES),
                    method="PUT",
                    headers={"Content-Type": "application/n-triples"},
                ),
                store_url,
                f"graph {graph}",
            )
        _check_stored(opener, url, store_url, graph, len(set(triples)))
    return {graph: len(triples) for graph, triples in graphs.items()}


def _replacing_update(graphs: dict[str, list[ox.Triple]]) -> bytes:
    """One SPARQL 1.1 Update that empties each graph and fills it again (N-Triples is valid
    SPARQL triple syntax)."""
    parts = []
    for graph, triples in graphs.items():
        # Written to no output, the statements are returned as bytes (pyoxigraph types them bytes | None).
        statements = cast(bytes, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)).decode()
        parts.append(f"DROP SILENT GRAPH <{graph}> ;\nINSERT DATA {{ GRAPH <{graph}> {{\n{statements}}} }}")
    return " ;\n".join(parts).encode()


def _send(opener: urllib.request.OpenerDirector, request: urllib.request.Request, store_url: str, what: str) -> None:
    try:
        with opener.open(request, timeout=TIMEOUT_SECONDS) as answer:
            answer.read()
    except urllib.error.HTTPError as error:
        raise InputError(
            store_url,
            f"the store refused {what}: HTTP {error.code} {error.read()[:300].decode(errors='replace')}",
            fix="check the store's URL, the credentials and that the store accepts writes",
        ) from None
    except (urllib.error.URLError, OSError) as error:
        raise InputError(
            store_url, f"the store did not answer: {error}", fix="check the store's URL and that the store is running"
        ) from None


def _check_stored(opener: urllib.request.OpenerDirector, url: str, store_url: str, graph: str, expected: int) -> None:
    """Read the graph back: a URL that answers 200 to anything (a web page, a proxy's error
    page) is not a store, and a load is only reported done when the store holds the graph."""
    request = urllib.request.Request(url, headers={"Accept": "application/n-triples"})
    try:
        with opener.open(request, timeout=TIMEOUT_SECONDS) as answer:
            held = sum(1 for _ in ox.parse(answer.read(), format=ox.RdfFormat.N_TRIPLES))
    except (urllib.error.URLError, OSError, SyntaxError, ValueError) as error:
        raise InputError(
            store_url,
            f"the store accepted graph {graph} but does not give it back ({str(error)[:200]})",
            fix="check that the URL is the store's Graph Store Protocol endpoint",
        ) from None
    if held != expected:
        raise InputError(
            store_url,
            f"graph {graph}: {expected} statements sent, the store holds {held}",
            fix="check that the URL is the store's Graph Store Protocol endpoint",
        ) from None


def _graphs(data: Iterable[str | Path], base: str) -> dict[str, list[ox.Triple]]:
    """The graphs to send: the data's named graphs, and each ontology module under its own IRI."""
    graphs: dict[str, list[ox.Triple]] = defaultdict(list)
    for quad in load_files([*data, *ontology_files()], base=base):
        graphs[quad.graph_name.value].append(ox.Triple(quad.subject, quad.predicate, quad.object))
    return dict(graphs)


def _opener(urls: list[str], user: str | None, password: str | None, auth: str) -> urllib.request.OpenerDirector:
    if not user:
        return urllib.request.build_opener()
    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    passwords.add_password(None, urls, user, password or "")
    handler = urllib.request.HTTPDigestAuthHandler if auth == "digest" else urllib.request.HTTPBasicAuthHandler
    return urllib.request.build_opener(handler(passwords))
