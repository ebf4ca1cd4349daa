"""Generated corpora of conventions for the benchmarks: copies of the Verviers convention under
made-up NIS codes, one TriG file per convention, every tenth one made invalid (its strategic
objective 2.2 loses its indicators), plus a Turtle file declaring the made-up municipalities."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
VERVIERS = ROOT / "data" / "conventions" / "verviers-2018-2019.trig"
BASE = "https://w3id.org/cssgraph/id/"
CSSG = "https://w3id.org/cssgraph/ontology#"
INVALID_EVERY = 10


def nis_code(index: int) -> str:
    return f"{90000 + index:05d}"


def generate(count: int, folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    template = list(ox.parse(path=str(VERVIERS), format=ox.RdfFormat.TRIG))
    files = []
    for index in range(count):
        nis = nis_code(index)
        quads = [ox.Quad(*(_renamed(term, nis) for term in (q.subject, q.predicate, q.object, q.graph_name)))
                 for q in template]
        if index % INVALID_EVERY == INVALID_EVERY - 1:
            objective = f"{BASE}convention/{nis}/css/2018-2019/sector/2/strategic-objective/2"
            lost = {q.subject for q in quads if q.predicate.value == CSSG + "measures" and q.object.value == objective}
            quads = [q for q in quads if q.subject not in lost]
        path = folder / f"convention-{nis}.trig"
        ox.serialize(quads, str(path), format=ox.RdfFormat.TRIG)
        files.append(path)
    municipalities = folder / "municipalities.ttl"
    municipalities.write_text("".join(
        f'<{BASE}municipality/{nis_code(i)}> a <{CSSG}Municipality> ; '
        f'<http://www.w3.org/2000/01/rdf-schema#label> "Commune {i}"@fr ; <{CSSG}nisCode> "{nis_code(i)}" ; '
        f'<http://purl.org/dc/terms/spatial> <http://vocab.belgif.be/auth/refnis2019/{nis_code(i)}> .\n'
        for i in range(count)), encoding="utf-8")
    return [*files, municipalities]


def invalid_count(count: int) -> int:
    return count // INVALID_EVERY


def _renamed(term, nis: str):
    if isinstance(term, ox.NamedNode) and term.value.startswith(BASE):
        return ox.NamedNode(term.value.replace("/63079", f"/{nis}"))
    return term
