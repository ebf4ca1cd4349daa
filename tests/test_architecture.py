"""The package's layers point one way: no module imports, even late (inside a function), a
module that imports it back."""

from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter

from conftest import ROOT

PACKAGE = ROOT / "cssgraph"


def imports_of(path) -> set[str]:
    """The package's modules that ``path`` imports, wherever the import statement stands."""
    modules = {p.stem for p in PACKAGE.glob("*.py")}
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "cssgraph":
            parts = node.module.split(".")
            found |= {parts[1]} if len(parts) > 1 else {alias.name for alias in node.names}
        elif isinstance(node, ast.Import):
            found |= {alias.name.split(".")[1] for alias in node.names if alias.name.startswith("cssgraph.")}
    return (found & modules) - {path.stem, "__init__"}


def test_the_import_graph_has_no_cycle():
    graph = {path.stem: imports_of(path) for path in PACKAGE.glob("*.py") if path.stem != "__init__"}
    assert graph["endpoint"] and graph["serve"]  # the reading of imports finds them
    try:
        list(TopologicalSorter(graph).static_order())
    except CycleError as error:
        raise AssertionError(f"modules import each other: {' → '.join(error.args[1])}") from None


def test_the_vocabulary_module_is_the_ontologys_and_the_only_spelling_of_its_namespace():
    import importlib.util

    spec = importlib.util.spec_from_file_location("vocabulary_script", ROOT / "scripts" / "vocabulary.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert (PACKAGE / "vocabulary.py").read_text(encoding="utf-8") == script.module_text(), \
        "the ontology changed: run python scripts/vocabulary.py"
    spelled = [path.name for path in PACKAGE.glob("*.py")
               if path.name != "vocabulary.py" and "w3id.org/cssgraph/ontology#" in path.read_text(encoding="utf-8")]
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
