"""Text as converters and writers give it, made comparable — in one place.

Two steps, each keeping the way back to the document's own characters:

``clean``: what the reader works on. Line ends unified (CRLF, CR), Unicode NFC, soft hyphens and
zero-width characters dropped, ligatures spelled out, every kind of space a plain space, and
the private-use bullet glyphs of Symbol/Wingdings fonts made ordinary bullets. It returns the
cleaned text and, for each of its characters, the offset of the original character it came
from, so that provenance still quotes the document itself.

``fold``: what patterns are matched on. One character for one (the offsets of ``clean`` stay
valid): quotes and apostrophes of every form become ``'`` or ``"``, dashes become ``-``,
accents are dropped and letters lower-cased. Labels never come from the folded text: they keep
the document's quotes and accents.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

DROPPED = {"\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff"}
LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
    "\u0132": "IJ",
    "\u0133": "ij",
}
SPACES = set("\t\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000")
# Symbol and Wingdings bullets as PDF and Word converters leave them (private-use area).
PRIVATE_BULLETS = {
    "\uf0b7": "•",
    "\uf0a7": "▪",
    "\uf0a8": "▪",
    "\uf0d8": "➢",
    "\uf0fc": "✓",
    "\uf06f": "o",
    "\uf02d": "-",
    "\uf076": "❖",
    "\uf0e0": "➢",
    "\uf0a1": "○",
}
SINGLE_QUOTES = set("'‘’‚‛′`´ʼ")
DOUBLE_QUOTES = set('"“”„‟«»‹›″')
DASHES = set("‐‑‒–—―−")


@dataclass
class Cleaned:
    text: str
    origin: list[int] | None  # origin[i]: offset in the original of text[i], one more for the end; None: the same


# What only ``clean``'s slow path changes: anything else is changed one character for one.
# (built from the sets it serves, so that a character added to one of them cannot be missed)
_NEEDS_MAP = re.compile(
    "["
    + re.escape("".join(sorted(DROPPED | LIGATURES.keys() | {"\r"})))
    + "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]"
)
# One character for one: every space a space; a private-use glyph, or a control character where
# a PDF's symbol font had no Unicode mapping, a bullet of some font (the known ones by name).
_ONE_FOR_ONE = (
    {code: "•" for code in range(0xE000, 0xF900)}
    | {code: "•" for code in (*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20))}
    | {ord(char): bullet for char, bullet in PRIVATE_BULLETS.items()}
    | {ord(char): " " for char in SPACES}
)


def clean(original: str) -> Cleaned:
    """The cleaned text and its map to the original; ``origin`` is None when every character
    stays at its place (most documents), and the map is then the identity."""
    if not _NEEDS_MAP.search(original):
        return Cleaned(original.translate(_ONE_FOR_ONE), None)
    out: list[str] = []
    origin: list[int] = []
    i, n = 0, len(original)
    while i < n:
        char = original[i]
        if char == "\r":
            out.append("\n")
            origin.append(i)
            i += 2 if original[i + 1 : i + 2] == "\n" else 1
            continue
        if char in DROPPED:
            i += 1
            continue
        if unicodedata.combining(char) and out:
            composed = unicodedata.normalize("NFC", out[-1] + char)
            if len(composed) == 1:  # a decomposed accent joins its letter
                out[-1] = composed
                i += 1
                continue
        if char in LIGATURES:
            for letter in LIGATURES[char]:
                out.append(letter)
                origin.append(i)
        else:
            out.append(unicodedata.normalize("NFC", char.translate(_ONE_FOR_ONE)))
            origin.append(i)
        i += 1
    origin.append(n)
    return Cleaned("".join(out), origin)


def _fold_char(char: str) -> str:
    if char in SINGLE_QUOTES:
        return "'"
    if char in DOUBLE_QUOTES:
        return '"'
    if char in DASHES:
        return "-"
    base = unicodedata.normalize("NFD", char)[0]
    lowered = base.lower()
    return lowered if len(lowered) == 1 else base


class _FoldTable(dict[int, str]):
    """str.translate's table, filled as characters are met."""

    def __missing__(self, code: int) -> str:
        self[code] = _fold_char(chr(code))
        return self[code]


_FOLD_TABLE = _FoldTable()


def fold(text: str) -> str:
    """The text for matching, one character for each of ``text``'s."""
    return text.translate(_FOLD_TABLE)


def strip_quotes(text: str) -> str:
    """A designation without the quotes around it: « la Commune » → la Commune."""
    return text.strip().strip("".join(SINGLE_QUOTES | DOUBLE_QUOTES)).strip()
