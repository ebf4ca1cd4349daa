"""Hostile data and faults (issue 16): no file written outside the publishing folder, no link
that runs script, output files that keep the user's permissions and never replace a special
file, spreadsheet cells that cannot run formulas."""

from __future__ import annotations

import html
import json
import os
import stat
import time

import pyoxigraph as ox
import pytest

from cssgraph.errors import InputError
from cssgraph.web.pages import Site
from cssgraph.web.publish import publish

from conftest import BASE, CONVENTION, VERVIERS, post_without_waiting, request, run_cli

ESCAPING = f"{BASE}../../../../../PUBLISH_ESCAPE/pwned"


def _with(tmp_path, triple: str):
    """The Verviers data plus one statement, as a TriG file."""
    path = tmp_path / "hostile.trig"
    path.write_text(
        VERVIERS.read_text(encoding="utf-8") + f"\n<{BASE}graph/hostile> {{ {triple} }}\n", encoding="utf-8"
    )
    return path


def test_an_iri_that_leaves_the_base_is_refused_at_load_and_nothing_is_written(tmp_path):
    data = _with(tmp_path, f'<{ESCAPING}> <http://www.w3.org/2000/01/rdf-schema#label> "x" .')
    out = tmp_path / "deep" / "er" / "site"
    process = run_cli("publish", "--data", str(data), "--out", str(out))
    assert process.returncode == 2 and "Traceback" not in process.stderr
    assert "'..' segments" in process.stderr and "hostile.trig" in process.stderr
    assert not any("PUBLISH_ESCAPE" in str(p) for p in tmp_path.rglob("*"))
    assert not out.exists()


def test_publish_never_writes_outside_its_folder_whatever_the_store_holds(tmp_path):
    # Past the load check (a store filled some other way), the writer checks every path itself.
    store = ox.Store()
    store.load(path=str(VERVIERS), format=ox.RdfFormat.TRIG)
    store.add(
        ox.Quad(
            ox.NamedNode(ESCAPING),
            ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
            ox.Literal("x"),
            ox.NamedNode(f"{BASE}graph/hostile"),
        )
    )
    out = tmp_path / "a" / "b" / "c" / "site"
    with pytest.raises(InputError, match="outside the site"):
        publish(out, store, "https://example.org")
    assert not any("PUBLISH_ESCAPE" in str(p) for p in tmp_path.rglob("*"))
    assert not out.exists() and not list(out.parent.glob(".site.publishing-*"))


@pytest.mark.parametrize(
    "iri", ["javascript:alert(document.cookie)", "JavaScript:alert(1)", "data:text/html,x", "vbscript:msgbox(1)"]
)
def test_an_iri_that_would_run_script_is_shown_never_linked(iri):
    store = ox.Store()
    store.load(path=str(VERVIERS), format=ox.RdfFormat.TRIG)
    convention = ox.NamedNode(CONVENTION)
    store.add(
        ox.Quad(
            convention,
            ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#seeAlso"),
            ox.NamedNode(iri),
            ox.NamedNode(f"{BASE}graph/hostile"),
        )
    )
    site = Site(store, live=False)
    page = site.resource_page(convention, site.data.description(convention), "en")
    assert 'href="' + iri[:10] not in page and "href='" + iri[:10] not in page
    assert html.escape(iri) in page  # shown, as text
    assert 'href="https://' in page or 'href="/id/' in page  # ordinary links are still links


@pytest.mark.parametrize(
    "statements, text",
    [
        # the outline: a part of the convention written as text
        (
            f'<{CONVENTION}> <http://data.europa.eu/eli/ontology#has_part> "Section V : dispositions finales" .',
            "Section V : dispositions finales",
        ),
        # the provenance: a source document, and the place in it, written as text
        (
            f"<{CONVENTION}> <http://www.w3.org/ns/prov#wasDerivedFrom> <{CONVENTION}#note> . "
            f'<{CONVENTION}#note> <http://www.w3.org/ns/oa#hasSource> "Courrier du 3 mai 2018" ; '
            '<http://www.w3.org/ns/oa#hasSelector> "ligne 3" .',
            "Courrier du 3 mai 2018",
        ),
    ],
    ids=["outline", "provenance"],
)
def test_text_where_the_outline_or_the_provenance_expects_a_node_is_shown_on_the_page(statements, text, tmp_path):
    # Data that fails validation is served all the same: text has no statements of its own to
    # follow (pyoxigraph refuses it as a subject), so the page shows it as text instead of failing.
    from cssgraph.store import embedded_store

    store = embedded_store([_with(tmp_path, statements)])
    site = Site(store)
    convention = ox.NamedNode(CONVENTION)
    page = site.resource_page(convention, site.data.description(convention), "fr")
    assert html.escape(text) in page


def test_output_files_keep_the_users_permissions(tmp_path):
    output = tmp_path / "trace.csv"
    process = run_cli("query", "indicator-trace", "--format", "csv", "-o", str(output))
    assert process.returncode == 0, process.stderr
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(output.stat().st_mode) == 0o666 & ~umask


def test_output_through_a_symlink_a_fifo_or_a_device_never_replaces_it(tmp_path):
    real = tmp_path / "real.csv"
    real.write_text("old\n")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    assert run_cli("query", "funding", "--format", "csv", "-o", str(link)).returncode == 0
    assert link.is_symlink() and "Verviers,63079,2018" in real.read_text()
    # A device is written through, not replaced by a regular file (a private /dev/null: a
    # regression must not break the host's).
    null = _device(tmp_path / "null", 3)
    assert run_cli("query", "funding", "--format", "csv", "-o", str(null)).returncode == 0
    assert stat.S_ISCHR(null.lstat().st_mode)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    import threading

    received = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_text()))
    reader.start()
    assert run_cli("query", "funding", "--format", "csv", "-o", str(fifo)).returncode == 0
    reader.join(30)
    assert stat.S_ISFIFO(fifo.lstat().st_mode) and "Verviers,63079,2018" in received[0]


@pytest.mark.parametrize("place, message", [("missing/folder/out.csv", "does not exist"), (".", "is a directory")])
def test_output_mistakes_are_one_line(place, message, tmp_path):
    process = run_cli("query", "funding", "--format", "csv", "-o", str(tmp_path / place))
    assert process.returncode == 2 and message in process.stderr and "Traceback" not in process.stderr


def test_a_full_disk_is_one_line_and_leaves_no_file(tmp_path):
    # A full device answers every write with ENOSPC: through it, as on a full disk.
    full = _device(tmp_path / "full", 7)
    process = run_cli("query", "funding", "--format", "csv", "-o", str(full))
    assert process.returncode == 2 and "No space left" in process.stderr and "Traceback" not in process.stderr
    assert stat.S_ISCHR(full.lstat().st_mode) and list(tmp_path.iterdir()) == [full]


def _device(path, minor: int):
    """A private copy of /dev/null (minor 3) or /dev/full (minor 7); making one needs root, as
    the tests and CI run."""
    os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, minor))
    return path


def test_csv_report_cells_cannot_run_formulas(tmp_path):
    # A convention whose label is a formula, and a finding on it: the CSV report shows the
    # label, a spreadsheet must not run it.
    import csv
    import io

    from conftest import broken_convention

    draft = broken_convention(
        'DELETE { ?c rdfs:label ?l ; eli:based_on ?d } INSERT { ?c rdfs:label "=HYPERLINK(\\"http://x\\")"@fr } '
        f"WHERE {{ BIND(<{CONVENTION}> AS ?c) ?c rdfs:label ?l ; eli:based_on ?d }}",
        tmp_path,
    )
    process = run_cli("validate", draft, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(process.stdout)))
    assert rows and any(value.startswith("'=HYPERLINK") for row in rows for value in row.values() if value)
    assert not any(value[:1] in "=+-@" for row in rows for value in row.values() if value)


def _killed_while_filling(location, data) -> None:
    """Start `cssgraph serve --location` filling from ``data`` and kill -9 it mid-fill."""
    import signal
    import subprocess
    import sys
    import time

    from conftest import free_port

    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "cssgraph",
            "serve",
            "--port",
            str(free_port()),
            "--location",
            str(location),
            "--data",
            str(data),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    started = location.stat().st_mtime_ns if location.exists() else None
    # The fill has started when a store is being written: beside the store, or in it.
    while not list(location.parent.glob(f".{location.name}.filling-*")) and not (
        location.exists() and location.stat().st_mtime_ns != started and any(location.iterdir())
    ):
        assert server.poll() is None and time.monotonic() < deadline, "the fill never started"
        time.sleep(0.005)
    server.send_signal(signal.SIGKILL)
    server.wait()


def test_a_store_killed_while_filling_is_refused_or_kept_never_half_served(tmp_path):
    import sys

    from conftest import ROOT, request, start_server

    sys.path.insert(0, str(ROOT / "bench"))
    from corpus import generate

    corpus = tmp_path / "corpus"
    generate(300, corpus)  # ~126,000 statements: a fill long enough to be killed in the middle
    location = tmp_path / "store"
    # The first fill killed: a restart without --data refuses, it does not serve the default data.
    _killed_while_filling(location, corpus)
    refused = run_cli("serve", "--port", "1", "--location", str(location))
    assert refused.returncode == 2 and "interrupted" in refused.stderr and "Traceback" not in refused.stderr
    # A complete store, then a re-fill killed: the complete store is still there, and served.
    changed = tmp_path / "verviers.trig"
    changed.write_text(
        VERVIERS.read_text(encoding="utf-8").replace(
            '"Délai de transmission"@fr', '"Délai de transmission (complete)"@fr'
        ),
        encoding="utf-8",
    )
    server, url = start_server("--location", str(location), "--data", str(changed))
    server.terminate()
    server.wait(timeout=10)
    _killed_while_filling(location, corpus)
    server, url = start_server("--location", str(location))
    try:
        status, _, body = request(
            url
            + "/sparql?query="
            + __import__("urllib.parse").parse.quote(
                'ASK { ?w <http://www.w3.org/2004/02/skos/core#prefLabel> "Délai de transmission (complete)"@fr }'
            ),
            headers={"Accept": "application/sparql-results+json"},
        )
        assert status == 200 and b"true" in body
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.parametrize(
    "path", ["/id/%00", "/id/a%20b", "/id/%3Cscript%3E", "/id/%22", "/id/%7B%7D", "/id/%5C", "/id/x%00.ttl"]
)
def test_paths_no_iri_can_hold_are_not_found_not_errors(site, path):
    from conftest import request

    status, _, body = request(site + path)
    assert status == 404 and b"<script>" not in body


@pytest.mark.parametrize("accept", ["text/html;q=abc", "text/turtle;q=", "application/ld+json;q=1e999x"])
@pytest.mark.parametrize("path", ["/id/convention/63079/css/2018-2019", "/ontology", "/dataset"])
def test_a_malformed_accept_is_no_server_error(site, accept, path):
    from conftest import request

    status, _, _ = request(site + path, headers={"Accept": accept})
    assert status < 500


def _word_with(tmp_path, name: str, change):
    """The Verviers convention as a Word file, its package changed by ``change(members)``."""
    import zipfile

    from layout import verviers_paragraphs, write_docx

    original = write_docx(verviers_paragraphs(), tmp_path / "original.docx")
    with zipfile.ZipFile(original) as package:
        members = {info.filename: package.read(info) for info in package.infolist()}
    change(members)
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for member, content in members.items():  # a member may name its own compression
            content, compression = content if isinstance(content, tuple) else (content, zipfile.ZIP_DEFLATED)
            package.writestr(member, content, compress_type=compression)
    return path


HOSTILE_DOCUMENTS = {
    "zip bomb": (
        "bomb.docx",
        lambda p: _word_with(p, "bomb.docx", lambda m: m.update({"word/padding.xml": b"0" * 40 * 2**20})),
        "would inflate",
    ),
    # A small file (bzip2 packs 60 MB of zeros in a few bytes) under the absolute bound: its ratio gives it away.
    "small zip bomb": (
        "small-bomb.docx",
        lambda p: _word_with(
            p,
            "small-bomb.docx",
            lambda m: m.update({"word/padding.xml": (b"0" * 60 * 2**20, __import__("zipfile").ZIP_BZIP2)}),
        ),
        "would inflate",
    ),
    "entities": (
        "laughs.docx",
        lambda p: _word_with(
            p,
            "laughs.docx",
            lambda m: m.update(
                {
                    "word/document.xml": (
                        b'<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
                        + m["word/document.xml"].split(b"?>", 1)[1]
                    )
                }
            ),
        ),
        "declares a DOCTYPE",
    ),
    "malformed XML": (
        "broken.docx",
        lambda p: _word_with(
            p, "broken.docx", lambda m: m.update({"word/document.xml": m["word/document.xml"][:-200]})
        ),
        "damaged or truncated Word file",
    ),
    "too many pages": ("pages.pdf", lambda p: _many_pages(p / "pages.pdf"), "pages: far more than a convention"),
    "too large": ("large.txt", lambda p: _large_text(p / "large.txt"), "far larger than a convention"),
}


def _many_pages(path):
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path))
    for n in range(1_200):
        pdf.drawString(72, 720, f"Objectif stratégique {n}")
        pdf.showPage()
    pdf.save()
    return path


def _large_text(path):
    path.write_bytes(b"Indicateurs :\n" * (4 * 2**20))
    return path


# What reading a hostile document may take at its peak, the interpreter and the libraries
# included (each of them measured 72-152 MB on the project machine; the Verviers Word file alone ~120 MB).
HOSTILE_DOCUMENT_MEMORY = 400 * 2**20


def _run_measured(tmp_path, *args: str):
    """Run the CLI as run_cli does, and measure the process's peak resident memory (wait4
    gives that child's own rusage)."""
    import subprocess
    import sys

    from conftest import ROOT

    with open(tmp_path / "stdout", "w+") as stdout, open(tmp_path / "stderr", "w+") as stderr:
        process = subprocess.Popen([sys.executable, "-m", "cssgraph", *args], stdout=stdout, stderr=stderr, cwd=ROOT)
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        stdout.seek(0)
        stderr.seek(0)
        return subprocess.CompletedProcess(
            process.args, process.returncode, stdout.read(), stderr.read()
        ), usage.ru_maxrss * 1024


@pytest.mark.parametrize("case", sorted(HOSTILE_DOCUMENTS))
def test_a_hostile_document_is_one_clear_line_and_the_batch_goes_on(case, tmp_path):
    name, make, message = HOSTILE_DOCUMENTS[case]
    folder = tmp_path / "batch"
    folder.mkdir()
    make(folder)
    (folder / "verviers.trig").write_bytes(VERVIERS.read_bytes())
    for leftover in folder.glob("original.docx"):
        leftover.unlink()
    extract, peak = _run_measured(tmp_path, "extract", str(folder / name), "-o", str(tmp_path / "out.trig"))
    assert extract.returncode == 2 and message in extract.stderr and "Traceback" not in extract.stderr
    assert len(extract.stderr.strip().splitlines()) == 1 and not (tmp_path / "out.trig").exists()
    assert peak < HOSTILE_DOCUMENT_MEMORY, f"{case}: {peak / 2**20:.0f} MB at its peak"
    batch = run_cli("validate", str(folder), "--format", "json")
    assert batch.returncode == 2 and "Traceback" not in batch.stderr and message in batch.stderr
    assert '"conforms": true' in batch.stdout  # the good file still has its report


def test_an_error_line_quotes_a_short_escaped_excerpt(tmp_path):
    # A syntax error on a line holding terminal escapes, newlines' stand-ins and 200 KB of text.
    bad = tmp_path / "bad.ttl"
    bad.write_text("<http://a> <http://b> " + "\x1b[31m" + "x" * 200_000 + " .\n", encoding="utf-8")
    process = run_cli("validate", str(bad))
    [line] = process.stderr.strip().splitlines()
    assert process.returncode == 2 and "\x1b" not in line and len(line) < 1_500


@pytest.mark.parametrize(
    "args, message",
    [
        (["validate", "data", "--cache", "/proc/no-such-folder"], "cannot keep the cache there"),
        (["load", "--store", "not-a-url"], "is not an http(s) URL"),
    ],
)
def test_ordinary_cli_mistakes_are_one_line(args, message):
    process = run_cli(*args)
    assert process.returncode == 2 and message in process.stderr and "Traceback" not in process.stderr


def test_a_statement_too_large_to_parse_is_one_line(tmp_path):
    big = tmp_path / "big.nt"
    big.write_text('<http://a> <http://b> "' + "a" * (17 * 2**20) + '" .\n', encoding="utf-8")
    process = run_cli("query", "funding", "--data", str(big))
    assert process.returncode == 2 and "too large to read" in process.stderr and "Traceback" not in process.stderr


def test_a_publish_cleans_what_killed_publishes_left(tmp_path):
    out = tmp_path / "site"
    stale = tmp_path / ".site.publishing-killed"
    (stale / "id").mkdir(parents=True)  # as a publish killed -9 leaves its staging folder
    store = ox.Store()
    store.load(path=str(VERVIERS), format=ox.RdfFormat.TRIG)
    publish(out, store, "https://example.org")
    assert (out / "index.var").exists() and not stale.exists()


def test_reasoning_never_fetches_what_a_document_imports(tmp_path, recording_server):
    here, requests = recording_server
    from conftest import broken_convention

    data = broken_convention(
        "INSERT DATA { <https://w3id.org/cssgraph/ontology> <http://www.w3.org/2002/07/owl#imports> "
        f"<{here}/imported.owl> }}",
        tmp_path,
    )
    process = run_cli("validate", data, "--reason")
    assert process.returncode in (0, 1) and "Traceback" not in process.stderr, process.stderr[-500:]
    assert requests == []


def test_bodies_without_a_length_are_bounded_too(site):
    megabyte = b"x" * 2**20
    # A chunked multipart upload of 200 MB: refused once past the upload limit, not read whole.
    boundary = "cssgraphboundary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.ttl"\r\n'
        "Content-Type: text/turtle\r\n\r\n"
    ).encode()
    status, body = post_without_waiting(
        site, "/api/validate", (part for part in [head] + [megabyte] * 200), f"multipart/form-data; boundary={boundary}"
    )
    assert status == 413 and b"larger than 10 MB" in body
    # A SPARQL query of 50 MB in a POST body.
    status, body = post_without_waiting(site, "/sparql", (megabyte for _ in range(50)), "application/sparql-query")
    assert status == 413 and b"larger than 1 MB" in body
    # The endpoint still answers.
    status, _, _ = request(site + "/sparql?query=ASK%7B%7D", headers={"Accept": "application/sparql-results+json"})
    assert status == 200


def test_load_into_something_that_is_not_a_store_fails():
    # A URL that answers "200 OK" with a web page to every request (a proxy's error page, a
    # wrong path): the load must not report success.
    import http.server
    import threading

    class WebPage(http.server.BaseHTTPRequestHandler):
        def answer(self):
            length = int(self.headers.get("Content-Length") or 0)
            self.rfile.read(length)
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<html><body>Welcome</body></html>")

        do_GET = do_PUT = do_POST = answer  # noqa: N815

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), WebPage)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        process = run_cli("load", "--store", f"http://127.0.0.1:{server.server_address[1]}/store")
    finally:
        server.shutdown()
    assert process.returncode == 2 and "does not give it back" in process.stderr and "Traceback" not in process.stderr


def test_an_outline_with_a_cycle_is_published_and_validated_without_error(tmp_path):
    from conftest import broken_convention

    cycle = broken_convention(
        f"INSERT DATA {{ <{CONVENTION}/sector/2> <http://data.europa.eu/eli/ontology#has_part> <{CONVENTION}/section/2> . "
        f"<{CONVENTION}/sector/2/strategic-objective/1/operational-objective/1> "
        f"<https://w3id.org/cssgraph/ontology#hasSubAction> <{CONVENTION}/sector/2/strategic-objective/1/operational-objective/1> }}",
        tmp_path,
    )
    published = run_cli("publish", "--data", cycle, "--out", str(tmp_path / "site"))
    assert published.returncode == 0 and "Traceback" not in published.stderr, published.stderr[-300:]
    validated = run_cli("validate", cycle)
    assert validated.returncode in (0, 1) and "Traceback" not in validated.stderr


def test_reports_never_show_the_servers_temporary_folder(site):
    # Relative IRIs resolve against the upload's place: the report shows them as written.
    document = json.dumps(
        {
            "@context": {"cssg": "https://w3id.org/cssgraph/ontology#"},
            "@id": "relative/convention",
            "@type": "cssg:Convention",
            "cssg:hasSector": {"@id": "../up/sector"},
        }
    ).encode()
    for accept in ("application/json", "text/html", "text/csv", "text/turtle", "application/ld+json", "text/plain"):
        status, _, body = request(
            site + "/api/validate", document, {"Content-Type": "application/ld+json", "Accept": accept}
        )
        assert status == 200, body[:300]
        assert b"relative/convention" in body and b"cssgraph-upload" not in body, (accept, body[:500])


def test_a_forged_host_is_refused_not_echoed(site):
    import http.client
    import urllib.parse

    parts = urllib.parse.urlsplit(site)
    for path in ("/dataset", "/sparql", "/"):
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        connection.request("GET", path, headers={"Host": "evil.example", "Accept": "text/turtle"})
        answer = connection.getresponse()
        body = answer.read()
        connection.close()
        assert answer.status == 400 and b"evil.example" not in body, (path, answer.status, body[:200])
    status, _, body = request(site + "/dataset", headers={"Accept": "text/turtle"})
    assert status == 200 and site.encode() in body  # the address it listens on is served


def test_listening_on_every_interface_needs_the_host_names():
    process = run_cli("serve", "--host", "0.0.0.0", "--port", "1")
    assert process.returncode == 2 and "Traceback" not in process.stderr
    assert "--allowed-host" in process.stderr and len(process.stderr.strip().splitlines()) == 1


def test_kept_reports_stay_within_their_memory_and_time():
    from cssgraph.settings import ServiceLimits
    from cssgraph.web.serve import _Service

    service = _Service(ServiceLimits(kept_reports=10, kept_report_bytes=1000, kept_report_seconds=3600), site=None)
    keys = [service._keep({"reports": {"json": "x" * 300}}) for _ in range(5)]
    assert list(service.reports) == keys[2:]  # 3 × 300 fit in 1,000; the oldest went first
    brief = _Service(ServiceLimits(kept_report_seconds=0.1), site=None)
    brief._keep({"reports": {"json": "x"}})
    brief._keep({"reports": {"json": "y"}})
    time.sleep(0.2)  # both are past their time now
    brief._forget_expired()
    assert len(brief.reports) == 0


def test_publish_on_a_full_disk_is_one_line_and_keeps_the_previous_site(tmp_path):
    # A real small file system (tmpfs, mounted in a namespace of the test's own): 20 MB hold
    # one site (9 MB) and its staging copy; then a file takes all but 1 MB, and publishing again fails.
    import shutil
    import subprocess
    import sys

    mount = tmp_path / "disk"
    mount.mkdir()
    script = f"""set -e
mount -t tmpfs -o size=20m tmpfs {mount}
{sys.executable} -m cssgraph publish --out {mount}/site
find {mount}/site -type f | sort > {tmp_path}/before
fallocate -l $(( $(df --output=avail -B1 {mount} | tail -1) - 1048576 )) {mount}/filler
set +e
{sys.executable} -m cssgraph publish --out {mount}/site 2> {tmp_path}/stderr
echo $? > {tmp_path}/status
find {mount}/site -type f | sort > {tmp_path}/after
ls -a {mount} > {tmp_path}/listing
"""
    assert shutil.which("unshare"), "util-linux's unshare is needed to mount a private tmpfs"
    process = subprocess.run(
        ["unshare", "--user", "--map-root-user", "--mount", "sh", "-c", script],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert process.returncode == 0, process.stderr
    stderr = (tmp_path / "stderr").read_text()
    assert (tmp_path / "status").read_text().strip() == "2" and "Traceback" not in stderr
    assert "No space left on device" in stderr and len(stderr.strip().splitlines()) == 1
    assert (tmp_path / "after").read_text() == (tmp_path / "before").read_text()  # the previous site, whole
    assert sorted((tmp_path / "listing").read_text().split()) == [".", "..", "filler", "site"]  # no staging left
