"""The one parser of amounts and the one parser of dates, for every clause of every language.

Amounts in Belgian notation with any currency mark: ``276 041,89``, ``276.041,89``,
``276041,89``, ``€ 276 041,89``, ``276 041,89 €``, ``EUR``, ``euros``, ``euro``.
Dates: ``29/01/2019``, ``29.01.2019``, ``29-01-2019``, ``1er janvier 2018``, ``1 januari 2018``,
``29 jan. 2019`` (French and Dutch month names and their usual abbreviations).

Both work on folded text (``normalise.fold``: lower case, no accents, one character for one), so
the spans they return are spans of the document's line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

MONTHS = {
    # French
    "janvier": 1,
    "janv": 1,
    "jan": 1,
    "fevrier": 2,
    "fevr": 2,
    "fev": 2,
    "mars": 3,
    "avril": 4,
    "avr": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "juil": 7,
    "aout": 8,
    "septembre": 9,
    "sept": 9,
    "sep": 9,
    "octobre": 10,
    "oct": 10,
    "novembre": 11,
    "nov": 11,
    "decembre": 12,
    "dec": 12,
    # Dutch
    "januari": 1,
    "februari": 2,
    "feb": 2,
    "maart": 3,
    "mrt": 3,
    "maa": 3,
    "april": 4,
    "apr": 4,
    "mei": 5,
    "juni": 6,
    "jun": 6,
    "juli": 7,
    "jul": 7,
    "augustus": 8,
    "aug": 8,
    "september": 9,
    "oktober": 10,
    "okt": 10,
    "november": 11,
    "december": 12,
}
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
DATE = re.compile(
    r"(?<![\w.])(?:(?P<day>\d{1,2})(?:er|e|ste|de)?\s*(?P<month_name>" + _MONTH_NAMES + r")\.?\s*(?P<year>\d{4})"
    r"|(?P<nday>\d{1,2})\s*(?P<sep>[/.\-])\s*(?P<nmonth>\d{1,2})\s*(?P=sep)\s*(?P<nyear>\d{4}))(?![\w])"
)
# A number in Belgian notation: groups of thousands with a space, dot or none, a decimal comma.
_NUMBER = r"\d{1,3}(?:[ .]\d{3})+(?:,\d{1,2})?|\d+(?:,\d{1,2})?"
_CURRENCY = r"(?:€|eur(?:o?s?)?\b)"
# A number is whole: not part of a longer token ("1.487.2G3,54" is no amount of 1487, nor of 3,54).
AMOUNT = re.compile(
    rf"(?P<before>{_CURRENCY}\s*)?(?<![\w.,])(?P<number>{_NUMBER})(?![\d,]|[.,]?[^\W_])"
    rf"(?P<after>\s*{_CURRENCY})?"
)
# A year alone, not part of a date ("17.12.2018") or of a number.
YEAR = re.compile(r"(?<![\d/\-])(?<!\d\.)(?:19|20)\d{2}(?![\d/\-]|\.\d)")


@dataclass
class Found:
    start: int
    end: int


@dataclass
class FoundDate(Found):
    value: date | None  # None when the day does not exist ("31 février")
    text: str


@dataclass
class FoundAmount(Found):
    value: Decimal


def find_dates(folded: str) -> list[FoundDate]:
    found = []
    for match in DATE.finditer(folded):
        if match.group("month_name"):
            day, month, year = int(match.group("day")), MONTHS[match.group("month_name")], int(match.group("year"))
        else:
            day, month, year = int(match.group("nday")), int(match.group("nmonth")), int(match.group("nyear"))
        try:
            value = date(year, month, day)
        except ValueError:
            value = None
        found.append(FoundDate(match.start(), match.end(), value, match.group()))
    return found


def find_amounts(folded: str) -> list[FoundAmount]:
    """Amounts of money: a number with a currency mark before or after it."""
    found = []
    for match in AMOUNT.finditer(folded):
        if not (match.group("before") or match.group("after")):
            continue
        found.append(FoundAmount(match.start(), match.end(), _decimal(match.group("number"))))
    return found


def amount_at(folded: str, position: int) -> FoundAmount | None:
    """The amount written at ``position`` even without a currency mark ("un montant de
    276 041,89 pour 2018"): a number with decimals or grouped thousands."""
    match = AMOUNT.match(folded, position)
    if not match or not re.search(r"[ .,]", match.group("number")):
        return None
    return FoundAmount(match.start(), match.end(), _decimal(match.group("number")))


# A number as a Belgian writes it in a cell: 1.234,5 / 1 234,5 / 1234,5 / 1234 / -3,25; thousands
# grouped by a dot or a space (no-break spaces too), a decimal comma. "12.5" is not one: in Belgian
# notation the dot groups thousands, so it would be read as 125 — it is refused instead.
BELGIAN_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:[. \u00a0\u202f]\d{3})+|\d+)(?:,\d+)?")


def belgian_number(text: str) -> Decimal | None:
    """The number ``text`` writes in Belgian notation, or None when it writes none."""
    written = text.strip()
    return _decimal(written) if BELGIAN_NUMBER.fullmatch(written) else None


def _decimal(number: str) -> Decimal:
    """ "276 041,89" → 276041.89: thousands' spaces and dots dropped, the comma a point."""
    return Decimal(re.sub(r"[ .\u00a0\u202f]", "", number).replace(",", "."))
