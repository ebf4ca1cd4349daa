"""Run the project's SPARQL queries on the embedded store or on any SPARQL 1.1 endpoint.

A query is a ``.rq`` file or the name of one in ``queries/``. Its parameters are
the inline ``VALUES ?name { default }`` blocks it declares; ``bind_parameters``
replaces a block's content, which works the same on every SPARQL engine.
Results come back in one shape (``QueryResult``) whatever answered, and are
written in the SPARQL 1.1 result formats (JSON, CSV, TSV) or as a table.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict, cast

import pyoxigraph as ox

from cssgraph.errors import InputError, size_text
from cssgraph.iris import DEFAULT_BASE
from cssgraph.rdfio import file_graph, parse_file, rdf_files
from cssgraph.resources import queries_dir
from cssgraph.store import embedded_store

if TYPE_CHECKING:
    import pyoxigraph as ox

ENDPOINT_TIMEOUT_SECONDS = 60
XSD = "http://www.w3.org/2001/XMLSchema#"
# Turtle's string escapes (section 6.4): a TSV cell must hold no tab, line break or bare quote.
_TURTLE_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"})
_PARAMETER = re.compile(r"VALUES\s+\?(?P<name>\w+)\s*\{(?P<values>[^}]*)\}", re.IGNORECASE)


@dataclass(frozen=True)
class Cell:
    """One RDF term of a result row."""

    kind: str  # "uri", "literal" or "bnode"
    value: str
    datatype: str | None = None
    lang: str | None = None

    def as_json(self) -> dict[str, str]:
        term = {"type": self.kind, "value": self.value}
        if self.lang:
            term["xml:lang"] = self.lang
        elif self.datatype and self.datatype != XSD + "string":
            term["datatype"] = self.datatype
        return term

    def as_turtle(self) -> str:
        if self.kind == "uri":
            return f"<{self.value}>"
        if self.kind == "bnode":
            return f"_:{self.value}"
        text = '"' + self.value.translate(_TURTLE_ESCAPES) + '"'
        if self.lang:
            return f"{text}@{self.lang}"
        if self.datatype and self.datatype != XSD + "string":
            return f"{text}^^<{self.datatype}>"
        return text


@dataclass
class QueryResult:
    kind: str  # "select", "ask" or "graph"
    variables: list[str] = field(default_factory=list)
    rows: list[dict[str, Cell]] = field(default_factory=list)
    boolean: bool | None = None
    graph_text: str | None = None  # N-Triples of a CONSTRUCT/DESCRIBE

    def column(self, name: str) -> list[str | None]:
        return [row[name].value if name in row else None for row in self.rows]


# -- Finding and preparing a query -------------------------------------------


def resolve_query(query: str) -> Path:
    """A path to a .rq file, or the name of one in queries/ (with or without .rq)."""
    given = Path(query)
    if given.is_file():
        return given
    name = query if query.endswith(".rq") else f"{query}.rq"
    bundled = queries_dir() / name
    if bundled.is_file():
        return bundled
    known = ", ".join(sorted(p.stem for p in queries_dir().glob("*.rq")))
    raise InputError(query, "no such query file or bundled query", fix=f"bundled queries: {known}")


@lru_cache(maxsize=64)
def project_query(name: str) -> str:
    """The text of one of the project's queries (``queries/NAME``), read once per process."""
    return (queries_dir() / name).read_text(encoding="utf-8")


def select_rows(store: ox.Store, name: str, **values: str) -> list[dict[str, str | None]]:
    """The rows of one of the project's SELECT queries on ``store`` (its default graph the union
    of the graphs), its parameters bound to ``values``, each value as text (None: unbound)."""
    text = bind_parameters(project_query(name), values, name)
    answer = cast(ox.QuerySolutions, store.query(text, use_default_graph_as_union=True))  # a SELECT
    names = [variable.value for variable in answer.variables]
    return [{name: (row[name].value if row[name] is not None else None) for name in names} for row in answer]


def parameters(text: str) -> list[str]:
    return [match.group("name") for match in _PARAMETER.finditer(text)]


def bind_parameters(text: str, values: dict[str, str], source: str = "query") -> str:
    """The query with each named parameter's VALUES block set to the given value."""
    declared = parameters(text)
    for name, value in values.items():
        if name not in declared:
            raise InputError(
                source,
                f"the query has no parameter ?{name}",
                fix=f"its parameters are: {', '.join('?' + p for p in declared) or 'none'}",
            )
        _check_kind(text, name, value, source)
        pattern = re.compile(r"(VALUES\s+\?" + re.escape(name) + r"\s*\{)[^}]*(\})", re.IGNORECASE)
        term = sparql_term(value)

        def replaced(m: re.Match[str], term: str = term) -> str:  # (this parameter's term, bound now)
            return f"{m.group(1)} {term} {m.group(2)}"

        text = pattern.sub(replaced, text)
    return text


def _check_kind(text: str, name: str, value: str, source: str) -> None:
    """A value of the kind the query's header says the parameter is ("?date  an xsd:date",
    "?convention  IRI of one convention"): anything else would match nothing, silently."""
    described = re.search(r"^#\s+\?" + re.escape(name) + r"\b(.*)$", text.split("PREFIX", 1)[0], re.MULTILINE)
    kind = described.group(1) if described else ""
    if "xsd:date" in kind:
        try:
            date.fromisoformat(value if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else "")
        except ValueError:
            raise InputError(
                source, f"?{name} is a date: {value[:50]!r} is not one", fix="write it as YYYY-MM-DD, e.g. 2019-06-30"
            ) from None
    elif "IRI" in kind and not re.fullmatch(r"<[^<>\s]+>|https?://\S+", value):
        raise InputError(
            source,
            f"?{name} is an IRI: {value[:50]!r} is not one",
            fix="give the full IRI, e.g. https://w3id.org/cssgraph/id/convention/63079/css/2018-2019",
        )


def sparql_term(value: str) -> str:
    """A command-line value as a SPARQL term: IRI, date, number or string."""
    if value.startswith("<") and value.endswith(">"):
        return value
    if re.fullmatch(r"https?://\S+", value):
        return f"<{value}>"
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return f'"{value}"^^<{XSD}date>'
    if re.fullmatch(r"[+-]?\d+", value):
        return value
    if re.fullmatch(r"[+-]?\d+\.\d+", value):
        return f'"{value}"^^<{XSD}decimal>'
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


# -- Running it ----------------------------------------------------------------


def run_query(
    query: str,
    data: Iterable[str | Path] | None = None,
    endpoint: str | None = None,
    params: dict[str, str] | None = None,
    base: str = DEFAULT_BASE,
    context: bool = True,
    named: Iterable[str | Path] = (),
) -> QueryResult:
    """Run a query on ``endpoint``, or on the embedded store: ``data`` (default ``data/``; none
    at all when ``context`` is False) with the ontology and the reference data unless ``context``
    is False. The default graph is the union of every graph loaded; with ``named`` files, it is
    the data's graphs alone, and the named graphs are those files, each named by its file URL
    (as Jena's ``arq --namedGraph`` does). The query's relative IRIs resolve against its file's
    URL; empty files are an empty dataset."""
    path = resolve_query(query)
    text = bind_parameters(path.read_text(encoding="utf-8"), params or {}, str(path))
    if endpoint:
        return _run_on_endpoint(text, endpoint, str(path))
    data = list(data or ())
    store = embedded_store(data or None, base, context=context, empty_ok=True) if data or context else ox.Store()
    dataset = None
    if named:
        default = tuple(graph.value for graph in store.named_graphs() if isinstance(graph, ox.NamedNode))
        graphs = []
        for file in rdf_files(named):
            quads = parse_file(file, base, empty_ok=True)
            store.extend(quads)
            graphs.append(file_graph(file, quads).value)
        # FROM and FROM NAMED in the query still choose its dataset among what is loaded.
        if not _uses(_code(text), "FROM"):
            dataset = Dataset(default, tuple(graphs))
    return evaluate(store, text, str(path), dataset=dataset, base_iri=path.resolve().as_uri())


# Groups, lists and expressions nested deeper than this are refused before parsing: the store's
# parser recurses once per level and would overflow its stack (around 10,000 levels), and no
# query a person writes comes near it.
MAX_NESTING = 256


@dataclass(frozen=True)
class Dataset:
    """The graphs a SPARQL 1.1 Protocol request names (default-graph-uri, named-graph-uri)."""

    default: tuple[str, ...] = ()
    named: tuple[str, ...] = ()


def evaluate(
    store: ox.Store,
    text: str,
    source: str = "query",
    max_rows: int | None = None,
    max_answer_bytes: int | None = None,
    dataset: Dataset | None = None,
    base_iri: str | None = None,
) -> QueryResult:
    """A query on an embedded store, as a QueryResult. Its dataset: the one ``dataset`` names,
    else the query's own FROM and FROM NAMED, else every graph (the default graph is their
    union). SERVICE is refused: the store would fetch the URL it names. With ``max_rows`` or
    ``max_answer_bytes`` (the sum of the values' lengths), a larger answer is an error, not a
    silent cut. ``base_iri`` is what the query's relative IRIs resolve against."""
    code = _code(text)
    if _uses(code, "SERVICE"):
        raise InputError(
            source,
            "SERVICE is refused: the embedded store does not query other endpoints",
            fix="query that endpoint directly",
        )
    if _nesting(code) > MAX_NESTING:
        raise InputError(
            source,
            f"the query nests groups or expressions more than {MAX_NESTING} levels deep",
            fix="write it with fewer nested braces and parentheses",
        )
    try:
        answer = store.query(text, base_iri=base_iri, **_dataset_options(code, dataset, source))
    except SyntaxError as error:
        raise InputError(source, f"SPARQL syntax error: {error}", fix="correct the query") from None
    except OSError as error:
        raise InputError(source, f"the query could not be evaluated: {error}", fix="correct the query") from None
    if isinstance(answer, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(answer))
    size = _AnswerSize(source, max_answer_bytes)
    if isinstance(answer, ox.QuerySolutions):
        variables = [v.value for v in answer.variables]
        rows: list[dict[str, Cell]] = []
        for solution in answer:
            if max_rows is not None and len(rows) == max_rows:
                raise InputError(source, f"the answer has more than {max_rows} rows", fix="add a LIMIT to the query")
            row = {name: _cell_from_oxigraph(solution[name]) for name in variables if solution[name] is not None}
            size.add(sum(len(cell.value) for cell in row.values()))
            rows.append(row)
        return QueryResult("select", variables, rows)
    triples: list[str] = []
    for triple in answer:
        if max_rows is not None and len(triples) == max_rows:
            raise InputError(source, f"the answer has more than {max_rows} triples", fix="add a LIMIT to the query")
        triples.append(f"{triple.subject} {triple.predicate} {triple.object} .\n")
        size.add(len(triples[-1]))
    return QueryResult("graph", graph_text="".join(triples))


class _DatasetOptions(TypedDict, total=False):
    """The keyword arguments of ``Store.query`` that set a query's dataset."""

    default_graph: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph]
    named_graphs: list[ox.NamedNode | ox.BlankNode]
    use_default_graph_as_union: bool


def _dataset_options(code: str, dataset: Dataset | None, source: str) -> _DatasetOptions:
    """How the store is told the query's dataset (SPARQL 1.1 Protocol, section 2.1.4: the
    request's graphs take precedence over the query's FROM)."""

    if dataset and (dataset.default or dataset.named):
        try:
            return {
                "default_graph": [ox.NamedNode(iri) for iri in dataset.default],
                "named_graphs": [ox.NamedNode(iri) for iri in dataset.named],
            }
        except ValueError as error:
            raise InputError(
                source,
                f"a graph named by the request is not an IRI: {error}",
                fix="give default-graph-uri and named-graph-uri as absolute IRIs",
            ) from None
    if _uses(code, "FROM"):
        return {}  # the query names its own dataset
    return {"use_default_graph_as_union": True}


class _AnswerSize:
    """The running size of an answer, refused as soon as it passes the limit: a few rows can
    hold literals of any length (CONCAT doubles one at each step)."""

    def __init__(self, source: str, limit: int | None):
        self.source, self.limit, self.total = source, limit, 0

    def add(self, length: int) -> None:
        self.total += length
        if self.limit is not None and self.total > self.limit:
            raise InputError(
                self.source,
                f"the answer is larger than {size_text(self.limit)}",
                fix="select fewer or shorter values, or add a LIMIT to the query",
            )


def _nesting(code: str) -> int:
    """How deep braces, brackets and parentheses nest in a query's code (strings, IRIs and
    comments already set aside)."""
    depth = deepest = 0
    for bracket in re.finditer(r"[(){}\[\]]", code):
        depth += 1 if bracket.group() in "({[" else -1
        deepest = max(deepest, depth)
    return deepest


# SPARQL's own lexical rules: an IRI excludes only controls, space and <>"{}|^`\ (a U+00A0 or a
# quote may stand in it); a comment ends at a line feed or a carriage return.
_STRINGS_IRIS_COMMENTS = re.compile(
    "|".join(
        [
            r'"""(?:[^"\\]|\\.|"(?!""))*"""',
            r"'''(?:[^'\\]|\\.|'(?!''))*'''",  # long strings
            r'"(?:[^"\\\n\r]|\\.)*"',
            r"'(?:[^'\\\n\r]|\\.)*'",  # strings
            r'<[^<>"{}|^`\\\x00-\x20]*>',  # IRIs
            r"#[^\n\r]*",  # comments
        ]
    )
)


def _code(text: str) -> str:
    """The query with its strings, IRIs and comments set aside: what its keywords and brackets
    are read from (a label or an IRI holding the word SERVICE does not call a service)."""
    return _STRINGS_IRIS_COMMENTS.sub(" ", text)


def _uses(code: str, keyword: str) -> bool:
    """Does the query's code hold ``keyword`` as a word (not a prefixed name or a variable)?
    For SERVICE, a courtesy that names the problem: what keeps `cssgraph serve` from reaching
    the network is that its query workers have none (``query_workers.without_network``)."""
    return re.search(rf"(?<![\w:?$]){keyword}(?![\w:])", code, re.IGNORECASE) is not None


def _cell_from_oxigraph(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Cell:

    if isinstance(term, ox.NamedNode):
        return Cell("uri", term.value)
    if isinstance(term, ox.BlankNode):
        return Cell("bnode", term.value)
    if term.language:
        return Cell("literal", term.value, None, term.language)
    return Cell("literal", term.value, term.datatype.value)


def _run_on_endpoint(text: str, endpoint: str, source: str) -> QueryResult:
    from urllib.error import HTTPError, URLError

    from SPARQLWrapper import JSON, N3, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    client = SPARQLWrapper(endpoint)
    client.setTimeout(ENDPOINT_TIMEOUT_SECONDS)
    client.setMethod("POST")
    client.setQuery(text)
    graph_query = client.queryType in ("CONSTRUCT", "DESCRIBE")
    client.setReturnFormat(N3 if graph_query else JSON)
    try:
        answer = client.query().convert()
    except (SPARQLWrapperException, HTTPError, URLError, OSError, ValueError) as error:
        raise InputError(
            endpoint,
            f"the endpoint did not answer {Path(source).name}: {error}",
            fix="check the endpoint URL and that the server is running",
        ) from None
    if graph_query:
        return QueryResult("graph", graph_text=answer.decode("utf-8") if isinstance(answer, bytes) else str(answer))
    results = cast(dict[str, Any], answer)  # JSON was asked for: SPARQL's JSON results, an object
    if "boolean" in results:
        return QueryResult("ask", boolean=bool(results["boolean"]))
    variables = results["head"]["vars"]
    rows = [
        {name: _cell_from_json(term) for name, term in binding.items()} for binding in results["results"]["bindings"]
    ]
    return QueryResult("select", variables, rows)


def _cell_from_json(term: dict[str, str]) -> Cell:
    kind = {"uri": "uri", "bnode": "bnode"}.get(term["type"], "literal")
    datatype = term.get("datatype") or (None if "xml:lang" in term or kind != "literal" else XSD + "string")
    return Cell(kind, term["value"], datatype, term.get("xml:lang"))


# -- Writing results -------------------------------------------------------------


def to_json(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results JSON."""
    if result.kind == "ask":
        return json.dumps({"head": {}, "boolean": result.boolean}, ensure_ascii=False, indent=2)
    bindings = [{name: cell.as_json() for name, cell in row.items()} for row in result.rows]
    return json.dumps(
        {"head": {"vars": result.variables}, "results": {"bindings": bindings}}, ensure_ascii=False, indent=2
    )


def to_csv(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results CSV: plain values, CRLF line ends."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow([_csv_value(row[name]) if name in row else "" for name in result.variables])
    return out.getvalue()


def _csv_value(cell: Cell) -> str:
    """A term in SPARQL CSV: the plain value, a blank node as _:label."""
    return f"_:{cell.value}" if cell.kind == "bnode" else cell.value


def to_tsv(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results TSV: terms in Turtle syntax."""
    lines = ["\t".join(f"?{name}" for name in result.variables)]
    for row in result.rows:
        lines.append("\t".join(row[name].as_turtle() if name in row else "" for name in result.variables))
    return "\n".join(lines) + "\n"


def to_xml(result: QueryResult) -> str:
    """SPARQL Query Results XML Format."""
    from xml.sax.saxutils import escape, quoteattr

    out = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "<head>"]
    out += [f"<variable name={quoteattr(name)}/>" for name in result.variables]
    out.append("</head>")
    if result.kind == "ask":
        out.append(f"<boolean>{'true' if result.boolean else 'false'}</boolean>")
    else:
        out.append("<results>")
        for row in result.rows:
            out.append("<result>")
            for name, cell in row.items():
                if cell.kind == "uri":
                    term = f"<uri>{escape(cell.value)}</uri>"
                elif cell.kind == "bnode":
                    term = f"<bnode>{escape(cell.value)}</bnode>"
                elif cell.lang:
                    term = f"<literal xml:lang={quoteattr(cell.lang)}>{escape(cell.value)}</literal>"
                elif cell.datatype and cell.datatype != XSD + "string":
                    term = f"<literal datatype={quoteattr(cell.datatype)}>{escape(cell.value)}</literal>"
                else:
                    term = f"<literal>{escape(cell.value)}</literal>"
                out.append(f"<binding name={quoteattr(name)}>{term}</binding>")
            out.append("</result>")
        out.append("</results>")
    out.append("</sparql>")
    return "\n".join(out) + "\n"
