"""Render a validation result for people (text) and programs (JSON, Turtle)."""

from __future__ import annotations

import json

from rich.console import Console
from rich.markup import escape

from cssgraph.validate import ConventionReport, Finding, ValidationResult

# The report's own words, in the languages of the messages.
WORDS = {
    "conforms": {"fr": "conforme", "nl": "voldoet", "en": "conforms"},
    "does_not_conform": {"fr": "non conforme", "nl": "voldoet niet", "en": "does not conform"},
    "Violation": {"fr": "Violation", "nl": "Overtreding", "en": "Violation"},
    "Warning": {"fr": "Avertissement", "nl": "Waarschuwing", "en": "Warning"},
    "Info": {"fr": "Information", "nl": "Informatie", "en": "Info"},
    "violations": {"fr": "violation(s)", "nl": "overtreding(en)", "en": "violation(s)"},
    "warnings": {"fr": "avertissement(s)", "nl": "waarschuwing(en)", "en": "warning(s)"},
    "item": {"fr": "élément", "nl": "element", "en": "item"},
    "property": {"fr": "propriété", "nl": "eigenschap", "en": "property"},
    "value": {"fr": "valeur", "nl": "waarde", "en": "value"},
    "rule": {"fr": "règle", "nl": "regel", "en": "rule"},
    "conventions": {"fr": "convention(s)", "nl": "overeenkomst(en)", "en": "convention(s)"},
    "source": {"fr": "dans le document", "nl": "in het document", "en": "in the document"},
    "page": {"fr": "page", "nl": "pagina", "en": "page"},
    "line": {"fr": "ligne", "nl": "regel", "en": "line"},
    "unread": {"fr": "Lignes non comprises", "nl": "Niet begrepen regels", "en": "Lines not understood"},
    "unreadable": {"fr": "Fichiers illisibles", "nl": "Onleesbare bestanden", "en": "Unreadable inputs"},
    "convention": {"fr": "convention", "nl": "overeenkomst", "en": "convention"},
    "municipality": {"fr": "commune", "nl": "gemeente", "en": "municipality"},
    "period": {"fr": "période", "nl": "periode", "en": "period"},
}
STYLE = {"Violation": "bold red", "Warning": "yellow", "Info": "cyan"}


def word(key: str, lang: str) -> str:
    return WORDS[key][lang]


def place_in_document(page: int | None, line: int, lang: str) -> str:
    """ "page 3, ligne 12" in the reader's language."""
    where = f"{word('line', lang)} {line}"
    return f"{word('page', lang)} {page}, {where}" if page else where


def render_text(result: ValidationResult, console: Console) -> None:
    lang = result.lang
    if result.unread:
        console.print(f"[yellow]{word('unread', lang)}[/yellow]")
        for line in result.unread:
            place = place_in_document(line.page, line.line, lang)
            console.print(f"  {escape(line.source)}, {place}: {escape(line.reason)} — « {escape(line.text)} »")
        console.print()
    for report in result.conventions:
        _render_convention(report, lang, console)
    if result.unreadable:
        console.print(f"[bold red]{word('unreadable', lang)}[/bold red]")
        for item in result.unreadable:
            console.print(f"  {escape(item.error)}")
        console.print()
    if len(result.conventions) > 1:
        console.print(summary_table(result))
        conforming = sum(r.conforms for r in result.conventions)
        console.print(f"{len(result.conventions)} {word('conventions', lang)}: "
                      f"{conforming} {word('conforms', lang)}, "
                      f"{len(result.conventions) - conforming} {word('does_not_conform', lang)}")


def summary_table(result: ValidationResult):
    """One row per convention: what the administration scans first in a batch."""
    from rich.table import Table

    lang = result.lang
    table = Table(header_style="bold")
    for key in ("convention", "municipality", "period", "violations", "warnings"):
        table.add_column(word(key, lang), justify="right" if key in ("violations", "warnings") else "left")
    for report in result.conventions:
        style = "red" if report.violations else ("yellow" if report.warnings else "green")
        period = f"{(report.start or '?')[:4]}-{(report.end or '?')[:4]}"
        table.add_row(escape(report.convention.rsplit("/convention/", 1)[-1]), escape(report.municipality or "?"),
                      period, f"[{style}]{report.violations}[/{style}]", str(report.warnings))
    return table


def _render_convention(report: ConventionReport, lang: str, console: Console) -> None:
    title = report.label or report.convention
    period = f"{report.start or '?'} → {report.end or '?'}"
    console.print(f"[bold]{escape(title)}[/bold]")
    console.print(f"  {escape(report.municipality or '?')}, {period} — {escape(report.convention)}")
    verdict = word("conforms", lang) if report.conforms else word("does_not_conform", lang)
    mark, style = ("✔", "green") if report.conforms else ("✘", "bold red")
    console.print(f"  [{style}]{mark} {verdict}[/{style}] — {report.violations} {word('violations', lang)}, "
                  f"{report.warnings} {word('warnings', lang)}")
    for finding in report.findings:
        _render_finding(finding, lang, console)
    console.print()


def _render_finding(finding: Finding, lang: str, console: Console) -> None:
    style = STYLE[finding.severity]
    place = finding.outline or finding.focus_label or finding.focus
    console.print()
    console.print(f"  [{style}]{word(finding.severity, lang)}[/{style}] · {escape(place)}")
    console.print(f"    {escape(finding.message)}")
    if finding.focus_label and finding.outline:
        console.print(f"    {word('item', lang)}: « {escape(finding.focus_label)} »")
    if finding.source_line:
        console.print(f"    {word('source', lang)}: {place_in_document(finding.source_page, finding.source_line, lang)}")
    if finding.path:
        console.print(f"    {word('property', lang)}: {escape(finding.path_label or finding.path)}")
    if finding.value is not None:
        console.print(f"    {word('value', lang)}: {escape(finding.value)}")
    console.print(f"    {word('rule', lang)}: {escape(finding.detail)}", style="dim")


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
    """The SHACL validation report graph(s), as the engine wrote them."""
    result.results_graph.bind("sh", "http://www.w3.org/ns/shacl#")
    return result.results_graph.serialize(format="turtle")
