"""Render a validation result for people (text, HTML) and programs (JSON, CSV, Turtle, JSON-LD).

Every word a report adds to the findings is in the report's language, from the catalogues
(``cssgraph.i18n``); the HTML page is the template ``templates/report.html``.
"""

from __future__ import annotations

import json
import os
from itertools import groupby
from typing import TYPE_CHECKING, cast

import pyoxigraph as ox
from rich.console import Console
from rich.markup import escape

if TYPE_CHECKING:
    from rich.table import Table

from cssgraph.findings import ConventionReport, Finding, ValidationResult
from cssgraph.i18n import marked, render, translate, translate_plural
from cssgraph.outline import SEPARATOR

# The severities, most serious first, and their names (translated where they are shown).
SEVERITY_WORDS = {"Violation": marked("Violation"), "Warning": marked("Warning"), "Info": marked("Information")}
STYLE = {"Violation": "bold red", "Warning": "yellow", "Info": "cyan"}
# What a finding's lines are named, in the text and HTML reports.
ITEM, SOURCE, FIELD, VALUE = marked("item"), marked("in the document"), marked("field"), marked("value")


def place_in_document(page: int | None, line: int, lang: str) -> str:
    """ "page 3, ligne 12" in the reader's language."""
    where = translate(lang, "line %(first)d", first=line)
    return f"{translate(lang, 'page %(page)s', page=page)}, {where}" if page else where


def named(name: str, value: str, lang: str) -> str:
    """ "règle : …", "rule: …": a line of a finding, punctuated as its language does."""
    return translate(lang, "%(name)s: %(value)s", name=name, value=value)


def tally(count: int, severity: str, lang: str) -> str:
    """ "3 violations", "1 avertissement": a count of findings of one severity."""
    if severity == "Violation":
        return translate_plural(lang, "%(num)d violation", "%(num)d violations", count)
    if severity == "Warning":
        return translate_plural(lang, "%(num)d warning", "%(num)d warnings", count)
    return translate_plural(lang, "%(num)d note", "%(num)d notes", count)


def verdict(report: ConventionReport, lang: str) -> str:
    """ "does not conform — 3 violations, 0 warnings"."""
    said = translate(lang, "conforms") if report.conforms else translate(lang, "does not conform")
    return f"{said} — {tally(report.violations, 'Violation', lang)}, {tally(report.warnings, 'Warning', lang)}"


def item_name(finding: Finding) -> str:
    """The item a finding is about as a reader knows it: its label, else its kind and number
    (the last step of its place in the outline), its IRI only when it has neither."""
    if finding.focus_label:
        return f"« {finding.focus_label} »"
    return finding.outline.rsplit(SEPARATOR, 1)[-1] if finding.outline else finding.focus


def file_names(result: ValidationResult) -> list[str]:
    """The file each convention was read from, as short as the batch allows: relative to the
    folder that holds them all."""
    sources = [report.source or "" for report in result.conventions]
    known = [source for source in sources if source]
    if not known:
        return sources
    folder = os.path.commonpath([os.path.dirname(os.path.abspath(source)) for source in known])
    return [os.path.relpath(os.path.abspath(source), folder) if source else "" for source in sources]


def render_text(result: ValidationResult, console: Console) -> None:
    lang = result.lang
    if result.unread:
        console.print(f"[yellow]{escape(translate(lang, 'Lines not understood or read with a doubt'))}[/yellow]")
        for line in result.unread:
            place = place_in_document(line.page, line.line, lang)
            doubt = f"({translate(lang, 'doubt')}) " if line.doubt else ""
            console.print(f"  {escape(line.source)}, {place}: {doubt}{escape(line.reason)} — « {escape(line.text)} »")
        console.print()
    for report in result.conventions:
        _render_convention(report, lang, console)
    if result.unreadable:
        console.print(f"[bold red]{escape(translate(lang, 'Unreadable inputs'))}[/bold red]")
        for item in result.unreadable:
            console.print(f"  {escape(item.error)}")
        console.print()
    if len(result.conventions) > 1:
        console.print(summary_table(result))
        conforming = sum(r.conforms for r in result.conventions)
        failing = len(result.conventions) - conforming
        console.print(
            translate(
                lang,
                "%(conventions)s: %(conforming)s, %(failing)s",
                conventions=translate_plural(
                    lang, "%(num)d convention", "%(num)d conventions", len(result.conventions)
                ),
                conforming=translate_plural(lang, "%(num)d conforms", "%(num)d conform", conforming),
                failing=translate_plural(lang, "%(num)d does not conform", "%(num)d do not conform", failing),
            )
        )


def summary_table(result: ValidationResult) -> Table:
    """One row per convention: what the administration scans first in a batch."""
    from rich.table import Table

    lang = result.lang
    table = Table(header_style="bold")
    for heading, right in (
        (translate(lang, "Convention"), False),
        (translate(lang, "Municipality"), False),
        (translate(lang, "Period"), False),
        (translate(lang, "Violations"), True),
        (translate(lang, "Warnings"), True),
        (translate(lang, "File"), False),
    ):
        table.add_column(escape(heading), justify="right" if right else "left")
    for report, file in zip(result.conventions, file_names(result), strict=True):
        style = "red" if report.violations else ("yellow" if report.warnings else "green")
        table.add_row(
            escape(report.convention.rsplit("/convention/", 1)[-1]),
            escape(report.municipality or "?"),
            _years(report),
            f"[{style}]{report.violations}[/{style}]",
            str(report.warnings),
            escape(file),
        )
    return table


def _years(report: ConventionReport) -> str:
    return f"{(report.start or '?')[:4]}-{(report.end or '?')[:4]}"


def _render_convention(report: ConventionReport, lang: str, console: Console) -> None:
    title = report.label or report.convention
    period = f"{report.start or '?'} → {report.end or '?'}"
    mark, style = ("✔", "green") if report.conforms else ("✘", "bold red")
    lines = [
        f"[bold]{escape(title)}[/bold]",
        f"  {escape(report.municipality or '?')}, {period} — {escape(report.convention)}",
        f"  [{style}]{mark} {escape(verdict(report, lang))}[/{style}]",
    ]
    for finding in report.findings:
        lines += _finding_lines(finding, lang)
    # A few hundred lines per print: rich's cost grows with the calls, and with the length of
    # one text (reports can hold thousands of findings).
    for start in range(0, len(lines), 400):
        console.print("\n".join(lines[start : start + 400]))
    console.print()


def _finding_lines(finding: Finding, lang: str) -> list[str]:
    style = STYLE[finding.severity]
    place = finding.outline or finding.focus_label or finding.focus
    lines = [
        "",
        f"  [{style}]{translate(lang, SEVERITY_WORDS[finding.severity])}[/{style}] · {escape(place)}",
        f"    {escape(finding.message)}",
    ]
    for word, value in _rows(finding, lang):
        if word != ITEM or (finding.focus_label and finding.outline):  # the item, when the place does not name it
            lines.append(f"    {escape(named(translate(lang, word), value, lang))}")
    lines.append(f"[dim]    {escape(named(translate(lang, 'rule'), _rule(finding), lang))}[/dim]")
    return lines


def _rows(finding: Finding, lang: str) -> list[tuple[str, str]]:
    """What a finding says besides its message: the item, where the document says it, the
    field at fault, the value found."""
    rows = [(ITEM, item_name(finding))]
    if finding.source_line:
        rows.append((SOURCE, place_in_document(finding.source_page, finding.source_line, lang)))
    if finding.path:
        rows.append((FIELD, finding.path_label or finding.path))
    if finding.value is not None and finding.value != finding.focus:  # (a rule's query may select the item itself)
        rows.append((VALUE, f"« {finding.value_label} »" if finding.value_label else finding.value))
    return rows


def render_json(result: ValidationResult) -> str:
    document = {
        "conforms": result.conforms,
        "lang": result.lang,
        "unread": [line.__dict__ for line in result.unread],
        "unreadable": [item.__dict__ for item in result.unreadable],
        "conventions": [
            {
                "convention": report.convention,
                "label": report.label,
                "municipality": report.municipality,
                "start": report.start,
                "end": report.end,
                "graph": report.graph,
                "source": report.source,
                "conforms": report.conforms,
                "violations": report.violations,
                "warnings": report.warnings,
                "findings": [finding.as_dict() for finding in report.findings],
            }
            for report in result.conventions
        ],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def render_turtle(result: ValidationResult) -> str:
    """The SHACL validation report graph(s), as the engine wrote them (pyoxigraph writes them in
    time linear in their size)."""
    # (Written to no output, the graphs are returned as bytes, here and below.)
    return cast(
        bytes, ox.serialize(result.report_triples, format=ox.RdfFormat.TURTLE, prefixes=REPORT_PREFIXES)
    ).decode()


def render_jsonld(result: ValidationResult) -> str:
    """The SHACL validation report graph(s) as JSON-LD (expanded: full IRIs, no context to fetch)."""
    expanded = json.loads(cast(bytes, ox.serialize(result.report_triples, format=ox.RdfFormat.JSON_LD)))
    return json.dumps(expanded, ensure_ascii=False, indent=2) + "\n"


REPORT_PREFIXES = {
    "sh": "http://www.w3.org/ns/shacl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


CSV_COLUMNS = (
    "convention",
    "municipality",
    "severity",
    "outline",
    "focus",
    "focus_label",
    "message",
    "detail",
    "path",
    "path_label",
    "value",
    "source_page",
    "source_line",
    "shape",
)


def render_csv(result: ValidationResult) -> str:
    """One row per finding, for a spreadsheet."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for report in result.conventions:
        for finding in report.findings:
            row = {"convention": report.convention, "municipality": report.municipality, **finding.as_dict()}
            writer.writerow([_inert("" if row.get(column) is None else row[column]) for column in CSV_COLUMNS])
    return out.getvalue()


def _inert(value: object) -> str:
    """A cell a spreadsheet shows and never runs: one that starts like a formula (=, +, -, @,
    a tab or a carriage return) gets a leading quote, as OWASP recommends."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def render_html(result: ValidationResult) -> str:
    """A standalone page (``templates/report.html``): summary counts by severity, findings
    grouped by their place in each convention's outline, a filter by severity; it prints as a
    PDF-ready document."""
    lang = result.lang
    counts = {
        severity: sum(1 for r in result.conventions for f in r.findings if f.severity == severity)
        for severity in SEVERITY_WORDS
    }
    conventions = [
        {
            "report": report,
            "file": file,
            "years": _years(report),
            "verdict": verdict(report, lang),
            "groups": [
                (place, [_html_finding(finding, lang) for finding in findings])
                # consecutive findings of one place (they come in the document's order)
                for place, findings in groupby(report.findings, key=lambda f: f.outline or f.focus_label or f.focus)
            ],
        }
        for report, file in zip(result.conventions, file_names(result), strict=True)
    ]
    unread = [
        {
            "source": line.source,
            "place": place_in_document(line.page, line.line, lang),
            "doubt": line.doubt,
            "reason": line.reason,
            "text": line.text,
        }
        for line in result.unread
    ]
    return render(
        "report.html",
        lang,
        conventions=conventions,
        counts=counts,
        tallies={severity: tally(count, severity, lang) for severity, count in counts.items()},
        severity_words=SEVERITY_WORDS,
        unread=unread,
        unreadable=result.unreadable,
    )


def _html_finding(finding: Finding, lang: str) -> dict[str, object]:
    return {
        "severity": finding.severity,
        "focus": finding.focus,
        "message": finding.message,
        "rows": _rows(finding, lang),
        "rule": named(translate(lang, "rule"), _rule(finding), lang),
    }


def _rule(finding: Finding) -> str:
    """The rule as a reader names it (its shape's name), then what the engine checked."""
    return f"{finding.rule} — {finding.detail}" if finding.rule else finding.detail
