"""Benchmark: parsing and the indicator trace on corpora of 1, 100 and 1,000 conventions,
each beside a baseline run in the same command:

- parse: cssgraph's reader (pyoxigraph) against rdflib's parser;
- trace, all rows and one convention: pyoxigraph's SPARQL engine against rdflib's, same query.

(Validation has its own benchmark, bench_validate.py.)

Usage: python bench/bench_parse_trace.py [--sizes 1,100,1000]
Writes bench/results/parse-trace.json and .md (atomically) and prints the table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

from rdflib import Dataset

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cssgraph.query import bind_parameters, resolve_query  # noqa: E402
from cssgraph.rdfio import load_files  # noqa: E402
from cssgraph.resources import ontology_files, reference_data_file  # noqa: E402

import corpus  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"


def timed(action):
    start = time.perf_counter()
    value = action()
    return time.perf_counter() - start, value


def measure(size: int, folder: Path) -> list[dict]:
    files = corpus.generate(size, folder)
    rows = []

    def row(task, seconds, baseline_name, baseline_seconds, check):
        rows.append(
            {
                "conventions": size,
                "task": task,
                "seconds": round(seconds, 4),
                "baseline": baseline_name,
                "baseline_seconds": round(baseline_seconds, 4),
                "speed-up": round(baseline_seconds / seconds, 2) if seconds else None,
                "check": check,
            }
        )

    # Parse
    parse_s, store = timed(lambda: load_files([*ontology_files(), reference_data_file(), *files]))
    rdflib_parse_s, dataset = timed(lambda: _rdflib_dataset([*ontology_files(), reference_data_file(), *files]))
    quads = len(store)
    assert quads == sum(1 for _ in dataset.quads()), "the two parsers disagree"
    row("parse", parse_s, "rdflib parser", rdflib_parse_s, f"{quads} quads in both")

    # Trace, all rows and one convention
    trace = resolve_query("indicator-trace").read_text(encoding="utf-8")
    one = bind_parameters(trace, {"convention": f"{corpus.BASE}convention/{corpus.convention_path(size // 2)}"})
    for task, text in (("trace, all conventions", trace), ("trace, one convention", one)):
        ox_s, ox_rows = timed(lambda text=text: list(store.query(text, use_default_graph_as_union=True)))
        rdflib_s, rdflib_rows = timed(lambda text=text: list(dataset.query(text)))
        assert len(ox_rows) == len(rdflib_rows), (task, len(ox_rows), len(rdflib_rows))
        row(task, ox_s, "rdflib SPARQL engine", rdflib_s, f"{len(ox_rows)} rows in both")

    return rows


def _rdflib_dataset(paths) -> Dataset:
    dataset = Dataset(default_union=True)
    for path in paths:
        dataset.parse(path, format="trig" if path.suffix == ".trig" else "turtle")
    return dataset


def write_atomically(path: Path, text: str) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write(text)
    os.replace(temporary, path)


def markdown(rows: list[dict], machine: str) -> str:
    lines = [
        f"# parse and trace — {machine}",
        "",
        "| conventions | task | cssgraph (s) | baseline | baseline (s) | speed-up | check |",
        "|---:|---|---:|---|---:|---:|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r['conventions']} | {r['task']} | {r['seconds']} | {r['baseline']} | "
            f"{r['baseline_seconds']} | ×{r['speed-up']} | {r['check']} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,100,1000")
    sizes = [int(s) for s in parser.parse_args().sizes.split(",")]
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    rows = []
    with tempfile.TemporaryDirectory(prefix="cssgraph-bench-") as scratch:
        for size in sizes:
            rows += measure(size, Path(scratch) / f"corpus-{size}")
            print(
                markdown([r for r in rows if r["conventions"] == size], machine).split("\n", 4)[-1], end="", flush=True
            )
    RESULTS.mkdir(exist_ok=True)
    write_atomically(RESULTS / "parse-trace.json", json.dumps({"machine": machine, "rows": rows}, indent=2) + "\n")
    write_atomically(RESULTS / "parse-trace.md", markdown(rows, machine))
    print(f"written: {RESULTS / 'parse-trace.md'}")


if __name__ == "__main__":
    main()
