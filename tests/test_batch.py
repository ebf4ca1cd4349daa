"""Validating a folder: every convention in its own graph, in parallel, one row each in the
closing table; an unreadable file is reported and does not stop the others."""

from __future__ import annotations

import json
import re
import shutil

from conftest import CONVENTION, SOURCE, VERVIERS, broken_convention, run_cli

NO_INDICATORS = (
    "DELETE { ?i ?p ?o } WHERE { ?i <https://w3id.org/cssgraph/ontology#measures> "
    f"<{CONVENTION}/sector/2/strategic-objective/2> ; ?p ?o }}"
)


def _folder(tmp_path, unreadable: bool):
    folder = tmp_path / "batch"
    folder.mkdir()
    shutil.copy(VERVIERS, folder / "verviers.trig")
    broken = broken_convention(NO_INDICATORS, tmp_path)
    shutil.copy(broken, folder / "draft.ttl")
    shutil.copy(SOURCE, folder / "verviers-source.txt")
    if unreadable:
        (folder / "broken.ttl").write_text("<http://example.org/a> <http://example.org/b> .\n")
        (folder / "scan.txt").write_bytes(b"\x00\x01\x02" * 100)
    return folder


def test_folder_of_valid_and_invalid_conventions(tmp_path):
    folder = _folder(tmp_path, unreadable=False)
    process = run_cli("validate", str(folder), "--jobs", "2")
    assert process.returncode == 1, process.stderr
    assert "3 conventions: 2 conform, 1 does not conform" in process.stdout
    table = process.stdout[process.stdout.index("┏") :]
    assert table.count("63079/css/2018-2019") == 3 and table.count("Verviers") == 3


def test_unreadable_files_are_reported_and_the_others_validated(tmp_path):
    folder = _folder(tmp_path, unreadable=True)
    process = run_cli("validate", str(folder), "--format", "json")
    assert process.returncode == 2
    report = json.loads(process.stdout)
    assert [c["conforms"] for c in report["conventions"]].count(True) == 2
    assert [c["violations"] for c in report["conventions"]].count(1) == 1
    errors = sorted(item["source"].rsplit("/", 1)[-1] for item in report["unreadable"])
    assert errors == ["broken.ttl", "scan.txt"]
    assert "broken.ttl:1" in process.stderr and "binary content, not text" in process.stderr
    assert "Traceback" not in process.stderr


def test_one_worker_and_many_give_the_same_report(tmp_path):
    folder = _folder(tmp_path, unreadable=False)
    one = json.loads(run_cli("validate", str(folder), "--format", "json", "--jobs", "1").stdout)
    many = json.loads(run_cli("validate", str(folder), "--format", "json", "--jobs", "2").stdout)
    assert one == many


def test_revalidating_with_a_cache_redoes_only_the_changed_file(tmp_path):
    folder = _folder(tmp_path, unreadable=False)
    cache = tmp_path / "cache"
    first = run_cli("validate", str(folder), "--format", "json", "--cache", str(cache))
    kept = sorted(cache.glob("*.json"))
    assert len(kept) == 3
    again = run_cli("validate", str(folder), "--format", "json", "--cache", str(cache))
    assert json.loads(again.stdout) == json.loads(first.stdout)
    assert sorted(cache.glob("*.json")) == kept  # nothing validated again
    # What is reported comes from the cache, not from validating again: an entry marked by hand
    # shows its mark.
    for entry in kept:
        outcome = json.loads(entry.read_text(encoding="utf-8"))
        for convention in outcome["conventions"]:
            convention["municipality"] = "Verviers (from the cache)"
        entry.write_text(json.dumps(outcome), encoding="utf-8")
    marked = json.loads(run_cli("validate", str(folder), "--format", "json", "--cache", str(cache)).stdout)
    assert {c["municipality"] for c in marked["conventions"]} == {"Verviers (from the cache)"}
    # One convention changes: one new outcome, and its new findings.
    draft = folder / "draft.ttl"
    title = '"CONVENTION CONTRAT DE SECURITE ET DE SOCIETE 2018-2019 DE LA VILLE/COMMUNE DE VERVIERS'
    text = draft.read_text(encoding="utf-8")
    assert text.count(title + '"@fr') == 1
    draft.write_text(text.replace(title + '"@fr', title + ' "@fr'), encoding="utf-8")  # a stray space: a warning
    changed = run_cli("validate", str(folder), "--format", "json", "--cache", str(cache))
    assert len(set(cache.glob("*.json")) - set(kept)) == 1
    assert json.loads(changed.stdout) != json.loads(first.stdout)


def test_the_summary_names_the_file_each_convention_was_read_from(tmp_path):
    # The folder holds Verviers three ways (_folder): curated, broken (SO 2.2's indicators
    # deleted: its one violation) and as the source text. Each row names its file.
    folder = _folder(tmp_path, unreadable=False)
    process = run_cli("validate", str(folder), "--jobs", "1")
    table = process.stdout[process.stdout.index("┏") :]
    rows = {line.split("│")[-2].strip(): line for line in table.splitlines() if line.count("│") == 7}
    assert sorted(rows) == ["draft.ttl", "verviers-source.txt", "verviers.trig"]
    assert [cell.strip() for cell in rows["draft.ttl"].split("│")[4:5]] == ["1"]  # its violation
    page = run_cli("validate", str(folder), "--jobs", "1", "--format", "html", "--lang", "fr").stdout
    cells = re.findall(r"<tr><td>.*?</td><td>(\w+)</td>.*?<td>(\d+)</td><td>\d+</td><td>([^<]*)</td></tr>", page)
    assert sorted((file, violations) for _, violations, file in cells) == [
        ("draft.ttl", "1"),
        ("verviers-source.txt", "0"),
        ("verviers.trig", "0"),
    ]
    assert "<th>Fichier</th>" in page
