"""Read RDF files into an embedded store, and convert its terms for rdflib.

pyoxigraph parses: it is an order of magnitude faster than rdflib and never
fetches remote JSON-LD contexts; RDF/XML declaring entities is refused before parsing. Statements in a file's
default graph go to a named graph named after the file, so that every
convention stays in a graph of its own whatever the input format.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import pyoxigraph as ox

from cssgraph.errors import InputError
from cssgraph.i18n import marked
from cssgraph.iris import DEFAULT_BASE, leaves_the_base, rebase

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Identifier

FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".trig": ox.RdfFormat.TRIG,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
}
_DECLARES_ENTITIES = re.compile(rb"<!ENTITY", re.IGNORECASE)

# A term in a statement's subject, predicate or object (what converts to rdflib).
Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
# What a statement's subject, predicate, object or graph holds: re-basing keeps each position's type.
_Position = TypeVar(
    "_Position",
    ox.NamedNode,
    ox.NamedNode | ox.BlankNode | ox.DefaultGraph,
    ox.NamedNode | ox.BlankNode | ox.Triple,
    Term,
)


def rdf_files(paths: Iterable[str | Path], also: tuple[str, ...] = ()) -> list[Path]:
    """The RDF files named (and files ending in one of ``also``), folders expanded
    recursively, in name order."""
    accepted = (*FORMATS, *also)
    known = ", ".join(sorted(accepted))
    files: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in accepted)
            if not found:
                raise InputError(
                    str(path),
                    marked("folder holds no file to read"),
                    fix=marked("expected files ending in %(known)s"),
                    values={"known": known},
                )
            files.extend(found)
        elif path.is_file():
            if path.suffix.lower() not in accepted:
                raise InputError(
                    str(path),
                    marked("unknown format %(suffix)r"),
                    fix=marked("name the file with one of %(known)s"),
                    values={"suffix": path.suffix or "(no extension)", "known": known},
                )
            files.append(path)
        else:
            raise InputError(str(path), marked("no such file or folder"), fix=marked("check the path"))
    return files


_OWL_ONTOLOGY = ox.NamedNode("http://www.w3.org/2002/07/owl#Ontology")
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def file_graph(path: Path, statements: list[ox.Quad]) -> ox.NamedNode:
    """The graph that receives a file's default-graph statements: the ontology the file declares
    (an ontology module is named by its IRI wherever it is loaded, never by where it lies), else
    the file's URL (as SPARQL engines name a file loaded as a named graph)."""
    return next(
        (
            quad.subject
            for quad in statements
            if quad.predicate == _RDF_TYPE and quad.object == _OWL_ONTOLOGY and isinstance(quad.subject, ox.NamedNode)
        ),
        None,
    ) or ox.NamedNode(path.resolve().as_uri())


def parse_file(path: Path, base: str = DEFAULT_BASE, empty_ok: bool = False) -> list[ox.Quad]:
    """All statements of one file, or an InputError naming the file and the line. A file with
    none is an error (a convention saved incompletely) unless ``empty_ok`` (a query's data)."""
    statements = list(_statements(path, empty_ok))
    graph = file_graph(path, statements)
    quads = [_placed(quad, graph, base) for quad in statements]
    if not quads and not empty_ok:
        raise InputError(
            str(path), marked("no RDF statements in the file"), fix=marked("check that the file holds data")
        )
    return quads


def holds_statement(path: Path, predicate: str, value: str) -> bool:
    """Whether the file states ``?x predicate value``, read only as far as the first such
    statement (a convention's type comes first: its file need not be read to the end here)."""
    wanted = (ox.NamedNode(predicate), ox.NamedNode(value))
    return any((quad.predicate, quad.object) == wanted for quad in _statements(path))


def _statements(path: Path, empty_ok: bool = False) -> Iterator[ox.Quad]:
    """The file's statements as the parser gives them, as it reads; bad input is an InputError."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InputError(
            str(path),
            marked("cannot read: %(reason)s"),
            fix=marked("check permissions"),
            values={"reason": error.strerror},
        ) from None
    if not raw.strip():
        if empty_ok:
            return
        raise InputError(
            str(path), marked("empty file: no RDF statements"), fix=marked("check that the file was saved completely")
        )
    rdf_format = FORMATS[path.suffix.lower()]
    if rdf_format == ox.RdfFormat.RDF_XML and _DECLARES_ENTITIES.search(raw):
        # The RDF/XML parser expands internal entities: nested ones ("billion laughs") exhaust memory.
        raise InputError(
            str(path),
            marked("RDF/XML with a DOCTYPE declaring entities is refused"),
            fix=marked("remove the <!ENTITY …> declarations and write the values out"),
        )
    try:
        yield from ox.parse(raw, format=rdf_format, base_iri=path.resolve().as_uri(), rename_blank_nodes=True)
    except SyntaxError as error:
        raise InputError(
            str(path),
            marked("%(syntax)s syntax error: %(detail)s"),
            line=error.lineno,
            column=error.offset,
            fix=marked("correct the %(syntax)s syntax at that place"),
            values={"syntax": rdf_format.name, "detail": _syntax_problem(error)},
        ) from None
    except (UnicodeDecodeError, ValueError) as error:
        raise InputError(
            str(path),
            marked("not readable as %(syntax)s: %(detail)s"),
            fix=marked("save the file as UTF-8 text"),
            values={"syntax": rdf_format.name, "detail": str(error)[:200]},
        ) from None
    except MemoryError as error:  # the parser's own bound: one statement larger than its buffer
        raise InputError(
            str(path),
            marked("a statement is too large to read (%(detail)s)"),
            fix=marked("split the file's very long values"),
            values={"detail": str(error)},
        ) from None


def load_files(paths: Iterable[str | Path], base: str = DEFAULT_BASE, empty_ok: bool = False) -> ox.Store:
    """An in-memory store holding every statement of the given RDF files and folders (what is
    served and published: an IRI whose path leaves the base is refused)."""
    store = ox.Store()
    for path in rdf_files(paths):
        quads = parse_file(path, base, empty_ok)
        for quad in quads:
            for term in (quad.subject, quad.object, quad.graph_name):
                # "/." first: most IRIs hold none, and the check runs on every term loaded.
                if isinstance(term, ox.NamedNode) and "/." in term.value and leaves_the_base(term.value, base):
                    raise InputError(
                        str(path),
                        f"the IRI <{term.value[:200]}> has '.' or '..' segments under the "
                        "base: published, it would name a file outside the site",
                        fix="write the IRI without dot segments",
                    )
        store.extend(quads)
    return store


def _syntax_problem(error: SyntaxError) -> str:
    # pyoxigraph's message repeats the place ("Parser error between line 3 column 11 and ...: ");
    # keep only what went wrong, the place is printed once by InputError.
    message = error.msg or str(error)
    return message.split(": ", 1)[1] if message.startswith("Parser error") and ": " in message else message


def _placed(quad: ox.Quad, file_graph_name: ox.NamedNode, base: str) -> ox.Quad:
    graph = file_graph_name if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name
    if base == DEFAULT_BASE:
        return ox.Quad(quad.subject, quad.predicate, quad.object, graph)
    return ox.Quad(
        _rebased(quad.subject, base), _rebased(quad.predicate, base), _rebased(quad.object, base), _rebased(graph, base)
    )


def _rebased(term: _Position, base: str) -> _Position:
    return ox.NamedNode(rebase(term.value, base)) if isinstance(term, ox.NamedNode) else term


# -- Conversion to rdflib, for pySHACL --------------------------------------

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def to_rdflib(term: Term) -> Identifier:
    """The rdflib term equal to a pyoxigraph term."""
    return _rdflib_converter()(term)


def triples_as_rdflib(quads: Iterable[ox.Quad]) -> Iterator[tuple[Identifier, Identifier, Identifier]]:
    convert = _rdflib_converter()
    for quad in quads:
        yield convert(quad.subject), convert(quad.predicate), convert(quad.object)


@lru_cache(maxsize=1)
def _rdflib_converter() -> Callable[[Term], Identifier]:
    # rdflib is imported on first use only (the query command does without it), and once:
    # the conversion runs for every statement of a convention's findings.
    from rdflib import BNode, Literal, URIRef

    def convert(term: Term) -> Identifier:
        if isinstance(term, ox.NamedNode):
            return URIRef(term.value)
        if isinstance(term, ox.BlankNode):
            return BNode(term.value)
        if isinstance(term, ox.Literal):
            if term.language:
                return Literal(term.value, lang=term.language)
            if term.datatype.value == _XSD_STRING:  # rdflib keeps simple literals untyped
                return Literal(term.value)
            return Literal(term.value, datatype=URIRef(term.datatype.value))
        raise TypeError(f"cannot convert {term!r} to rdflib")

    return convert


def rdflib_graph(turtle_files: Iterable[Path]) -> Graph:
    """The project's own Turtle files (ontology, shapes) as one rdflib graph."""
    from rdflib import Graph

    graph = Graph()
    for path in turtle_files:
        graph.parse(path, format="turtle")
    return graph
