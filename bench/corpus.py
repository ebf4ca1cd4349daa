"""Generated corpora of conventions for the benchmarks: copies of the Verviers convention for
the municipalities of the reference data, one period after another (as a city's conventions
follow each other), one TriG file per convention, every tenth one made invalid (its strategic
objective 2.2 loses its indicators). The reference data stays what it is, as in real use.
Verviers' provenance (where each item is in its source document) is left out, so that a
convention is the ~420 statements the issues' reference measurements used."""

from __future__ import annotations

import sys
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # what counts as provenance, as the tests say it

from conftest import is_provenance  # noqa: E402

VERVIERS = ROOT / "data" / "conventions" / "verviers-2018-2019.trig"
BASE = "https://w3id.org/cssgraph/id/"
CSSG = "https://w3id.org/cssgraph/ontology#"
INVALID_EVERY = 10


def municipalities() -> list[str]:
    reference = ROOT / "data" / "reference.trig"
    return sorted(
        q.object.value
        for q in ox.parse(path=str(reference), format=ox.RdfFormat.TRIG)
        if q.predicate.value == CSSG + "nisCode"
    )


def convention_path(index: int) -> str:
    """ "{NIS}/css/{period}" of the index-th convention of a corpus."""
    codes = municipalities()
    start = 2018 + index // len(codes)
    return f"{codes[index % len(codes)]}/css/{start}-{start + 1}"


def generate(count: int, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    template = [q for q in ox.parse(path=str(VERVIERS), format=ox.RdfFormat.TRIG) if not is_provenance(q)]
    files = []
    for index in range(count):
        path_part = convention_path(index)
        nis = path_part.split("/")[0]
        quads = [
            ox.Quad(*(_renamed(term, nis, path_part) for term in (q.subject, q.predicate, q.object, q.graph_name)))
            for q in template
        ]
        if index % INVALID_EVERY == INVALID_EVERY - 1:
            objective = f"{BASE}convention/{path_part}/sector/2/strategic-objective/2"
            lost = {q.subject for q in quads if q.predicate.value == CSSG + "measures" and q.object.value == objective}
            quads = [q for q in quads if q.subject not in lost]
        path = folder / f"convention-{index:05d}.trig"
        ox.serialize(quads, str(path), format=ox.RdfFormat.TRIG)
        files.append(path)
    return files


def invalid_count(count: int) -> int:
    return count // INVALID_EVERY


def _renamed(term, nis: str, path_part: str):
    if isinstance(term, ox.NamedNode) and term.value.startswith(BASE):
        value = term.value.replace("/63079/css/2018-2019", f"/{path_part}").replace("/63079", f"/{nis}")
        return ox.NamedNode(value)
    return term
