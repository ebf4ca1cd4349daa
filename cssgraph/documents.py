"""Read a convention document — plain text, PDF (text layer) or Word — into numbered lines.

Every line keeps where it came from: its number in the document's text, its page (PDF pages,
form feeds in text files) and its character span in ``Document.text``, the text that the
provenance selectors of the graph point into. For PDF that text is the text layer as pypdf
extracts it, pages separated by a form feed; for Word, the paragraphs one per line, list items
marked with the bullet their list level would print.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from cssgraph.errors import InputError

DOCUMENT_SUFFIXES = (".txt", ".pdf", ".docx")
MEDIA_TYPES = {".txt": "text/plain", ".pdf": "application/pdf",
               ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
_LINE = re.compile(r"[^\n]*\n|[^\n]+$")


@dataclass(frozen=True)
class Line:
    number: int        # 1-based, over the whole document
    page: int | None   # 1-based where the document has pages
    start: int         # span in Document.text
    end: int
    text: str          # as in the document, without the line end


@dataclass
class Document:
    path: Path
    media_type: str
    sha256: str
    text: str
    lines: list[Line] = field(default_factory=list)
    has_pages: bool = False


def is_document(path: Path) -> bool:
    return path.suffix.lower() in DOCUMENT_SUFFIXES


def read_document(path: Path | str) -> Document:
    """The document's lines, or an InputError that says what is wrong with the file."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InputError(str(path), f"cannot read: {error.strerror}", fix="check the path and permissions") from None
    if not raw.strip():
        raise InputError(str(path), "empty document", fix="check that the file was saved completely")
    suffix = path.suffix.lower()
    reader = {".txt": _read_text, ".pdf": _read_pdf, ".docx": _read_docx}[suffix]
    text, has_pages = reader(path, raw)
    if not text.strip():
        raise InputError(str(path), "the document holds no text", fix="check the file")
    document = Document(path, MEDIA_TYPES[suffix], hashlib.sha256(raw).hexdigest(), text, has_pages=has_pages)
    document.lines = list(_numbered_lines(text, has_pages))
    return document


def _numbered_lines(text: str, has_pages: bool):
    page = 1
    for number, match in enumerate(_LINE.finditer(text), start=1):
        content = match.group().rstrip("\n").rstrip("\r")
        start = match.start()
        # A form feed at the start of a line begins a new page (pdftotext and our PDF reader
        # put one between pages).
        while content.startswith("\f"):
            page += 1
            content = content[1:]
            start += 1
        yield Line(number, page if has_pages else None, start, start + len(content), content)


def _read_text(path: Path, raw: bytes) -> tuple[str, bool]:
    if b"\x00" in raw:
        raise InputError(str(path), "binary content, not text", fix="give the PDF or Word file, or a text export")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[:error.start].count(b"\n") + 1
        raise InputError(str(path), "not UTF-8 text", line=line, fix="save the file as UTF-8") from None
    return text, "\f" in text


def _read_pdf(path: Path, raw: bytes) -> tuple[str, bool]:
    import io
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted:
            raise InputError(str(path), "password-protected PDF", fix="save an unprotected copy of the PDF")
        pages = [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, AssertionError) as error:
        raise InputError(str(path), f"damaged or truncated PDF ({error})", fix="export the PDF again") from None
    if not any(page.strip() for page in pages):
        raise InputError(str(path), "no text layer: run OCR first",
                         fix="the PDF holds only images of pages; run OCR (for example ocrmypdf) and try again")
    return "\f".join(page.rstrip("\n") + "\n" for page in pages), True


def _read_docx(path: Path, raw: bytes) -> tuple[str, bool]:
    import io
    import zipfile

    from docx import Document as WordDocument
    from docx.opc.exceptions import PackageNotFoundError

    try:
        word = WordDocument(io.BytesIO(raw))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as error:
        raise InputError(str(path), f"damaged or truncated Word file ({error})",
                         fix="save the document again as .docx") from None
    lines = []
    for paragraph in word.paragraphs:
        text = paragraph.text.replace("\n", " ")
        level = _list_level(paragraph)
        if level is not None and text.strip():
            text = ("o " if level > 0 else "• ") + text.strip()
        lines.append(text)
    return "\n".join(lines) + "\n", False


def _list_level(paragraph) -> int | None:
    """The list level of a Word paragraph (numbering or a List style), None outside lists."""
    properties = paragraph._p.pPr  # python-docx exposes numbering only through the XML
    if properties is not None and properties.numPr is not None:
        level = properties.numPr.ilvl
        return int(level.val) if level is not None else 0
    style = (paragraph.style.name or "") if paragraph.style is not None else ""
    if style.startswith("List"):
        match = re.search(r"(\d+)$", style)
        return int(match.group(1)) - 1 if match else 0
    return None
