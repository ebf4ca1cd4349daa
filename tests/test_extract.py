"""Reading convention documents: the Verviers source as text, PDF and Word gives the curated
graph; a Dutch convention reads with the Dutch profile; provenance points at the source;
damaged inputs give clear errors; nothing is silently dropped."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from cssgraph.build import document_quads
from cssgraph.query import run_query
from cssgraph.read.documents import read_document

from conftest import CONVENTION, ROOT, SOURCE, VERVIERS, curated_verviers, run_cli, without_provenance
from layout import verviers_paragraphs, write_docx, write_pdf

DUTCH = ROOT / "tests" / "fixtures" / "maaseik-2018-2019.nl.txt"
OA = "http://www.w3.org/ns/oa#"


def test_source_text_gives_the_curated_graph_and_every_line_is_used():
    quads, extraction = document_quads(SOURCE)
    assert extraction.not_understood == []
    assert without_provenance(quads) == curated_verviers()


def test_published_verviers_provenance_is_the_extraction_of_the_source():
    # data/ carries the curated statements plus the provenance block that extraction adds;
    # if the extractor or the source changes, regenerate that block (see the data file's note).
    quads, _ = document_quads(SOURCE)
    assert set(quads) == set(ox.parse(path=str(VERVIERS), format=ox.RdfFormat.TRIG))


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_pdf_and_word_versions_give_the_curated_graph(kind, tmp_path):
    paragraphs = verviers_paragraphs()
    path = (write_pdf if kind == "pdf" else write_docx)(paragraphs, tmp_path / f"verviers.{kind}")
    quads, extraction = document_quads(path)
    assert [(p.line.number, p.reason) for p in extraction.not_understood] == []
    assert without_provenance(quads) == curated_verviers()


def test_pdf_layout_has_pages_headers_and_wrapped_bullets(tmp_path):
    # The test document really has the layout the extractor must see through.
    document = read_document(write_pdf(verviers_paragraphs(), tmp_path / "verviers.pdf"))
    pages = {line.page for line in document.lines}
    assert len(pages) >= 5
    assert sum(line.text.strip().startswith("Page ") for line in document.lines) == len(pages)
    assert any(line.text.strip().startswith("• ") for line in document.lines)
    assert any(line.text.strip().startswith("o ") for line in document.lines)


def _selectors(quads, node: str) -> dict[str, str]:
    """The selector values recorded for one node: start, end, exact, line and page fragments."""
    found = {}
    for quad in quads:
        if not quad.subject.value.startswith(node + "#"):
            continue
        name = quad.predicate.value.rsplit("#", 1)[-1]
        if name in ("start", "end", "exact"):
            found[name] = quad.object.value
        elif name == "value":
            key, value = quad.object.value.split("=")
            found[key] = value
    return found


def test_provenance_quotes_the_source_at_its_place():
    quads, _ = document_quads(SOURCE)
    source = SOURCE.read_text(encoding="utf-8")
    lines = source.split("\n")
    # "Délai de transmission" is the last indicator of SO 2.4: its last occurrence in the source.
    expected_line = max(i for i, line in enumerate(lines, start=1) if line.strip() == "Délai de transmission")
    selectors = _selectors(quads, f"{CONVENTION}/sector/2/strategic-objective/4/indicator/3")
    assert selectors["exact"] == source[int(selectors["start"]) : int(selectors["end"])]
    assert selectors["exact"].strip() == "Délai de transmission"
    assert selectors["line"] == f"{expected_line - 1},{expected_line}"  # RFC 5147: between line boundaries
    # A wrapped item spans several lines and quotes them as they are.
    wrapped = _selectors(quads, f"{CONVENTION}/sector/2/strategic-objective/1/operational-objective/1")
    assert wrapped["exact"] == (
        "Stimuler la collecte d’informations relative à l’extrémisme, au radicalisme violent et \n\n"
        "au terrorisme auprès de tous les policiers"
    )
    # The document is identified by its SHA-256.
    import hashlib

    digest = hashlib.sha256(SOURCE.read_bytes()).hexdigest()
    assert any(q.object.value == digest for q in quads)
    # The nodes this reader now sources too, each quoting what a person reads in the source.
    for node, words in [
        ("allocation/2018", "276 041,89 EUR"),
        ("allocation/2019", "271 546,93 EUR"),
        ("representation/1/address", "Rue de la Loi 2 à 1000 Bruxelles"),
        ("signing/place", "Verviers"),
        ("person/de-crem", "Pieter DE CREM"),
        ("person/targnion", "TARGNION"),
    ]:
        selectors = _selectors(quads, f"{CONVENTION}/{node}")
        assert selectors["exact"] == words == source[int(selectors["start"]) : int(selectors["end"])], node


def test_pdf_provenance_names_the_page(tmp_path):
    from pypdf import PdfReader

    path = write_pdf(verviers_paragraphs(), tmp_path / "verviers.pdf")
    quads, _ = document_quads(path)
    selectors = _selectors(quads, f"{CONVENTION}/sector/2/strategic-objective/3/indicator/3")
    page_text = PdfReader(str(path)).pages[int(selectors["page"]) - 1].extract_text()
    assert "Taux de formation COPPRA" in page_text


def test_dutch_convention_reads_with_the_dutch_profile(tmp_path):
    quads, extraction = document_quads(DUTCH)
    assert extraction.language == "nl" and extraction.not_understood == []
    output = tmp_path / "maaseik.trig"
    output.write_bytes(ox.serialize(quads, format=ox.RdfFormat.TRIG))
    # What a person reads in the fixture.
    trace = [
        (r["sector"].value, r["strategicObjectiveNumber"].value, r["indicator"].value)
        for r in run_query("indicator-trace", data=[output], params={"lang": "nl"}).rows
    ]
    assert trace == [
        ("1", "1", "De storting is uitgevoerd"),
        ("1", "2", "De storting is uitgevoerd"),
        ("2", "1", "Termijn van doorgifte"),
        ("2", "1", "Nut van de informatie voor het OCAD"),
        ("2", "2", "Termijn van doorgifte"),
    ]
    funding = [(r["year"].value, r["amount"].value) for r in run_query("funding", data=[output]).rows]
    assert funding == [("2018", "151234.56"), ("2019", "149876.54")]
    signatories = [
        (r["signatory"].value, r["capacity"].value, r["date"].value)
        for r in run_query("signatories", data=[output], params={"lang": "nl"}).rows
    ]
    assert signatories == [
        ("De heer Pieter DE CREM", "Minister van Veiligheid en Binnenlandse Zaken", "2019-01-30"),
        ("Mevrouw JANSSENS", "Burgemeester", "2019-01-30"),
        ("De heer PEETERS", "Algemeen directeur", "2019-01-30"),
    ]
    involved = {
        (r["organisation"].value, r["subAction"].value if "subAction" in r else None)
        for r in run_query("organisations-in-objectives", data=[output], params={"lang": "nl"}).rows
    }
    assert ("Coördinatieorgaan voor de dreigingsanalyse (OCAD)", None) in involved
    assert ("Lokale integrale veiligheidscel (LIVC)", None) in involved
    process = run_cli("validate", str(DUTCH), "--lang", "nl")
    assert process.returncode == 0, process.stdout
    assert "voldoet — 0 overtredingen" in process.stdout


def test_extract_command_is_deterministic_and_atomic(tmp_path):
    first, second = tmp_path / "a.trig", tmp_path / "b.trig"
    for output in (first, second):
        process = run_cli("extract", str(SOURCE), "-o", str(output))
        assert process.returncode == 0 and process.stderr == "", process.stderr
    assert first.read_bytes() == second.read_bytes()
    assert without_provenance(ox.parse(path=str(first), format=ox.RdfFormat.TRIG)) == curated_verviers()


def test_lines_not_understood_are_reported_and_strict_refuses_them(tmp_path):
    draft = tmp_path / "draft.txt"
    text = SOURCE.read_text(encoding="utf-8").replace(
        "Est convenu ce qui suit :", "Est convenu ce qui suit :\n\nUne phrase que le modèle ne connaît pas."
    )
    draft.write_text(text, encoding="utf-8")
    expected_line = next(
        i
        for i, line in enumerate(text.split("\n"), start=1)
        if line.startswith("Une phrase que le modèle ne connaît pas.")
    )
    process = run_cli("extract", str(draft))
    assert process.returncode == 0
    # In the document's language by default, in the user's with --lang.
    assert f"draft.txt, line {expected_line}: non compris dans le titre et les parties" in process.stderr
    assert "Une phrase que le modèle ne connaît pas." in process.stderr
    english = run_cli("extract", str(draft), "--lang", "en")
    assert f"draft.txt, line {expected_line}: not understood in the title and parties" in english.stderr
    output = tmp_path / "draft.trig"
    strict = run_cli("extract", str(draft), "--strict", "-o", str(output))
    assert strict.returncode == 2 and "--strict" in strict.stderr and not output.exists()


def _without_indicators_of_so_2_2(paragraphs):
    """The Verviers paragraphs with the indicators of SO 2.2 (and their heading) left out."""
    out, skipping = [], False
    for style, text in paragraphs:
        if (
            style == "heading"
            and text == "Indicateurs :"
            and out[-1][1] == ("Augmentation du nombre de révisions/mises à jour du monitoring")
        ):
            skipping = True
            continue
        if skipping and style == "bullet":
            continue
        skipping = False
        out.append((style, text))
    return out


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_validating_an_incomplete_draft_points_at_its_place(kind, tmp_path):
    paragraphs = _without_indicators_of_so_2_2(verviers_paragraphs())
    assert len(paragraphs) == len(verviers_paragraphs()) - 3
    draft = (write_docx if kind == "docx" else write_pdf)(paragraphs, tmp_path / f"draft.{kind}")
    process = run_cli("validate", str(draft), "--lang", "fr")
    assert process.returncode == 1, process.stdout + process.stderr
    assert "Secteur d’activité 2 › Objectif stratégique 2" in process.stdout
    assert "Aucun indicateur ne mesure cet objectif stratégique" in process.stdout
    document = read_document(draft)
    [heading] = [line for line in document.lines if line.text.strip() == "Contribuer au monitoring"]
    place = f"page {heading.page}, ligne {heading.number}" if kind == "pdf" else f"ligne {heading.number}"
    assert f"dans le document : {place}" in process.stdout


def test_an_objective_without_indicators_extracts_then_fails_validation(tmp_path):
    draft = tmp_path / "draft.txt"
    text = SOURCE.read_text(encoding="utf-8")
    cut = text.index("Indicateurs : \n\n Rythme de révision")
    end = text.index("Objectif stratégique 3:")
    draft.write_text(text[:cut] + text[end:], encoding="utf-8")
    _, extraction = document_quads(draft)
    assert extraction.not_understood == []
    process = run_cli("validate", str(draft), "--format", "json")
    assert process.returncode == 1
    assert f'"{CONVENTION}/sector/2/strategic-objective/2"' in process.stdout


# -- Damaged inputs: a clear error (exit 2, one line, no traceback) or a precise report -----


def _scanned_pdf(path: Path) -> Path:
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path))
    pdf.rect(72, 72, 300, 500, fill=1)  # an image of a page: no text layer
    pdf.showPage()
    pdf.save()
    return path


def _protected_pdf(path: Path) -> Path:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), encrypt=pdfencrypt.StandardEncryption("secret", canPrint=0))
    pdf.drawString(72, 720, "Objectif stratégique 1 : Contribuer à l’analyse de la menace")
    pdf.showPage()
    pdf.save()
    return path


DAMAGED = {
    "empty.txt": (lambda p: p.write_text(""), "empty document"),
    "scan.pdf": (_scanned_pdf, "no text layer: run OCR first"),
    "protected.pdf": (_protected_pdf, "password-protected PDF"),
    "letter.txt": (lambda p: p.write_text("Bonjour,\n\nMerci pour votre courrier du 3 mars.\n"), "not a convention"),
    "binary.txt": (lambda p: p.write_bytes(bytes(range(256)) * 8), "binary content, not text"),
    "truncated.pdf": (
        lambda p: p.write_bytes(write_pdf(verviers_paragraphs(), p).read_bytes()[:3000]),
        "damaged or truncated PDF",
    ),
    "truncated.docx": (
        lambda p: p.write_bytes(write_docx(verviers_paragraphs(), p).read_bytes()[:5000]),
        "damaged or truncated Word file",
    ),
    # Bytes that are neither UTF-8 nor Windows-1252 (0x81 and 0x8D are unassigned there).
    "mixed.txt": (
        lambda p: p.write_bytes(SOURCE.read_bytes()[:4000] + b"\x81\x8d\x8f\x90\x9d"),
        "neither UTF-8 nor Windows-1252 text",
    ),
}


@pytest.mark.parametrize("name", sorted(DAMAGED))
def test_damaged_input_gives_a_clear_error_and_no_output(name, tmp_path):
    make, message = DAMAGED[name]
    path = tmp_path / name
    make(path)
    output = tmp_path / "out.trig"
    process = run_cli("extract", str(path), "-o", str(output))
    assert process.returncode == 2, process.stderr
    lines = process.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in process.stderr
    assert name in lines[0] and message in lines[0]
    assert not output.exists()


def test_amounts_and_dates_that_do_not_parse_are_reported_precisely(tmp_path):
    draft = tmp_path / "draft.txt"
    text = (
        SOURCE.read_text(encoding="utf-8")
        .replace("276 041,89", "276 04l,89")
        .replace("se termine le 31 décembre", "se termine le 31 février")
    )
    draft.write_text(text, encoding="utf-8")
    _, extraction = document_quads(draft)
    reasons = [(problem.line.number, problem.message("en")) for problem in extraction.not_understood]
    lines = text.split("\n")
    amount_line = next(i for i, line in enumerate(lines, start=1) if "276 04l,89" in line)
    period_line = next(i for i, line in enumerate(lines, start=1) if line.startswith("2. Cette convention"))
    assert reasons == [
        (amount_line, "amount not understood: '276 04l,89' (write it like 276 041,89 or 276.041,89)"),
        (period_line, "date out of range: '31 février 2019'"),
    ]
    process = run_cli("validate", str(draft))
    assert process.returncode == 1
    assert "Lines not understood" in process.stdout and "Give one end date of the convention" in process.stdout


def test_truncated_text_extracts_what_is_there_and_validation_says_what_is_missing(tmp_path):
    draft = tmp_path / "truncated.txt"
    text = SOURCE.read_text(encoding="utf-8")
    draft.write_text(text[: text.index("Objectif stratégique 3:")], encoding="utf-8")
    process = run_cli("validate", str(draft), "--format", "json")
    assert process.returncode == 1
    assert "Add the signature clause" in process.stdout


def test_extract_many_documents_into_one_dataset(tmp_path):
    process = run_cli("extract", str(SOURCE), str(DUTCH), "-o", str(tmp_path / "both.trig"))
    assert process.returncode == 0, process.stderr
    graphs = {q.graph_name.value for q in ox.parse(path=str(tmp_path / "both.trig"), format=ox.RdfFormat.TRIG)}
    assert len(graphs) == 2
    one_graph_only = run_cli("extract", str(SOURCE), str(DUTCH), "-o", str(tmp_path / "both.ttl"))
    assert one_graph_only.returncode == 2 and "write .trig or .nq" in one_graph_only.stderr


def test_extraction_never_needs_the_network():
    # The profiles, reference data and ontology all ship with the package.
    code = (
        "import socket\n"
        "def refuse(*a, **k): raise RuntimeError('network used')\n"
        "socket.socket.connect = refuse\n"
        "from cssgraph.build import document_quads\n"
        f"document_quads({str(SOURCE)!r})\n"
    )
    assert subprocess.run([sys.executable, "-c", code], capture_output=True).returncode == 0


def test_words_cut_at_line_ends_are_mended_and_compounds_kept(tmp_path):
    source = SOURCE.read_text(encoding="utf-8")
    draft = tmp_path / "hyphenated.txt"
    # "contrôle" is cut as a typesetter would; "task-force" is wrapped at its own hyphen.
    text = source.replace(
        "(questionnaires et enquête de \n\ncontrôle de l’inspection",
        "(questionnaires et enquête de con-\n\ntrôle de l’inspection",
    )
    text = text.replace(
        "(task-force locale, cellules de sécurité intégrale locales, concertation de recherche \n\n"
        "d’arrondissement) \n\n Informer",
        "(task-\n\nforce locale, cellules de sécurité intégrale "
        "locales, concertation de recherche \n\nd’arrondissement) \n\n Informer",
    )
    assert text.count("con-\n") == 1 and text.count("(task-\n") == 1
    draft.write_text(text, encoding="utf-8")
    quads, extraction = document_quads(draft)
    assert extraction.not_understood == []
    assert without_provenance(quads) == curated_verviers()


def test_published_provenance_quotes_the_source_everywhere():
    """Not only equal to what the extractor gives today (the test above): every passage that
    data/ cites is read back from the source itself: the characters at its position are its
    quote, its lines hold that quote, and the item's label is written in it."""
    source = SOURCE.read_text(encoding="utf-8")
    lines = source.split("\n")
    dataset = list(ox.parse(path=str(VERVIERS), format=ox.RdfFormat.TRIG))
    value = {(q.subject.value, q.predicate.value.rsplit("#", 1)[-1]): q.object.value for q in dataset}
    labels = {
        q.subject.value: q.object.value
        for q in dataset
        if q.predicate.value == "http://www.w3.org/2000/01/rdf-schema#label"
    }
    passages = {q.subject.value.removesuffix("#quote") for q in dataset if q.subject.value.endswith("#quote")}
    words = lambda text: " ".join(text.split())  # noqa: E731 (line breaks and bullets' spacing aside)
    assert len(passages) > 50  # the loop below is not vacuous
    for node in passages:
        exact = value[(node + "#quote", "exact")]
        start, end = int(value[(node + "#position", "start")]), int(value[(node + "#position", "end")])
        assert source[start:end] == exact, node
        first, last = map(int, value[(node + "#lines", "value")].removeprefix("line=").split(","))
        assert exact in "\n".join(lines[first:last]), node  # RFC 5147: the lines between boundaries first and last
        if node in labels:  # the label is the quote, or holds it with a title ("Monsieur …")
            label, quoted = words(labels[node]), words(exact)
            assert label in quoted or label.endswith(" " + quoted), (node, label, quoted)
