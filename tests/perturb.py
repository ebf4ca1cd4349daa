"""What other writers and converters do to a convention, one class at a time.

Each perturbation takes a ``Draft`` (the lines of a corpus document, as its author typed them,
one paragraph a line) and a ``random.Random``, and changes what a real officer or converter
changes: quotes, commas and word order in the party clauses, designation forms, heading case
and typos, list markers of every kind or none, indentation, wrap width and blank lines,
hyphenation, running headers, footers and page numbers, spaces, line ends, encodings, amount
and date formats, and signature blocks on one line or in two columns. None of them changes
what the document says, so the facts a person wrote down for the original still hold (with
quotes folded when the quotes are what changed).

``write_pdf`` and ``write_docx`` lay a draft out as a PDF (reportlab: wrapped lines, bullets
from a symbol font, a two-column signature, a running footer with page numbers) and as a Word
file (bulleted and numbered lists, the signature in a table, a header and a footer).

Nothing here reads the extractor: lines are told apart by what their author typed (a marker
glyph starts an item; the signature block's lines are listed in the facts file).
"""

from __future__ import annotations

import random
import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from cssgraph.read.normalise import fold

from facts import facts_file

GLYPHS = "•◦▪–-*➢○·\uf0b7\uf0a7"
ITEM = re.compile(
    r"^(?P<indent>\s*)(?P<marker>[•◦▪–\-*➢○·\uf0b7\uf0a7]|o(?=\s)|\d{1,2}[.)]|[a-z][.)])\s+(?P<text>\S.*)$"
)
HEADING_WORDS = re.compile(
    r"^(?P<words>secteurs? d.activit[ée]s?|activiteitensector|objectifs? (?:g[ée]n[ée]ral|strat[ée]gique|"
    r"op[ée]rationnel)\S*|(?:algemene|strategische|operationele) doelstelling\S*|r[ée]sultats? "
    r"attendus?\S*|verwachte resultaten|indicat(?:eurs?|oren)\S*|dispositions g[ée]n[ée]rales|"
    r"algemene bepalingen)",
    re.IGNORECASE,
)
TOP_MARKERS = ["•", "-", "–", "▪", "➢", "*", "\uf0b7", "1)", "1.", "i."]
SUB_MARKERS = {
    "•": "o",
    "-": "o",
    "–": "◦",
    "▪": "◦",
    "➢": "o",
    "*": "-",
    "\uf0b7": "o",
    "1)": "a)",
    "1.": "a.",
    "i.": "a)",
}
ROMAN = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"]
MONTHS = {
    "fr": [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    "nl": [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ],
}
SHORT_MONTHS = {
    "fr": ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."],
    "nl": ["jan.", "feb.", "mrt.", "apr.", "mei", "jun.", "jul.", "aug.", "sep.", "okt.", "nov.", "dec."],
}


@dataclass
class Draft:
    """A document as lines, how it is written to a file, and what the comparison must allow."""

    name: str
    language: str
    lines: list[str]
    columns: list[list[str]]  # the signature block's two columns (from the facts file)
    newline: str = "\n"
    encoding: str = "utf-8"
    fold_quotes: bool = False
    wrapped: bool = False
    form_feeds: bool = False
    applied: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, document: Path) -> Draft:
        facts = tomllib.loads(facts_file(document).read_text(encoding="utf-8"))
        lines = [line.rstrip("\n") for line in document.read_text(encoding="utf-8").split("\n")]
        return cls(document.name, facts["language"], lines, facts["signing"]["signature_columns"])

    def bytes(self) -> bytes:
        text = self.newline.join(self.lines) + self.newline
        if self.encoding == "utf-16":
            return text.encode("utf-16")  # with its BOM
        if self.encoding == "cp1252":
            return text.encode("cp1252")
        if self.encoding == "utf-8-sig":
            return text.encode("utf-8-sig")
        return text.encode("utf-8")

    def signature_start(self) -> int:
        """Where the signature block begins: its first line, whatever the quotes and spaces."""
        first = _comparable(self.columns[0][0])
        return max(i for i, line in enumerate(self.lines) if _comparable(line) == first)


def _comparable(line: str) -> str:
    return fold(" ".join(line.replace("\f", "").split()))


def _is_sub_item(item: re.Match) -> bool:
    """A sub-item as its author typed it: indented, or marked o, ◦, –, ○, *, a), a."""
    marker = item.group("marker")
    return bool(item.group("indent")) or marker in ("o", "◦", "–", "○", "*") or bool(re.fullmatch(r"[a-z][.)]", marker))


def _is_heading(line: str) -> bool:
    return bool(HEADING_WORDS.match(line.strip()))


def _body(draft: Draft) -> range:
    return range(0, draft.signature_start())


# -- The perturbation classes -----------------------------------------------------------------


def quotes(draft: Draft, rng: random.Random) -> Draft:
    opening, closing = rng.choice([("«\u00a0", "\u00a0»"), ("«", "»"), ("“", "”"), ("„", "”"), ('"', '"'), ("‹", "›")])
    apostrophe = rng.choice(["’", "'", "ʼ"])
    out = []
    for line in draft.lines:
        line = re.sub(r"[«“„\"]\s*(.*?)\s*[»”\"]", lambda m: opening + m.group(1) + closing, line)
        line = re.sub(r"(?<=\w)[’'](?=\w)", apostrophe, line)
        out.append(line)
    return replace(draft, lines=out, fold_quotes=True)


def _party_lines(draft: Draft) -> list[int]:
    return [
        i for i, line in enumerate(draft.lines[:40]) if re.search(r"repr[ée]sent|vertegenwoordigd", line, re.IGNORECASE)
    ]


DESIGNATION = re.compile(
    r",?\s*(?P<cue>ci-après(?:\s+(?:dénommée?|désignée?))?|hierna(?:\s+genoemd)?)\s+"
    r"(?P<words>(?:la\s+|de\s+)?(?:«[^»]+»|“[^”]+”|„[^”“]+[”“]|\"[^\"]+\"|‘[^’]+’(?!\w)|'[^']+'(?!\w))"
    r"(?:\s+genoemd)?)"
)


def clause_commas(draft: Draft, rng: random.Random) -> Draft:
    """Commas a writer leaves out (before "ci-après", "agissant", "hierna") or adds."""
    out = list(draft.lines)
    for i in _party_lines(draft):
        line = out[i]
        if rng.random() < 0.8:
            line = re.sub(r",\s+(?=ci-après|hierna|agissant|handelend|en exécution|en vertu|in uitvoering)", " ", line)
        if rng.random() < 0.5:
            line = re.sub(r"(?<=\w) (?=représenté|vertegenwoordigd)", ", ", line, count=1)
        out[i] = line
    return replace(draft, lines=out)


def word_order(draft: Draft, rng: random.Random) -> Draft:
    """The designation moved next to the party's name: "la Ville de X, ci-après … « la Ville », représentée …"."""
    out = list(draft.lines)
    for i in _party_lines(draft):
        match = DESIGNATION.search(out[i])
        if not match:
            continue
        line = out[i][: match.start()] + out[i][match.end() :]
        anchor = re.search(r"\s*,?\s+(?=repr[ée]sent|vertegenwoordigd)", line)
        if anchor:
            phrase = match.group().lstrip(", ").strip()
            line = line[: anchor.start()] + ", " + phrase + "," + line[anchor.start() :].lstrip(",")
            out[i] = re.sub(r",\s*,", ",", line)
    return replace(draft, lines=out)


def designation(draft: Draft, rng: random.Random) -> Draft:
    """Another designation form: "ci-après dénommée", "ci-après désignée", "ci-après"; "hierna … genoemd", "hierna"."""
    out = list(draft.lines)
    for i in _party_lines(draft):

        def reform(match: re.Match) -> str:
            words = re.sub(r"\s+genoemd$", "", match.group("words"))
            if draft.language == "fr":
                cue = rng.choice(["ci-après dénommée", "ci-après désignée", "ci-après", "ci-après dénommé"])
                return f", {cue} {words}"
            return rng.choice([f", hierna genoemd {words}", f", hierna {words} genoemd", f", hierna {words}"])

        out[i] = DESIGNATION.sub(reform, out[i], count=1)
    return replace(draft, lines=out)


def heading_case(draft: Draft, rng: random.Random) -> Draft:
    style = rng.choice([str.upper, str.lower, str.capitalize, str.title])
    out = []
    for i, line in enumerate(draft.lines):
        match = HEADING_WORDS.match(line.strip()) if i in _body(draft) else None
        if match:
            start = line.index(match.group("words"))
            words = style(match.group("words"))
            line = line[:start] + words + line[start + len(match.group("words")) :]
            if rng.random() < 0.3 and re.match(r"\s*\d", line[start + len(words) :]):
                line = line[: start + len(words)] + " n°" + line[start + len(words) :]
        out.append(line)
    return replace(draft, lines=out)


def heading_typo(draft: Draft, rng: random.Random) -> Draft:
    """A typo in one word of some list headings ("Indicatuers", "Résultas attendus")."""
    out = []
    for i, line in enumerate(draft.lines):
        match = HEADING_WORDS.match(line.strip()) if i in _body(draft) else None
        if match and rng.random() < 0.3 and re.match(r"(?i)r[ée]sultat|indicat|verwachte", match.group("words")):
            word = match.group("words")
            k = rng.randrange(2, len(word.split()[0]) - 2)
            typo = word[:k] + word[k + 1] + word[k] + word[k + 2 :]
            line = line.replace(word, typo, 1)
        out.append(line)
    return replace(draft, lines=out)


def bullets(draft: Draft, rng: random.Random) -> Draft:
    """Every list's markers in another style, or none: glyphs lost as in a copy out of a PDF
    viewer (letters and numbers, which are text, stay)."""
    top = rng.choice(TOP_MARKERS + ["none"])
    sub = SUB_MARKERS.get(top, "o")
    out, number, letter = [], 0, 0
    body = _body(draft)
    for i, line in enumerate(draft.lines):
        match = ITEM.match(line) if i in body else None
        if not match:
            if line.strip() and not line.strip()[0].islower():
                number = 0 if _is_heading(line) else number
            out.append(line)
            continue
        if _is_sub_item(match) and not re.fullmatch(r"\d{1,2}[.)]|[•▪➢\-\uf0b7]", match.group("marker")):
            letter += 1
            marker = sub if sub not in ("a)", "a.") else chr(ord("a") + letter - 1) + sub[1]
            text = (
                match.group("indent") + (f"{marker} " if top != "none" or marker == "o" else "") + match.group("text")
            )
        else:
            number += 1
            letter = 0
            if top == "none":
                text = match.group("text")
            elif top in ("1)", "1."):
                text = f"{number}{top[1]} {match.group('text')}"
            elif top == "i.":
                text = f"{ROMAN[(number - 1) % len(ROMAN)]}. {match.group('text')}"
            else:
                text = f"{top} {match.group('text')}"
        out.append(text)
    return replace(draft, lines=out)


def indentation(draft: Draft, rng: random.Random) -> Draft:
    return replace(draft, lines=[line.lstrip() for line in draft.lines])


def _wrapped(line: str, width: int, hanging: int) -> list[str]:
    words = line.split(" ")
    out, current = [], ""
    for word in words:
        if current and len(current) + 1 + len(word) > width:
            out.append(current)
            current = " " * hanging + word
        else:
            current = f"{current} {word}" if current else word
    out.append(current)
    return out


def wrap(draft: Draft, rng: random.Random, hyphenate: bool = False) -> Draft:
    """Paragraphs wrapped at 50 to 120 characters (the signature block is laid out, not
    wrapped), with a blank line after every line, between paragraphs, or none."""
    width = rng.randint(50, 120)
    blank = rng.choice(["every", "paragraph", "none"])
    signature = draft.signature_start()
    out: list[str] = []
    for i, line in enumerate(draft.lines):
        if not line.strip():
            continue
        pieces = [line] if i >= signature else _wrapped(line, width, rng.choice([0, 0, 2]) if ITEM.match(line) else 0)
        if hyphenate and len(pieces) > 1:
            pieces = _hyphenated(pieces, width, rng)
        for piece in pieces:
            out.append(piece)
            if blank == "every":
                out.append("")
        if blank == "paragraph":
            out.append("")
    return replace(draft, lines=out, wrapped=True)


def _hyphenated(pieces: list[str], width: int, rng: random.Random) -> list[str]:
    """Cut the first word of some wrapped lines at the end of the line before, as a typesetter does."""
    out = [pieces[0]]
    for piece in pieces[1:]:
        stripped = piece.lstrip()
        word = re.match(r"[a-zà-ÿ]{8,}", stripped)  # a long word in lower case, no hyphen of its own
        if word and rng.random() < 0.6 and len(out[-1]) + 5 <= width + 4:
            k = rng.randint(3, len(word.group()) - 3)
            out[-1] = out[-1] + " " + word.group()[:k] + "-"
            piece = piece[: len(piece) - len(stripped)] + stripped[k:]
        out.append(piece)
    return out


def hyphenation(draft: Draft, rng: random.Random) -> Draft:
    return wrap(draft, rng, hyphenate=True)


def furniture(draft: Draft, rng: random.Random) -> Draft:
    """Page breaks every 25 to 45 lines, with a running header and a footer carrying the page number."""
    city = draft.name.split("-")[0].capitalize()
    header = rng.choice(
        [
            f"Convention CSS 2018-2019 – {city}"
            if draft.language == "fr"
            else f"Veiligheids- en samenlevingscontract 2018-2019 {city}",
            draft.lines[0].strip(),
            "",
        ]
    )
    footer = rng.choice(
        [
            "- {n} -",
            "{n}/{total}",
            "Page {n}",
            "Pagina {n}",
            "p. {n}",
            "{n}",
            f"Convention 2018-2019 – {city} - {{n}} -",
            "Page {n} sur {total}",
        ]
    )
    feed = rng.random() < 0.5
    every = rng.randint(25, 45)
    pages = [draft.lines[i : i + every] for i in range(0, len(draft.lines), every)]
    out: list[str] = []
    for n, page in enumerate(pages, start=1):
        if n > 1 and header:
            out.append(header)
        out += page
        out.append(footer.format(n=n, total=len(pages)))
        if feed and n < len(pages):
            out.append("\f")
    # A form feed starts the next line: join it to it.
    joined: list[str] = []
    for line in out:
        if joined and joined[-1] == "\f":
            joined[-1] = "\f" + line
        else:
            joined.append(line)
    return replace(draft, lines=joined, form_feeds=feed)


def spaces(draft: Draft, rng: random.Random) -> Draft:
    """Non-breaking and thin spaces where word processors put them, and doubled spaces."""
    out = []
    for line in draft.lines:
        line = re.sub(r" (?=[:;!?»])", lambda _: rng.choice(["\u00a0", "\u202f", " "]), line)
        line = re.sub(r"(?<=«) ", "\u00a0", line)
        line = re.sub(
            r"(?<=[^\W\d]) (?=\w)|(?<=\w) (?=[^\W\d])",  # not inside a number
            lambda _: rng.choice([" "] * 12 + ["\u00a0", "  "]),
            line,
        )
        out.append(line)
    return replace(draft, lines=out)


def line_ends(draft: Draft, rng: random.Random) -> Draft:
    return replace(draft, newline=rng.choice(["\r\n", "\r"]))


def encoding(draft: Draft, rng: random.Random) -> Draft:
    choice = rng.choice(["utf-8-sig", "utf-16", "cp1252"])
    if choice == "cp1252":
        try:
            draft.newline.join(draft.lines).encode("cp1252")
        except UnicodeEncodeError:
            choice = "utf-16"
    return replace(draft, encoding=choice)


AMOUNT = re.compile(
    r"(?:€\s?|EUR\s)?(?<![\d,.])(\d{1,3}(?:[ .\u00a0]\d{3})+|\d{4,}),(\d{2})(?:\s?(?:€|EUR|euros?)\b|\s?€)?"
)


def amounts(draft: Draft, rng: random.Random) -> Draft:
    def reform(match: re.Match) -> str:
        digits = re.sub(r"\D", "", match.group(1))
        grouping = rng.choice([" ", ".", "", "\u00a0"])
        grouped = ""
        while len(digits) > 3:
            grouped = grouping + digits[-3:] + grouped
            digits = digits[:-3]
        number = f"{digits}{grouped},{match.group(2)}"
        return rng.choice(
            [
                f"{number} EUR",
                f"{number} €",
                f"€ {number}",
                f"EUR {number}",
                f"{number} {'euros' if draft.language == 'fr' else 'euro'}",
            ]
        )

    return replace(draft, lines=[AMOUNT.sub(reform, line) for line in draft.lines])


DATE = re.compile(r"\b(\d{1,2})(?:er)?(?:\s+([a-zéû]+)\.?\s+|([/.\-]))(\d{1,2}(?=[/.\-]))?[/.\-]?(\d{4})\b")


def dates(draft: Draft, rng: random.Random) -> Draft:
    """Every date of the document in another of the forms writers use."""
    months = MONTHS[draft.language]

    def reform(match: re.Match) -> str:
        day, name, month = int(match.group(1)), match.group(2), match.group(4)
        if name:
            lower = name.lower()
            found = [k for k, m in enumerate(months) if m == lower or m.startswith(lower.rstrip("."))]
            if not found:
                return match.group()
            number = found[0] + 1
        elif month:
            number = int(month)
        else:
            return match.group()
        year = match.group(5)
        style = rng.choice(["slash", "dot", "dash", "long", "short"])
        if style == "slash":
            return f"{day:02d}/{number:02d}/{year}"
        if style == "dot":
            return f"{day:02d}.{number:02d}.{year}"
        if style == "dash":
            return f"{day}-{number}-{year}"
        if style == "long":
            first = "1er" if day == 1 and draft.language == "fr" else str(day)
            return f"{first} {months[number - 1]} {year}"
        return f"{day} {SHORT_MONTHS[draft.language][number - 1]} {year}"

    out = [line if i == 0 else DATE.sub(reform, line) for i, line in enumerate(draft.lines)]
    return replace(draft, lines=out)


def signature_one_line(draft: Draft, rng: random.Random) -> Draft:
    """Each side's signature on one line: "Pour l'État fédéral, M. X, Ministre …"."""
    start = draft.signature_start()
    lines = [", ".join(cell.strip().rstrip(",:") for cell in column) for column in draft.columns]
    return replace(draft, lines=draft.lines[:start] + lines)


def signature_columns(draft: Draft, rng: random.Random) -> Draft:
    """The two sides side by side, as a text export of a two-column signature block gives them."""
    start = draft.signature_start()
    left, right = draft.columns
    width = max(len(cell) for cell in left) + rng.randint(4, 12)
    rows = [
        (left[k] if k < len(left) else "").ljust(width) + (right[k] if k < len(right) else "")
        for k in range(max(len(left), len(right)))
    ]
    return replace(draft, lines=draft.lines[:start] + [row.rstrip() for row in rows])


PERTURBATIONS = {
    "quotes": quotes,
    "clause commas": clause_commas,
    "word order": word_order,
    "designation": designation,
    "heading case": heading_case,
    "heading typo": heading_typo,
    "bullets": bullets,
    "indentation": indentation,
    "wrap": wrap,
    "hyphenation": hyphenation,
    "furniture": furniture,
    "spaces": spaces,
    "line ends": line_ends,
    "encoding": encoding,
    "amounts": amounts,
    "dates": dates,
    "signature one line": signature_one_line,
    "signature columns": signature_columns,
}
# Combined perturbations apply in this order: what the writer types, then how it is laid out and saved.
ORDER = list(PERTURBATIONS)


def perturbed(draft: Draft, names: list[str], rng: random.Random) -> Draft:
    if "signature one line" in names:  # a signature block is laid out one way: the first asked
        names = [name for name in names if name != "signature columns"]
    for name in sorted(names, key=ORDER.index):
        draft = PERTURBATIONS[name](draft, rng)
        draft.applied.append(name)
    return draft


# -- Layouts: the same document as a PDF and as a Word file ------------------------------------


def paragraphs(draft: Draft) -> list[tuple[str, str]]:
    """(style, text): title, text, heading, bullet, sub-bullet, number, sub-number; the
    signature's two columns as ("columns", …)."""
    out = []
    start = draft.signature_start()
    for line in draft.lines[:start]:
        if not line.strip():
            continue
        match = ITEM.match(line)
        if match:
            marker = match.group("marker")
            sub = _is_sub_item(match)
            numbered = bool(re.fullmatch(r"\d{1,2}[.)]|[a-z][.)]", marker))
            out.append((("sub-" if sub else "") + ("number" if numbered else "bullet"), match.group("text")))
        else:
            out.append(("heading" if _is_heading(line) else "text", line.strip()))
    out.append(("columns", draft.columns))
    return out


def write_pdf(draft: Draft, path: Path) -> Path:
    """Wrapped lines, bullets drawn from a symbol font (as Word exports them: private-use
    glyphs), a running footer with the page number, and the signature in two columns."""
    import reportlab
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    font = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
    pdfmetrics.registerFont(TTFont("Vera", str(font)))
    pdf = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    rows: list[tuple[float, str] | tuple[str, list[str], list[str]]] = []
    numbers = {"number": 0, "sub-number": 0}
    for style, text in paragraphs(draft):
        if style == "columns":
            rows.append(("columns", text[0], text[1]))
            continue
        indent = {"bullet": 18, "number": 18, "sub-bullet": 36, "sub-number": 36}.get(style, 0)
        if style in numbers:
            numbers[style] += 1
            if style == "number":
                numbers["sub-number"] = 0
        elif style in ("heading", "text"):
            numbers = {"number": 0, "sub-number": 0}
        marker = {
            "bullet": "\uf0b7",
            "sub-bullet": "o",
            "number": f"{numbers['number']}.",
            "sub-number": f"{chr(96 + max(1, numbers['sub-number']))})",
        }.get(style)
        for k, piece in enumerate(simpleSplit(text, "Vera", 10, width - 144 - indent - 14)):
            rows.append((72 + indent + (14 if marker else 0), (f"{marker}\t" if marker and k == 0 else "") + piece))
        rows.append((72, ""))
    page, y = 1, height - 80

    def footer():
        pdf.setFont("Vera", 8)
        pdf.drawString(72, 30, f"Convention 2018-2019 – {draft.name.split('-')[0].capitalize()}")
        pdf.drawString(width - 120, 30, f"- {page} -")
        pdf.setFont("Vera", 10)

    pdf.setFont("Vera", 10)
    for row in rows:
        if y < 80 or (row[0] == "columns" and y < 80 + 16 * max(len(row[1]), len(row[2]))):
            footer()
            pdf.showPage()
            page, y = page + 1, height - 80
            pdf.setFont("Vera", 10)
        if row[0] == "columns":  # each column's lines wrapped to the column's width
            left = [piece for cell in row[1] for piece in simpleSplit(cell, "Vera", 10, width / 2 - 92)]
            right = [piece for cell in row[2] for piece in simpleSplit(cell, "Vera", 10, width / 2 - 92)]
            for k in range(max(len(left), len(right))):
                if k < len(left):
                    pdf.drawString(72, y, left[k])
                if k < len(right):
                    pdf.drawString(width / 2 + 20, y, right[k])
                y -= 16
            continue
        x, text = row
        if text.startswith(("\uf0b7\t", "o\t")) or re.match(r"^\w{1,2}[.)]\t", text):
            marker, words = text.split("\t", 1)
            pdf.drawString(x - 14, y, marker)
            pdf.drawString(x, y, words)
        elif text:
            pdf.drawString(x, y, text)
        y -= 16 if text else 8
    footer()
    pdf.showPage()
    pdf.save()
    return path


def write_docx(draft: Draft, path: Path) -> Path:
    """Lists as Word lists (bullets, and numbers where the author numbered), the signature in a
    two-column table without borders, a running header and a footer with the page number."""
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    word = Document()
    section = word.sections[0]
    section.header.paragraphs[0].text = f"Convention 2018-2019 – {draft.name.split('-')[0].capitalize()}"
    footer = section.footer.paragraphs[0]
    footer.text = "Page "
    field_begin, instruction, field_end = OxmlElement("w:fldChar"), OxmlElement("w:instrText"), OxmlElement("w:fldChar")
    field_begin.set(qn("w:fldCharType"), "begin")
    instruction.text = "PAGE"
    field_end.set(qn("w:fldCharType"), "end")
    run = footer.add_run()
    for element in (field_begin, instruction, field_end):
        run._r.append(element)
    styles = {
        "bullet": "List Bullet",
        "sub-bullet": "List Bullet 2",
        "number": "List Number",
        "sub-number": "List Number 2",
        "title": "Title",
    }
    for style, text in paragraphs(draft):
        if style == "columns":
            left, right = text
            table = word.add_table(rows=max(len(left), len(right)), cols=2)
            for k in range(max(len(left), len(right))):
                table.cell(k, 0).text = left[k] if k < len(left) else ""
                table.cell(k, 1).text = right[k] if k < len(right) else ""
            continue
        word.add_paragraph(text, style=styles.get(style))
    word.save(str(path))
    return path
