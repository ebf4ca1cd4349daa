"""Benchmark: can one client deny the SPARQL endpoint to another? (issue 16, item 9)

One client (127.0.0.2) sends a simple query — the trace of one convention — one after the other
for a few seconds, and its latency is measured: first alone (the baseline), then while 20
runaway queries (a four-way cartesian product) are kept running at once, from one address
(127.0.0.1) or from 20 addresses (127.0.0.10-29; loopback is all of 127.0.0.0/8). Against the
same attack, the Oxigraph server (`oxigraph serve-read-only`, same store, same time limit) is
measured the same way: what an endpoint without a per-client share gives.

Goal: the simple query's p99 under attack less than 10× its p99 alone, and never timed out.

Usage: python bench/bench_fairness.py [--size 1000] [--seconds 20] [--timeout 10]
Writes bench/results/fairness.json and .md (atomically) and prints the table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))  # the tests' way to wait for a server

from cssgraph.query import bind_parameters, resolve_query  # noqa: E402
from cssgraph.store import embedded_store  # noqa: E402

import corpus  # noqa: E402
from bench_parse_trace import write_atomically  # noqa: E402
from conftest import free_port, post_query, wait_until_up  # noqa: E402

RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
VICTIM = "127.0.0.2"
ATTACKS = {
    "alone": [],
    "20 runaway queries, 1 address": ["127.0.0.1"] * 20,
    "20 runaway queries, 20 addresses": [f"127.0.0.{10 + n}" for n in range(20)],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000, help="conventions in the store")
    parser.add_argument("--seconds", type=float, default=20, help="duration of each measurement")
    parser.add_argument("--timeout", type=float, default=10, help="query time limit of both servers")
    options = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="cssgraph-bench-fairness-") as scratch:
        files = corpus.generate(options.size, Path(scratch) / "corpus")
        store = Path(scratch) / "store"
        embedded_store(files, location=store)  # one on-disk store, served by both
        convention = f"{corpus.BASE}convention/{corpus.convention_path(options.size // 2)}"
        trace = bind_parameters(
            resolve_query("indicator-trace").read_text(encoding="utf-8"), {"convention": convention}
        )
        servers = {
            "cssgraph serve": (
                [
                    sys.executable,
                    "-m",
                    "cssgraph",
                    "serve",
                    "--location",
                    str(store),
                    "--query-timeout",
                    str(options.timeout),
                ],
                "/sparql",
            ),
            "Oxigraph server": (
                [
                    str(Path(sys.executable).parent / "oxigraph"),
                    "serve-read-only",
                    "--location",
                    str(store),
                    "--union-default-graph",
                    "--timeout-s",
                    str(int(options.timeout)),
                ],
                "/query",
            ),
        }
        for name, (command, path) in servers.items():
            attacks = ATTACKS if name == "cssgraph serve" else dict(list(ATTACKS.items())[:2])
            for attack, addresses in attacks.items():
                port = free_port()
                bind = ["--port", str(port)] if name == "cssgraph serve" else ["--bind", f"127.0.0.1:{port}"]
                process = subprocess.Popen(command + bind, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                try:
                    wait_until_up(
                        f"http://127.0.0.1:{port}{path}?" + urlencode({"query": "ASK {}"}), process, name, 120
                    )
                    rows.append(
                        {
                            "server": name,
                            "attack": attack,
                            **_measure(port, path, trace, addresses, options.seconds, options.timeout),
                        }
                    )
                finally:
                    process.kill()
                    process.wait()
                print(_row(rows[-1], rows), flush=True)
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    results = {
        "machine": machine,
        "conventions": options.size,
        "seconds": options.seconds,
        "timeout": options.timeout,
        "rows": rows,
    }
    write_atomically(HERE / "results" / "fairness.json", json.dumps(results, indent=2) + "\n")
    write_atomically(HERE / "results" / "fairness.md", _table(results))
    print(_table(results))


def _measure(port: int, path: str, query: str, attackers: list[str], seconds: float, timeout: float) -> dict:
    """The victim's latencies while ``attackers`` (one address per thread) keep a runaway query
    each running; the statuses both received."""
    stop, attacked = threading.Event(), {}

    def attack(address: str) -> None:
        while not stop.is_set():
            status = _post(address, port, path, RUNAWAY, timeout + 30)
            if not stop.is_set():  # not the queries cut short when the server is stopped
                attacked[status] = attacked.get(status, 0) + 1

    threads = [threading.Thread(target=attack, args=(address,), daemon=True) for address in attackers]
    for thread in threads:
        thread.start()
    time.sleep(2 if attackers else 0)  # the attack is under way
    latencies, answered = [], {}
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.perf_counter()
        status = _post(VICTIM, port, path, query, timeout + 30)
        latencies.append(time.perf_counter() - started)
        answered[status] = answered.get(status, 0) + 1
    stop.set()
    latencies.sort()
    return {
        "queries": len(latencies),
        "p50_ms": round(latencies[len(latencies) // 2] * 1e3, 1),
        "p99_ms": round(latencies[int(len(latencies) * 0.99)] * 1e3, 1),
        "max_ms": round(latencies[-1] * 1e3, 1),
        "victim_statuses": answered,
        "attacker_statuses": attacked,
    }


def _post(address: str, port: int, path: str, query: str, timeout: float) -> int | str:
    """The status of one query, or the error that stood for an answer (a client timeout, a
    refused connection)."""
    try:
        return post_query(address, f"http://127.0.0.1:{port}{path}", query, timeout)[0]
    except OSError as error:
        return type(error).__name__


def _ratio(row: dict, rows: list[dict]) -> str:
    alone = next(r for r in rows if r["server"] == row["server"] and r["attack"] == "alone")
    return "1" if row is alone else f"{row['p99_ms'] / alone['p99_ms']:.1f}"


def _statuses(counts: dict) -> str:
    return ", ".join(f"{status}: {n}" for status, n in sorted(counts.items(), key=str)) or "—"


def _row(row: dict, rows: list[dict]) -> str:
    return (
        f"| {row['server']} | {row['attack']} | {row['queries']} | {row['p50_ms']} | {row['p99_ms']} | "
        f"{row['max_ms']} | {_ratio(row, rows)} | {_statuses(row['victim_statuses'])} | "
        f"{_statuses(row['attacker_statuses'])} |"
    )


def _table(results: dict) -> str:
    lines = [
        f"Fairness: a simple query (the trace of one convention) while runaway queries run, "
        f"{results['conventions']} conventions, {results['seconds']:g} s per row, query time limit "
        f"{results['timeout']:g} s ({results['machine']}). Ratio: p99 against the same server alone.",
        "",
        "| server | attack | simple queries answered | p50 ms | p99 ms | max ms | p99 ratio | "
        "simple query statuses | runaway query statuses |",
        "|---|---|---:|---:|---:|---:|---:|---|---|",
    ]
    lines += [_row(row, results["rows"]) for row in results["rows"]]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
