"""Where the project's ontology, shapes, data and queries are.

In a wheel they are packaged under ``cssgraph/resources/``; in a source
checkout (``pip install -e .``) they are the top-level folders of the repository.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGED = Path(__file__).parent / "resources"
_CHECKOUT = Path(__file__).parent.parent


def resource_dir(name: str) -> Path:
    """The folder ``ontology``, ``shapes``, ``data``, ``queries`` or ``sources``."""
    for root in (_PACKAGED, _CHECKOUT):
        folder = root / name
        if folder.is_dir():
            return folder
    raise FileNotFoundError(f"cssgraph resource folder {name!r} is missing from the installation")


def ontology_files() -> list[Path]:
    """The ontology's modules: the core, its controlled lists, and alignments/."""
    return sorted(resource_dir("ontology").rglob("*.ttl"))


def shapes_files() -> list[Path]:
    return sorted(resource_dir("shapes").glob("*.ttl"))


def reference_data_file() -> Path:
    return resource_dir("data") / "reference.trig"


def source_documents() -> list[Path]:
    """The convention documents the project's data was read from (``sources/``)."""
    return sorted(path for path in resource_dir("sources").iterdir() if path.suffix == ".txt")


def default_data_dir() -> Path:
    return resource_dir("data")


def queries_dir() -> Path:
    return resource_dir("queries")
