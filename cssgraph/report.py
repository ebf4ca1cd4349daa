"""Render a validation result for people (text) and programs (JSON, Turtle)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, cast

import pyoxigraph as ox
from rich.console import Console
from rich.markup import escape

if TYPE_CHECKING:
    from rich.table import Table

from cssgraph.findings import ConventionReport, Finding, ValidationResult

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
    "unread": {
        "fr": "Lignes non comprises ou lues avec un doute",
        "nl": "Niet of met twijfel begrepen regels",
        "en": "Lines not understood or read with a doubt",
    },
    "doubt": {"fr": "doute", "nl": "twijfel", "en": "doubt"},
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
            doubt = f"({word('doubt', lang)}) " if line.doubt else ""
            console.print(f"  {escape(line.source)}, {place}: {doubt}{escape(line.reason)} — « {escape(line.text)} »")
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
        console.print(
            f"{len(result.conventions)} {word('conventions', lang)}: "
            f"{conforming} {word('conforms', lang)}, "
            f"{len(result.conventions) - conforming} {word('does_not_conform', lang)}"
        )


def summary_table(result: ValidationResult) -> Table:
    """One row per convention: what the administration scans first in a batch."""
    from rich.table import Table

    lang = result.lang
    table = Table(header_style="bold")
    for key in ("convention", "municipality", "period", "violations", "warnings"):
        table.add_column(word(key, lang), justify="right" if key in ("violations", "warnings") else "left")
    for report in result.conventions:
        style = "red" if report.violations else ("yellow" if report.warnings else "green")
        period = f"{(report.start or '?')[:4]}-{(report.end or '?')[:4]}"
        table.add_row(
            escape(report.convention.rsplit("/convention/", 1)[-1]),
            escape(report.municipality or "?"),
            period,
            f"[{style}]{report.violations}[/{style}]",
            str(report.warnings),
        )
    return table


def _render_convention(report: ConventionReport, lang: str, console: Console) -> None:
    title = report.label or report.convention
    period = f"{report.start or '?'} → {report.end or '?'}"
    verdict = word("conforms", lang) if report.conforms else word("does_not_conform", lang)
    mark, style = ("✔", "green") if report.conforms else ("✘", "bold red")
    lines = [
        f"[bold]{escape(title)}[/bold]",
        f"  {escape(report.municipality or '?')}, {period} — {escape(report.convention)}",
        f"  [{style}]{mark} {verdict}[/{style}] — {report.violations} {word('violations', lang)}, "
        f"{report.warnings} {word('warnings', lang)}",
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
        f"  [{style}]{word(finding.severity, lang)}[/{style}] · {escape(place)}",
        f"    {escape(finding.message)}",
    ]
    if finding.focus_label and finding.outline:
        lines.append(f"    {word('item', lang)}: « {escape(finding.focus_label)} »")
    if finding.source_line:
        lines.append(f"    {word('source', lang)}: {place_in_document(finding.source_page, finding.source_line, lang)}")
    if finding.path:
        lines.append(f"    {word('property', lang)}: {escape(finding.path_label or finding.path)}")
    if finding.value is not None:
        lines.append(f"    {word('value', lang)}: {escape(finding.value)}")
    lines.append(f"[dim]    {word('rule', lang)}: {escape(_rule(finding))}[/dim]")
    return lines


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


HTML_WORDS = {
    "title": {"fr": "Rapport de validation", "nl": "Validatierapport", "en": "Validation report"},
    "show": {"fr": "Afficher", "nl": "Tonen", "en": "Show"},
    "no_findings": {"fr": "Aucune remarque.", "nl": "Geen opmerkingen.", "en": "No findings."},
}
HTML_STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #222; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.2rem; margin-top: 2rem; } h3 { font-size: 1rem; margin: 1.2rem 0 .3rem; }
.summary { font-size: 1.05rem; } .verdict.ok { color: #176f2c; } .verdict.ko { color: #b00020; }
.finding { list-style: none; border-left: 4px solid #999; padding: .4rem .8rem; margin: .4rem 0; background: #f7f7f7; }
.finding.Violation { border-color: #b00020; } .finding.Warning { border-color: #c77700; } .finding.Info { border-color: #1565c0; }
.severity { font-weight: bold; } dl { display: grid; grid-template-columns: max-content auto; gap: .1rem .8rem; margin: .3rem 0 0; }
dt { color: #555; } dd { margin: 0; } .detail { color: #555; font-size: .9em; }
fieldset { border: 1px solid #ccc; } table { border-collapse: collapse; } td, th { padding: .2rem .6rem; border-bottom: 1px solid #ddd; text-align: left; }
@media print { fieldset { display: none; } .finding { break-inside: avoid; } }
"""
HTML_SCRIPT = """
for (const box of document.querySelectorAll('input[data-severity]')) {
  box.addEventListener('change', () => {
    for (const item of document.querySelectorAll('li.finding.' + box.dataset.severity)) {
      item.hidden = !box.checked;
    }
  });
}
"""


def render_html(result: ValidationResult) -> str:
    """A standalone page: summary counts by severity, findings grouped by their place in each
    convention's outline, a filter by severity; it prints as a PDF-ready document."""
    from html import escape as h

    lang = result.lang
    counts = {
        s: sum(1 for r in result.conventions for f in r.findings if f.severity == s)
        for s in ("Violation", "Warning", "Info")
    }
    out = [
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{h(HTML_WORDS['title'][lang])}</title><style>{HTML_STYLE}</style></head><body>",
        f"<h1>{h(HTML_WORDS['title'][lang])}</h1>",
        f'<p class="summary" id="summary">{len(result.conventions)} {h(word("conventions", lang))} · '
        + " · ".join(f'<span data-count="{s}">{n}</span> {h(word(s, lang))}' for s, n in counts.items())
        + "</p>",
        f"<fieldset><legend>{h(HTML_WORDS['show'][lang])}</legend>"
        + "".join(
            f'<label><input type="checkbox" data-severity="{s}" checked> {h(word(s, lang))} ({n})</label> '
            for s, n in counts.items()
        )
        + "</fieldset>",
    ]
    if len(result.conventions) > 1:
        out.append(
            "<table><thead><tr>"
            + "".join(
                f"<th>{h(word(k, lang))}</th>"
                for k in ("convention", "municipality", "period", "violations", "warnings")
            )
            + "</tr></thead><tbody>"
        )
        for report in result.conventions:
            out.append(
                f"<tr><td>{h(report.label or report.convention)}</td><td>{h(report.municipality or '')}</td>"
                f"<td>{h((report.start or '?')[:4])}-{h((report.end or '?')[:4])}</td>"
                f"<td>{report.violations}</td><td>{report.warnings}</td></tr>"
            )
        out.append("</tbody></table>")
    for report in result.conventions:
        verdict = word("conforms", lang) if report.conforms else word("does_not_conform", lang)
        out.append(
            f'<section class="convention" data-convention="{h(report.convention)}">'
            f"<h2>{h(report.label or report.convention)}</h2>"
            f"<p>{h(report.municipality or '?')}, {h(report.start or '?')} → {h(report.end or '?')} — "
            f'<code>{h(report.convention)}</code></p><p class="verdict {"ok" if report.conforms else "ko"}">'
            f"{h(verdict)} — {report.violations} {h(word('violations', lang))}, "
            f"{report.warnings} {h(word('warnings', lang))}</p>"
        )
        if not report.findings:
            out.append(f"<p>{h(HTML_WORDS['no_findings'][lang])}</p>")
        groups: dict[str, list[Finding]] = {}
        for finding in report.findings:
            groups.setdefault(finding.outline or finding.focus_label or finding.focus, []).append(finding)
        for place, findings in groups.items():
            out.append(f"<h3>{h(place)}</h3><ul>")
            for f in findings:
                rows = [("item", f"« {f.focus_label} »" if f.focus_label else f.focus)]
                if f.source_line:
                    rows.append(("source", place_in_document(f.source_page, f.source_line, lang)))
                if f.path:
                    rows.append(("property", f.path_label or f.path))
                if f.value is not None:
                    rows.append(("value", f.value))
                out.append(
                    f'<li class="finding {f.severity}" data-severity="{f.severity}" data-focus="{h(f.focus)}">'
                    f'<span class="severity">{h(word(f.severity, lang))}</span> {h(f.message)}<dl>'
                    + "".join(f"<dt>{h(word(k, lang))}</dt><dd>{h(v)}</dd>" for k, v in rows)
                    + f'</dl><p class="detail">{h(word("rule", lang))}: {h(_rule(f))}</p></li>'
                )
            out.append("</ul>")
        out.append("</section>")
    if result.unread:
        out.append(
            f"<h2>{h(word('unread', lang))}</h2><ul>"
            + "".join(
                f"<li>{h(u.source)}, {h(place_in_document(u.page, u.line, lang))}: "
                f"{h('(' + word('doubt', lang) + ') ') if u.doubt else ''}{h(u.reason)} — « {h(u.text)} »</li>"
                for u in result.unread
            )
            + "</ul>"
        )
    if result.unreadable:
        out.append(
            f"<h2>{h(word('unreadable', lang))}</h2><ul>"
            + "".join(f"<li>{h(u.error)}</li>" for u in result.unreadable)
            + "</ul>"
        )
    out.append(f"<script>{HTML_SCRIPT}</script></body></html>\n")
    return "\n".join(out)


def _rule(finding: Finding) -> str:
    """The rule as a reader names it (its shape's name), then what the engine checked."""
    return f"{finding.rule} — {finding.detail}" if finding.rule else finding.detail
