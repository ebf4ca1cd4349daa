"""Benchmark: ``cssgraph diff`` of two versions of a convention as the convention grows.

Synthetic conventions of 1 to 64 sectors, each like Verviers' sector 2 (four strategic
objectives, three operational objectives, two expected results and three indicators each),
their words drawn from the hand-written corpus's (seeded); the new version rewords 5% of the items,
moves 5% of the indicators to another objective of their sector, removes 2% and adds 2%. The
time is the alignment and comparison (``diff.diff``), median of repeated runs, and the check
is that the changes found are the ones made. The baseline is reading the two graphs' outlines
alone (``outline_items``), so the ratio is what aligning adds.

Usage: python bench/bench_diff.py [--max-sectors 64]
Writes bench/results/diff.json and .md (atomically) and prints the table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from cssgraph.diff import Version, diff, outline_items  # noqa: E402
from cssgraph.vocabulary import CSSG  # noqa: E402

from bench_parse_trace import write_atomically  # noqa: E402

ELI = Namespace("http://data.europa.eu/eli/ontology#")
BASE = "https://w3id.org/cssgraph/id/convention/99999/css/"
# The words of the hand-written corpus (French and Dutch, four letters or more): items as alike
# as real ones are.
WORDS = sorted(
    {
        word.lower()
        for document in sorted((HERE.parent / "tests" / "fixtures" / "corpus").glob("*.txt"))
        for word in re.findall(r"[^\W\d_]{4,}", document.read_text(encoding="utf-8"))
    }
)


def words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


def convention(period: str, sectors: int, seed: int) -> tuple[Graph, URIRef, dict[str, list[URIRef]]]:
    """A convention's graph, its IRI, and its items by kind."""
    rng = random.Random(seed)
    g = Graph()
    c = URIRef(BASE + period)
    g.add((c, RDF.type, CSSG.Convention))
    g.add((c, RDFS.label, Literal(f"Convention {period}", lang="fr")))
    section = URIRef(f"{c}/section/1")
    g.add((c, ELI.has_part, section))
    g.add((section, SKOS.notation, Literal("I")))
    items: dict[str, list[URIRef]] = {"indicator": [], "other": []}
    for s in range(1, sectors + 1):
        sector = URIRef(f"{c}/sector/{s}")
        g.add((section, ELI.has_part, sector))
        g.add((sector, RDF.type, CSSG.ActivitySector))
        g.add((sector, SKOS.notation, Literal(str(s))))
        g.add((sector, CSSG.position, Literal(s, datatype=XSD.integer)))
        for o in range(1, 5):
            so = URIRef(f"{sector}/strategic-objective/{o}")
            g.add((sector, CSSG.hasStrategicObjective, so))
            g.add((so, RDF.type, CSSG.StrategicObjective))
            g.add((so, RDFS.label, Literal(words(rng, 6), lang="fr")))
            g.add((so, CSSG.position, Literal(o, datatype=XSD.integer)))
            items["other"].append(so)
            for kind, link, count in (
                ("operational-objective", CSSG.hasOperationalObjective, 3),
                ("expected-result", CSSG.hasExpectedResult, 2),
                ("indicator", CSSG.measures, 3),
            ):
                for k in range(1, count + 1):
                    item = URIRef(f"{so}/{kind}/{k}")
                    g.add((item, RDFS.label, Literal(words(rng, 7), lang="fr")))
                    g.add((item, CSSG.position, Literal(k, datatype=XSD.integer)))
                    g.add((item, RDF.type, CSSG.Indicator if kind == "indicator" else CSSG.OperationalObjective))
                    if kind == "indicator":
                        g.add((item, link, so))
                        items["indicator"].append(item)
                    else:
                        g.add((so, link, item))
                        items["other"].append(item)
    return g, c, items


def revised(old: Graph, old_iri: URIRef, items: dict[str, list[URIRef]], seed: int) -> tuple[Graph, URIRef, Counter]:
    """The next version (the same items under the new convention's IRI), with 5% of the
    operational objectives reworded (a word more), 5% of the indicators moved to another
    objective of their sector, 2% removed and as many new ones added; the changes made counted."""
    rng = random.Random(seed)
    new_iri = URIRef(BASE + "2020")

    def renamed(term):
        if isinstance(term, URIRef) and str(term).startswith(str(old_iri)):
            return URIRef(str(new_iri) + str(term)[len(str(old_iri)) :])
        return term

    g = Graph()
    for s, p, o in old:
        g.add((renamed(s), p, renamed(o)))
    made: Counter = Counter()
    indicators = [renamed(i) for i in items["indicator"]]
    rng.shuffle(indicators)
    operational = [renamed(i) for i in items["other"] if "/operational-objective/" in str(i)]
    rng.shuffle(operational)
    share = max(1, len(indicators) * 5 // 100), max(1, len(indicators) * 2 // 100)
    for node in operational[: share[0]]:
        g.set((node, RDFS.label, Literal(f"{g.value(node, RDFS.label)} {rng.choice(WORDS)}", lang="fr")))
        made["reworded"] += 1
    for node in indicators[: share[0]]:
        objective = str(g.value(node, CSSG.measures))
        number = int(objective.rsplit("/", 1)[1])
        g.set((node, CSSG.measures, URIRef(f"{objective.rsplit('/', 1)[0]}/{number % 4 + 1}")))
        made["moved"] += 1
    for node in indicators[share[0] : share[0] + share[1]]:
        objective = g.value(node, CSSG.measures)
        g.remove((node, None, None))
        added = URIRef(f"{objective}/indicator/{100 + made['added']}")
        g.add((added, RDF.type, CSSG.Indicator))
        g.add((added, RDFS.label, Literal(words(rng, 7), lang="fr")))
        g.add((added, CSSG.position, Literal(4, datatype=XSD.integer)))
        g.add((added, CSSG.measures, objective))
        made["removed"] += 1
        made["added"] += 1
    return g, new_iri, made


def run(max_sectors: int) -> list[dict]:
    rows = []
    sectors = 1
    while sectors <= max_sectors:
        old_graph, old_iri, items = convention("2018-2019", sectors, seed=sectors)
        new_graph, new_iri, made = revised(old_graph, old_iri, items, seed=sectors + 1)
        old = Version("old", old_iri, old_graph, "fr")
        new = Version("new", new_iri, new_graph, "fr")
        times, base_times = [], []
        result = None
        for _ in range(5 if sectors < 16 else 3):
            start = time.perf_counter()
            result = diff(old, new)
            times.append(time.perf_counter() - start)
            start = time.perf_counter()
            outline_items(old), outline_items(new)
            base_times.append(time.perf_counter() - start)
        assert result is not None
        found = Counter(c.change for c in result.outline)
        rows.append(
            {
                "sectors": sectors,
                "statements": len(old_graph),
                "changes made": dict(made),
                "changes found": dict(found),
                "exact": all(found[k] == v for k, v in made.items()) and sum(found.values()) == sum(made.values()),
                "diff_s": round(statistics.median(times), 4),
                "outlines_s": round(statistics.median(base_times), 4),
            }
        )
        print(rows[-1], flush=True)
        sectors *= 4
    return rows


def markdown(rows: list[dict], machine: str) -> str:
    lines = [
        f"# diff — {machine}",
        "",
        "| sectors | statements | changes made | found exactly | diff (s) | reading both outlines (s) | ratio |",
        "|---:|---:|---|---|---:|---:|---:|",
    ]
    for r in rows:
        made = ", ".join(f"{v} {k}" for k, v in sorted(r["changes made"].items()))
        ratio = r["diff_s"] / r["outlines_s"] if r["outlines_s"] else 0
        lines.append(
            f"| {r['sectors']} | {r['statements']} | {made} | {'yes' if r['exact'] else 'NO: ' + str(r['changes found'])} "
            f"| {r['diff_s']} | {r['outlines_s']} | ×{ratio:.1f} |"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-sectors", type=int, default=64)
    args = parser.parse_args()
    rows = run(args.max_sectors)
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    results = HERE / "results"
    write_atomically(results / "diff.json", json.dumps({"machine": machine, "rows": rows}, indent=2) + "\n")
    table = markdown(rows, machine)
    write_atomically(results / "diff.md", table)
    print(table)


if __name__ == "__main__":
    main()
