"""The ``cssgraph`` command: its exit status and its output. Most run the command as a user does, a
real process; the refusals of bad input run it in this process (``invoke``, click's CliRunner)."""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
from rdflib import Graph
from rdflib.namespace import SH

from conftest import CONVENTION, ROOT, VERVIERS, broken_convention, invoke, run_cli

NO_INDICATORS = (
    "DELETE { ?i ?p ?o } WHERE { ?i <https://w3id.org/cssgraph/ontology#measures> "
    f"<{CONVENTION}/sector/2/strategic-objective/2> ; ?p ?o }}"
)


def assert_clean_error(process, *expected: str) -> None:
    """Exit 2, one line on stderr naming the problem, no traceback, nothing on stdout."""
    assert process.returncode == 2, process.stderr
    lines = process.stderr.strip().splitlines()
    assert len(lines) == 1, process.stderr
    assert "Traceback" not in process.stderr
    for text in expected:
        assert text in lines[0]
    assert process.stdout == ""


def test_validate_the_data_folder_conforms():
    process = run_cli("validate", "data")
    assert process.returncode == 0, process.stderr
    # One warning: sector 1 offers alternatives and the document does not say which applies.
    assert "conforms — 0 violations, 1 warning" in process.stdout
    assert "Verviers, 2018-01-01 → 2019-12-31" in process.stdout


def test_invalid_convention_is_explained_in_french_dutch_and_english(tmp_path):
    draft = broken_convention(NO_INDICATORS, tmp_path)
    expected = {
        "fr": (
            "non conforme",
            "Secteur d’activité 2 › Objectif stratégique 2",
            "Aucun indicateur ne mesure cet objectif stratégique",
        ),
        "nl": (
            "voldoet niet",
            "Activiteitensector 2 › Strategische doelstelling 2",
            "Geen enkele indicator meet deze strategische doelstelling",
        ),
        "en": (
            "does not conform",
            "Activity sector 2 › Strategic objective 2",
            "No indicator measures this strategic objective",
        ),
    }
    for lang, texts in expected.items():
        process = run_cli("validate", draft, "--lang", lang)
        assert process.returncode == 1, process.stderr
        for text in texts:
            assert text in process.stdout, (lang, text, process.stdout)
        assert "Contribuer au monitoring" in process.stdout  # the objective named by its wording


def test_json_report(tmp_path):
    process = run_cli("validate", broken_convention(NO_INDICATORS, tmp_path), "--format", "json", "--lang", "nl")
    assert process.returncode == 1
    report = json.loads(process.stdout)
    assert report["conforms"] is False
    [convention] = report["conventions"]
    assert (convention["municipality"], convention["violations"], convention["warnings"]) == ("Verviers", 1, 1)
    [finding] = [f for f in convention["findings"] if f["severity"] == "Violation"]  # and the CURATED_WARNING
    assert finding["focus"] == f"{CONVENTION}/sector/2/strategic-objective/2"
    assert finding["focus_label"] == "Contribuer au monitoring"
    assert finding["rule"] == "meet (omgekeerd)"  # the rule's sh:name: ^cssg:measures, in Dutch
    assert (
        finding["severity"] == "Violation"
        and finding["detail"] == "sh:minCount 1: minstens 1 waarde vereist, 0 gevonden"
    )


def test_turtle_report_is_a_shacl_report_for_two_parsers(tmp_path):
    output = tmp_path / "report.ttl"
    process = run_cli("validate", broken_convention(NO_INDICATORS, tmp_path), "--format", "turtle", "-o", str(output))
    assert process.returncode == 1 and process.stdout == ""
    graph = Graph().parse(output, format="turtle")
    assert [value.toPython() for value in graph.objects(None, SH.conforms)] == [False]
    assert len(list(graph.subjects(SH.focusNode, None))) == 2  # the violation, and the curated convention's warning
    assert len(list(ox.parse(path=str(output), format=ox.RdfFormat.TURTLE))) == len(graph)


def test_missing_file(tmp_path):
    assert_clean_error(invoke("validate", str(tmp_path / "nope.ttl")), "nope.ttl", "no such file")


def test_turtle_syntax_error_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:a ex:b "unterminated .\n')
    assert_clean_error(invoke("validate", str(bad)), "bad.ttl:3", "Turtle syntax error")


def test_unknown_format(tmp_path):
    table = tmp_path / "convention.csv"
    table.write_text("a,b\n")
    assert_clean_error(invoke("validate", str(table)), "convention.csv", "unknown format '.csv'")


def test_empty_file(tmp_path):
    empty = tmp_path / "empty.ttl"
    empty.write_text("\n  \n")
    assert_clean_error(invoke("validate", str(empty)), "empty.ttl", "empty file")


def test_binary_file_named_turtle(tmp_path):
    binary = tmp_path / "scan.ttl"
    binary.write_bytes(bytes(range(256)) * 4)
    assert_clean_error(invoke("validate", str(binary)), "scan.ttl")


def test_rdf_without_a_convention(tmp_path):
    other = tmp_path / "other.ttl"
    other.write_text("<http://example.org/a> <http://example.org/b> <http://example.org/c> .\n")
    assert_clean_error(invoke("validate", str(other)), "no convention found")


def test_unknown_report_format_is_a_usage_error():
    process = invoke("validate", "data", "--format", "pdf")
    assert process.returncode == 2 and "Traceback" not in process.stderr and "pdf" in process.stderr


def test_failed_run_leaves_no_output_file(tmp_path):
    output = tmp_path / "report.json"
    process = invoke("validate", str(tmp_path / "nope.ttl"), "--format", "json", "-o", str(output))
    assert process.returncode == 2 and not output.exists()
    assert list(tmp_path.iterdir()) == []


def test_a_municipality_party_given_as_text_is_a_violation_not_a_crash(tmp_path):
    # The report names the municipality by reading the party's labels; a party written as text
    # has no labels to read, and breaks the rule "one municipality, a known one" like any other.
    party = f"<{CONVENTION}> cssg:municipalityParty"
    draft = broken_convention(
        f'DELETE {{ {party} ?p }} INSERT {{ {party} "Verviers" }} WHERE {{ {party} ?p }}', tmp_path
    )
    process = invoke("validate", draft, "--lang", "en")
    assert process.returncode == 1, process.stderr
    assert "Traceback" not in process.stderr
    assert "The convention must name one municipality as a party" in process.stdout


def test_query_formats_parse():
    as_csv = run_cli("query", "indicator-trace", "--format", "csv")
    assert as_csv.returncode == 0, as_csv.stderr
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert len(rows) == 13 and rows[0]["indicator"] == "Le versement est effectué"
    as_json = json.loads(run_cli("query", "funding", "--format", "json").stdout)
    assert [b["amount"]["value"] for b in as_json["results"]["bindings"]] == ["276041.89", "271546.93"]
    as_tsv = run_cli("query", "legal-basis", "--format", "tsv").stdout.splitlines()
    assert as_tsv[0].startswith("?decree\t?date")
    assert as_tsv[1].startswith('"Arrêté royal du 2 septembre 2018"@fr\t"2018-09-02"^^<')


def test_query_table_with_chosen_columns_and_a_parameter():
    process = run_cli("query", "in-force", "--param", "date=2019-06-30", "--columns", "municipality,start,end")
    assert process.returncode == 0, process.stderr
    assert "Verviers" in process.stdout and "2018-01-01" in process.stdout and "1 row(s)" in process.stdout


def test_query_errors():
    assert_clean_error(invoke("query", "no-such-query"), "no-such-query", "bundled queries:")
    assert_clean_error(invoke("query", "funding", "--param", "colour=red"), "no parameter ?colour")
    unreachable = invoke("query", "funding", "--endpoint", "http://127.0.0.1:9/sparql")
    assert_clean_error(unreachable, "http://127.0.0.1:9/sparql", "did not answer")


def test_check_ontology_command():
    process = run_cli("check-ontology", "--ontology-only")
    assert process.returncode == 0, process.stdout + process.stderr
    assert process.stdout.strip().endswith("ontology checks passed")


def test_the_readme_draft_reports_its_three_problems():
    # tests/fixtures/verviers-draft-incomplete.ttl lost SO 2.2's indicators, the 2019 amount and
    # the signature place (its header says so).
    process = run_cli("validate", "tests/fixtures/verviers-draft-incomplete.ttl", "--format", "json")
    assert process.returncode == 1
    [convention] = json.loads(process.stdout)["conventions"]
    found = sorted((f["outline"], f["message"].split(":")[0]) for f in convention["findings"])
    assert found == [
        ("Activity sector 2 › Strategic objective 2", "No indicator measures this strategic objective"),
        ("Convention", "No amount is given for the year 2019 of the period"),
        ("Signing", "Give the place of signature (“signed at …”)."),
    ]


def test_the_readmes_cli_reference_names_every_option():
    """Each command has its row in the README's CLI reference, and the row names each of its
    options (in one of its spellings): the table cannot fall behind the code."""
    from cssgraph.cli import main

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("## CLI reference") : readme.index("## Data model")]
    rows = [line for line in table.splitlines() if line.startswith("| `cssgraph ")]
    for name, command in main.commands.items():
        [row] = [line for line in rows if line.startswith(f"| `cssgraph {name}")]
        for parameter in command.params:
            if parameter.opts[0].startswith("-"):
                assert any(spelling in row for spelling in parameter.opts), f"cssgraph {name} {parameter.opts[0]}"
    for parameter in main.params:  # --base, --version: said in the text under the table
        assert any(spelling in table for spelling in parameter.opts), parameter.opts[0]


def test_an_ask_query_in_json_is_sparql_json(tmp_path):
    ask = tmp_path / "any.rq"
    ask.write_text("# Question: is there anything?\n# Parameters: none\nASK { ?s ?p ?o }\n", encoding="utf-8")
    process = invoke("query", str(ask), "--format", "json")
    assert process.returncode == 0 and json.loads(process.stdout) == {"head": {}, "boolean": True}
    process = invoke("query", "in-force", "--param", "date=notadate")
    assert process.returncode == 2 and "?date is a date" in process.stderr and len(process.stderr.splitlines()) == 1


def test_query_only_the_files_given(tmp_path):
    # --only: a plain SPARQL engine over the --data files, as the W3C tests expect; the count
    # is that of rdflib (another parser) reading the same file.
    from rdflib import Dataset

    count_query = str(ROOT / "tests" / "fixtures" / "count-quads.rq")
    expected = len(Dataset().parse(VERVIERS, format="trig"))
    alone = invoke("query", count_query, "--data", str(VERVIERS), "--only", "--format", "csv")
    assert alone.returncode == 0 and alone.stdout.splitlines()[1] == str(expected)
    beside = invoke("query", count_query, "--data", str(VERVIERS), "--format", "csv")
    assert int(beside.stdout.splitlines()[1]) > expected  # with the ontology and the reference data
    nothing = invoke("query", count_query, "--only", "--format", "csv")  # no file: an empty dataset, as arq
    assert nothing.returncode == 0 and nothing.stdout.splitlines()[1] == "0"


def test_unreadable_input_is_said_in_the_language_asked(tmp_path):
    # A Turtle file cut in the middle of a statement, an empty text document, a PDF that is none.
    broken = tmp_path / "cut.ttl"
    broken.write_text("@prefix ex: <https://example.org/> .\nex:a ex:b\n", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n", encoding="utf-8")
    french = invoke("validate", str(broken), "--lang", "fr")
    assert french.returncode == 2
    assert "cut.ttl:3" in french.stdout + french.stderr and "erreur de syntaxe Turtle" in french.stdout + french.stderr
    assert "corrigez la syntaxe Turtle à cet endroit" in french.stdout + french.stderr
    dutch = invoke("extract", str(empty), "--lang", "nl")
    assert dutch.returncode == 2
    assert dutch.stderr.strip() == (
        f"cssgraph: error: {empty}: leeg document (controleer of het bestand volledig werd opgeslagen)"
    )
    english = invoke("extract", str(empty))  # no --lang: English, as before
    assert "empty document (check that the file was saved completely)" in english.stderr
