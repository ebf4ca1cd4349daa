"""Benchmark: validation of generated corpora (every tenth convention invalid), end to end —
each engine reads the files itself — with the peak memory of each command:

- cssgraph: `cssgraph validate DIR` (each file on its own, on every core);
- baseline 1: pySHACL on the merged graph (rdflib parsing included), in a child process;
- baseline 2: Apache Jena's `shacl validate` command line on the merged graph, if installed;
- re-validation with `--cache` after one convention changed, beside the cold run.

All engines must find the same number of violations. Figures are seconds and ratios against
the baselines measured in the same run.

Usage: python bench/bench_validate.py [--sizes 1,100,1000] [--no-pyshacl-above N]
Writes bench/results/validate.json and .md (atomically) and prints the table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))  # Jena's classpath, as the tests build it

from cssgraph.rdfio import rdflib_graph  # noqa: E402
from cssgraph.resources import ontology_files, reference_data_file, shapes_files  # noqa: E402

import corpus  # noqa: E402
from bench_parse_trace import write_atomically  # noqa: E402
from jena import english_shapes, jena_shacl  # noqa: E402

# Runs a command and prints its wall time and the peak resident memory of its process tree.
MEASURE = """
import resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, done.returncode)
sys.stderr.write(done.stderr[-2000:])
"""
PYSHACL_MERGED = """
import sys, pyshacl
from rdflib import Graph
from rdflib.namespace import RDF, SH
data = Graph().parse(sys.argv[1], format="nt")
shapes = Graph().parse(sys.argv[2], format="turtle")
_, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", allow_warnings=True, advanced=True)
violations = sum(1 for r in report.subjects(RDF.type, SH.ValidationResult)
                 if report.value(r, SH.resultSeverity) == SH.Violation)
open(sys.argv[3], "w").write(str(violations))
"""


def measured(command: list[str]) -> tuple[float, float]:
    """Seconds and peak MB of a command run in a child process."""
    done = subprocess.run([sys.executable, "-c", MEASURE, *command], capture_output=True, text=True)
    seconds, peak_kb, code = done.stdout.split()
    if code != "0" and command[:3] != [sys.executable, "-m", "cssgraph"]:  # cssgraph exits 1 on violations
        raise RuntimeError(f"{command[:4]} failed: {done.stderr}")
    return float(seconds), int(peak_kb) / 1024


def merged_ntriples(files: list[Path], path: Path) -> Path:
    """Ontology, reference data and corpus in one N-Triples file, for the merged-graph engines."""
    import pyoxigraph as ox

    with path.open("wb") as out:
        for source in [*ontology_files(), reference_data_file(), *files]:
            fmt = ox.RdfFormat.TRIG if source.suffix == ".trig" else ox.RdfFormat.TURTLE
            triples = [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(path=str(source), format=fmt)]
            out.write(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))
    return path


def measure(size: int, scratch: Path, run_pyshacl: bool) -> list[dict]:
    folder = scratch / f"corpus-{size}"
    files = corpus.generate(size, folder)
    report = scratch / f"report-{size}.json"
    rows = []
    ours_s, ours_mb = measured(
        [sys.executable, "-m", "cssgraph", "validate", str(folder), "--format", "json", "-o", str(report)]
    )
    result = json.loads(report.read_text())
    violations = sum(c["violations"] for c in result["conventions"])
    assert sum(not c["conforms"] for c in result["conventions"]) == corpus.invalid_count(size)
    row = {
        "conventions": size,
        "task": "validate (parse included)",
        "seconds": round(ours_s, 3),
        "peak_MB": round(ours_mb),
        "violations": violations,
    }
    merged = merged_ntriples(files, scratch / f"merged-{size}.nt")
    shapes = english_shapes(scratch / "shapes-en.ttl")
    if run_pyshacl:
        count_file = scratch / f"pyshacl-{size}.txt"
        full_shapes = scratch / "shapes.ttl"
        rdflib_graph(shapes_files()).serialize(full_shapes, format="turtle")
        base_s, base_mb = measured(
            [sys.executable, "-c", PYSHACL_MERGED, str(merged), str(full_shapes), str(count_file)]
        )
        assert int(count_file.read_text()) == violations, (count_file.read_text(), violations)
        row.update(
            {"pyshacl_seconds": round(base_s, 3), "pyshacl_MB": round(base_mb), "vs_pyshacl": round(base_s / ours_s, 2)}
        )
    java = shutil.which("java")
    if java and (Path("/usr/share/java") / "jena-shacl.jar").exists():
        jena_out = scratch / f"jena-{size}.ttl"
        start = time.perf_counter()
        with jena_out.open("w") as out:
            subprocess.run(jena_shacl(scratch, shapes, merged), stdout=out, check=True)
        jena_s = time.perf_counter() - start
        jena_mb = measured(jena_shacl(scratch, shapes, merged))[1]
        jena_violations = jena_out.read_text().count("sh:Violation")
        assert jena_violations == violations, (jena_violations, violations)
        row.update({"jena_seconds": round(jena_s, 3), "jena_MB": round(jena_mb), "vs_jena": round(jena_s / ours_s, 2)})
    rows.append(row)
    # Re-validation after one convention changed, with the cache.
    cache = scratch / f"cache-{size}"
    cached = [sys.executable, "-m", "cssgraph", "validate", str(folder), "--cache", str(cache), "--format", "json"]
    cached += ["-o", str(report)]
    cold_s, _ = measured(cached)
    changed = files[0]
    changed.write_text(changed.read_text(encoding="utf-8").replace("Commune", "Commune ", 1), encoding="utf-8")
    warm_s, _ = measured(cached)
    rows.append(
        {
            "conventions": size,
            "task": "re-validate after one change (--cache)",
            "seconds": round(warm_s, 3),
            "cold_seconds": round(cold_s, 3),
            "vs_cold": round(cold_s / warm_s, 2),
        }
    )
    return rows


def markdown(rows: list[dict], machine: str) -> str:
    lines = [
        f"# validate — {machine}",
        "",
        "| conventions | task | cssgraph (s) | peak MB¹ | pySHACL merged (s) | MB | ×faster | "
        "Jena CLI (s) | MB | ×faster | violations |",
        "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        if "cold_seconds" in r:
            lines.append(
                f"| {r['conventions']} | {r['task']} | {r['seconds']} | | cold run: {r['cold_seconds']} | "
                f"| ×{r['vs_cold']} | | | | |"
            )
            continue
        lines.append(
            f"| {r['conventions']} | {r['task']} | {r['seconds']} | {r['peak_MB']} | "
            f"{r.get('pyshacl_seconds', '–')} | {r.get('pyshacl_MB', '–')} | "
            f"{'×' + str(r['vs_pyshacl']) if 'vs_pyshacl' in r else '–'} | {r.get('jena_seconds', '–')} | "
            f"{r.get('jena_MB', '–')} | {'×' + str(r['vs_jena']) if 'vs_jena' in r else '–'} | "
            f"{r['violations']} |"
        )
    lines += ["", "¹ peak resident memory of the largest process of the command (cssgraph runs one worker per core)."]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,100,1000")
    parser.add_argument(
        "--no-pyshacl-above",
        type=int,
        default=1000,
        help="skip the pySHACL baseline above this size (it grows faster than linearly)",
    )
    options = parser.parse_args()
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    rows = []
    with tempfile.TemporaryDirectory(prefix="cssgraph-bench-") as scratch:
        for size in (int(s) for s in options.sizes.split(",")):
            rows += measure(size, Path(scratch), size <= options.no_pyshacl_above)
            print(
                markdown([r for r in rows if r["conventions"] == size], machine).split("\n", 4)[-1], end="", flush=True
            )
    (HERE / "results").mkdir(exist_ok=True)
    write_atomically(
        HERE / "results" / "validate.json", json.dumps({"machine": machine, "rows": rows}, indent=2) + "\n"
    )
    write_atomically(HERE / "results" / "validate.md", markdown(rows, machine))
    print(f"written: {HERE / 'results' / 'validate.md'}")


if __name__ == "__main__":
    main()
