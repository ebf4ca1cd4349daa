"""The package's layers point one way: no module imports, even late (inside a function), a
module that imports it back."""

from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "cssgraph"

# The stages, bottom to top: a module imports from its own stage or the ones below, never above.
LAYERS = [
    ("foundation", {"errors", "vocabulary", "iris", "folders", "resources", "settings", "i18n"}),
    ("read", {"read.normalise", "read.values", "read.documents", "read.messages", "read.extract"}),
    ("graph", {"rdfio", "build", "store", "outline", "ontology"}),
    ("use", {"query", "load", "findings", "validation", "report", "cube", "wordings", "diff"}),
    (
        "web",
        {
            "web.conneg",
            "web.caching",
            "web.request_body",
            "web.query_workers",
            "web.describe",
            "web.pages",
            "web.documentation",
            "web.catalog",
            "web.endpoint",
            "web.publish",
            "web.serve",
        },
    ),
    ("command", {"cli", "__main__"}),
]


def modules() -> dict[str, Path]:
    """Every module of the package by its dotted name below ``cssgraph`` (``read.extract``)."""
    return {
        ".".join(path.relative_to(PACKAGE).with_suffix("").parts): path
        for path in PACKAGE.rglob("*.py")
        if path.name != "__init__.py" and "resources" not in path.relative_to(PACKAGE).parts[:-1]
    }


def imports_of(path: Path, known: dict[str, Path]) -> set[str]:
    """The package's modules that ``path`` imports, wherever the import statement stands."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "cssgraph":
            module = node.module.removeprefix("cssgraph").removeprefix(".")
            found |= {module} if module in known else {f"{module}.{a.name}".lstrip(".") for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {alias.name.removeprefix("cssgraph.") for alias in node.names}
    return (found & known.keys()) - {path.stem}


def test_the_import_graph_has_no_cycle():
    known = modules()
    graph = {name: imports_of(path, known) for name, path in known.items()}
    assert "web.endpoint" in graph["web.serve"] and "read.extract" in graph["build"]  # the reading finds them
    try:
        list(TopologicalSorter(graph).static_order())
    except CycleError as error:
        raise AssertionError(f"modules import each other: {' → '.join(error.args[1])}") from None


def test_each_stage_imports_only_from_the_stages_below_it():
    known = modules()
    stage = {module: rank for rank, (_, members) in enumerate(LAYERS) for module in members}
    assert set(known) == set(stage), "place each module in one stage of LAYERS"
    upward = [
        f"{module} ({LAYERS[stage[module]][0]}) imports {imported} ({LAYERS[stage[imported]][0]})"
        for module, path in known.items()
        for imported in imports_of(path, known)
        if stage[imported] > stage[module]
    ]
    assert upward == []


def test_the_vocabulary_module_is_the_ontologys_and_the_only_spelling_of_its_namespace():
    import importlib.util

    spec = importlib.util.spec_from_file_location("vocabulary_script", ROOT / "scripts" / "vocabulary.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert (PACKAGE / "vocabulary.py").read_text(encoding="utf-8") == script.module_text(), (
        "the ontology changed: run python scripts/vocabulary.py"
    )
    spelled = [
        path.name
        for path in PACKAGE.rglob("*.py")
        if path.name != "vocabulary.py" and "w3id.org/cssgraph/ontology#" in path.read_text(encoding="utf-8")
    ]
    assert spelled == [], "use cssgraph.vocabulary.CSSG"


def test_a_misspelt_term_is_an_error_not_a_new_iri():
    import pytest
    from rdflib import URIRef

    from cssgraph.vocabulary import CSSG, cssg

    assert CSSG.position == URIRef("https://w3id.org/cssgraph/ontology#position")
    assert cssg.position == "https://w3id.org/cssgraph/ontology#position" and type(cssg.position) is str
    for terms in (CSSG, cssg):
        with pytest.raises(AttributeError):
            terms.positon  # noqa: B018 (the access is the test)
        with pytest.raises(AttributeError):
            terms["positon"]
