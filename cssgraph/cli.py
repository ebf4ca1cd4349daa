"""The ``cssgraph`` command: validate conventions, query them, check the ontology."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, cast

import click

from cssgraph.errors import InputError
from cssgraph.iris import DEFAULT_BASE, check_base
from cssgraph.settings import DOCUMENT_LANGUAGES, LANGUAGES, Settings

if TYPE_CHECKING:
    from cssgraph.query import Cell, QueryResult

LANGS = click.Choice(LANGUAGES)
DOCUMENT_LANGS = click.Choice(DOCUMENT_LANGUAGES)
# What `serve` and `publish` publish.
PUBLISHED_DATA = click.option(
    "--data",
    multiple=True,
    type=click.Path(exists=True),
    help="RDF file or folder to publish (repeatable; default: data/).",
)
# The language a document is read in, for every command that reads documents.
DOCUMENT_LANG = click.option(
    "--document-lang", type=DOCUMENT_LANGS, help="Language of the documents (default: detected)."
)
# Where the indicator-value commands find the conventions.
CONVENTION_DATA = click.option(
    "--data",
    multiple=True,
    type=click.Path(exists=True),
    help="RDF file or folder holding the conventions (repeatable; default: data/).",
)
_Done = TypeVar("_Done")  # what an action gives


def write_output(text: str | bytes, output: str | None) -> None:
    """Print, or write the file: a reader never sees half an output, a failed write leaves no
    file, and a special file is written through, never replaced. Errors are one line, exit 2."""
    if output is None:
        click.echo(text, nl=False)
        return
    _guarded(lambda: _write_file(text, Path(output)))


def _write_file(text: str | bytes, target: Path) -> None:
    if target.is_symlink():
        target = target.resolve()  # write to what the link names; the link stays
    if target.is_dir():
        raise InputError(str(target), "-o names a folder", fix="give a file name")
    if target.exists() and not target.is_file():  # a FIFO, a device (/dev/null): written through
        try:
            with target.open("wb") as stream:
                stream.write(text.encode("utf-8") if isinstance(text, str) else text)
        except OSError as error:
            raise InputError(str(target), f"cannot write: {error.strerror}", fix="check the output") from None
        return
    if not target.parent.is_dir():
        raise InputError(str(target), "the folder of -o does not exist", fix="create it first or give another path")
    try:
        handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    except OSError as error:
        raise InputError(
            str(target), f"cannot write there: {error.strerror}", fix="check the folder's permissions"
        ) from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(text.encode("utf-8") if isinstance(text, str) else text)
        # mkstemp makes the file private: give it the permissions any new file gets (the umask's).
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, target)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise InputError(
            str(target), f"cannot write: {error.strerror}", fix="free some space or choose another place"
        ) from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _http_url(value: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise click.BadParameter(f"{value[:200]!r} is not an http(s) URL (for example http://localhost:7878/store)")
    return value


def _base_option(value: str) -> str:
    try:
        return check_base(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="cssgraph")
@click.option(
    "--base",
    default=DEFAULT_BASE,
    show_default=True,
    envvar="CSSGRAPH_BASE",
    callback=lambda ctx, param, value: _base_option(value),
    help="Base of the data's IRIs; the data is re-based on load (env CSSGRAPH_BASE).",
)
@click.pass_context
def main(ctx: click.Context, base: str) -> None:
    """cssgraph: Belgian security and society conventions as validated, queryable linked data."""
    ctx.obj = Settings(base=base)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "html", "json", "csv", "turtle", "jsonld"]),
    default="text",
    show_default=True,
    help="Report format: text, a standalone HTML page, JSON, CSV (one row per finding), or the SHACL "
    "validation report graph as Turtle or JSON-LD.",
)
@click.option("--lang", type=LANGS, default="en", show_default=True, help="Language of the report.")
@DOCUMENT_LANG
@click.option("--jobs", type=click.IntRange(min=1), help="Files validated at once (default: one per core).")
@click.option(
    "--cache",
    type=click.Path(file_okay=False),
    help="Keep each file's outcome in this folder, by content hash: re-validating a corpus costs only "
    "the files that changed.",
)
@click.option(
    "--reason",
    is_flag=True,
    help="Also check each convention's consistency with the ontology through an OWL reasoner (Pellet).",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the report to this file.")
@click.pass_context
def validate(
    ctx: click.Context,
    paths: tuple[str, ...],
    output_format: str,
    lang: str,
    document_lang: str | None,
    jobs: int | None,
    cache: str | None,
    reason: bool,
    output: str | None,
) -> None:
    """Validate the conventions in PATHS against the SHACL shapes: RDF files, convention
    documents (.txt, .pdf, .docx, extracted first) or folders of them.

    Each file is validated on its own, in parallel; a table sums up a batch. Exit status:
    0 every convention conforms (warnings allowed), 1 a violation was found, 2 an input
    could not be read (the others are still validated and reported).
    """
    from cssgraph import report
    from cssgraph.validation import validate as run_validation

    result = _guarded(
        lambda: _with_progress(
            lambda progress: run_validation(
                paths,
                lang=lang,
                base=ctx.obj.base,
                language=document_lang,
                jobs=jobs,
                progress=progress,
                reason=reason,
                cache=cache,
            )
        ),
        lang,
    )
    for item in result.unreadable:
        click.echo(f"cssgraph: error: {item.error}", err=True)
    if output_format == "text" and output is None:
        from rich.console import Console

        report.render_text(result, Console(highlight=False, width=None if sys.stdout.isatty() else 120))
    else:
        text = {
            "json": report.render_json,
            "turtle": report.render_turtle,
            "html": report.render_html,
            "csv": report.render_csv,
            "jsonld": report.render_jsonld,
        }.get(output_format)
        if text is None:  # text report to a file
            from io import StringIO

            from rich.console import Console

            buffer = StringIO()
            report.render_text(result, Console(file=buffer, highlight=False, width=120, no_color=True))
            write_output(buffer.getvalue(), output)
        else:
            write_output(text(result), output)
    ctx.exit(result.exit_code)


@main.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path())
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="Write the graph here (.trig or .nq; .ttl or .nt for one convention). Default: TriG on stdout.",
)
@click.option("--lang", type=LANGS, help="Language of the messages (default: each document's).")
@DOCUMENT_LANG
@click.option(
    "--strict", is_flag=True, help="Fail (exit 2, nothing written) if any line is not understood or read with a doubt."
)
@click.pass_context
def extract(
    ctx: click.Context,
    inputs: tuple[str, ...],
    output: str | None,
    lang: str | None,
    document_lang: str | None,
    strict: bool,
) -> None:
    """Read convention documents (.txt, .pdf, .docx) into their graphs, one named graph each.

    Lines that were not understood, and decisions the reader is unsure of, are listed on
    stderr (file, page, line, text, what was expected); --strict makes them an error.
    """
    from cssgraph.build import serialize_documents

    text, unread = _guarded(
        lambda: serialize_documents(inputs, output, document_lang, ctx.obj.base, lang), lang or "en"
    )
    for line in unread:
        kind = "doubt" if line.doubt else "not understood"
        click.echo(f"cssgraph: {kind}: {line.source}, {line.place()}: {line.reason} — «{line.text}»", err=True)
    if strict and unread:
        click.echo(
            f"cssgraph: error: {len(unread)} line(s) not understood or in doubt (--strict): nothing written", err=True
        )
        sys.exit(2)
    write_output(text, output)


@main.command("diff")
@click.argument("old", type=click.Path())
@click.argument("new", type=click.Path())
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "html", "turtle"]),
    default="text",
    show_default=True,
    help="Text (coloured on a terminal), JSON, a standalone HTML page, or the change set as Turtle "
    "(prov:wasRevisionOf and one cssg:Change per change).",
)
@click.option("--lang", type=LANGS, default="en", show_default=True, help="Language of the places and headings.")
@DOCUMENT_LANG
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the changes to this file.")
@click.pass_context
def diff_command(
    ctx: click.Context,
    old: str,
    new: str,
    output_format: str,
    lang: str,
    document_lang: str | None,
    output: str | None,
) -> None:
    """What changed from OLD to NEW, two versions of a convention (a draft and the signed text,
    or two periods of one city): each a document (.txt, .pdf, .docx) or an RDF file holding one
    convention.

    Items of the results framework added, removed, reworded or moved to another objective, and
    every changed amount, date, party, representative, signatory, condition and duty, each with
    its place in both versions. Exit status: 0 no change, 1 changes found, 2 an input could not
    be read.
    """
    from cssgraph import diff as diffs

    result = _guarded(lambda: diffs.diff_files(old, new, ctx.obj.base, document_lang), lang)
    if output_format == "text":
        from io import StringIO

        from rich.console import Console
        from rich.markup import escape

        terminal = output is None
        buffer = StringIO()
        console = (
            Console(highlight=False, width=None if sys.stdout.isatty() else 120)
            if terminal
            else Console(file=buffer, highlight=False, width=120, no_color=True)
        )
        for style, line in diffs.text_lines(result, lang):
            console.print(f"[{style}]{escape(line)}[/]" if style else escape(line), soft_wrap=True)
        if not terminal:
            write_output(buffer.getvalue(), output)
    else:
        render = {"json": diffs.to_json, "html": diffs.to_html, "turtle": diffs.to_turtle}[output_format]
        write_output(render(result, lang), output)
    ctx.exit(1 if result.changes else 0)


@main.command("similar-wordings")
@click.option(
    "--data",
    multiple=True,
    type=click.Path(exists=True),
    help="RDF file or folder to read (repeatable; default: data/).",
)
@click.option(
    "--threshold",
    type=click.FloatRange(0, 100),
    default=85.0,
    show_default=True,
    help="Lowest score (0-100) of a proposed pair.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "csv", "turtle"]),
    default="table",
    show_default=True,
    help="A table, CSV, or Turtle: one skos:closeMatch per pair, to keep (confirm) or delete.",
)
@click.option(
    "--lang",
    type=LANGS,
    default="fr",
    show_default=True,
    help="Language of the municipalities' names (French where one is missing).",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the proposals to this file.")
@click.pass_context
def similar_wordings(
    ctx: click.Context, data: tuple[str, ...], threshold: float, output_format: str, lang: str, output: str | None
) -> None:
    """Propose pairs of wording concepts (indicators, operational objectives, expected results)
    of different conventions whose words are near, each with its score (rapidfuzz, 0-100, on
    the words with case, accents, punctuation and quotes folded). Pairs the data already links
    (skos:closeMatch, skos:exactMatch) are not proposed again."""
    from cssgraph import wordings
    from cssgraph.store import embedded_store

    found = _guarded(
        lambda: wordings.proposals(embedded_store(list(data) or None, ctx.obj.base), threshold, ctx.obj.base, lang)
    )
    if output_format == "turtle":
        write_output(wordings.to_turtle(found, threshold), output)
    elif output_format == "csv" or output is not None:
        write_output(wordings.to_csv(found), output)
    else:
        from rich.console import Console
        from rich.markup import escape
        from rich.table import Table

        shown = ("score", "kind", "wording", "conventions", "similarWording", "similarConventions")
        table = Table(header_style="bold")
        for name in shown:
            table.add_column(name, overflow="fold", justify="right" if name == "score" else "left")
        for row in wordings.rows(found):
            table.add_row(*(escape(row[name]) for name in shown))
        console = Console(highlight=False, width=None if sys.stdout.isatty() else 160)
        console.print(table)
        console.print(f"{len(found)} pair(s)")


@main.command()
@click.argument("query")
@click.option(
    "--data", multiple=True, type=click.Path(), help="RDF file or folder to query (repeatable; default: data/)."
)
@click.option(
    "--only",
    is_flag=True,
    help="Query the --data files alone, without the ontology and the reference data beside them "
    "(no --data: an empty dataset).",
)
@click.option(
    "--named-graph",
    "named",
    multiple=True,
    type=click.Path(),
    help="A named graph of the query's dataset (repeatable), named by the file's URL; the default graph "
    "is then the other data alone, not the union of every graph.",
)
@click.option("--endpoint", help="URL of a SPARQL 1.1 endpoint to query instead of the embedded store.")
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Set a query parameter (repeatable), e.g. --param date=2019-06-30.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "csv", "tsv", "json"]),
    default="table",
    show_default=True,
    help="Result format.",
)
@click.option("--columns", help="Comma-separated variables to show, in this order (default: all).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the results to this file.")
@click.pass_context
def query(
    ctx: click.Context,
    query: str,
    data: tuple[str, ...],
    only: bool,
    named: tuple[str, ...],
    endpoint: str | None,
    params: tuple[str, ...],
    output_format: str,
    columns: str | None,
    output: str | None,
) -> None:
    """Run QUERY (a .rq file, or the name of one in queries/) and print its results."""
    from cssgraph import query as queries

    if (data or named) and endpoint:
        raise click.UsageError("give --data and --named-graph, or --endpoint, not both")
    bindings: dict[str, str] = {}
    for param in params:
        name, sep, value = param.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"{param!r} is not NAME=VALUE", param_hint="--param")
        bindings[name.lstrip("?")] = value
    result = _guarded(
        lambda: queries.run_query(
            query,
            data=data or None,
            endpoint=endpoint,
            params=bindings,
            base=ctx.obj.base,
            context=not only,
            named=named,
        )
    )
    if columns:
        chosen = [name.strip().lstrip("?") for name in columns.split(",") if name.strip()]
        unknown = [name for name in chosen if name not in result.variables]
        if unknown:
            raise click.BadParameter(
                f"unknown variable(s) {', '.join(unknown)}; the query has {', '.join(result.variables)}",
                param_hint="--columns",
            )
        result.variables = chosen
    if result.kind == "ask":  # SPARQL JSON has a form for a yes-or-no answer; CSV and TSV have none
        text = queries.to_json(result) if output_format == "json" else ("true" if result.boolean else "false") + "\n"
        write_output(text, output)
    elif result.kind == "graph":
        write_output(result.graph_text or "", output)
    elif output_format == "table" and output is None:
        _print_table(result, ctx.obj.base)
    else:
        writer = {"csv": queries.to_csv, "tsv": queries.to_tsv, "json": queries.to_json, "table": queries.to_tsv}[
            output_format
        ]
        write_output(writer(result), output)


def _print_table(result: QueryResult, base: str) -> None:
    """The results as a table, IRIs under ``base`` shortened to ``id:…``."""
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False, header_style="bold")
    for name in result.variables:
        table.add_column(name, overflow="fold")
    for row in result.rows:
        table.add_row(*(_shown(row.get(name), base) for name in result.variables))
    console = Console(highlight=False, width=None if sys.stdout.isatty() else 160)
    console.print(table)
    console.print(f"{len(result.rows)} row(s)")


def _shown(cell: Cell | None, base: str) -> str:
    from rich.markup import escape

    if cell is None:
        return ""
    if cell.kind == "uri" and cell.value.startswith(base):
        return escape("id:" + cell.value[len(base) :])
    return escape(cell.value)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--max-upload-mb", default=10, show_default=True, type=click.IntRange(min=1), help="Largest upload accepted."
)
@click.option(
    "--timeout",
    default=60.0,
    show_default=True,
    type=click.FloatRange(min=0.1),
    help="Seconds a validation may take before it is stopped.",
)
@click.option(
    "--max-concurrent", type=click.IntRange(min=1), help="Validations and queries at once (default: one per core)."
)
@click.option(
    "--query-timeout",
    default=10.0,
    show_default=True,
    type=click.FloatRange(min=0.1),
    help="Seconds a SPARQL query may take before it is stopped.",
)
@click.option(
    "--query-memory-mb",
    type=click.IntRange(min=64),
    help="Memory one SPARQL query may allocate before it is stopped (default: 1024, less on a machine "
    "with under 8 GB per core).",
)
@PUBLISHED_DATA
@click.option(
    "--location",
    type=click.Path(file_okay=False),
    help="Keep the data in an on-disk store in this folder: filled on first start (or when --data "
    "is given), opened as it is afterwards.",
)
@click.option(
    "--allowed-host",
    "allowed_host",
    multiple=True,
    help="A host name clients use to reach the service (repeatable; '*' for any). Default: the --host "
    "address and localhost; required with --host 0.0.0.0.",
)
@click.pass_context
def serve(
    ctx: click.Context,
    host: str,
    port: int,
    max_upload_mb: int,
    timeout: float,
    max_concurrent: int | None,
    query_timeout: float,
    query_memory_mb: int | None,
    data: tuple[str, ...],
    location: str | None,
    allowed_host: tuple[str, ...],
) -> None:
    """Serve the data as linked data: a home page (/), every IRI as a page in fr, nl or en or
    as RDF (/id/…), a read-only SPARQL endpoint (/sparql), the dataset's DCAT description
    (/dataset) and dumps (/dumps/…), the ontology and shapes documented (/ontology, /shapes);
    and the validation page (/validate) with its REST API (POST /api/validate, described at
    /api/openapi.json); two conventions compared side by side at /compare?a=IRI&b=IRI. Uploads and queries are bounded in size, time, memory and number at
    once, and queries are shared fairly between clients: short ones first, long ones at low
    priority."""
    from dataclasses import replace

    from cssgraph.settings import ServiceLimits
    from cssgraph.web.serve import allowed_hosts, run

    chosen = {"max_concurrent": max_concurrent, "max_query_memory_bytes": query_memory_mb and query_memory_mb * 2**20}
    limits = ServiceLimits(
        max_upload_bytes=max_upload_mb * 2**20,
        timeout_seconds=timeout,
        query_timeout_seconds=query_timeout,
        **{k: v for k, v in chosen.items() if v},
    )
    hosts = _guarded(lambda: allowed_hosts(host, allowed_host))
    settings = replace(ctx.obj, data=data, store_location=location, limits=limits, allowed_hosts=hosts)
    click.echo(f"cssgraph: serving http://{host}:{port}/ (pages, /sparql, /dataset, /validate)", err=True)
    _guarded(lambda: run(host, port, settings))


@main.command("load")
@click.option(
    "--store",
    "--endpoint",
    "store_url",
    required=True,
    callback=lambda ctx, param, value: _http_url(value),
    help="Graph Store Protocol URL of the store, e.g. http://localhost:7878/store "
    "(Virtuoso: http://host:8890/sparql-graph-crud-auth); --endpoint is another name for it.",
)
@click.option(
    "--data", multiple=True, type=click.Path(), help="RDF file or folder to load (repeatable; default: data/)."
)
@click.option(
    "--update",
    "update_url",
    callback=lambda ctx, param, value: value and _http_url(value),
    help="The same store's SPARQL 1.1 Update URL, e.g. http://localhost:7878/update: every graph is then "
    "replaced in one request, so that a load cut short leaves the store as it was (in a store that "
    "runs each request as one transaction, as Oxigraph does).",
)
@click.option("--user", help="User name, when the store wants authentication for writes.")
@click.option("--password", envvar="CSSGRAPH_PASSWORD", help="Password (or env CSSGRAPH_PASSWORD).")
@click.option("--auth", type=click.Choice(["basic", "digest"]), default="basic", show_default=True)
@click.pass_context
def load_command(
    ctx: click.Context,
    store_url: str,
    update_url: str | None,
    data: tuple[str, ...],
    user: str | None,
    password: str | None,
    auth: str,
) -> None:
    """Push every convention (one named graph each), the reference data and the ontology into a
    SPARQL 1.1 store through the Graph Store Protocol. Each graph is replaced: reloading never
    duplicates."""
    from cssgraph.load import load

    sent = _guarded(lambda: load(store_url, list(data) or None, ctx.obj.base, user, password, auth, update_url))
    click.echo(f"loaded {len(sent)} graph(s), {sum(sent.values())} statement(s) into {store_url}")


@main.command()
@click.option(
    "--out",
    required=True,
    type=click.Path(file_okay=False),
    help="Folder of the static site (replaced as a whole when it holds a published site).",
)
@PUBLISHED_DATA
@click.option(
    "--site-url",
    help="Where the site will be served, for the dataset description's links "
    "(default: the base without its id/, e.g. https://w3id.org/cssgraph).",
)
@click.option(
    "--sparql-endpoint",
    help="URL of a SPARQL endpoint serving the same data, named in the "
    "dataset description (a static site has none of its own).",
)
@click.pass_context
def publish(
    ctx: click.Context, out: str, data: tuple[str, ...], site_url: str | None, sparql_endpoint: str | None
) -> None:
    """Write the site of `cssgraph serve` as static files: a page per IRI in fr, nl and en, its
    RDF in Turtle, JSON-LD, RDF/XML and N-Triples, the ontology and shapes documented, the DCAT
    description and the dumps, with the content negotiation rules for Apache (.htaccess) and
    nginx (.nginx/)."""
    from dataclasses import replace

    from cssgraph.store import embedded_store
    from cssgraph.web.publish import publish as write_site

    settings = replace(ctx.obj, data=data)
    site_url = site_url or settings.base.removesuffix("/").removesuffix("/id")
    store = _guarded(lambda: embedded_store(settings.data_paths, settings.base))
    done = _guarded(lambda: write_site(Path(out), store, site_url, settings, sparql_endpoint))
    click.echo(f"published {done.resources} resource(s) as {done.files} file(s) in {done.out}")


@main.command("report-template")
@click.argument("convention")
@CONVENTION_DATA
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), help="The sheet: .xlsx (Excel) or .csv. Default: CSV on stdout."
)
@click.option("--lang", type=LANGS, default="fr", show_default=True, help="Language of the sheet's headings and words.")
@click.pass_context
def report_template(ctx: click.Context, convention: str, data: tuple[str, ...], output: str | None, lang: str) -> None:
    """The sheet a municipality fills in with the values of its indicators: one row per
    indicator of CONVENTION (its IRI), one column per year of its period; the values the data
    already holds are filled in."""
    from cssgraph import cube
    from cssgraph.store import embedded_store

    def sheet() -> str | bytes:
        if output is not None and Path(output).suffix.lower() not in cube.SHEET_FORMATS:
            raise InputError(output, "-o names neither an .xlsx nor a .csv file", fix="end its name with .xlsx or .csv")
        rows = cube.template_rows(embedded_store(list(data) or None, ctx.obj.base), convention, lang)
        if output is not None and output.lower().endswith(".xlsx"):
            return cube.write_xlsx(rows, convention.rsplit("/convention/", 1)[-1].replace("/", " "))
        return cube.write_csv(rows)

    write_output(_guarded(sheet, lang), output)


@main.command("report-values")
@click.argument("sheets", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@CONVENTION_DATA
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False), help="Write the observations here (TriG). Default: stdout."
)
@click.option("--partial", is_flag=True, help="Write the good cells' observations even if some cells are bad (exit 1).")
@click.option("--lang", type=LANGS, default="en", show_default=True, help="Language of the messages.")
@click.pass_context
def report_values(
    ctx: click.Context, sheets: tuple[str, ...], data: tuple[str, ...], output: str | None, partial: bool, lang: str
) -> None:
    """Read filled sheets (.xlsx, .csv) into W3C Data Cube observations of the indicators'
    values. Every bad cell (an unknown indicator, a year outside the period, a number not in
    Belgian notation, a value without a unit) is named by sheet, row and column, and nothing is
    written unless --partial."""
    import pyoxigraph as ox

    from cssgraph import cube
    from cssgraph.i18n import translate, translate_plural
    from cssgraph.store import embedded_store

    def read() -> tuple[list[cube.Cell], list[cube.BadCell], ox.Store]:
        store = embedded_store(list(data) or None, ctx.obj.base)
        known = cube.indicators(store)
        cells, bad = [], []
        for sheet in sheets:
            reading = cube.read_sheets(Path(sheet), known, lang)
            cells += reading.cells
            bad += reading.bad
        if not cells and not bad:
            raise InputError(
                ", ".join(sheets),
                translate(lang, "the sheets hold no value and no status"),
                fix=translate(lang, "fill the year columns of the sheet `cssgraph report-template` writes"),
            )
        return cells, bad, store

    cells, bad, store = _guarded(read, lang)
    for cell in bad:
        click.echo(f"cssgraph: error: {cell}", err=True)
    if bad and not partial:
        summary = translate_plural(
            lang,
            "%(num)d bad cell: nothing written (correct it, or write the good cells with --partial)",
            "%(num)d bad cells: nothing written (correct them, or write the good cells with --partial)",
            len(bad),
        )
        click.echo(f"cssgraph: error: {summary}", err=True)
        sys.exit(2)
    quads = cube.observations(cells)
    trig = ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=cube.PREFIXES)
    write_output(cast(bytes, trig).decode(), output)
    # What is still to report (warnings), and a broken cube (never expected: exit 1).
    found = cube.findings(store, quads, lang)
    for finding in found:
        click.echo(f"cssgraph: {finding.severity.lower()}: {finding.message}", err=True)
    if bad or any(finding.severity == "Violation" for finding in found):
        sys.exit(1)


@main.command("check-ontology")
@click.option(
    "--with-data/--ontology-only",
    default=True,
    show_default=True,
    help="Also reason over data/ (reference data and conventions) with the ontology.",
)
@click.pass_context
def check_ontology(ctx: click.Context, with_data: bool) -> None:
    """OWL 2 DL consistency (Pellet, through owlready2) and quality checks of the ontology.

    Exit status: 0 every check passed, 1 a check failed.
    """
    from cssgraph.ontology import check_ontology as run_checks

    outcome = _guarded(lambda: run_checks(with_data=with_data))
    for check in outcome.checks:
        mark = click.style("✔", fg="green") if check.passed else click.style("✘", fg="red", bold=True)
        click.echo(f"{mark} {check.name}")
        for problem in check.problems:
            click.echo(f"    {problem}")
    click.echo("ontology checks passed" if outcome.passed else "ontology checks FAILED")
    ctx.exit(0 if outcome.passed else 1)


def _with_progress(action: Callable[[Callable[[int, int], None] | None], _Done]) -> _Done:
    """Run ``action(progress)`` with a progress bar on a terminal, silently elsewhere."""
    if not sys.stderr.isatty():
        return action(None)
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task("validating", total=None)
        return action(lambda done, total: bar.update(task, completed=done, total=total))


def _guarded(action: Callable[[], _Done], lang: str = "en") -> _Done:
    """Run an action; bad input becomes one line on stderr, in ``lang``, and exit status 2."""
    try:
        return action()
    except InputError as error:
        click.echo(f"cssgraph: error: {error.said(lang)}", err=True)
        sys.exit(2)
