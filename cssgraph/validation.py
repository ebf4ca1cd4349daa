"""SHACL validation of conventions, convention by convention.

Each convention's named graph is validated together with the ontology's class hierarchy and
the reference data (the State, the decrees, the municipalities), never merged with other
conventions: cost stays linear and a finding always belongs to one convention. Files are
validated in parallel, each outcome optionally kept by content hash. ``findings`` turns the
engine's report into the report model that ``report`` renders.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS, SH, XSD

from cssgraph.build import document_quads
from cssgraph.errors import InputError
from cssgraph.findings import (
    ConventionReport,
    Finding,
    Unreadable,
    ValidationResult,
    convention_report,
    description,
    findings_from_report,
    inconsistency_findings,
    ontology_graph,
    shapes_graph,
    tag_filled_messages,
)
from cssgraph.iris import DEFAULT_BASE
from cssgraph.ontology import reasoner_check
from cssgraph.rdfio import holds_statement, parse_file, rdf_files, triples_as_rdflib
from cssgraph.read.documents import DOCUMENT_SUFFIXES, is_document
from cssgraph.read.extract import Unread
from cssgraph.resources import ontology_files, reference_data_file, shapes_files
from cssgraph.settings import LANGUAGES
from cssgraph.vocabulary import CSSG

if TYPE_CHECKING:
    from pyshacl_turbo import CompiledShapes

# What one file's validation is given: the file, the reference files, lang, base, language, reason.
_Inputs = tuple[Path, tuple[Path, ...], str, str, str | None, bool]
# A node of the data (a convention, a named graph), and a graph's name as the parser gives it.
_Node = ox.NamedNode | ox.BlankNode
_GraphName = ox.NamedNode | ox.BlankNode | ox.DefaultGraph


def validate(
    paths: Iterable[str | Path],
    lang: str = "en",
    base: str = DEFAULT_BASE,
    language: str | None = None,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    reason: bool = False,
    cache: str | Path | None = None,
) -> ValidationResult:
    """Validate every convention found in the given RDF files, documents (.txt, .pdf, .docx,
    extracted first; ``language`` forces their profile) and folders.

    Each file is validated on its own, on ``jobs`` processes (default: every core); files
    without a convention are reference data for all. An unreadable file is reported and the
    others go on; only when nothing could be validated is the first error raised.
    ``progress(done, total)`` is called as files finish. With ``reason``, an OWL reasoner also
    checks that each convention is consistent with the ontology. With ``cache``, each file's
    outcome is kept in that folder under a hash of everything it depends on, so re-validating a
    corpus costs only the files that changed."""
    if lang not in LANGUAGES:
        raise ValueError(f"language {lang!r} is not one of {', '.join(LANGUAGES)}")
    paths = list(paths)
    if cache is not None:
        _check_cache_folder(Path(cache))
    convention_files, reference_files, unreadable = _sort_inputs(rdf_files(paths, also=DOCUMENT_SUFFIXES), cache)
    inputs = [(path, tuple(reference_files), lang, base, language, reason) for path in convention_files]
    # Each task names its cache entry; outcomes already kept are read here, and only the other
    # files go to the workers, which keep theirs under the same entry.
    tasks = [(*task, _cache_entry(cache, *task) if cache else None) for task in inputs]
    kept = {
        index: _outcome_from_json(task[-1].read_text(encoding="utf-8"))
        for index, task in enumerate(tasks)
        if task[-1] is not None and task[-1].is_file()
    }
    fresh = iter(
        _run_tasks(
            [task for index, task in enumerate(tasks) if index not in kept],
            jobs,
            progress and (lambda done, total: progress(done + len(kept), len(tasks))),
        )
    )
    outcomes = [kept[index] if index in kept else next(fresh) for index in range(len(tasks))]
    result = ValidationResult(lang, [], unreadable=[Unreadable(str(p), e.said(lang)) for p, e in unreadable])
    for outcome in outcomes:
        if outcome.error is not None:
            result.unreadable.append(Unreadable(outcome.source, outcome.error.said(lang)))
            unreadable.append((outcome.source, outcome.error))
            continue
        result.conventions += outcome.conventions
        result.unread += outcome.unread
        result.reports.append(outcome.report)
    if not result.conventions:
        if unreadable:
            raise unreadable[0][1]
        raise InputError(
            ", ".join(map(str, paths)),
            "no convention found (no node typed cssg:Convention)",
            fix="give the file of a convention, or add 'a cssg:Convention' to its main node",
        )
    return result


def _sort_inputs(
    files: list[Path], cache: str | Path | None = None
) -> tuple[list[Path], list[Path], list[tuple[str, InputError]]]:
    """Files holding a convention (every document, and RDF with a cssg:Convention), files of
    reference data (RDF without one), and files that cannot be read. With a cache, a file's
    kind is kept by its content hash, so that an unchanged corpus is not parsed again."""
    conventions: list[Path] = []
    references: list[Path] = []
    unreadable: list[tuple[str, InputError]] = []
    for path in files:
        if is_document(path):
            conventions.append(path)
            continue
        try:
            holds_convention = _holds_convention(path, cache)
        except InputError as error:
            unreadable.append((str(path), error))
            continue
        (conventions if holds_convention else references).append(path)
    return conventions, references, unreadable


def _holds_convention(path: Path, cache: str | Path | None) -> bool:
    kept = None
    if cache is not None:
        kept = Path(cache) / "kinds" / _content_digest(path)
        if kept.is_file():
            return kept.read_text() == "convention"
    holds = holds_statement(path, str(RDF.type), str(CSSG.Convention))
    if kept is not None:
        _keep(kept, "convention" if holds else "reference")
    return holds


@dataclass
class _FileOutcome:
    source: str
    conventions: list[ConventionReport] = field(default_factory=list)
    unread: list[Unread] = field(default_factory=list)
    report: str = ""  # the SHACL report graph, as N-Triples
    error: InputError | None = None


def _run_tasks(
    tasks: list[tuple[*_Inputs, Path | None]], jobs: int | None, progress: Callable[[int, int], None] | None
) -> list[_FileOutcome]:
    jobs = min(jobs or os.cpu_count() or 1, len(tasks))
    outcomes: list[_FileOutcome] = []
    if jobs <= 1:
        for task in tasks:
            outcomes.append(_validate_file(*task))
            if progress:
                progress(len(outcomes), len(tasks))
        return outcomes
    from concurrent.futures import ProcessPoolExecutor

    # Files go to the workers a few at a time: fewer round trips, the progress bar still moves.
    chunk = max(1, min(16, len(tasks) // (jobs * 8)))
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for outcome in pool.map(_validate_file, *zip(*tasks, strict=True), chunksize=chunk):
            outcomes.append(outcome)
            if progress:
                progress(len(outcomes), len(tasks))
    return outcomes


def _validate_file(
    path: Path,
    reference_files: tuple[Path, ...],
    lang: str,
    base: str,
    language: str | None,
    reason: bool,
    cache_entry: Path | None = None,
) -> _FileOutcome:
    """Validate the conventions of one file (run in a worker process); keep the outcome at
    ``cache_entry`` when there is one."""
    outcome = _validate_file_now(path, reference_files, lang, base, language, reason)
    if cache_entry is not None and outcome.error is None:
        _keep(cache_entry, _outcome_to_json(outcome))
    return outcome


def _check_cache_folder(cache: Path) -> None:
    """The cache folder exists (made if need be) and can be written, or one clear error."""
    try:
        cache.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=cache):
            pass
    except OSError as error:
        raise InputError(
            str(cache), f"cannot keep the cache there: {error.strerror}", fix="give --cache a folder you can write to"
        ) from None


def _cache_entry(cache: str | Path, *inputs: *_Inputs) -> Path:
    """Where the outcome for exactly these inputs is kept."""
    return Path(cache) / f"{_cache_key(*inputs)}.json"


def _keep(path: Path, text: str) -> None:
    """Write a cache entry atomically: a reader never sees half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".kept-")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write(text)
    os.replace(temporary, path)


def _cache_key(
    path: Path, reference_files: tuple[Path, ...], lang: str, base: str, language: str | None, reason: bool
) -> str:
    """A hash of everything an outcome depends on: the file (its path names its graph), the
    reference files, the project's ontology, shapes, reference data and profiles, the options."""
    digest = hashlib.sha256(_project_fingerprint().encode())
    digest.update(repr((os.path.realpath(path), lang, base, language, reason)).encode())
    for file in (path, *sorted(reference_files)):
        digest.update(_content_digest(Path(file)).encode())
    return digest.hexdigest()


def _content_digest(path: Path) -> str:
    """SHA-256 of a file's bytes, computed once per version of the file (a corpus is sorted
    and looked up in the cache with the same digests)."""
    status = path.stat()
    return _digest_of(os.path.realpath(path), status.st_mtime_ns, status.st_size)


@lru_cache(maxsize=100_000)
def _digest_of(path: str, modified_ns: int, size: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@lru_cache(maxsize=1)
def _project_fingerprint() -> str:
    from cssgraph import __version__
    from cssgraph.read.extract import PROFILES

    digest = hashlib.sha256(f"{__version__} outcome {OUTCOME_FORMAT}".encode())
    for file in (*ontology_files(), *shapes_files(), reference_data_file(), *sorted(PROFILES.glob("*.toml"))):
        digest.update(file.read_bytes())
    return digest.hexdigest()


# Changed when an outcome kept in the cache says something else (new fields, words of the findings).
OUTCOME_FORMAT = 2


def _outcome_to_json(outcome: _FileOutcome) -> str:
    return json.dumps(
        {
            "source": outcome.source,
            "report": outcome.report,
            "unread": [u.__dict__ for u in outcome.unread],
            "conventions": [
                {
                    **{k: v for k, v in c.__dict__.items() if k != "findings"},
                    "findings": [f.as_dict() for f in c.findings],
                }
                for c in outcome.conventions
            ],
        }
    )


def _outcome_from_json(text: str) -> _FileOutcome:
    kept = json.loads(text)
    conventions = [
        ConventionReport(**{**c, "findings": [Finding(**f) for f in c["findings"]]}) for c in kept["conventions"]
    ]
    return _FileOutcome(kept["source"], conventions, [Unread(**u) for u in kept["unread"]], kept["report"])


def _validate_file_now(
    path: Path, reference_files: tuple[Path, ...], lang: str, base: str, language: str | None, reason: bool
) -> _FileOutcome:
    outcome = _FileOutcome(str(path))
    try:
        if is_document(path):
            quads, extraction = document_quads(path, language, base)
            outcome.unread = extraction.unread(lang)
        else:
            quads = parse_file(path, base)
    except InputError as error:
        outcome.error = error
        return outcome
    except Exception as error:  # noqa: BLE001 - one file's failure is that file's, not the batch's
        outcome.error = InputError(
            str(path),
            f"could not be read ({type(error).__name__}: {str(error)[:200]})",
            fix="check the file; if it is sound, report it to the cssgraph developers",
        )
        return outcome
    graphs = _by_graph(quads)
    conventions = _conventions_by_graph(graphs)
    local_reference = [q for name, statements in graphs.items() if name not in conventions for q in statements]
    reports: list[str] = []
    for graph_name, convention_nodes in conventions.items():
        convention_quads = graphs[graph_name]
        data = _validation_store(reference_files, base, local_reference + convention_quads)
        # Only the convention's own nodes are validated: the reference data is there for
        # sh:class and the like, not to be checked again with every convention.
        own_nodes = {q.subject for q in convention_quads if isinstance(q.subject, ox.NamedNode)}
        report_graph = _run_shacl(data, focus=own_nodes)
        findings: list[Finding] = []
        if (None, RDF.type, SH.ValidationResult) in report_graph or reason:
            context = description(data, convention_quads)
            findings = findings_from_report(report_graph, context, lang)
            tag_filled_messages(report_graph, context)
            if reason:
                context = _as_rdflib(data) + ontology_graph()
                findings = (
                    inconsistency_findings(reasoner_check("convention", context), context, convention_nodes, lang)
                    + findings
                )
        for node in convention_nodes:
            outcome.conventions.append(convention_report(data, node, graph_name.value, findings, lang, str(path)))
        reports.append(report_graph.serialize(format="nt"))
    outcome.report = "".join(reports)
    return outcome


def indicator_value_findings(store: ox.Store, focus: set[ox.NamedNode], lang: str) -> list[Finding]:
    """What the shapes find about indicator values in ``store`` (which holds them with their
    conventions and the ontology): the completeness of each convention's reporting and the
    W3C Data Cube integrity constraints, on the ``focus`` nodes (observations, data sets, the
    conventions they report on, structures, components)."""
    report_graph = _run_shacl(store, focus)
    if (None, RDF.type, SH.ValidationResult) not in report_graph:
        return []
    quads = [q for q in store if isinstance(q.subject, ox.NamedNode) and q.subject in focus]
    return findings_from_report(report_graph, description(store, quads), lang)


def _by_graph(quads: list[ox.Quad]) -> dict[_GraphName, list[ox.Quad]]:
    """The file's statements by named graph, each once."""
    graphs: dict[_GraphName, dict[ox.Quad, None]] = {}
    for quad in quads:
        graphs.setdefault(quad.graph_name, {})[quad] = None
    return {name: list(statements) for name, statements in graphs.items()}


def _conventions_by_graph(graphs: dict[_GraphName, list[ox.Quad]]) -> dict[_Node, list[_Node]]:
    """The conventions typed in each graph, graphs in the order of their names."""
    typed = (ox.NamedNode(str(RDF.type)), ox.NamedNode(str(CSSG.Convention)))
    # (Never the default graph, whose statements parse_file puts in the file's graph, nor a triple as
    # subject, which RDF 1.2 does not have.)
    found = {
        name: [
            q.subject for q in statements if (q.predicate, q.object) == typed and not isinstance(q.subject, ox.Triple)
        ]
        for name, statements in graphs.items()
        if not isinstance(name, ox.DefaultGraph)
    }
    return dict(sorted(((name, nodes) for name, nodes in found.items() if nodes), key=lambda item: item[0].value))


@lru_cache(maxsize=1)
def _shapes_for_stores() -> Graph:
    """The shapes with every simple literal typed xsd:string. RDF 1.1 makes "EUR" and
    "EUR"^^xsd:string one term, rdflib does not: pySHACL reads the data from pyoxigraph as the
    latter and would find "EUR" outside sh:in ("EUR")."""
    shapes = Graph()
    for subject, predicate, value in shapes_graph():
        if isinstance(value, Literal) and value.datatype is None and value.language is None:
            value = Literal(str(value), datatype=XSD.string)
        shapes.add((subject, predicate, value))
    return shapes


def _validation_store(reference_files: tuple[Path, ...], base: str, quads: list[ox.Quad]) -> ox.Store:
    """A new embedded store for one convention: what every convention is validated with (see
    ``_reference_quads``) and the convention's own statements, left in their named graph
    (pyshacl-turbo validates the union of the store's graphs). A new store each time, not one
    store lent to each convention in turn: pyoxigraph keeps what was removed, so a reused store
    would grow slower with every convention validated."""
    store = ox.Store()
    store.extend(_reference_quads(reference_files, base))
    store.extend(quads)
    return store


@lru_cache(maxsize=2)
def _reference_quads(reference_files: tuple[Path, ...], base: str) -> list[ox.Quad]:
    """What every convention is validated with — the ontology's class hierarchy (all that
    sh:class and sh:targetClass need of it), the bundled reference data and the input files
    that hold no convention — read once per process."""
    default = ox.DefaultGraph()
    quads = [
        ox.Quad(ox.NamedNode(str(cls)), ox.NamedNode(str(RDFS.subClassOf)), ox.NamedNode(str(parent)), default)
        for cls, parent in ontology_graph().subject_objects(RDFS.subClassOf)
    ]
    reference = parse_file(reference_data_file(), base)
    for path in reference_files:
        reference += parse_file(Path(path), base)
    quads += (ox.Quad(q.subject, q.predicate, q.object, default) for q in reference)
    return quads


def _as_rdflib(data: ox.Store) -> Graph:
    graph = Graph()
    for triple in triples_as_rdflib(data):
        graph.add(triple)
    return graph


@lru_cache(maxsize=1)
def _compiled_shapes() -> CompiledShapes:
    """The shapes compiled once per process by pyshacl-turbo, a Rust SHACL engine with
    pySHACL's interface (pySHACL itself is the baseline of the benchmarks)."""
    import pyshacl_turbo

    shapes: CompiledShapes = pyshacl_turbo.compile_shapes(_shapes_for_stores(), advanced=True)
    return shapes


def _run_shacl(data: ox.Store, focus: set[ox.NamedNode]) -> Graph:
    # Ill-typed literals (an impossible date) are violations to report, not log noise.
    logging.getLogger("rdflib.term").setLevel(logging.ERROR)
    report_graph: Graph  # (pyshacl-turbo's functions are not annotated)
    _, report_graph, _ = _compiled_shapes().validate(
        data, allow_warnings=True, focus_nodes=sorted(node.value for node in focus)
    )
    return report_graph
