"""Every Turtle/TriG file of the project reads the same in three independent parsers:
pyoxigraph (Rust), rdflib (Python) and Raptor's rapper (C)."""

import re
import shutil
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset

from conftest import ROOT

FILES = sorted([*ROOT.glob("ontology/*.ttl"), *ROOT.glob("shapes/*.ttl"), *ROOT.glob("data/**/*.trig")])


def rapper_count(path: Path) -> int:
    rapper = shutil.which("rapper")
    assert rapper, "rapper is missing: install Debian's raptor2-utils (.ci/run and `make test` do)"
    syntax = "trig" if path.suffix == ".trig" else "turtle"
    process = subprocess.run([rapper, "-i", syntax, "-c", str(path)], capture_output=True, text=True, timeout=60)
    assert process.returncode == 0, process.stderr
    return int(re.search(r"returned (\d+) (triples|statements)", process.stderr).group(1))


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(ROOT)) for p in FILES])
def test_three_parsers_agree(path):
    fmt = ox.RdfFormat.TRIG if path.suffix == ".trig" else ox.RdfFormat.TURTLE
    oxigraph_count = len(list(ox.parse(path=str(path), format=fmt)))
    rdflib_count = len(Dataset().parse(path, format="trig" if path.suffix == ".trig" else "turtle"))
    assert oxigraph_count == rdflib_count == rapper_count(path)
