"""Hostile data and faults (issue 16): no file written outside the publishing folder, no link
that runs script, output files that keep the user's permissions and never replace a special
file, spreadsheet cells that cannot run formulas."""

from __future__ import annotations

import os
import stat

import pyoxigraph as ox
import pytest

from cssgraph.errors import InputError
from cssgraph.pages import Site
from cssgraph.publish import publish

from conftest import BASE, CONVENTION, VERVIERS, run_cli

ESCAPING = f"{BASE}../../../../../PUBLISH_ESCAPE/pwned"


def _with(tmp_path, triple: str):
    """The Verviers data plus one statement, as a TriG file."""
    path = tmp_path / "hostile.trig"
    path.write_text(VERVIERS.read_text(encoding="utf-8") + f"\n<{BASE}graph/hostile> {{ {triple} }}\n",
                    encoding="utf-8")
    return path


def test_an_iri_that_leaves_the_base_is_refused_at_load_and_nothing_is_written(tmp_path):
    data = _with(tmp_path, f"<{ESCAPING}> <http://www.w3.org/2000/01/rdf-schema#label> \"x\" .")
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
    store.add(ox.Quad(ox.NamedNode(ESCAPING), ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
                      ox.Literal("x"), ox.NamedNode(f"{BASE}graph/hostile")))
    out = tmp_path / "a" / "b" / "c" / "site"
    with pytest.raises(InputError, match="outside the site"):
        publish(out, store, "https://example.org")
    assert not any("PUBLISH_ESCAPE" in str(p) for p in tmp_path.rglob("*"))
    assert not out.exists() and not list(out.parent.glob(".site.publishing-*"))


@pytest.mark.parametrize("iri", ["javascript:alert(document.cookie)", "JavaScript:alert(1)", "data:text/html,x",
                                 "vbscript:msgbox(1)"])
def test_an_iri_that_would_run_script_is_shown_never_linked(iri):
    store = ox.Store()
    store.load(path=str(VERVIERS), format=ox.RdfFormat.TRIG)
    convention = ox.NamedNode(CONVENTION)
    store.add(ox.Quad(convention, ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#seeAlso"), ox.NamedNode(iri),
                      ox.NamedNode(f"{BASE}graph/hostile")))
    site = Site(store, live=False)
    page = site.resource_page(convention, site.description(convention), "en")
    assert 'href="' + iri[:10] not in page and "href='" + iri[:10] not in page
    assert "href=\"https://" in page or "href=\"/id/" in page  # ordinary links are still links


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
        f'WHERE {{ BIND(<{CONVENTION}> AS ?c) ?c rdfs:label ?l ; eli:based_on ?d }}', tmp_path)
    process = run_cli("validate", draft, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(process.stdout)))
    assert rows and any(value.startswith("'=HYPERLINK") for row in rows for value in row.values() if value)
    assert not any(value[:1] in "=+-@" for row in rows for value in row.values() if value)
