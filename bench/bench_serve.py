"""Benchmark: publishing and serving generated corpora (1, 100, 1,000 conventions).

- static publish: `cssgraph publish` in this process, beside loading the same files into the
  embedded store (the baseline: what any publishing has to do first), as a ratio;
- serve latency: a `cssgraph serve` process loaded with the corpus, and wrk (Debian) on loopback
  as the load generator, 1, 10 and 50 connections for a few seconds each, on the trace query of
  one convention at /sparql, on an indicator's HTML page, and on /health (the baseline: the
  server's floor, same process, same run). p50 and p99 latency, requests per second, and errors
  (non-2xx answers and socket errors; target: none).

The load generator and the server share the machine's cores: figures are for a whole machine.

Usage: python bench/bench_serve.py [--sizes 1,100,1000] [--seconds 5] [--publish-up-to 1000]
Writes bench/results/serve.json and .md (atomically) and prints the table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlencode

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))  # the tests' way to wait for a server

from cssgraph.query import bind_parameters, resolve_query  # noqa: E402
from cssgraph.store import embedded_store  # noqa: E402
from cssgraph.web.publish import publish  # noqa: E402

import corpus  # noqa: E402
from bench_parse_trace import write_atomically  # noqa: E402
from conftest import free_port, wait_until_up  # noqa: E402

CONNECTIONS = (1, 10, 50)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,100,1000")
    parser.add_argument("--seconds", type=int, default=5, help="duration of each wrk run")
    parser.add_argument("--publish-up-to", type=int, default=1000, help="largest corpus published statically")
    options = parser.parse_args()
    assert shutil.which("wrk"), "wrk is missing: apt-get install wrk"
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    publishing, serving = [], []
    with tempfile.TemporaryDirectory(prefix="cssgraph-bench-serve-") as scratch:
        for size in (int(s) for s in options.sizes.split(",")):
            folder = Path(scratch) / f"corpus-{size}"
            corpus.generate(size, folder)
            if size <= options.publish_up_to:
                publishing.append(measure_publish(size, folder, Path(scratch) / f"site-{size}"))
                print(publishing[-1], flush=True)
            for row in measure_serve(size, folder, options.seconds):
                serving.append(row)
                print(row, flush=True)
    results = {"machine": machine, "publish": publishing, "serve": serving}
    write_atomically(HERE / "results" / "serve.json", json.dumps(results, indent=2) + "\n")
    write_atomically(HERE / "results" / "serve.md", markdown(results))
    print(markdown(results))


def measure_publish(size: int, folder: Path, out: Path) -> dict:
    started = time.perf_counter()
    store = embedded_store([folder])
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    done = publish(out, store, "https://w3id.org/cssgraph")
    published = time.perf_counter() - started
    megabytes = sum(p.stat().st_size for p in out.rglob("*") if p.is_file()) / 2**20
    shutil.rmtree(out)
    return {
        "conventions": size,
        "resources": done.resources,
        "files": done.files,
        "megabytes": round(megabytes, 1),
        "load_seconds": round(loaded, 2),
        "publish_seconds": round(published, 2),
        "publish_over_load": round(published / loaded, 1),
        "ms_per_resource": round(1000 * published / done.resources, 2),
    }


def measure_serve(size: int, folder: Path, seconds: int) -> list[dict]:
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "cssgraph",
            "serve",
            "--port",
            str(port),
            "--data",
            str(folder),
            "--query-timeout",
            "30",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    site = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(site + "/health", server, "cssgraph serve", seconds=600)
        convention = f"{corpus.BASE}convention/{corpus.convention_path(size // 2)}"
        trace = bind_parameters(
            resolve_query("indicator-trace").read_text(encoding="utf-8"), {"convention": convention}
        )
        targets = {
            "health (baseline)": (site + "/health", {}),
            "trace query": (
                site + "/sparql?" + urlencode({"query": trace}),
                {"Accept": "application/sparql-results+json"},
            ),
            "indicator page": (
                site
                + "/id/"
                + quote(f"convention/{corpus.convention_path(size // 2)}/sector/2/strategic-objective/4/indicator/3"),
                {"Accept": "text/html"},
            ),
        }
        for url, headers in targets.values():  # each answers before it is measured
            with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=60) as answer:
                assert answer.status == 200 and answer.read()
        rows = []
        for connections in CONNECTIONS:
            floor = None
            for target, (url, headers) in targets.items():
                figures = _wrk(url, headers, connections, seconds)
                floor = floor or figures["p50_ms"]
                rows.append(
                    {
                        "conventions": size,
                        "connections": connections,
                        "target": target,
                        **figures,
                        "p50_over_health": round(figures["p50_ms"] / floor, 1),
                    }
                )
        return rows
    finally:
        server.terminate()
        server.wait(timeout=30)


def _wrk(url: str, headers: dict, connections: int, seconds: int) -> dict:
    command = [
        "wrk",
        "-t",
        str(min(2, connections)),
        "-c",
        str(connections),
        "-d",
        f"{seconds}s",
        "--latency",
        "--timeout",
        "30s",
        *(arg for key, value in headers.items() for arg in ("-H", f"{key}: {value}")),
        url,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True, timeout=seconds + 60).stdout
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return {
        "requests": requests,
        "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": _milliseconds(re.search(r"50%\s+([\d.]+\w+)", output).group(1)),
        "p99_ms": _milliseconds(re.search(r"99%\s+([\d.]+\w+)", output).group(1)),
        "errors": (int(non_2xx.group(1)) if non_2xx else 0) + (sum(map(int, socket.groups())) if socket else 0),
    }


def _milliseconds(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return round(float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit], 3)


def markdown(results: dict) -> str:
    lines = [
        f"# publish and serve — {results['machine']}",
        "",
        "## Static publish (`cssgraph publish`), beside loading the same files",
        "",
        "| conventions | resources | files | MB | load (s) | publish (s) | publish ÷ load | ms per resource |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results["publish"]:
        lines.append(
            f"| {r['conventions']} | {r['resources']} | {r['files']} | {r['megabytes']} | {r['load_seconds']} | "
            f"{r['publish_seconds']} | ×{r['publish_over_load']} | {r['ms_per_resource']} |"
        )
    lines += [
        "",
        "## Serve latency (`cssgraph serve`, wrk on loopback)",
        "",
        "| conventions | connections | target | p50 (ms) | p99 (ms) | req/s | errors | p50 ÷ health p50 |",
        "|---:|---:|---|---:|---:|---:|---:|---:|",
    ]
    for r in results["serve"]:
        lines.append(
            f"| {r['conventions']} | {r['connections']} | {r['target']} | {r['p50_ms']} | {r['p99_ms']} | "
            f"{r['requests_per_second']} | {r['errors']} | ×{r['p50_over_health']} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
