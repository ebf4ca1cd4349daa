"""A second, independent SHACL engine — Apache Jena's, from Debian — validates the same
conventions with the same shapes: its verdict and its focus nodes must agree with cssgraph's
for the valid Verviers convention and for every broken case of test_shapes.

Jena 4.5 accepts one sh:message per constraint, so it reads the shapes with the English
messages only (messages do not change what is checked)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.namespace import RDF, SH

from cssgraph.rdfio import rdflib_graph
from cssgraph.resources import ontology_files, reference_data_file
from cssgraph.validation import validate

from conftest import CONVENTION, CONVENTION_GRAPH, CURATED_WARNING, broken_convention
from jena import english_shapes, jena_shacl
from test_shapes import CASES

SEVERITY = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}


def _case_iris(case: int):
    """Rename one case's own nodes so that all cases fit in one data graph."""
    renames = [
        (CONVENTION, f"{CONVENTION}-case{case}"),
        (
            "https://w3id.org/cssgraph/id/municipality/63079/post/",
            f"https://w3id.org/cssgraph/id/municipality/63079/post-case{case}/",
        ),
        (
            "https://w3id.org/cssgraph/id/municipality/63079/council",
            f"https://w3id.org/cssgraph/id/municipality/63079/council-case{case}",
        ),
        # the source document too: a case may say its lines were not all understood
        ("https://w3id.org/cssgraph/id/document/", f"https://w3id.org/cssgraph/id/document-case{case}/"),
    ]

    def rename(term):
        if isinstance(term, ox.NamedNode):
            for old, new in renames:
                if term.value.startswith(old):
                    return ox.NamedNode(new + term.value[len(old) :])
        return term

    return rename


@pytest.fixture(scope="module")
def cases(tmp_path_factory):
    """Every broken case, and the valid convention as case 0, each in its own named graph."""
    scratch = tmp_path_factory.mktemp("second-opinion")
    quads = []
    updates = [("valid", "INSERT DATA { }")] + [(name, update) for name, update, _ in CASES]
    for number, (_, update) in enumerate(updates):
        folder = scratch / f"case{number}"
        folder.mkdir()
        rename = _case_iris(number)
        graph = ox.NamedNode(f"{CONVENTION_GRAPH}-case{number}")
        for triple in ox.parse(path=broken_convention(update, folder), format=ox.RdfFormat.TURTLE):
            quads.append(ox.Quad(rename(triple.subject), triple.predicate, rename(triple.object), graph))
    dataset = scratch / "cases.trig"
    ox.serialize(quads, str(dataset), format=ox.RdfFormat.TRIG)
    return scratch, dataset, quads, [name for name, _ in updates]


def _jena_results(scratch: Path, quads) -> set[tuple[str, str]]:
    java = shutil.which("java")
    assert java, "Java is missing: Apache Jena needs it (Debian's libapache-jena-java brings it)"
    english_shapes(scratch / "shapes-en.ttl")
    data = rdflib_graph(ontology_files())
    for quad in ox.parse(path=str(reference_data_file()), format=ox.RdfFormat.TRIG):
        data.parse(data=f"{quad.subject} {quad.predicate} {quad.object} .", format="nt")
    for quad in quads:
        data.parse(data=f"{quad.subject} {quad.predicate} {quad.object} .", format="nt")
    data.serialize(scratch / "data.nt", format="nt", encoding="utf-8")
    process = subprocess.run(
        jena_shacl(scratch, scratch / "shapes-en.ttl", scratch / "data.nt"),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert process.returncode == 0, process.stderr[-2000:]
    report = Graph().parse(data=process.stdout, format="turtle")
    return {
        (str(report.value(r, SH.focusNode)), SEVERITY[report.value(r, SH.resultSeverity)])
        for r in report.subjects(RDF.type, SH.ValidationResult)
    }


def test_jena_agrees_with_cssgraph_on_every_case(cases):
    scratch, dataset, quads, names = cases
    ours = {
        (finding.focus, finding.severity) for report in validate([dataset]).conventions for finding in report.findings
    }
    theirs = _jena_results(scratch, quads)

    def by_case(results) -> dict[str, set]:
        grouped: dict[str, set] = {}
        for focus, severity in results:
            number = re.search(r"-case(\d+)(?=/|$)", focus)
            grouped.setdefault(names[int(number.group(1))] if number else "outside every case", set()).add(
                (focus, severity)
            )
        return grouped

    assert by_case(ours) == by_case(theirs)
    # The valid convention has its one warning (CURATED_WARNING), as every case built from it.
    assert by_case(theirs)["valid"] == {(CURATED_WARNING[1].replace(CONVENTION, f"{CONVENTION}-case0"), "Warning")}
    assert len(by_case(theirs)) == len(CASES) + 1
