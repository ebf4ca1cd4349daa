"""Benchmark: extraction of convention documents.

- one document as text, as a PDF of about ten pages and as a Word file (median of repeated
  runs, Python's peak allocation), beside the baseline of reading it alone (decoding the text,
  pypdf's text layer, python-docx's paragraphs), so the ratio is what understanding adds;
- a folder of generated documents (the Verviers text under the names of the municipalities of
  the reference data), extracted sequentially and in parallel on every core.

Usage: python bench/bench_extract.py [--documents 1000]
Writes bench/results/extract.json and .md (atomically) and prints the table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
import tracemalloc
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))  # the tests' own PDF and Word writers

from cssgraph.build import document_quads  # noqa: E402
from cssgraph.read.documents import read_document  # noqa: E402

from bench_parse_trace import write_atomically  # noqa: E402
from layout import verviers_paragraphs, write_docx, write_pdf  # noqa: E402

SOURCE = HERE.parent / "sources" / "verviers-2018-2019.fr.txt"
NAMES = [
    "ALOST",
    "ANDERLECHT",
    "ANVERS",
    "BRUGES",
    "BRUXELLES",
    "CHARLEROI",
    "IXELLES",
    "ETTERBEEK",
    "MALINES",
    "NAMUR",
    "SERAING",
    "TOURNAI",
    "FOREST",
    "GAND",
    "GENK",
    "HASSELT",
    "KOEKELBERG",
    "COURTRAI",
    "LOUVAIN",
    "LIÈGE",
    "MONS",
    "OSTENDE",
    "SCHAERBEEK",
    "VERVIERS",
]


def median_run(action, repeat: int) -> tuple[float, int]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    action()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return statistics.median(times), peak


def extract_one(path: str) -> int:
    return len(document_quads(Path(path))[0])


def corpus(folder: Path, count: int) -> list[str]:
    text = SOURCE.read_text(encoding="utf-8")
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        path = folder / f"convention-{i:05d}.txt"
        path.write_text(text.replace("VERVIERS", NAMES[i % len(NAMES)]), encoding="utf-8")
        paths.append(str(path))
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=1000)
    count = parser.parse_args().documents
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    rows = []
    with tempfile.TemporaryDirectory(prefix="cssgraph-bench-") as scratch:
        folder = Path(scratch)
        paragraphs = verviers_paragraphs()
        documents = {
            "text": SOURCE,
            "pdf": write_pdf(paragraphs, folder / "verviers.pdf", lines_per_page=26),
            "docx": write_docx(paragraphs, folder / "verviers.docx"),
        }
        extract_one(str(SOURCE))  # warm the profiles and the reference data
        for kind, path in documents.items():
            seconds, peak = median_run(lambda path=path: extract_one(str(path)), repeat=15)
            baseline, _ = median_run(lambda path=path: read_document(path), repeat=15)
            pages = "" if kind != "pdf" else f", {len(__import__('pypdf').PdfReader(str(path)).pages)} pages"
            rows.append(
                {
                    "task": f"extract one {kind} document{pages}",
                    "seconds": round(seconds, 4),
                    "peak_python_MB": round(peak / 1e6, 1),
                    "baseline": "reading alone (decode; pypdf text layer; python-docx paragraphs)",
                    "baseline_seconds": round(baseline, 6),
                }
            )
        paths = corpus(folder / "corpus", count)
        start = time.perf_counter()
        sequential = [extract_one(p) for p in paths]
        sequential_s = time.perf_counter() - start
        start = time.perf_counter()
        with ProcessPoolExecutor(max_workers=os.cpu_count()) as pool:
            parallel = list(pool.map(extract_one, paths, chunksize=16))
        parallel_s = time.perf_counter() - start
        assert parallel == sequential
        rows.append(
            {
                "task": f"extract {count} text documents on {os.cpu_count()} cores",
                "seconds": round(parallel_s, 3),
                "peak_python_MB": None,
                "baseline": "the same, one after the other",
                "baseline_seconds": round(sequential_s, 3),
            }
        )
    lines = [
        f"# extraction — {machine}",
        "",
        "| task | cssgraph (s) | peak Python MB | baseline | baseline (s) | ratio |",
        "|---|---:|---:|---|---:|---:|",
    ]
    for r in rows:
        ratio = r["seconds"] / r["baseline_seconds"] if r["baseline_seconds"] else float("nan")
        lines.append(
            f"| {r['task']} | {r['seconds']} | {r['peak_python_MB'] or ''} | {r['baseline']} | "
            f"{r['baseline_seconds']} | ×{ratio:.2f} |"
        )
    table = "\n".join(lines) + "\n"
    print(table)
    (HERE / "results").mkdir(exist_ok=True)
    write_atomically(HERE / "results" / "extract.json", json.dumps({"machine": machine, "rows": rows}, indent=2) + "\n")
    write_atomically(HERE / "results" / "extract.md", table)


if __name__ == "__main__":
    main()
