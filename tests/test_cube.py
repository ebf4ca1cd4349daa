"""Indicator values year by year: the sheet a municipality fills in, read back into W3C Data Cube
observations, and written out again with what was read. The rows and years come from the Verviers
source (its twelve indicators, its period 2018-2019); the values are the ones these tests write
into the sheet, as an officer would."""

from __future__ import annotations

import csv
import io
import math
from decimal import Decimal

import pyoxigraph as ox
from openpyxl import Workbook, load_workbook

from conftest import invoke

CONVENTION = "https://w3id.org/cssgraph/id/convention/63079/css/2018-2019"
SO1 = CONVENTION + "/sector/2/strategic-objective/1"
DELAY = SO1 + "/indicator/3"  # "Délai de transmission" (source line 213)
USEFULNESS = SO1 + "/indicator/2"  # "Utilité de l’information pour l’OCAM"
REJECTION = SO1 + "/indicator/1"  # "Taux de rejet (zonal) des informations collectées"
CSSG = "https://w3id.org/cssgraph/ontology#"


def template(tmp_path, lang="fr", *extra: str) -> list[list[str]]:
    process = invoke("report-template", CONVENTION, "--lang", lang, *extra)
    assert process.returncode == 0, process.stderr
    return list(csv.reader(io.StringIO(process.stdout), delimiter=";"))


def test_the_sheet_has_a_row_per_indicator_and_a_column_per_year(tmp_path):
    rows = template(tmp_path)
    # Headings in French; the period 2018-2019 (title of the source) gives two year columns.
    assert rows[0] == ["IRI", "Section", "Secteur", "Objectif stratégique", "Indicateur", "Unité", "2018", "2019"]
    # Twelve indicators: 1 in section I's shared block, 3 + 2 + 3 + 3 in section II.
    assert len(rows) == 13 and len({row[0] for row in rows[1:]}) == 12
    first = rows[1]
    assert first[1:3] == ["I", "1"] and first[4] == "Le versement est effectué"
    # the shared block's indicator measures both strategic objectives of sector 1
    assert first[3].startswith("1 — Versement d’une partie") and "; 2 — Versement de la totalité" in first[3]
    assert [row[4] for row in rows[1:]].count("Délai de transmission") == 2  # source lines 213 and 380
    assert all(row[5:] == ["", "", ""] for row in rows[1:])  # nothing reported yet
    dutch = template(tmp_path, "nl")[0]
    assert dutch[1:6] == ["Afdeling", "Sector", "Strategische doelstelling", "Indicator", "Eenheid"]


def filled_workbook(path, cells):
    """The template as Excel, with ``cells`` ({(IRI, column name): value}) written in."""
    process = invoke("report-template", CONVENTION, "-o", str(path))
    assert process.returncode == 0, process.stderr
    book = load_workbook(path)
    sheet = book.active
    header = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        for (iri, column), value in cells.items():
            if row[0].value == iri:
                row[header.index(column)].value = value
    book.save(path)


def observations(trig: str) -> dict[tuple[str, str], dict[str, str]]:
    """(indicator, year) → {measure, unit, status} of each observation of the TriG."""
    found: dict[tuple[str, str], dict[str, str]] = {}
    quads = list(ox.parse(trig.encode(), format=ox.RdfFormat.TRIG))
    by_subject: dict[str, dict[str, str]] = {}
    for quad in quads:
        by_subject.setdefault(quad.subject.value, {})[quad.predicate.value] = quad.object.value
    for statements in by_subject.values():
        if CSSG + "indicator" in statements:
            key = (statements[CSSG + "indicator"], statements[CSSG + "referenceYear"])
            found[key] = {
                "value": statements[CSSG + "indicatorValue"],
                "unit": statements.get(CSSG + "unitOfMeasure", ""),
                "status": statements[CSSG + "reportingStatus"].rsplit("#", 1)[-1],
            }
    return found


def test_a_filled_sheet_becomes_observations_and_fills_the_template_again(tmp_path):
    sheet = tmp_path / "verviers.xlsx"
    filled_workbook(
        sheet,
        {
            (DELAY, "Unité"): "jours",
            (DELAY, "2018"): "3,5",  # typed as text, Belgian notation
            (DELAY, "2019"): 2.25,  # typed as a number in Excel
            (USEFULNESS, "2018"): "n.d.",
            (USEFULNESS, "2019"): "niet van toepassing",  # the words of another language are read too
            (REJECTION, "2018"): "1.234,5 %",  # the unit from the percent sign
        },
    )
    process = invoke("report-values", str(sheet), "--lang", "fr")
    assert process.returncode == 0, process.stderr
    found = observations(process.stdout)
    assert found[(DELAY, "2018")] == {"value": "3.5", "unit": "jours", "status": "reported"}
    assert found[(DELAY, "2019")] == {"value": "2.25", "unit": "jours", "status": "reported"}
    assert found[(USEFULNESS, "2018")]["status"] == "notAvailable"
    assert math.isnan(float(found[(USEFULNESS, "2018")]["value"]))  # SDMX's missing value
    assert found[(USEFULNESS, "2019")]["status"] == "notApplicable"
    assert found[(REJECTION, "2018")] == {"value": "1234.5", "unit": "%", "status": "reported"}
    assert len(found) == 5  # empty cells are not reported: no observation
    # what is still to report: 12 indicators × 2 years − 5 cells, each named (warnings, exit 0)
    missing = [
        line for line in process.stderr.splitlines() if line.startswith("cssgraph: warning: Rien n’est rapporté")
    ]
    assert len(missing) == 19 and not any("violation" in line for line in process.stderr.splitlines())
    assert any("pour 2019 — 2.4 — Délai de transmission" in line for line in missing)  # line 380's, not reported
    assert not any("— 2.1 — Délai de transmission" in line for line in missing)  # line 213's, reported both years
    values = tmp_path / "values.trig"
    values.write_text(process.stdout, encoding="utf-8")
    # the values read back into the template: the cells as a Belgian reader writes them
    rows = {row[0]: row for row in template(tmp_path, "fr", "--data", "data", "--data", str(values))}
    assert rows[DELAY][5:] == ["jours", "3,5", "2,25"]
    assert rows[USEFULNESS][6:] == ["non disponible", "sans objet"]
    assert rows[REJECTION][5:] == ["%", "1234,5", ""]


def test_every_bad_cell_is_named_by_sheet_row_and_column_and_nothing_is_written(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = "relevé"
    sheet.append(["IRI", "Indicateur", "Unité", "2018", "2019", "2020", "2O19"])
    sheet.append([DELAY, "Délai de transmission", "jours", "12.5", "4", None, None])  # D2: a dot for a comma
    sheet.append([USEFULNESS, "Utilité", None, "7", None, "3", None])  # D3: no unit; F3: 2020 is outside
    sheet.append([CONVENTION + "/sector/9/indicator/1", "?", "jours", "1", None, None, None])  # A4: unknown
    sheet.append([REJECTION, "Taux", "%", None, None, None, "5"])  # G1: a letter O in the year
    path = tmp_path / "bad.xlsx"
    book.save(path)
    output = tmp_path / "values.trig"
    process = invoke("report-values", str(path), "-o", str(output), "--lang", "fr")
    assert process.returncode == 2 and not output.exists()
    errors = [line for line in process.stderr.splitlines() if line.startswith("cssgraph: error: bad.xlsx")]
    places = sorted(line.split(": ")[2].split(",")[1].strip() for line in errors)
    assert places == ["A4", "D2", "D3", "F3", "G1"]
    text = process.stderr
    assert "« 12.5 » n’est pas un nombre en notation belge" in text and "écrivez-le comme 1.234,5" in text
    assert "une valeur sans unité" in text and "2020 est en dehors de la période de la convention (2018–2019)" in text
    assert "n’est pas un indicateur des données" in text and "la colonne « 2O19 » n’est ni une année" in text
    assert "5 cellules incorrectes : rien n’est écrit" in text
    # --partial: the good cells are written (2019 of the delay), the bad ones still listed, exit 1
    partial = invoke("report-values", str(path), "-o", str(output), "--partial", "--lang", "fr")
    assert partial.returncode == 1 and output.exists()
    assert observations(output.read_text(encoding="utf-8")) == {
        (DELAY, "2019"): {"value": "4", "unit": "jours", "status": "reported"}
    }


def test_a_csv_saved_by_a_belgian_excel_is_read(tmp_path):
    # Excel in Belgium saves CSV with semicolons (and a byte-order mark when asked for UTF-8)
    path = tmp_path / "verviers.csv"
    path.write_text(f"\ufeffIRI;Eenheid;2018;2019\r\n{DELAY};dagen;1 234,5;n.v.t.\r\n", encoding="utf-8")
    process = invoke("report-values", str(path))
    assert process.returncode == 0, process.stderr
    found = observations(process.stdout)
    assert found[(DELAY, "2018")]["value"] == "1234.5" and found[(DELAY, "2019")]["status"] == "notApplicable"
    assert Decimal(found[(DELAY, "2018")]["value"]) == Decimal("1234.5")
