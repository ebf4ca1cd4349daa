"""Shared helpers: where the project's files are, and running the real ``cssgraph`` command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
VERVIERS = DATA / "conventions" / "verviers-2018-2019.trig"
BASE = "https://w3id.org/cssgraph/id/"
CONVENTION = BASE + "convention/63079/css/2018-2019"
CONVENTION_GRAPH = BASE + "graph/convention/63079/css/2018-2019"


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """The command as a user runs it: a new Python process, output captured."""
    return subprocess.run([sys.executable, "-m", "cssgraph", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=300)


@pytest.fixture
def cli():
    return run_cli
