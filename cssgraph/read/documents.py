"""Read a convention document — plain text, PDF (text layer) or Word — into numbered lines.

Every line keeps where it came from: its number in the document's text, its page (PDF pages,
form feeds in text files) and its character span in ``Document.text``, the text that the
provenance selectors of the graph point into. For PDF that text is the text layer as pypdf
extracts it, pages separated by a form feed; for Word, the paragraphs one per line, list items
marked with the bullet their list level would print.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cssgraph.errors import InputError, size_text
from cssgraph.i18n import marked
from cssgraph.read.normalise import clean

if TYPE_CHECKING:
    from docx.document import Document as WordDocument
    from docx.text.paragraph import Paragraph
    from pypdf import PageObject

DOCUMENT_SUFFIXES = (".txt", ".pdf", ".docx")
# A convention is a few pages: these bound what a hostile or broken file may cost to read.
MAX_DOCUMENT_BYTES = 50 * 2**20
MAX_PDF_PAGES = 1_000
MAX_WORD_INFLATED_BYTES = 100 * 2**20  # all members of a .docx, once unzipped
MAX_WORD_RATIO = 200  # inflated / compressed, past 10 MB: a zip bomb
MEDIA_TYPES = {
    ".txt": "text/plain",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
_LINE = re.compile(r"[^\n]*\n|[^\n]+$")


@dataclass(frozen=True)
class Line:
    number: int  # 1-based, over the whole document
    page: int | None  # 1-based where the document has pages
    start: int  # span in Document.text (the document's own characters)
    end: int
    text: str  # cleaned (``normalise.clean``), without the line end
    origin: tuple[int, ...] = ()  # offset in Document.text of each character of ``text``, and of its end

    def at(self, column: int) -> int:
        """Where column ``column`` of the cleaned line is in the document's own text."""
        if not self.origin:
            return self.start + column
        return self.origin[max(0, min(column, len(self.origin) - 1))]


@dataclass
class Document:
    path: Path
    media_type: str
    sha256: str
    text: str
    lines: list[Line] = field(default_factory=list)
    has_pages: bool = False
    notes: list[str] = field(default_factory=list)  # how it was read, when that is a guess (an encoding)

    @property
    def cleaned_text(self) -> str:
        """The cleaned lines joined: what a reading of the whole document works on (``text`` is
        the file's own characters, kept for provenance only)."""
        return "\n".join(line.text for line in self.lines)


def is_document(path: Path) -> bool:
    return path.suffix.lower() in DOCUMENT_SUFFIXES


def read_document(path: Path | str) -> Document:
    """The document's lines, or an InputError that says what is wrong with the file."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InputError(
            str(path),
            marked("cannot read: %(reason)s"),
            fix=marked("check the path and permissions"),
            values={"reason": error.strerror},
        ) from None
    if not raw.strip():
        raise InputError(str(path), marked("empty document"), fix=marked("check that the file was saved completely"))
    if len(raw) > MAX_DOCUMENT_BYTES:
        raise InputError(
            str(path),
            marked("%(size)s MB: far larger than a convention"),
            fix=marked("give the convention alone (at most %(limit)s)"),
            values={"size": f"{len(raw) / 2**20:.0f}", "limit": size_text(MAX_DOCUMENT_BYTES)},
        )
    suffix = path.suffix.lower()
    reader = {".txt": _read_text, ".pdf": _read_pdf, ".docx": _read_docx}[suffix]
    notes: list[str] = []
    text, has_pages = reader(path, raw, notes)
    if not text.strip():
        raise InputError(str(path), marked("the document holds no text"), fix=marked("check the file"))
    document = Document(
        path, MEDIA_TYPES[suffix], hashlib.sha256(raw).hexdigest(), text, has_pages=has_pages, notes=notes
    )
    document.lines = list(_numbered_lines(text, has_pages))
    return document


def _numbered_lines(text: str, has_pages: bool) -> Iterator[Line]:
    cleaned = clean(text)
    page = 1
    for number, match in enumerate(_LINE.finditer(cleaned.text), start=1):
        content = match.group().rstrip("\n")
        start = match.start()
        # A form feed begins a new page (pdftotext and our PDF reader put one between pages).
        while content.startswith("\f"):
            page += 1
            content = content[1:]
            start += 1
        if "\f" in content:  # a page break inside a line: the rest is the next page's
            page += content.count("\f")
            content = content.replace("\f", " ")
        if cleaned.origin is None:  # the same characters at the same places
            yield Line(number, page if has_pages else None, start, start + len(content), content)
            continue
        origin = tuple(cleaned.origin[start : start + len(content) + 1])
        yield Line(number, page if has_pages else None, origin[0], origin[-1], content, origin)


def _read_text(path: Path, raw: bytes, notes: list[str]) -> tuple[str, bool]:
    """UTF-8 (with or without BOM), UTF-16 with its BOM, else Windows-1252, which is reported."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError(
                str(path), marked("damaged UTF-16 text"), fix=marked("save the file again as UTF-8")
            ) from None
        return text, "\f" in text
    if b"\x00" in raw:
        raise InputError(
            str(path), marked("binary content, not text"), fix=marked("give the PDF or Word file, or a text export")
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        text = raw.decode("cp1252", errors="replace")
        if "\ufffd" in text or _looks_binary(text):
            line = raw[: error.start].count(b"\n") + 1
            raise InputError(
                str(path),
                marked("neither UTF-8 nor Windows-1252 text"),
                line=line,
                fix=marked("save the file as UTF-8"),
            ) from None
        notes.append("encoding_fallback")
    return text, "\f" in text


def _looks_binary(text: str) -> bool:
    controls = sum(1 for char in text if ord(char) < 32 and char not in "\n\r\t\f")
    return controls > len(text) / 100


def _read_pdf(path: Path, raw: bytes, notes: list[str]) -> tuple[str, bool]:
    import io
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted:
            raise InputError(
                str(path), marked("password-protected PDF"), fix=marked("save an unprotected copy of the PDF")
            )
        if len(reader.pages) > MAX_PDF_PAGES:
            raise InputError(
                str(path),
                marked("%(pages)d pages: far more than a convention"),
                fix=marked("give the convention alone (at most %(limit)d pages)"),
                values={"pages": len(reader.pages), "limit": MAX_PDF_PAGES},
            )
        pages = [_laid_out_page(page) for page in reader.pages]
    except InputError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, AssertionError, RecursionError, MemoryError) as error:
        # pypdf's own limits (a stream that inflates past its bound, a page tree too deep) end here too.
        raise InputError(
            str(path),
            marked("damaged or truncated PDF (%(reason)s)"),
            fix=marked("export the PDF again"),
            values={"reason": f"{type(error).__name__}: {str(error)[:200]}"},
        ) from None
    if not any(page.strip() for page in pages):
        raise InputError(
            str(path),
            marked("no text layer: run OCR first"),
            fix=marked("the PDF holds only images of pages; run OCR (for example ocrmypdf) and try again"),
        )
    return "\f".join(page.rstrip("\n") + "\n" for page in pages), True


@dataclass
class _Fragment:
    x: float
    y: float
    size: float
    text: str


def _laid_out_page(page: PageObject) -> str:
    """A page's text with its layout: one line per baseline, the indentation of each line as
    spaces (an indented line is a cue for a list item), and text set in columns (a signature
    block) given column by column, so that each column reads as a block of its own."""
    fragments: list[_Fragment] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip("\n"):
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            fragments.append(_Fragment(x, y, (size or 10) * (abs(cm[0]) or 1), text.rstrip("\n")))

    plain = page.extract_text(visitor_text=visit) or ""
    if not fragments or len({round(f.y) for f in fragments}) < 2 and "\n" in plain.strip():
        return plain  # no usable positions: pypdf's own reading order
    rows: list[list[_Fragment]] = []
    for fragment in sorted(fragments, key=lambda f: -f.y):
        if rows and abs(rows[-1][0].y - fragment.y) <= fragment.size * 0.35:
            rows[-1].append(fragment)
        else:
            rows.append([fragment])
    left = min(f.x for f in fragments)
    em = sorted(f.size for f in fragments)[len(fragments) // 2] * 0.5  # a typical character width
    cells_of_rows = []
    for row in rows:
        row.sort(key=lambda f: f.x)
        cells: list[list[_Fragment]] = [[row[0]]]
        for fragment in row[1:]:
            previous = cells[-1][-1]
            if fragment.x - (previous.x + len(previous.text) * em) > 4 * em:
                cells.append([fragment])  # a wide gap: another column
            else:
                cells[-1].append(fragment)
        cells_of_rows.append(cells)
    lines: list[str] = []
    i = 0
    while i < len(cells_of_rows):
        if len(cells_of_rows[i]) > 1:  # a run of adjacent rows in columns: column by column
            run = [cells_of_rows[i]]
            i += 1
            while (
                i < len(cells_of_rows)
                and len(cells_of_rows[i]) > 1
                and rows[i - 1][0].y - rows[i][0].y <= 2.5 * rows[i][0].size
            ):
                run.append(cells_of_rows[i])
                i += 1
            for column in range(max(len(cells) for cells in run)):
                lines += [_cell_text(cells[column], left, em) for cells in run if column < len(cells)]
            continue
        lines.append(_cell_text(cells_of_rows[i][0], left, em))
        i += 1
    return "\n".join(lines) + "\n"


def _cell_text(fragments: list[_Fragment], left: float, em: float) -> str:
    indent = " " * max(0, round((fragments[0].x - left) / em / 2))
    return indent + " ".join(fragment.text.strip() for fragment in fragments)


def _read_docx(path: Path, raw: bytes, notes: list[str]) -> tuple[str, bool]:
    """The body in reading order: paragraphs, list items with the marker their numbering
    prints, and tables (a signature table) cell by cell, column by column. Running headers and
    footers are page furniture and not read."""
    import io
    import zipfile

    from docx import Document as WordDocument
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    _check_word_package(path, raw)
    try:
        word = WordDocument(io.BytesIO(raw))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, SyntaxError) as error:
        # SyntaxError: lxml's XMLSyntaxError, for a part that is not well-formed XML.
        raise InputError(
            str(path),
            marked("damaged or truncated Word file (%(reason)s)"),
            fix=marked("save the document again as .docx"),
            values={"reason": str(error)[:200]},
        ) from None
    lines: list[str] = []
    counters: dict[tuple[_NumberingId, int], int] = {}
    numbered = _numbered_levels(word)
    for block in word.iter_inner_content():
        if isinstance(block, Table):
            grid = [row.cells for row in block.rows]  # python-docx builds each row's cells anew on every access
            for column in range(max((len(cells) for cells in grid), default=0)):
                for cells in grid:
                    if column < len(cells):
                        lines += [paragraph.text.replace("\n", " ") for paragraph in cells[column].paragraphs]
            continue
        lines.append(_paragraph_text(block, counters, numbered))
    return "\n".join(lines) + "\n", False


def _check_word_package(path: Path, raw: bytes) -> None:
    """A .docx is a ZIP of XML parts: refuse one that would inflate past the bounds (a zip
    bomb) or whose XML declares entities ("billion laughs"), before any part is parsed."""
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as package:
            members = package.infolist()
            inflated = sum(member.file_size for member in members)
            if inflated > MAX_WORD_INFLATED_BYTES or inflated > max(MAX_WORD_RATIO * len(raw), 10 * 2**20):
                raise InputError(
                    str(path),
                    marked("the Word file would inflate to %(size)s MB"),
                    fix=marked("save the convention again as an ordinary .docx"),
                    values={"size": f"{inflated / 2**20:.0f}"},
                )
            for member in members:
                if member.filename.endswith(".xml") or member.filename.endswith(".rels"):
                    with package.open(member) as part:
                        head = part.read(4096)
                    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                        raise InputError(
                            str(path),
                            marked("the Word part %(part)s declares a DOCTYPE or entities"),
                            fix=marked("save the convention again as an ordinary .docx"),
                            values={"part": member.filename},
                        )
    except zipfile.BadZipFile as error:
        raise InputError(
            str(path),
            marked("damaged or truncated Word file (%(reason)s)"),
            fix=marked("save the document again as .docx"),
            values={"reason": str(error)},
        ) from None


def _paragraph_text(
    paragraph: Paragraph, counters: dict[tuple[_NumberingId, int], int], numbered: set[tuple[str, str]]
) -> str:
    """A paragraph's text, a list item given the marker Word would print before it."""
    text = paragraph.text.replace("\n", " ")
    level = _list_level(paragraph)
    if level is None or not text.strip():
        return text
    style = (paragraph.style.name or "") if paragraph.style is not None else ""
    properties: Any = paragraph._p.pPr  # untyped below: see _list_level
    numbering = (
        (str(properties.numPr.numId.val), str(level))
        if properties is not None and properties.numPr is not None and properties.numPr.numId is not None
        else None
    )
    if "Number" in style or numbering in numbered:
        key = (_num_id(paragraph), level)
        counters[key] = counters.get(key, 0) + 1
        for deeper in [k for k in counters if k[0] == key[0] and k[1] > level]:
            del counters[deeper]
        number = counters[key]
        marker = f"{number}." if level == 0 else f"{chr(ord('a') + (number - 1) % 26)})"
    else:
        marker = "•" if level == 0 else "o"
    return "    " * level + marker + " " + text.strip()


# Which list a Word paragraph continues: its numbering id, else its style's name.
_NumberingId = int | str | None


def _num_id(paragraph: Paragraph) -> _NumberingId:
    properties: Any = paragraph._p.pPr  # untyped below: see _list_level
    if properties is not None and properties.numPr is not None and properties.numPr.numId is not None:
        numbering_id: int = properties.numPr.numId.val  # a decimal number
        return numbering_id
    return paragraph.style.name if paragraph.style is not None else None


def _numbered_levels(word: WordDocument) -> set[tuple[str, str]]:
    """The (numbering id, level) pairs of the document whose lists print numbers (decimal,
    letters, roman) rather than bullets, read once from its numbering part."""
    try:
        numbering = word.part.numbering_part.element
    except (KeyError, NotImplementedError, AttributeError):
        return set()
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    numbered_abstract = {
        (definition.get(f"{w}abstractNumId"), lvl.get(f"{w}ilvl"))
        for definition in numbering.findall(f"{w}abstractNum")
        for lvl in definition.findall(f"{w}lvl")
        if (fmt := lvl.find(f"{w}numFmt")) is not None and fmt.get(f"{w}val") != "bullet"
    }
    found = set()
    for num in numbering.findall(f"{w}num"):
        abstract = num.find(f"{w}abstractNumId")
        for abstract_id, level in numbered_abstract:
            if abstract is not None and abstract.get(f"{w}val") == abstract_id:
                found.add((num.get(f"{w}numId"), level))
    return found


def _list_level(paragraph: Paragraph) -> int | None:
    """The list level of a Word paragraph (numbering or a List style), None outside lists."""
    # python-docx exposes numbering only through the XML, untyped (numPr, ilvl and numId are typed as their
    # descriptors, not as the elements they give)
    properties: Any = paragraph._p.pPr
    if properties is not None and properties.numPr is not None:
        level = properties.numPr.ilvl
        return int(level.val) if level is not None else 0
    style = (paragraph.style.name or "") if paragraph.style is not None else ""
    if style.startswith("List"):
        match = re.search(r"(\d+)$", style)
        return int(match.group(1)) - 1 if match else 0
    return None
