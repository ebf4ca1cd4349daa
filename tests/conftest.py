"""Shared helpers: where the project's files are, running the real ``cssgraph`` command, and
the real servers the tests talk to (cssgraph serve, the Oxigraph server)."""

from __future__ import annotations

import http.server
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
VERVIERS = DATA / "conventions" / "verviers-2018-2019.trig"
# The Verviers convention with three things missing (its header comment says which).
DRAFT = ROOT / "tests" / "fixtures" / "verviers-draft-incomplete.ttl"
BASE = "https://w3id.org/cssgraph/id/"
CONVENTION = BASE + "convention/63079/css/2018-2019"
CONVENTION_GRAPH = BASE + "graph/convention/63079/css/2018-2019"
# The curated convention's one finding: sector 1 offers two alternative objectives and the
# document does not say which applies (source lines 103-108).
CURATED_WARNING = ("Warning", CONVENTION + "/sector/1")


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    """The command as a user runs it: a new Python process, output captured."""
    return subprocess.run(
        [sys.executable, "-m", "cssgraph", *args], cwd=cwd, capture_output=True, text=True, timeout=300
    )


@pytest.fixture
def cli():
    return run_cli


PREFIXES = """
PREFIX cssg:   <https://w3id.org/cssgraph/ontology#>
PREFIX eli:    <http://data.europa.eu/eli/ontology#>
PREFIX rdfs:   <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd:    <http://www.w3.org/2001/XMLSchema#>
PREFIX schema: <https://schema.org/>
PREFIX prov:   <http://www.w3.org/ns/prov#>
PREFIX org:    <http://www.w3.org/ns/org#>
PREFIX foaf:   <http://xmlns.com/foaf/0.1/>
PREFIX skos:   <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""


def broken_convention(update: str, folder) -> str:
    """The Verviers convention after one update, written as a Turtle file."""
    store = ox.Store()
    store.load(path=str(VERVIERS), format=ox.RdfFormat.TRIG)
    store.update(
        PREFIXES + f"\nWITH <{CONVENTION_GRAPH}>\n" + update
        if update.startswith("DELETE {")
        else PREFIXES + _in_graph(update)
    )
    path = folder / "draft.ttl"
    store.dump(str(path), format=ox.RdfFormat.TURTLE, from_graph=ox.NamedNode(CONVENTION_GRAPH))
    return str(path)


def _in_graph(update: str) -> str:
    keyword, _, body = update.partition("{")
    return f"{keyword}{{ GRAPH <{CONVENTION_GRAPH}> {{ {body.rsplit('}', 1)[0]} }} }}"


SOURCE = ROOT / "sources" / "verviers-2018-2019.fr.txt"
PROVENANCE = ("http://www.w3.org/ns/prov#wasDerivedFrom",)


def is_provenance(quad) -> bool:
    """Whether a statement is provenance that extraction adds: a link to the source, a
    selector, or the description of the source document."""
    subject = quad.subject.value
    return quad.predicate.value in PROVENANCE or "#" in subject.rsplit("/", 1)[-1] or "/document/" in subject


def without_provenance(quads) -> set[tuple]:
    """The statements of a convention graph minus the provenance that extraction adds."""
    return {(quad.subject, quad.predicate, quad.object) for quad in quads if not is_provenance(quad)}


def curated_verviers() -> set[tuple]:
    return without_provenance(ox.parse(path=str(VERVIERS), format=ox.RdfFormat.TRIG))


@pytest.fixture
def recording_server():
    """A local HTTP server that records every request it receives: nothing cssgraph is asked
    to read may make it receive one. Yields (its URL, the list of requested paths)."""
    requests: list[str] = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's naming)
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "application/ld+json")
            self.end_headers()
            self.wfile.write(b'{"@context": {"name": "http://schema.org/name"}}')

        do_POST = do_GET  # noqa: N815

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", requests
    server.shutdown()


def wait_until_up(url: str, process: subprocess.Popen, what: str, seconds: float = 20) -> None:
    """Poll ``url`` until it answers; fail with ``what`` if ``process`` dies or time runs out."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                raise RuntimeError(f"{what} did not start") from None
            time.sleep(0.1)


# -- In process: the command through click's CliRunner, the app through Starlette's TestClient --
# For the logic of the command and of the service; run_cli and the real servers below are for
# what only a real process shows (exit on a signal, ports, workers, limits, other clients).


def invoke(*args: str) -> subprocess.CompletedProcess:
    """The command run in this process, from the project's folder: its exit status and output,
    as ``run_cli`` gives them. An exception escaping the command fails the test."""
    import contextlib

    from click.testing import CliRunner

    from cssgraph.cli import main

    with contextlib.chdir(ROOT):
        result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return subprocess.CompletedProcess(["cssgraph", *args], result.exit_code, result.stdout, result.stderr)


class InProcessApp:
    """The service's app, asked in this process (no server, no port)."""

    url = "http://localhost"  # the TestClient's base: a host name the service accepts

    def __init__(self, client) -> None:
        self.client = client

    def request(
        self, path: str, body: bytes | None = None, headers: dict | None = None, method: str | None = None
    ) -> tuple[int, dict, bytes]:
        """(status, headers, body) of one exchange, as ``request`` gives them for a real server;
        ``path`` is a path, or a URL under ``url``."""
        # As urllib asks (no compression unless asked) and reads (the bytes as sent: a .gz stays gzipped).
        headers = {"Accept-Encoding": "identity", **(headers or {})}
        with self.client.stream(
            method or ("GET" if body is None else "POST"), path, content=body, headers=headers
        ) as answer:
            return answer.status_code, answer.headers, b"".join(answer.iter_raw())


@pytest.fixture(scope="session")
def app():
    """The app of `cssgraph serve` with its defaults (data/ in memory), asked through
    Starlette's TestClient under a host name the service accepts."""
    from starlette.testclient import TestClient

    from cssgraph.web.serve import create_app

    with TestClient(create_app(), base_url=InProcessApp.url) as client:
        yield InProcessApp(client)


# -- Real servers: started on a free loopback port, asked with plain HTTP -------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(*options: str, base: str | None = None) -> tuple[subprocess.Popen, str]:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "cssgraph", *(["--base", base] if base else []), "serve", "--port", str(port), *options],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    wait_until_up(url + "/health", server, "cssgraph serve")
    return server, url


def request(url: str, body: bytes | None = None, headers: dict | None = None, method: str | None = None):
    """(status, headers, body) of one HTTP exchange; error statuses are answers too."""
    try:
        with urllib.request.urlopen(
            urllib.request.Request(url, data=body, headers=headers or {}, method=method), timeout=120
        ) as answer:
            return answer.status, dict(answer.headers), answer.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def post_without_waiting(url: str, path: str, body, content_type: str) -> tuple[int, bytes]:
    """POST a body the server may refuse before reading it all (as it should, for an oversized
    upload): a broken pipe while sending is expected, the answer is read all the same. ``body``
    is bytes (sent with its length), or chunks (sent chunked, with no length, as a client
    streaming an upload does)."""
    import http.client
    from urllib.parse import urlsplit

    address = urlsplit(url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
    connection.putrequest("POST", path)
    connection.putheader("Content-Type", content_type)
    streamed = not isinstance(body, bytes)
    connection.putheader(*(("Transfer-Encoding", "chunked") if streamed else ("Content-Length", str(len(body)))))
    connection.endheaders()
    try:
        for chunk in body if streamed else [body]:
            connection.send(b"%x\r\n%s\r\n" % (len(chunk), chunk) if streamed else chunk)
        if streamed:
            connection.send(b"0\r\n\r\n")
    except (BrokenPipeError, ConnectionResetError):
        pass
    answer = connection.getresponse()
    status, text = answer.status, answer.read()
    connection.close()
    return status, text


def post_query(address: str, url: str, query: str, timeout: float = 60) -> tuple[int, bytes]:
    """POST a query from a loopback address of our choice (127.0.0.0/8 is all loopback): two
    addresses are two clients."""
    import http.client
    import urllib.parse

    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout, source_address=(address, 0))
    try:
        connection.request(
            "POST",
            parts.path,
            body=urllib.parse.urlencode({"query": query}),
            headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"},
        )
        answer = connection.getresponse()
        return answer.status, answer.read()
    finally:
        connection.close()


def oxigraph_command() -> str:
    found = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    assert Path(found).exists(), "the oxigraph server is missing: pip install 'cssgraph[test]'"
    return found


@pytest.fixture(scope="module")
def site():
    """A `cssgraph serve` process with default limits, for the tests of what it publishes."""
    server, url = start_server()
    yield url
    server.terminate()
    server.wait(timeout=10)


def launch_chromium(playwright):
    """Debian's Chromium, headless, driven by Playwright (no browser download), quiet: no
    background requests of its own."""
    chromium = shutil.which("chromium")
    assert chromium, "Chromium is missing: apt-get install chromium (`make test` does)"
    return playwright.chromium.launch(
        executable_path=chromium,
        headless=True,
        args=[
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    )


# -- Layers: what starts a process is marked `system`, what drives Chromium `browser` -----------

# Fixtures that start a server, and names whose use starts a process (the Pellet reasoner is Java).
_SYSTEM_FIXTURES = {"site", "service", "sparql", "endpoint", "store", "virtuoso_store", "static_site", "cli"}
_SYSTEM_CALLS = (
    "run_cli(",
    "start_server(",
    "subprocess.",
    "Popen(",
    "rapper",
    "jena",
    "virtuoso(",
    "apache(",
    "nginx(",
    "check_ontology(",
    "reasoner_check(",
    "sync_playwright",
)


def _sources(function, seen: set) -> str:
    """The source of a test or fixture, with that of the helpers of its module it calls and of
    the fixtures it asks for, followed down."""
    import inspect
    import re

    if function in seen:
        return ""
    seen.add(function)
    try:
        text = inspect.getsource(function)
    except (OSError, TypeError):
        return ""
    module = inspect.getmodule(function)
    for name in set(re.findall(r"\b(\w+)\(", text)) | set(inspect.signature(function).parameters):
        helper = getattr(module, name, None)
        if inspect.isfunction(helper) and helper.__module__ == module.__name__:
            text += _sources(getattr(helper, "__wrapped__", helper), seen)
    return text


def pytest_collection_modifyitems(items) -> None:
    for item in items:
        source = _sources(item.function, set()) if hasattr(item, "function") else ""
        for definitions in item._fixtureinfo.name2fixturedefs.values():
            source += "".join(_sources(definition.func, set()) for definition in definitions)
        if "sync_playwright" in source:
            item.add_marker(pytest.mark.browser)
        if _SYSTEM_FIXTURES & set(item.fixturenames) or any(call in source for call in _SYSTEM_CALLS):
            item.add_marker(pytest.mark.system)


def pytest_configure(config) -> None:
    """Running the in-process layer alone (`-m "not system"`), a test that starts a process
    after all fails with a message, rather than slowing the layer silently."""
    if "not system" in (config.option.markexpr or ""):

        def refuse(self, args, *rest, **options):
            raise RuntimeError(
                f"this test starts a process ({args!r}): it belongs to the system layer "
                "(see _SYSTEM_CALLS in conftest.py)"
            )

        subprocess.Popen.__init__ = refuse
