"""The validation service as its users meet it: a real server process (`cssgraph serve`), a real
HTTP client, the upload page in a real browser (Debian's Chromium driven by Playwright), and
the limits that keep the server healthy."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from conftest import DRAFT, VERVIERS, launch_chromium, post_without_waiting, request, run_cli, start_server
from layout import verviers_paragraphs, write_docx
from test_extract import _without_indicators_of_so_2_2


@pytest.fixture(scope="module")
def service():
    server, url = start_server("--timeout", "60", "--max-upload-mb", "2")
    yield url
    server.terminate()
    server.wait(timeout=10)


def multipart(filename: str, content: bytes, fields: dict | None = None) -> tuple[bytes, str]:
    boundary = "cssgraph-test-boundary"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in (fields or {}).items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        f"Content-Type: application/octet-stream\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def test_rest_api_gives_the_same_findings_as_the_cli(service):
    status, headers, body = request(
        service + "/api/validate?lang=nl",
        DRAFT.read_bytes(),
        {"Content-Type": "text/turtle", "Accept": "application/json"},
    )
    assert status == 200 and headers["x-conforms"] == "false"
    api = json.loads(body)["conventions"][0]["findings"]
    cli = json.loads(run_cli("validate", str(DRAFT), "--format", "json", "--lang", "nl").stdout)
    assert api == cli["conventions"][0]["findings"]
    ok_status, ok_headers, _ = request(
        service + "/api/validate", VERVIERS.read_bytes(), {"Content-Type": "application/trig"}
    )
    assert ok_status == 200 and ok_headers["x-conforms"] == "true"


@pytest.mark.parametrize(
    "accept, check",
    [
        ("text/csv", lambda text: text.startswith("convention,municipality,severity")),
        ("text/html", lambda text: "<h1>Validation report</h1>" in text),
        ("text/turtle", lambda text: len(list(ox.parse(text.encode(), format=ox.RdfFormat.TURTLE))) > 10),
        ("application/ld+json", lambda text: "http://www.w3.org/ns/shacl#ValidationReport" in text),
        ("text/plain", lambda text: "does not conform" in text),
    ],
)
def test_accept_picks_the_report_format(service, accept, check):
    status, headers, body = request(
        service + "/api/validate", DRAFT.read_bytes(), {"Content-Type": "text/turtle", "Accept": accept}
    )
    assert status == 200 and headers["content-type"].startswith(accept)
    assert check(body.decode())


def test_multipart_word_draft_points_at_its_lines(service, tmp_path):
    draft = write_docx(_without_indicators_of_so_2_2(verviers_paragraphs()), tmp_path / "draft.docx")
    body, content_type = multipart("draft.docx", draft.read_bytes())
    status, _, answer = request(service + "/api/validate", body, {"Content-Type": content_type})
    assert status == 200
    [finding] = [f for f in json.loads(answer)["conventions"][0]["findings"] if f["severity"] == "Violation"]
    assert finding["outline"] == "Activity sector 2 › Strategic objective 2" and finding["source_line"] > 0
    assert b"/tmp/" not in answer  # the server's temporary folder is not shown


def test_bad_requests_get_clear_4xx_answers_and_the_server_stays_healthy(service, tmp_path):
    status, body = post_without_waiting(service, "/api/validate", b"#" + b" " * (3 * 2**20) + b"\n", "text/turtle")
    assert status == 413 and b"larger than 2 MB" in body
    upload, content_type = multipart("big.ttl", b"#" + b" " * (3 * 2**20) + b"\n")
    status, body = post_without_waiting(service, "/api/validate", upload, content_type)
    assert status == 413
    status, _, body = request(service + "/api/validate", b"\x89PNG", {"Content-Type": "image/png"})
    assert status == 415 and b"unsupported content type" in body
    status, _, body = request(
        service + "/api/validate", b"--nope\r\nbroken", {"Content-Type": "multipart/form-data; boundary=other"}
    )
    assert status == 400
    status, _, body = request(service + "/api/validate", b"", {"Content-Type": "text/turtle"})
    assert status == 422 and b"empty file" in body
    status, _, body = request(service + "/api/validate", b"@prefix x: <y> .\nx:a x:b", {"Content-Type": "text/turtle"})
    assert status == 422 and b"upload.ttl:2" in body
    status, _, _ = request(
        service + "/api/validate", DRAFT.read_bytes(), {"Content-Type": "text/turtle", "Accept": "image/png"}
    )
    assert status == 406
    assert request(service + "/health")[2] == b"ok"


def test_the_forms_text_sent_as_a_file_is_no_text(app):
    # The upload page's "text" is a text field; a client may send a file part under that name,
    # which holds no text: the form is refused as an empty one (400), not with a server error.
    answer = app.client.post("/validate", files={"text": ("draft.ttl", VERVIERS.read_bytes(), "text/turtle")})
    assert answer.status_code == 400
    assert "Choose a file or paste a text: neither was sent." in answer.text


def test_openapi_description(service):
    status, _, body = request(service + "/api/openapi.json")
    spec = json.loads(body)
    assert status == 200 and spec["openapi"].startswith("3.")
    responses = spec["paths"]["/api/validate"]["post"]["responses"]
    assert {"200", "413", "415", "422", "504"} <= set(responses)


def _corpus(count: int, folder: Path) -> Path:
    """One TriG file holding ``count`` copies of Verviers under made-up NIS codes."""
    template = list(ox.parse(path=str(VERVIERS), format=ox.RdfFormat.TRIG))
    quads = []
    for i in range(count):

        def renamed(term, code=f"{90000 + i}"):
            return ox.NamedNode(term.value.replace("/63079", f"/{code}")) if isinstance(term, ox.NamedNode) else term

        quads += [ox.Quad(renamed(q.subject), q.predicate, renamed(q.object), renamed(q.graph_name)) for q in template]
    path = folder / "many.trig"
    ox.serialize(quads, str(path), format=ox.RdfFormat.TRIG)
    return path


def test_slow_validation_is_stopped_and_a_second_one_waits_its_turn(tmp_path):
    server, url = start_server("--timeout", "1", "--max-concurrent", "1", "--max-upload-mb", "20")
    try:
        slow = _corpus(40, tmp_path).read_bytes()
        answers = {}

        def send_slow():
            answers["slow"] = request(url + "/api/validate", slow, {"Content-Type": "application/trig"})

        thread = threading.Thread(target=send_slow)
        started = time.monotonic()
        thread.start()
        time.sleep(0.4)
        answers["second"] = request(url + "/api/validate", DRAFT.read_bytes(), {"Content-Type": "text/turtle"})
        thread.join()
        assert answers["second"][0] == 503 and b"too many validations" in answers["second"][2]
        assert answers["slow"][0] == 504 and b"longer than 1 s" in answers["slow"][2]
        assert time.monotonic() - started < 10
        status, _, _ = request(url + "/api/validate", DRAFT.read_bytes(), {"Content-Type": "text/turtle"})
        assert status == 200  # the next request is served at once
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_validating_never_fetches_what_a_document_names(service, recording_server):
    here, requests = recording_server
    with_import = (
        f"<{here}/ontology> a <http://www.w3.org/2002/07/owl#Ontology> ; "
        f"<http://www.w3.org/2002/07/owl#imports> <{here}/imported.ttl> .\n"
    ).encode() + DRAFT.read_bytes()
    # Each document was read (the draft's three violations are reported beside its import) or
    # refused for what it asks, not for some earlier failure.
    status, headers, body = request(service + "/api/validate", with_import, {"Content-Type": "text/turtle"})
    assert status == 200 and json.loads(body)["conventions"][0]["violations"] == 3
    status, _, body = request(
        service + "/api/validate",
        f'{{"@context": "{here}/context.jsonld", "@id": "x"}}'.encode(),
        {"Content-Type": "application/ld+json"},
    )
    assert status == 422 and b"remote contexts" in body
    status, _, body = request(
        service + "/api/validate",
        f'<!DOCTYPE r [<!ENTITY e SYSTEM "{here}/entity">]><r>&e;</r>'.encode(),
        {"Content-Type": "application/rdf+xml"},
    )
    assert status == 422 and b"DOCTYPE declaring entities" in body
    request(here + "/control")  # the recorder does record what reaches it
    time.sleep(0.5)
    assert requests == ["/control"]


def test_upload_page_in_a_real_browser(service, tmp_path):
    from playwright.sync_api import sync_playwright

    draft = write_docx(_without_indicators_of_so_2_2(verviers_paragraphs()), tmp_path / "ontwerp.docx")
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        page = browser.new_page()
        page.goto(service + "/validate?lang=nl")
        assert page.locator("h1").inner_text() == "Een overeenkomst valideren"
        page.set_input_files("#file", str(draft))
        page.select_option("#lang", "nl")
        page.click("button[type=submit]")
        page.wait_for_selector("li.finding")
        text = page.inner_text("body")
        assert "Validatierapport" in text and "Activiteitensector 2 › Strategische doelstelling 2" in text
        assert "Geen enkele indicator meet deze strategische doelstelling" in text
        # The severity filter hides and shows the findings.
        page.uncheck("input[data-severity=Violation]")
        assert page.locator("li.finding.Violation").first.is_hidden()
        page.check("input[data-severity=Violation]")
        page.screenshot(path=str(tmp_path / "report.png"), full_page=True)
        with page.expect_download() as download:
            page.click("a[href$='.csv']")
        csv_text = Path(download.value.path()).read_text(encoding="utf-8")
        assert "Strategische doelstelling 2" in csv_text
        browser.close()


def test_a_pasted_text_that_cannot_be_read_is_said_in_the_pages_language(app):
    # Pasted JSON-LD cut short: recognised as JSON-LD from its first character, refused in French.
    answer = app.client.post("/validate", data={"text": '{"@id": "x", ', "text_format": "auto", "lang": "fr"})
    assert answer.status_code == 422 and '<html lang="fr">' in answer.text
    assert (
        "upload.jsonld:1:14: erreur de syntaxe JSON-LD" in answer.text
        and "(corrigez la syntaxe JSON-LD à cet endroit)" in answer.text
    )


def test_a_file_of_a_type_never_read_is_refused_in_the_pages_language(app):
    answer = app.client.post(
        "/validate", files={"file": ("plan.odt", b"PK", "application/octet-stream")}, data={"lang": "nl"}
    )
    assert answer.status_code == 415 and '<html lang="nl">' in answer.text
    assert "niet ondersteund bestandstype &#39;.odt&#39;: stuur een van deze:" in answer.text
