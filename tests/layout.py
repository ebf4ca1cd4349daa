"""Convention documents with a real layout, made by the tests: the Verviers convention laid out
as a PDF (wrapped lines, bullets, page breaks, running header and page numbers) and as a Word
file (paragraphs, bulleted lists two levels deep).

The content comes from what a person reads in the source: the curated graph's outline (read
with the outline query) and, for the parts the outline does not hold, the source's sentences
copied below. Nothing here calls the extractor.
"""

from __future__ import annotations

from pathlib import Path

from cssgraph.query import run_query

from conftest import VERVIERS

PREAMBLE = [
    ("title", "CONVENTION CONTRAT DE SECURITE ET DE SOCIETE 2018-2019 DE LA VILLE/COMMUNE DE VERVIERS"),
    ("text", "Entre d’une part :"),
    (
        "text",
        "l’Etat représenté par le Ministre de l’Intérieur, établi Rue de la Loi 2 à 1000 Bruxelles, "
        "ci-après dénommé “ L’Etat ”,",
    ),
    ("text", "Et d’autre part :"),
    (
        "text",
        "la Ville de VERVIERS représentée par le Conseil communal, pour lequel interviennent Madame "
        "TARGNION, Bourgmestre et Madame KNUBBEN, Directrice Générale, agissant en exécution d’une décision "
        "du conseil communal du 28 janvier 2019, ci-après dénommée “ la Commune ”.",
    ),
    ("text", "Est convenu ce qui suit :"),
    ("heading", "DISPOSTIONS GENERALES"),
    (
        "text",
        "1. Sur base de cette convention et eu égard aux dispositions de l’Arrêté royal d’exécution et sous "
        "réserve des crédits disponibles, un montant de 276 041,89 EUR pour 2018 et un montant de 271 546,93 "
        "EUR pour 2019 sont attribués à la Ville de VERVIERS.",
    ),
    ("text", "2. Cette convention entre en vigueur le 1er janvier 2018 et se termine le 31 décembre 2019."),
    (
        "text",
        "3. Les autorités locales s’engagent à utiliser les subsides de l’Etat fédéral de la manière la plus "
        "efficace et la plus efficiente, conformément aux dispositions de l’arrêté du 2 septembre 2018 et à "
        "fournir à la demande toute information utile sur l’affectation de ces subsides, à permettre tout "
        "contrôle et à prêter toute l’assistance nécessaire en la matière.",
    ),
]
SIGNATURE = [
    ("text", "Cette convention a été signé à Verviers en 2 exemplaires le 29/01/2019"),
    ("text", "Chaque partie intéressée déclare avoir reçu un exemplaire signé."),
    ("text", "Pour l’Etat féderal,"),
    ("text", "Monsieur Pieter DE CREM"),
    ("text", "Ministre de la Sécurité et de l’Intérieur"),
    ("text", "Pour la ville/commune,"),
    ("text", "Madame TARGNION, Bourgmestre"),
    ("text", "Madame KNUBBEN, Directrice Générale"),
]
LIST_HEADINGS = {
    "objectif opérationnel": "Objectifs opérationnels :",
    "résultat attendu": "Résultats attendus :",
    "indicateur": "Indicateurs :",
}


def verviers_paragraphs() -> list[tuple[str, str]]:
    """(style, text) in document order; styles: title, heading, text, bullet, sub-bullet."""
    body, last_list = [], None
    for row in run_query("outline", data=[VERVIERS.parent.parent]).rows:
        level, kind, number, text = (row[name].value for name in ("level", "kind", "number", "text"))
        if level == "1":
            body.append(("heading", f"{number}. {text}"))
        elif level == "2":
            body.append(("heading", text))
        elif kind == "objectif général":
            body += [("heading", "Objectif général :"), ("text", text)]
        elif kind == "objectif stratégique":
            body += [("heading", f"Objectif stratégique {number} :"), ("text", text)]
            last_list = None
        elif level == "5":
            body.append(("sub-bullet", text))
        else:
            if kind != last_list:
                body.append(("heading", LIST_HEADINGS[kind]))
                last_list = kind
            body.append(("bullet", text))
        if level in ("1", "2"):
            last_list = None
    return PREAMBLE + body + SIGNATURE


def write_pdf(paragraphs, path: Path, lines_per_page: int = 38) -> Path:
    """A PDF with a text layer: lines wrapped at the page width, "•" and "o" bullets with
    hanging indents, a running header and "Page n" at the foot of every page."""
    import reportlab
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    font = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"  # ships with reportlab, has ’ « » “ ” •
    pdfmetrics.registerFont(TTFont("Vera", str(font)))
    pdf = canvas.Canvas(str(path), pagesize=A4)
    width, height = A4
    lines: list[tuple[float, str]] = []
    for style, text in paragraphs:
        indent = {"bullet": 18, "sub-bullet": 36}.get(style, 0)
        wrapped = simpleSplit(text, "Vera", 10, width - 144 - indent - 12)
        marker = {"bullet": "•", "sub-bullet": "o"}.get(style)
        for i, piece in enumerate(wrapped):
            lines.append((72 + indent + (12 if marker else 0), (f"{marker} " if marker and i == 0 else "") + piece))
        lines.append((72, ""))
    pages = [lines[i : i + lines_per_page] for i in range(0, len(lines), lines_per_page)]
    for number, page in enumerate(pages, start=1):
        pdf.setFont("Vera", 8)
        pdf.drawString(72, height - 40, "Contrat de sécurité et de société 2018-2019 – Ville de Verviers")
        pdf.drawString(width / 2, 30, f"Page {number}")
        pdf.setFont("Vera", 10)
        y = height - 80
        for x, text in page:
            if text:
                marker_x = x - 12 if text.startswith(("• ", "o ")) else x
                pdf.drawString(marker_x, y, text)
            y -= 18
        pdf.showPage()
    pdf.save()
    return path


def write_docx(paragraphs, path: Path) -> Path:
    """A Word file: one paragraph each, bullets as Word lists (levels 1 and 2)."""
    from docx import Document

    word = Document()
    for style, text in paragraphs:
        word_style = {"bullet": "List Bullet", "sub-bullet": "List Bullet 2", "title": "Title"}.get(style)
        word.add_paragraph(text, style=word_style)
    word.save(str(path))
    return path
