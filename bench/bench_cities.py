"""Benchmark: the cross-city questions as the corpus grows (issue 13, part 3).

Corpora of 1 to 1,000 conventions (``bench/corpus.py``: copies of Verviers for the reference
data's municipalities, ~420 statements each) in the embedded store; timed, median of three
runs: the queries ``funding-by-sector``, ``shared-wordings``, ``cities-measuring`` (?text "taux de
rejet") and ``wording-uses`` (one concept), the ``/funding`` page and the page of the wording
"Délai de transmission" (both rendered as ``cssgraph serve`` does), and the near-duplicate
proposals of ``cssgraph similar-wordings``. The copies share every wording, which is the worst
case for the pages and lists (every convention uses every concept) and the best for
``similar-wordings`` (its pairs are those of one convention's concepts, whatever the size).

Usage: python bench/bench_cities.py [--sizes 1,100,1000]
Writes bench/results/cities.json and .md (atomically) and prints the table.
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
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import pyoxigraph as ox  # noqa: E402

from cssgraph import wordings  # noqa: E402
from cssgraph.query import bind_parameters  # noqa: E402
from cssgraph.resources import queries_dir  # noqa: E402
from cssgraph.store import embedded_store  # noqa: E402
from cssgraph.web.pages import Site  # noqa: E402

import corpus  # noqa: E402
from bench_parse_trace import write_atomically  # noqa: E402

WORDING = ox.NamedNode(corpus.BASE + "wording/delai-de-transmission")
QUERIES = {
    "funding-by-sector": {},
    "shared-wordings": {},
    "cities-measuring": {"text": "taux de rejet"},
    "wording-uses": {"concept": WORDING.value},
}


def median_seconds(action, runs: int = 3) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = action()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def measure(size: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="bench-cities-") as folder:
        files = corpus.generate(size, Path(folder))
        started = time.perf_counter()
        store = embedded_store(files)
        loaded = time.perf_counter() - started
    row: dict[str, object] = {"conventions": size, "statements": len(store), "load_s": round(loaded, 3)}
    for name, params in QUERIES.items():
        text = bind_parameters((queries_dir() / f"{name}.rq").read_text(encoding="utf-8"), params, name)
        seconds, rows = median_seconds(lambda text=text: list(store.query(text, use_default_graph_as_union=True)))
        row[f"{name}_s"] = round(seconds, 4)
        row[f"{name}_rows"] = len(rows)  # type: ignore[arg-type]
    site = Site(store)
    row["funding_page_s"] = round(median_seconds(lambda: site.funding_page("fr"))[0], 4)
    row["wording_page_s"] = round(
        median_seconds(lambda: site.resource_page(WORDING, site.data.description(WORDING), "fr"))[0], 4
    )
    seconds, found = median_seconds(lambda: wordings.proposals(store))
    row["similar_wordings_s"] = round(seconds, 4)
    row["similar_pairs"] = len(found)  # type: ignore[arg-type]
    return row


def table(rows: list[dict[str, object]]) -> str:
    head = (
        "| conventions | statements | load (s) | funding-by-sector (s) | shared-wordings (s) | cities-measuring (s) "
        "| wording-uses (s) | /funding page (s) | wording page (s) | similar-wordings (s) |\n"
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
    )
    return head + "".join(
        f"| {r['conventions']} | {r['statements']} | {r['load_s']} | {r['funding-by-sector_s']} "
        f"| {r['shared-wordings_s']} | {r['cities-measuring_s']} | {r['wording-uses_s']} | {r['funding_page_s']} "
        f"| {r['wording_page_s']} | {r['similar_wordings_s']} |\n"
        for r in rows
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,100,1000")
    args = parser.parse_args()
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        rows.append(measure(size))
        print(rows[-1], flush=True)
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    results = HERE / "results"
    write_atomically(results / "cities.json", json.dumps({"machine": machine, "rows": rows}, indent=2) + "\n")
    text = f"# cities — {machine}\n\n" + table(rows)
    write_atomically(results / "cities.md", text)
    print(text)


if __name__ == "__main__":
    main()
