"""How well cssgraph reads conventions that others wrote: the pass rate per perturbation class.

Each document of the hand-written corpus (tests/fixtures/corpus/, each with the facts a person
wrote down reading it) is perturbed by each class of tests/perturb.py — what other writers and
converters do — with several seeds, then one random mix of classes at a time, then laid out as a
PDF and as a Word file. A case passes when the extracted graph states exactly the facts of the
facts file (parties, signatories, amounts, period, decision, signing, and every strategic
objective with its operational objectives, results and indicators) and every line is used or
reported.

    python bench/bench_robustness.py [--seeds N] [--verbose]

Writes bench/results/robustness.json (counts per class, and each failed case with what was wrong)
and .md, and prints the table.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from bench_parse_trace import write_atomically  # noqa: E402
from facts import corpus_documents, wrong_facts  # noqa: E402
from perturb import PERTURBATIONS, Draft, perturbed, write_docx, write_pdf  # noqa: E402


def cases(seeds: int):
    """(class, document, how to write it) for every case of the benchmark."""
    for name in PERTURBATIONS:
        for document in corpus_documents():
            for seed in range(seeds):
                yield name, document, ("txt", [name], seed)
    for document in corpus_documents():
        for seed in range(seeds):
            rng = random.Random(seed)
            yield "combined", document, ("txt", rng.sample(sorted(PERTURBATIONS), rng.randint(3, 6)), seed)
    for kind in ("pdf", "docx"):
        for document in corpus_documents():
            yield kind, document, (kind, [], 0)


def run(seeds: int, folder: Path, verbose: bool) -> dict[str, list]:
    results: dict[str, list] = {}
    for name, document, (kind, names, seed) in cases(seeds):
        draft = perturbed(Draft.of(document), names, random.Random(seed))
        path = folder / f"{document.stem}.{name.replace(' ', '-')}.{seed}.{kind}"
        if kind == "pdf":
            write_pdf(draft, path)
        elif kind == "docx":
            write_docx(draft, path)
        else:
            path.write_bytes(draft.bytes())
        wrong = wrong_facts(path, document, draft.fold_quotes)
        results.setdefault(name, []).append((document.name, seed, draft.applied, wrong))
        if wrong and verbose:
            print(f"✘ {name} {document.name} seed {seed} {draft.applied}: {wrong[:3]}", file=sys.stderr)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=int, default=5, help="perturbations per class and document (default 5)")
    parser.add_argument("--verbose", action="store_true", help="print every failed case")
    args = parser.parse_args()
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as folder:
        results = run(args.seeds, Path(folder), args.verbose)
    total = passed = 0
    lines = [
        f"# reading robustness — {platform.machine()}, Python {platform.python_version()}",
        "",
        "| perturbation class | cases | facts and trace exact | pass rate |",
        "|---|---:|---:|---:|",
    ]
    for name, outcomes in results.items():
        ok = sum(1 for *_, wrong in outcomes if not wrong)
        total, passed = total + len(outcomes), passed + ok
        lines.append(f"| {name} | {len(outcomes)} | {ok} | {100 * ok / len(outcomes):.0f}% |")
    lines.append(f"| **all** | {total} | {passed} | {100 * passed / total:.1f}% |")
    lines += [
        "",
        f"{len(corpus_documents())} documents, {args.seeds} seeds per class and document, "
        f"{time.monotonic() - started:.0f} s",
    ]
    table = "\n".join(lines) + "\n"
    print(table)
    results_folder = ROOT / "bench" / "results"
    results_folder.mkdir(exist_ok=True)
    write_atomically(results_folder / "robustness.md", table)
    write_atomically(
        results_folder / "robustness.json",
        json.dumps(
            {
                name: {
                    "cases": len(outcomes),
                    "exact": sum(1 for *_, wrong in outcomes if not wrong),
                    "failed": [{"document": d, "seed": s, "applied": a, "wrong": w} for d, s, a, w in outcomes if w],
                }
                for name, outcomes in results.items()
            },
            indent=1,
            ensure_ascii=False,
        )
        + "\n",
    )


if __name__ == "__main__":
    main()
