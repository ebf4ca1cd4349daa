"""SHACL validation of conventions, convention by convention.

Each convention's named graph is validated together with the ontology (for
class hierarchies) and the reference data (the State, the decrees, the
municipalities), never merged with other conventions: cost stays linear and a
finding always belongs to one convention. The outcome is a report model that
``report`` renders.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SH, SKOS, XSD

from cssgraph.iris import DEFAULT_BASE
from cssgraph.outline import CSSG, ELI, PROV, label, outline_path
from cssgraph.build import document_quads
from cssgraph.documents import DOCUMENT_SUFFIXES, is_document
from cssgraph.extract import Unread
from cssgraph.rdfio import parse_file, rdf_files, rdflib_graph, triples_as_rdflib
from cssgraph.resources import ontology_files, reference_data_file, shapes_files
from cssgraph.errors import InputError

OA = Namespace("http://www.w3.org/ns/oa#")
LANGUAGES = ("fr", "nl", "en")
SEVERITIES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}


@dataclass
class Finding:
    severity: str           # "Violation", "Warning" or "Info"
    message: str            # the rule's message in the report's language
    detail: str             # what the engine checked, e.g. "sh:minCount 1"
    focus: str              # IRI of the node at fault
    focus_label: str | None
    outline: str            # place in the convention, e.g. "Secteur d’activité 2 › Objectif stratégique 3"
    path: str | None        # property IRI (or SPARQL path text)
    path_label: str | None
    value: str | None
    shape: str
    component: str
    source_line: int | None = None  # where in the document, for extracted conventions
    source_page: int | None = None

    def as_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class ConventionReport:
    convention: str
    label: str | None
    municipality: str | None
    start: str | None
    end: str | None
    graph: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def violations(self) -> int:
        return sum(f.severity == "Violation" for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity == "Warning" for f in self.findings)

    @property
    def conforms(self) -> bool:
        return self.violations == 0


@dataclass
class Unreadable:
    """An input that could not be read: named with the error, and skipped."""
    source: str
    error: str


@dataclass
class ValidationResult:
    lang: str
    conventions: list[ConventionReport]
    results_graph: Graph  # the SHACL validation reports, as the engine wrote them
    unread: list[Unread] = field(default_factory=list)
    unreadable: list[Unreadable] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        return all(report.conforms for report in self.conventions)

    @property
    def exit_code(self) -> int:
        """2 when an input could not be read, else 1 when a convention has a violation, else 0."""
        return 2 if self.unreadable else (0 if self.conforms else 1)


def validate(paths: Iterable[str | Path], lang: str = "en", base: str = DEFAULT_BASE,
             language: str | None = None, jobs: int | None = None,
             progress: Callable[[int, int], None] | None = None, reason: bool = False,
             cache: str | Path | None = None) -> ValidationResult:
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
    convention_files, reference_files, unreadable = _sort_inputs(rdf_files(paths, also=DOCUMENT_SUFFIXES), base)
    tasks = [(path, tuple(reference_files), lang, base, language, reason, str(cache) if cache else None)
             for path in convention_files]
    outcomes = _run_tasks(tasks, jobs, progress)
    result = ValidationResult(lang, [], Graph(), unreadable=[Unreadable(str(p), str(e)) for p, e in unreadable])
    for outcome in outcomes:
        if outcome.error is not None:
            result.unreadable.append(Unreadable(outcome.source, str(outcome.error)))
            unreadable.append((outcome.source, outcome.error))
            continue
        result.conventions += outcome.conventions
        result.unread += outcome.unread
        result.results_graph.parse(data=outcome.report, format="nt")
    if not result.conventions:
        if unreadable:
            raise unreadable[0][1]
        raise InputError(", ".join(map(str, paths)), "no convention found (no node typed cssg:Convention)",
                         fix="give the file of a convention, or add 'a cssg:Convention' to its main node")
    return result


def _sort_inputs(files: list[Path], base: str):
    """Files holding a convention (every document, and RDF with a cssg:Convention), files of
    reference data (RDF without one), and files that cannot be read."""
    conventions, references, unreadable = [], [], []
    typed_convention = (ox.NamedNode(str(RDF.type)), ox.NamedNode(str(CSSG.Convention)))
    for path in files:
        if is_document(path):
            conventions.append(path)
            continue
        try:
            quads = parse_file(path, base)
        except InputError as error:
            unreadable.append((str(path), error))
            continue
        holds_convention = any((q.predicate, q.object) == typed_convention for q in quads)
        (conventions if holds_convention else references).append(path)
    return conventions, references, unreadable


@dataclass
class _FileOutcome:
    source: str
    conventions: list[ConventionReport] = field(default_factory=list)
    unread: list[Unread] = field(default_factory=list)
    report: str = ""                 # the SHACL report graph, as N-Triples
    error: InputError | None = None


def _run_tasks(tasks: list, jobs: int | None, progress) -> list[_FileOutcome]:
    jobs = min(jobs or os.cpu_count() or 1, len(tasks))
    outcomes = []
    if jobs <= 1:
        for task in tasks:
            outcomes.append(_validate_file(*task))
            if progress:
                progress(len(outcomes), len(tasks))
        return outcomes
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for outcome in pool.map(_validate_file, *zip(*tasks, strict=True)):
            outcomes.append(outcome)
            if progress:
                progress(len(outcomes), len(tasks))
    return outcomes


def _validate_file(path: Path, reference_files: tuple, lang: str, base: str, language: str | None,
                   reason: bool, cache: str | None = None) -> _FileOutcome:
    """Validate the conventions of one file (run in a worker process), or take the outcome
    kept in ``cache`` for exactly these inputs."""
    if cache is None:
        return _validate_file_now(path, reference_files, lang, base, language, reason)
    kept = Path(cache) / f"{_cache_key(path, reference_files, lang, base, language, reason)}.json"
    if kept.is_file():
        return _outcome_from_json(kept.read_text(encoding="utf-8"))
    outcome = _validate_file_now(path, reference_files, lang, base, language, reason)
    if outcome.error is None:
        kept.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=kept.parent, prefix=".kept-")
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(_outcome_to_json(outcome))
        os.replace(temporary, kept)  # atomic: a reader never sees half an outcome
    return outcome


def _cache_key(path: Path, reference_files: tuple, lang: str, base: str, language: str | None,
               reason: bool) -> str:
    """A hash of everything an outcome depends on: the file (its path names its graph), the
    reference files, the project's ontology, shapes, reference data and profiles, the options."""
    digest = hashlib.sha256(_project_fingerprint().encode())
    digest.update(repr((str(Path(path).resolve()), lang, base, language, reason)).encode())
    for file in (path, *sorted(reference_files)):
        digest.update(Path(file).read_bytes())
    return digest.hexdigest()


@lru_cache(maxsize=1)
def _project_fingerprint() -> str:
    from cssgraph import __version__
    from cssgraph.extract import PROFILES

    digest = hashlib.sha256(__version__.encode())
    for file in (*ontology_files(), *shapes_files(), reference_data_file(), *sorted(PROFILES.glob("*.toml"))):
        digest.update(file.read_bytes())
    return digest.hexdigest()


def _outcome_to_json(outcome: _FileOutcome) -> str:
    return json.dumps({"source": outcome.source, "report": outcome.report,
                       "unread": [u.__dict__ for u in outcome.unread],
                       "conventions": [{**{k: v for k, v in c.__dict__.items() if k != "findings"},
                                        "findings": [f.as_dict() for f in c.findings]} for c in outcome.conventions]})


def _outcome_from_json(text: str) -> _FileOutcome:
    kept = json.loads(text)
    conventions = [ConventionReport(**{**c, "findings": [Finding(**f) for f in c["findings"]]})
                   for c in kept["conventions"]]
    return _FileOutcome(kept["source"], conventions, [Unread(**u) for u in kept["unread"]], kept["report"])


def _validate_file_now(path: Path, reference_files: tuple, lang: str, base: str, language: str | None,
                       reason: bool) -> _FileOutcome:
    outcome = _FileOutcome(str(path))
    try:
        if is_document(path):
            quads, extraction = document_quads(path, language, base)
            outcome.unread = extraction.unread()
        else:
            quads = parse_file(path, base)
    except InputError as error:
        outcome.error = error
        return outcome
    store = ox.Store()
    store.extend(quads)
    conventions = _conventions_by_graph(store)
    local_reference = [q for q in store if q.graph_name not in conventions]
    data = _base_store(reference_files, base)
    report_graphs = Graph()
    for graph_name, convention_nodes in conventions.items():
        convention_quads = list(store.quads_for_pattern(None, None, None, graph_name))
        # Only the convention's own nodes are validated: the reference data is there for
        # sh:class and the like, not to be checked again with every convention.
        own_nodes = {q.subject for q in convention_quads if isinstance(q.subject, ox.NamedNode)}
        with _lent(data, local_reference + convention_quads):
            report_graph = _run_shacl(data, focus=own_nodes)
            findings = []
            if (None, RDF.type, SH.ValidationResult) in report_graph or reason:
                described = _described(data, convention_quads)
                findings = _findings(report_graph, described, lang)
                if reason:
                    findings = _reasoner_findings(described + _as_rdflib(data), convention_nodes, lang) + findings
            for node in convention_nodes:
                outcome.conventions.append(_convention_report(_summary_graph(data, node), URIRef(node.value),
                                                              graph_name.value, findings, lang))
        report_graphs += report_graph
    outcome.report = report_graphs.serialize(format="nt")
    return outcome


REASONER_MESSAGE = {
    "fr": "Le raisonneur OWL trouve cette convention incohérente avec l’ontologie, à cause de : {axioms}.",
    "nl": "De OWL-redeneerder vindt deze overeenkomst inconsistent met de ontologie, wegens: {axioms}.",
    "en": "The OWL reasoner finds this convention inconsistent with the ontology, because of: {axioms}.",
}


def _reasoner_findings(described: Graph, convention_nodes, lang: str) -> list[Finding]:
    """The convention, its reference data and the ontology, checked by Pellet: an
    inconsistency becomes a finding that lists the axioms that clash."""
    from cssgraph.ontology import reasoner_check

    check = reasoner_check("convention", described)
    if check.passed:
        return []
    focus = URIRef(convention_nodes[0].value)
    axioms = "; ".join(problem.removeprefix("inconsistent: ") for problem in check.problems)
    return [Finding(severity="Violation", message=REASONER_MESSAGE[lang].format(axioms=axioms),
                    detail="OWL 2 DL consistency (Pellet): " + axioms, focus=str(focus),
                    focus_label=label(described, focus, lang), outline=outline_path(described, focus, lang),
                    path=None, path_label=None, value=None, shape="https://w3id.org/cssgraph/ontology",
                    component="OWL consistency")]


def _conventions_by_graph(store: ox.Store) -> dict[ox.NamedNode, list[ox.NamedNode]]:
    found: dict = {}
    for quad in store.quads_for_pattern(None, ox.NamedNode(str(RDF.type)), ox.NamedNode(str(CSSG.Convention)), None):
        found.setdefault(quad.graph_name, []).append(quad.subject)
    return dict(sorted(found.items(), key=lambda item: item[0].value))


@lru_cache(maxsize=1)
def _ontology_graph() -> Graph:
    return rdflib_graph(ontology_files())


@lru_cache(maxsize=1)
def _shapes_graph() -> Graph:
    return rdflib_graph(shapes_files())


@lru_cache(maxsize=1)
def _shapes_for_stores() -> Graph:
    """The shapes with every simple literal typed xsd:string. RDF 1.1 makes "EUR" and
    "EUR"^^xsd:string one term, rdflib does not: pySHACL reads the data from pyoxigraph as the
    latter and would find "EUR" outside sh:in ("EUR")."""
    shapes = Graph()
    for subject, predicate, value in _shapes_graph():
        if isinstance(value, Literal) and value.datatype is None and value.language is None:
            value = Literal(str(value), datatype=XSD.string)
        shapes.add((subject, predicate, value))
    return shapes


@lru_cache(maxsize=2)
def _base_store(reference_files: tuple, base: str) -> ox.Store:
    """An embedded store holding what every convention is validated with — the ontology's class
    hierarchy (all that sh:class and sh:targetClass need of it), the bundled reference data and
    the input files that hold no convention — to which each convention is lent in turn
    (pyshacl-turbo then runs on pyoxigraph). Built once per process: its cost does not grow
    with the number of conventions."""
    default = ox.DefaultGraph()
    store = ox.Store()
    store.extend(ox.Quad(ox.NamedNode(str(cls)), ox.NamedNode(str(RDFS.subClassOf)), ox.NamedNode(str(parent)), default)
                 for cls, parent in _ontology_graph().subject_objects(RDFS.subClassOf))
    reference = parse_file(reference_data_file(), base)
    for path in reference_files:
        reference += parse_file(Path(path), base)
    store.extend(ox.Quad(q.subject, q.predicate, q.object, default) for q in reference)
    return store


@contextmanager
def _lent(store: ox.Store, quads: list[ox.Quad]):
    """The quads in the store's default graph for the time of the block; what the store held
    before is left untouched."""
    default = ox.DefaultGraph()
    added = []
    for quad in quads:
        placed = ox.Quad(quad.subject, quad.predicate, quad.object, default)
        if placed not in store:
            store.add(placed)
            added.append(placed)
    try:
        yield store
    finally:
        for quad in added:
            store.remove(quad)


def _described(store: ox.Store, convention_quads: list[ox.Quad]) -> Graph:
    """What findings are described with: the convention's statements, the names of the
    reference nodes it points to, and the ontology (labels of kinds and properties)."""
    graph = Graph()
    for triple in triples_as_rdflib(convention_quads):
        graph.add(triple)
    named = {term for q in convention_quads for term in (q.subject, q.object) if isinstance(term, ox.NamedNode)}
    for node in named:
        for name in (RDFS.label, SKOS.prefLabel):
            for triple in triples_as_rdflib(store.quads_for_pattern(node, ox.NamedNode(str(name)), None)):
                graph.add(triple)
    return graph + _ontology_graph()


def _as_rdflib(data: ox.Store) -> Graph:
    graph = Graph()
    for triple in triples_as_rdflib(data):
        graph.add(triple)
    return graph


@lru_cache(maxsize=1)
def _compiled_shapes():
    """The shapes compiled once per process by pyshacl-turbo, a Rust SHACL engine with
    pySHACL's interface (pySHACL itself is the baseline of the benchmarks)."""
    import pyshacl_turbo

    return pyshacl_turbo.compile_shapes(_shapes_for_stores(), advanced=True)


def _run_shacl(data: ox.Store, focus: set) -> Graph:
    # Ill-typed literals (an impossible date) are violations to report, not log noise.
    logging.getLogger("rdflib.term").setLevel(logging.ERROR)
    _, report_graph, _ = _compiled_shapes().validate(data, allow_warnings=True,
                                                     focus_nodes=sorted(node.value for node in focus))
    return report_graph


def _findings(report: Graph, data: Graph, lang: str) -> list[Finding]:
    shapes = _shapes_graph()
    findings = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        shape = report.value(result, SH.sourceShape)
        component = report.value(result, SH.sourceConstraintComponent)
        messages = list(report.objects(result, SH.resultMessage))
        findings.append(Finding(
            severity=SEVERITIES.get(report.value(result, SH.resultSeverity), "Violation"),
            message=_message(shapes, report.value(result, SH.sourceConstraint), messages, data, focus, value, lang),
            detail=_engine_detail(shapes, shape, component, data, focus, _path_in(report, shapes, shape, path), value),
            focus=str(focus),
            focus_label=label(data, focus, lang),
            outline=outline_path(data, focus, lang),
            path=_path_text(report, path),
            path_label=_path_label(report, path, data, lang),
            value=None if value is None else str(value),
            shape=_shape_name(shapes, shape),
            component=str(component).rsplit("#", 1)[-1],
            **source_location(data, focus),
        ))
    severity_rank = {"Violation": 0, "Warning": 1, "Info": 2}
    findings.sort(key=lambda f: (severity_rank[f.severity], f.outline, f.focus, f.path or "", f.message))
    return findings


def source_location(data: Graph, node) -> dict:
    """The first line (RFC 5147 counts line boundaries from 0) and the page (RFC 3778) of the
    node's source, from its provenance selectors."""
    found = {}
    for origin in data.objects(node, PROV.wasDerivedFrom):
        for selector in data.objects(origin, OA.hasSelector):
            value = str(data.value(selector, RDF.value) or "")
            if value.startswith("page="):
                found["source_page"] = int(value[5:])
            elif value.startswith("line="):
                found["source_line"] = int(value[5:].split(",")[0]) + 1
    return found


def _path_in(report: Graph, shapes: Graph, shape, path):
    """The result's path as a node of the shapes graph, where its structure can be read."""
    return path if isinstance(path, URIRef) or shape is None else shapes.value(shape, SH.path)


def _shape_name(shapes: Graph, shape) -> str:
    """A stable name for the shape: its IRI, or for a property shape (a blank node, named
    differently at each parse) its node shape's IRI and its path."""
    if isinstance(shape, URIRef):
        return str(shape)
    parent = shapes.value(None, SH.property, shape)
    return f"{parent} {_path_text(shapes, shapes.value(shape, SH.path))}"


def _path_text(report: Graph, path) -> str | None:
    """A property IRI, ^IRI for an inverse path, IRI/IRI for a sequence (the paths the shapes use)."""
    if path is None:
        return None
    if isinstance(path, URIRef):
        return str(path)
    inverse = report.value(path, SH.inversePath)
    if inverse is not None:
        return f"^{inverse}"
    if (path, RDF.first, None) in report:  # a sequence path
        return "/".join(str(step) for step in report.items(path))
    return "(complex path)"


def _path_label(report: Graph, path, data: Graph, lang: str) -> str | None:
    if isinstance(path, URIRef):
        return label(data, path, lang)
    inverse = report.value(path, SH.inversePath) if path is not None else None
    return f"^{label(data, inverse, lang)}" if inverse is not None else None


def _message(shapes: Graph, constraint, messages: list, data: Graph, focus, value, lang: str) -> str:
    """The rule's message in the reader's language.

    pySHACL fills the {?value} of a SPARQL constraint's message but drops its language
    tag, so those messages are taken from the shapes and filled here, with labels.
    """
    own = list(shapes.objects(constraint, SH.message)) if constraint is not None else []
    if not own:
        return _in_language(messages, lang)
    text = _in_language(own, lang)
    for names, node in ((("?value", "$value"), value), (("?this", "$this"), focus)):
        if node is not None:
            shown = label(data, node, lang) or str(node)
            for name in names:
                text = text.replace("{" + name + "}", shown)
    return text


def _in_language(messages: list, lang: str) -> str:
    for message in messages:
        if isinstance(message, Literal) and message.language == lang:
            return str(message)
    untagged = [str(m) for m in messages if not getattr(m, "language", None)]
    return untagged[0] if untagged else (str(messages[0]) if messages else "")


def _engine_detail(shapes: Graph, shape, component, data: Graph, focus, path, value) -> str:
    """The constraint as the engine checked it, and what it found:
    "sh:minCount 1: found 0 values, at least 1 required"."""
    name = str(component).rsplit("#", 1)[-1].removesuffix("ConstraintComponent")
    if name == "SPARQL":
        return "sh:sparql: the rule's query selected " + (_short(value) if value is not None else "this node")
    # A core component's parameter is named after it: sh:MinCountConstraintComponent → sh:minCount.
    parameter = URIRef(str(SH) + name[:1].lower() + name[1:])
    expected = shapes.value(shape, parameter) if shape is not None else None
    if expected == RDF.nil:
        expected = "()"
    elif expected is not None and not isinstance(expected, Literal) and (expected, RDF.first, None) in shapes:
        expected = "(" + " ".join(f'"{v}"' if isinstance(v, Literal) else _short(v) for v in shapes.items(expected)) + ")"
    constraint = f"sh:{parameter.split('#')[-1]} {_short(expected)}" if expected is not None else f"sh:{name}"
    found = _found(name, data, focus, path, value, expected)
    return f"{constraint}: {found}" if found else constraint


def _found(name: str, data: Graph, focus, path, value, expected) -> str | None:
    """What the data holds that the constraint rejected, in the engine's terms."""
    shown = f'"{value}"' if isinstance(value, Literal) else (_short(value) if value is not None else None)
    if name in ("MinCount", "MaxCount") and path is not None:
        count = len(set(_values(data, focus, path)))
        bound = "at least" if name == "MinCount" else "at most"
        return f"found {count} value{'s' if count != 1 else ''}, {bound} {expected} " \
               f"{'required' if name == 'MinCount' else 'allowed'}"
    texts = {
        "Datatype": f"{shown} is not a valid {_short(expected)}",
        "In": f"{shown} is not one of {expected}",
        "Pattern": f"{shown} does not match /{expected}/",
        "MinExclusive": f"{shown} is not greater than {expected}",
        "MinInclusive": f"{shown} is less than {expected}",
        "Class": f"{shown} is not an instance of {_short(expected)}",
        "HasValue": f"{_short(expected)} is missing",
        "Equals": f"{shown} is not a value of both properties",
        "LessThanOrEquals": f"{shown} is later than the value of {_short(expected)}",
        "UniqueLang": "two values share a language",
    }
    return texts.get(name) if shown is not None or name in ("HasValue", "UniqueLang") else None


def _values(data: Graph, focus, path):
    if isinstance(path, URIRef):
        return data.objects(focus, path)
    inverse = data.value(path, SH.inversePath)
    return data.subjects(inverse, focus) if inverse is not None else []


def _short(value) -> str:
    text = str(value)
    for namespace, prefix in (("http://www.w3.org/2001/XMLSchema#", "xsd:"),
                              ("https://w3id.org/cssgraph/ontology#", "cssg:"),
                              ("http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdf:"),
                              ("http://data.europa.eu/eli/ontology#", "eli:"), ("https://schema.org/", "schema:"),
                              ("http://www.w3.org/ns/person#", "person:")):
        if text.startswith(namespace):
            return prefix + text[len(namespace):]
    return text


def _summary_graph(data: ox.Store, convention: ox.NamedNode) -> Graph:
    """What a report says of a convention besides its findings: its own statements and its
    municipality's names."""
    summary = Graph()
    quads = list(data.quads_for_pattern(convention, None, None))
    for party in data.quads_for_pattern(convention, ox.NamedNode(str(CSSG.municipalityParty)), None):
        quads += data.quads_for_pattern(party.object, ox.NamedNode(str(RDFS.label)), None)
    for triple in triples_as_rdflib(quads):
        summary.add(triple)
    return summary


def _convention_report(data: Graph, convention: URIRef, graph_name: str, findings: list[Finding],
                       lang: str) -> ConventionReport:
    municipality = data.value(convention, CSSG.municipalityParty)
    start = data.value(convention, ELI.first_date_entry_in_force)
    end = data.value(convention, ELI.date_no_longer_in_force)
    return ConventionReport(
        convention=str(convention),
        label=label(data, convention, lang),
        municipality=label(data, municipality, lang) if municipality is not None else None,
        start=None if start is None else str(start),
        end=None if end is None else str(end),
        graph=graph_name,
        findings=findings,
    )


