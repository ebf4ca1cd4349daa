"""Indicator values year by year: the sheet a municipality fills in, and the filled sheet read
back as W3C Data Cube observations (the terms: ontology/cssgraph-indicator-values.ttl).

The sheet has one row per indicator of the convention (its IRI, section, sector, strategic
objective, wording, unit) and one column per year of the convention's period. A cell holds a
number in Belgian notation (``1.234,5``), or says why there is none ("non disponible", "niet van
toepassing", …, in any of the three languages), or is empty (not reported yet: the completeness
rule says so). Reading a sheet checks every cell and names each bad one by sheet, row and column;
nothing is written while one is bad, unless the caller accepts a partial result.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, cast

import pyoxigraph as ox

from cssgraph.errors import InputError
from cssgraph.i18n import marked, translate
from cssgraph.query import select_rows
from cssgraph.read.normalise import fold
from cssgraph.read.values import belgian_number
from cssgraph.vocabulary import CSSG, cssg

if TYPE_CHECKING:
    from collections.abc import Iterable

    from cssgraph.findings import Finding

QB = "http://purl.org/linked-data/cube#"
PREFIXES = {"cssg": str(CSSG), "qb": QB, "xsd": "http://www.w3.org/2001/XMLSchema#"}
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
XSD = "http://www.w3.org/2001/XMLSchema#"
SHEET_FORMATS = (".xlsx", ".csv")
IRI_COLUMN = "IRI"  # the column that ties a row to its indicator, in every language
# The other columns, in order, named in the sheet's language (their headers are read back in any).
DESCRIBING_COLUMNS = (
    marked("Section"),
    marked("Sector"),
    marked("Strategic objective"),
    marked("Indicator"),
    marked("Unit"),
)
UNIT_COLUMN = "Unit"
# What a cell says instead of a number, by status: the words written into the sheet (per
# language, first), and every spelling read back, folded (no case, no accents, no dots).
STATUS_WORDS = {
    cssg.notAvailable: {
        "fr": ("non disponible", "nd"),
        "nl": ("niet beschikbaar", "nb"),
        "en": ("not available",),
    },
    cssg.notApplicable: {
        "fr": ("sans objet", "so", "non applicable"),
        "nl": ("niet van toepassing", "nvt"),
        "en": ("not applicable",),
    },
}

INDICATORS = (
    f"PREFIX cssg: <{CSSG}>\n"
    + """
PREFIX eli:  <http://data.europa.eu/eli/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?convention ?start ?end ?indicator ?wording ?section ?sector ?objectiveNumber ?objective
       ?sectionPosition ?sectorPosition ?indicatorPosition
WHERE {
  ?convention a cssg:Convention ;
      eli:first_date_entry_in_force ?start ;
      eli:date_no_longer_in_force ?end ;
      eli:has_part ?sectionNode .
  ?sectionNode skos:notation ?section ; cssg:position ?sectionPosition ; eli:has_part ?sectorNode .
  ?sectorNode skos:notation ?sector ; cssg:position ?sectorPosition ; cssg:hasStrategicObjective ?objectiveNode .
  ?objectiveNode cssg:position ?objectiveNumber ; rdfs:label ?objective .
  ?indicator cssg:measures ?objectiveNode ; rdfs:label ?wording .
  OPTIONAL { ?indicator cssg:position ?indicatorPosition }
}
ORDER BY ?convention ?sectionPosition ?sectorPosition ?objectiveNumber ?indicatorPosition ?indicator
"""
)


@dataclass
class Indicator:
    """A row of the sheet: an indicator, where it stands, and the objectives it measures."""

    iri: str
    convention: str
    years: tuple[int, ...]
    wording: str
    section: str
    sector: str
    objectives: list[str] = field(default_factory=list)


@dataclass
class Cell:
    """A value read from a sheet, or why there is none."""

    indicator: Indicator
    year: int
    status: str  # a concept of cssg:ReportingStatuses
    value: Decimal | None
    unit: str | None


@dataclass
class BadCell:
    """A cell that could not be read: where, and what to do (in the reader's language)."""

    sheet: str
    row: int
    column: str
    problem: str

    def __str__(self) -> str:
        return f"{self.sheet}, {self.column}{self.row}: {self.problem}"


@dataclass
class Reading:
    cells: list[Cell]
    bad: list[BadCell]


def indicators(store: ox.Store, convention: str | None = None) -> dict[str, Indicator]:
    """Every indicator of the conventions in ``store`` (or of one), in document order."""
    found: dict[str, Indicator] = {}
    answer = cast(ox.QuerySolutions, store.query(INDICATORS, use_default_graph_as_union=True))  # a SELECT
    for row in answer:
        if convention is not None and row["convention"].value != convention:
            continue
        iri = row["indicator"].value
        objective = f"{row['objectiveNumber'].value} — {row['objective'].value}"
        if iri in found:
            if objective not in found[iri].objectives:
                found[iri].objectives.append(objective)  # a shared block measures several objectives
            continue
        start, end = int(row["start"].value[:4]), int(row["end"].value[:4])
        found[iri] = Indicator(
            iri,
            row["convention"].value,
            tuple(range(start, end + 1)),
            row["wording"].value,
            row["section"].value,
            row["sector"].value,
            [objective],
        )
    return found


def recorded(store: ox.Store, convention: str, lang: str) -> tuple[dict[tuple[str, int], str], dict[str, str]]:
    """What the store already holds for ``convention`` (``queries/indicator-values.rq``), as the
    sheet's cells write it, and each indicator's unit."""
    cells, units = {}, {}
    for row in select_rows(store, "indicator-values.rq", convention=convention, lang=lang):
        indicator, year, status = cast(str, row["indicatorIri"]), int(cast(str, row["year"])), row["statusIri"]
        if row["value"] is not None:  # reported
            cells[(indicator, year)] = _belgian(Decimal(row["value"]))
        elif status in STATUS_WORDS:
            cells[(indicator, year)] = STATUS_WORDS[status][lang][0]
        if row["unit"] is not None:
            units[indicator] = row["unit"]
    return cells, units


def template_rows(store: ox.Store, convention: str, lang: str) -> list[list[str]]:
    """The sheet of ``convention``: a header, then one row per indicator; cells the store
    already holds are filled in."""
    rows_of = indicators(store, convention)
    if not rows_of:
        raise InputError(
            convention,
            translate(lang, "no indicator of this convention in the data"),
            fix=translate(lang, "give the IRI of a convention of the data (cssgraph query conventions lists them)"),
        )
    years = next(iter(rows_of.values())).years
    filled, units = recorded(store, convention, lang)
    header = [IRI_COLUMN, *(translate(lang, words) for words in DESCRIBING_COLUMNS), *(str(year) for year in years)]
    return [header] + [
        [
            item.iri,
            item.section,
            item.sector,
            "; ".join(item.objectives),
            item.wording,
            units.get(item.iri, ""),
            *(filled.get((item.iri, year), "") for year in years),
        ]
        for item in rows_of.values()
    ]


def write_csv(rows: list[list[str]]) -> str:
    """The sheet as CSV with semicolons, as Excel writes and reads it in Belgium."""
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    return out.getvalue()


def write_xlsx(rows: list[list[str]], title: str) -> bytes:
    """The sheet as an Excel workbook: the header bold and frozen, the columns wide enough."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has its sheet
    sheet.title = title[:31]  # Excel's limit
    for values in rows:
        sheet.append(values)
    for heading in sheet[1]:
        heading.font = Font(bold=True)
    sheet.freeze_panes = "B2"
    for letter, width in zip("ABCDEF", (12, 9, 9, 40, 50, 12), strict=False):
        sheet.column_dimensions[letter].width = width
    for cells in sheet.iter_rows(min_row=2, min_col=4, max_col=5):
        for words in cells:
            words.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


# -- Reading a filled sheet --------------------------------------------------------------------


def read_sheets(path: Path, known: dict[str, Indicator], lang: str) -> Reading:
    """The cells of every sheet of ``path`` (.csv or .xlsx), each checked against the indicators
    ``known`` (their conventions' periods); every bad cell is kept with its place."""
    if path.suffix.lower() not in SHEET_FORMATS:
        raise InputError(
            str(path),
            translate(lang, "not a sheet cssgraph reads"),
            fix=translate(lang, "save it as .xlsx or .csv"),
        )
    reading = Reading([], [])
    for name, rows in _sheets(path, lang):
        _read_rows(name, rows, known, lang, reading)
    return reading


def _sheets(path: Path, lang: str) -> Iterable[tuple[str, list[list[object]]]]:
    try:
        if path.suffix.lower() == ".csv":
            text = path.read_text(encoding="utf-8-sig")
            dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=";,\t")
            yield path.name, [list(row) for row in csv.reader(io.StringIO(text), dialect)]
            return
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True, data_only=True)
        for sheet in book.worksheets:
            yield f"{path.name} [{sheet.title}]", [list(row) for row in sheet.iter_rows(values_only=True)]
    except (OSError, UnicodeDecodeError, csv.Error, ValueError, KeyError) as error:
        # openpyxl says a damaged or foreign file is not a zip, or lacks a part (KeyError)
        raise InputError(
            str(path),
            translate(lang, "cannot read the sheet: %(reason)s", reason=str(error)[:200]),
            fix=translate(lang, "save it again as .xlsx or as .csv (UTF-8)"),
        ) from None


def _read_rows(sheet: str, rows: list[list[object]], known: dict[str, Indicator], lang: str, reading: Reading) -> None:
    if not rows:
        return
    header = [_text(cell) for cell in rows[0]]
    if IRI_COLUMN not in header:
        reading.bad.append(
            BadCell(
                sheet,
                1,
                "A",
                translate(lang, "no “IRI” column: start from the sheet `cssgraph report-template` writes"),
            )
        )
        return
    iri_at, unit_at = header.index(IRI_COLUMN), _unit_column(header)
    described = {fold(translate(code, words)) for words in DESCRIBING_COLUMNS for code in ("fr", "nl", "en")}
    years: dict[int, int] = {}
    for at, name in enumerate(header):
        if re.fullmatch(r"\d{4}", name):
            years[at] = int(name)
        elif (
            at != iri_at and name and fold(name) not in described and any(_text(r[at]) for r in rows[1:] if at < len(r))
        ):
            reading.bad.append(
                BadCell(
                    sheet,
                    1,
                    _letter(at),
                    translate(lang, "column “%(name)s” is neither a year nor a column of the template", name=name),
                )
            )
    for number, row in enumerate(rows[1:], start=2):
        cells = [_text(cell) for cell in row] + [""] * (len(header) - len(row))
        iri = cells[iri_at]
        if not iri and not any(cells[at] for at in years):
            continue  # a blank line
        indicator = known.get(iri)
        if indicator is None:
            reading.bad.append(
                BadCell(
                    sheet,
                    number,
                    _letter(iri_at),
                    translate(lang, "“%(iri)s” is not an indicator of the data", iri=iri[:120]),
                )
            )
            continue
        unit = cells[unit_at] if unit_at is not None else ""
        for at, year in years.items():
            _read_cell(sheet, number, at, year, row[at] if at < len(row) else None, indicator, unit, lang, reading)


def _read_cell(
    sheet: str, row: int, at: int, year: int, raw: object, indicator: Indicator, unit: str, lang: str, reading: Reading
) -> None:
    written = _text(raw)
    if not written:
        return
    if year not in indicator.years:
        period = f"{indicator.years[0]}–{indicator.years[-1]}"
        problem = translate(lang, "%(year)d is outside the convention's period (%(period)s)", year=year, period=period)
        reading.bad.append(BadCell(sheet, row, _letter(at), problem))
        return
    status = _status(written)
    if status is not None:
        reading.cells.append(Cell(indicator, year, status, None, unit or None))
        return
    value = Decimal(str(raw)) if isinstance(raw, int | float) and not isinstance(raw, bool) else None
    percent = written.endswith("%")
    if value is None:
        value = belgian_number(written.removesuffix("%").strip() if percent else written)
    if value is None:
        problem = translate(
            lang,
            "“%(text)s” is not a number in Belgian notation: write it like 1.234,5 or say why there is none (%(words)s)",
            text=written[:60],
            words=", ".join(words[lang][0] for words in STATUS_WORDS.values()),
        )
        reading.bad.append(BadCell(sheet, row, _letter(at), problem))
        return
    unit = unit or ("%" if percent else "")
    if not unit:
        problem = translate(lang, "a value without a unit: write the unit in the “Unit” column (number, %%, days…)")
        reading.bad.append(BadCell(sheet, row, _letter(at), problem))
        return
    reading.cells.append(Cell(indicator, year, cssg.reported, value, unit))


def _status(written: str) -> str | None:
    folded = re.sub(r"[.\s/]+", " ", fold(written)).strip()
    compact = folded.replace(" ", "")
    for status, languages in STATUS_WORDS.items():
        for words in languages.values():
            if any(folded == fold(word) or compact == fold(word).replace(" ", "") for word in words):
                return status
    return None


def _unit_column(header: list[str]) -> int | None:
    names = {fold(translate(code, UNIT_COLUMN)) for code in ("fr", "nl", "en")}
    return next((at for at, name in enumerate(header) if fold(name) in names), None)


def _text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _letter(at: int) -> str:
    """The spreadsheet's name of the column at index ``at``: A, B, …, Z, AA…"""
    name = ""
    at += 1
    while at:
        at, rest = divmod(at - 1, 26)
        name = chr(65 + rest) + name
    return name


def _belgian(value: Decimal) -> str:
    """1234.5 → 1234,5: a cell a Belgian reader and this module read back alike."""
    text = format(value.normalize(), "f")
    return text.replace(".", ",")


# -- The observations ---------------------------------------------------------------------------


def observations(cells: list[Cell]) -> list[ox.Quad]:
    """The cells as Data Cube observations: one data set per convention and year, in the named
    graph ``<convention>/indicator-values``."""
    quads: list[ox.Quad] = []
    datasets: set[str] = set()
    for cell in cells:
        convention = cell.indicator.convention
        graph = ox.NamedNode(f"{convention}/indicator-values")
        dataset = f"{convention}/indicator-values/{cell.year}"
        node = ox.NamedNode(dataset)
        if dataset not in datasets:
            datasets.add(dataset)
            quads += [
                ox.Quad(node, RDF_TYPE, ox.NamedNode(QB + "DataSet"), graph),
                ox.Quad(node, ox.NamedNode(QB + "structure"), ox.NamedNode(cssg.IndicatorValuesStructure), graph),
                ox.Quad(node, ox.NamedNode(cssg.reportsOn), ox.NamedNode(convention), graph),
                ox.Quad(node, ox.NamedNode(cssg.referenceYear), _year(cell.year), graph),
            ]
        local = cell.indicator.iri.removeprefix(convention).lstrip("/")
        observation = ox.NamedNode(f"{dataset}/{local}")
        value = ox.Literal(str(cell.value), datatype=ox.NamedNode(XSD + "double")) if cell.value is not None else NAN
        quads += [
            ox.Quad(observation, RDF_TYPE, ox.NamedNode(QB + "Observation"), graph),
            ox.Quad(observation, ox.NamedNode(QB + "dataSet"), node, graph),
            ox.Quad(observation, ox.NamedNode(cssg.indicator), ox.NamedNode(cell.indicator.iri), graph),
            ox.Quad(observation, ox.NamedNode(cssg.referenceYear), _year(cell.year), graph),
            ox.Quad(observation, ox.NamedNode(cssg.indicatorValue), value, graph),
            ox.Quad(observation, ox.NamedNode(cssg.reportingStatus), ox.NamedNode(cell.status), graph),
        ]
        if cell.unit:
            quads.append(ox.Quad(observation, ox.NamedNode(cssg.unitOfMeasure), ox.Literal(cell.unit), graph))
    return quads


def findings(store: ox.Store, quads: list[ox.Quad], lang: str) -> list[Finding]:
    """What the shapes say of the observations ``quads`` once in ``store`` with their
    conventions: each indicator and year not reported yet (warnings), and any broken Data Cube
    integrity constraint."""
    from cssgraph.validation import indicator_value_findings

    store.extend(quads)
    focus = {q.subject for q in quads if isinstance(q.subject, ox.NamedNode)}
    focus |= {q.object for q in quads if q.predicate.value == cssg.reportsOn and isinstance(q.object, ox.NamedNode)}
    focus |= {ox.NamedNode(term) for term in (cssg.IndicatorValuesStructure, cssg.indicator, cssg.referenceYear)}
    return indicator_value_findings(store, focus, lang)


# SDMX's convention for an observation that has no value: the measure is NaN, its status says why.
NAN = ox.Literal("NaN", datatype=ox.NamedNode(XSD + "double"))


def _year(year: int) -> ox.Literal:
    return ox.Literal(str(year), datatype=ox.NamedNode(XSD + "gYear"))
