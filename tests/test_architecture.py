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
