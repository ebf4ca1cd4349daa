"""Understand a convention document: find the template's parts in its lines and read their data.

The template's words live in a language profile (``profiles/fr.toml``, ``profiles/nl.toml``);
this module only knows the template's shape: a title and the parties, the general provisions,
sections (I, II…) of activity sectors, each with a general objective and strategic objectives
followed by blocks of operational objectives, expected results and indicators, and the
signature. A block applies to every strategic objective listed since the previous block.

Every part is read by several cues at once, so that a document that another officer wrote, or
another converter produced, still reads:
- text is cleaned and folded first (``normalise``), so quotes, dashes, accents, case and spaces
  never decide anything;
- each datum of a clause (a name, a date, an amount, a designation) is found by its own anchor,
  whatever the words, commas and order around it;
- list items are told apart by their markers (any bullet or enumerator), their indentation,
  the width at which the document wraps, the punctuation that ends the line before and the case
  that starts theirs;
- page furniture (page numbers in any language, running headers and footers) is found by its
  form and by its repetition.

A clause that cannot be read costs that clause, not the document. Every non-blank line ends up
used (in a text kept in the graph, or as a heading, a template phrase or page furniture) or in
``Extraction.problems`` with the reason; so does every decision the reader is unsure of
(``Problem.doubt``), which ``--strict`` makes an error.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import Any, cast

from rapidfuzz import fuzz

from cssgraph.errors import InputError
from cssgraph.read.documents import Document, Line
from cssgraph.read.messages import message
from cssgraph.read.normalise import fold, strip_quotes
from cssgraph.read.values import YEAR, amount_at, find_amounts, find_dates

PROFILES = Path(__file__).parent / "profiles"
ROMAN = {"I": 1, "V": 5, "X": 10}
# List markers as writers and converters leave them: bullets of any font, enumerators.
MARKER = re.compile(
    r"^(?P<marker>[-•◦▪▫■□●○◆◇➢➤►▶✓✔❖*·–—]|o(?=\s)|\(?\d{1,2}[.)](?!\d)|\(?[a-z][.)](?=\s)"
    r"|\(?(?:i{1,3}|iv|vi{0,3}|ix|x)[.)](?=\s))\s*"
)
PAGE_NUMBER = re.compile(
    r"^(?:-\s*\d+\s*-|\d+\s*(?:/|sur|van|of|de)\s*\d+|(?:page|pagina|p\.|blz\.?|blad)\s*\d+"
    r"(?:\s*(?:/|sur|van|of|de)\s*\d+)?|\d{1,3})$"
)
PAGE_NUMBER_AT_END = re.compile(r"(?:-\s*\d+\s*-|\d+\s*(?:/|sur|van)\s*\d+|(?:page|pagina|p\.|blz\.?)\s*\d+)$")
PHRASE_END = re.compile(r"[.;:!?]$")


# -- The model of a convention as read ------------------------------------------------


@dataclass
class Text:
    """Words of the document: ``value`` as kept in labels (cleaned, spaces normalised, the
    document's own quotes and accents), the lines they came from and their span in the
    document's text."""

    value: str
    lines: list[Line]
    span: tuple[int, int] = (0, 0)  # (0, 0) only for the empty text of a heading with no words

    @property
    def start(self) -> int:
        return self.span[0]

    @property
    def end(self) -> int:
        return self.span[1]


@dataclass
class Person:
    title: str
    given_name: str | None
    family_name: str
    capacity: Text | None = None
    role: str | None = None  # a role concept of the ontology, e.g. "mayor"
    post: str | None = None  # path segment of a municipal post's IRI
    name: Text | None = None  # the name as written, with its place


@dataclass
class OperationalObjective:
    text: Text
    sub_actions: list[Text] = field(default_factory=list)


@dataclass
class Block:
    objectives: list[int]  # numbers of the strategic objectives it serves
    operational: list[OperationalObjective] = field(default_factory=list)
    results: list[Text] = field(default_factory=list)
    indicators: list[Text] = field(default_factory=list)


@dataclass
class Sector:
    number: int
    heading: Text
    general: Text | None = None
    objectives: dict[int, Text] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)
    theme: str | None = None  # a name of the profile's [sector_themes] (an ontology concept's)
    alternatives: set[frozenset[int]] = field(default_factory=set)  # pairs of strategic objectives


@dataclass
class Duty:
    """A duty a general provision imposes: its words, its action (a name of the profile's
    [duty_actions], None when no cue was found) and who bears it ("municipality",
    "police_zone", or None when the provision does not say in words the profile knows)."""

    text: Text
    action: str | None
    bearer: str | None


@dataclass
class Provision:
    text: Text
    duties: list[Duty] = field(default_factory=list)
    decree_date: date | None = None  # the decree it cites, by its date
    decree: Text | None = None  # how it names it: "arrêté royal du 3 mars 2020"


@dataclass
class Section:
    number: str  # as written: "I", "II"
    title: Text
    sectors: list[Sector] = field(default_factory=list)
    kind: str | None = None  # a name of the profile's [section_kinds] (an ontology concept's)

    @property
    def position(self) -> int:
        return roman_to_int(self.number)


@dataclass
class Signatory:
    person: Person
    party: str  # "state" or "municipality"
    capacity: Text | None = None


@dataclass
class Amount:
    year: int
    value: Decimal
    text: Text


@dataclass
class Problem:
    line: Line
    key: str  # a message of read.messages
    params: dict[str, object] = field(default_factory=dict)
    doubt: bool = False  # read, but the reader is unsure (``--strict`` refuses it)

    def message(self, language: str) -> str:
        return message(self.key, language, **self.params)


@dataclass
class Unread:
    """A line of a document that was not understood, or read with a doubt, as reported to people."""

    source: str
    line: int
    page: int | None
    text: str
    reason: str
    doubt: bool = False

    def place(self) -> str:
        return f"page {self.page}, line {self.line}" if self.page else f"line {self.line}"


@dataclass
class Extraction:
    document: Document
    language: str
    title: Text | None = None
    convention_type: str | None = None
    period: tuple[int, int] | None = None
    municipality_name: Text | None = None
    state_post: Text | None = None
    state_address: Text | None = None
    state_designation: Text | None = None
    municipality_designation: Text | None = None
    council: Text | None = None
    acting_persons: list[Person] = field(default_factory=list)
    state_persons: list[Person] = field(default_factory=list)  # the minister, when the State clause names him
    decision: Text | None = None
    decision_date: date | None = None
    provisions: list[Provision] = field(default_factory=list)
    funding_condition: Text | None = None  # "sous réserve des crédits disponibles"
    amounts: list[Amount] = field(default_factory=list)
    start: date | None = None
    end: date | None = None
    decree_date: date | None = None
    decree: Text | None = None  # the decree's name, as the provision citing it writes it
    sections: list[Section] = field(default_factory=list)
    signing: Text | None = None
    signing_place: Text | None = None
    signing_copies: int | None = None
    signing_date: date | None = None
    copies_received: int | None = None
    signatories: list[Signatory] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    structural: set[int] = field(default_factory=set)  # lines used as headings, anchors or page furniture

    def texts(self) -> Iterator[Text | None]:
        """Every text read from the document."""
        yield from (
            self.title,
            self.state_post,
            self.state_address,
            self.state_designation,
            self.municipality_designation,
            self.municipality_name,
            self.council,
            self.decision,
            self.signing,
            self.signing_place,
            self.funding_condition,
        )
        for provision in self.provisions:
            yield provision.text
            yield from (duty.text for duty in provision.duties)
        yield from (amount.text for amount in self.amounts)
        for person in self.acting_persons + self.state_persons + [s.person for s in self.signatories]:
            yield from (person.name, person.capacity)
        yield from (signatory.capacity for signatory in self.signatories)
        for section in self.sections:
            yield section.title
            for sector in section.sectors:
                yield from (sector.heading, sector.general, *sector.objectives.values())
                for block in sector.blocks:
                    yield from block.results
                    yield from block.indicators
                    for operational in block.operational:
                        yield operational.text
                        yield from operational.sub_actions

    def unaccounted(self) -> list[int]:
        """Lines neither used nor reported: must be none."""
        used = set(self.structural) | {problem.line.number for problem in self.problems}
        for text in self.texts():
            if text is not None:
                used.update(line.number for line in text.lines)
        return [line.number for line in self.document.lines if line.text.strip() and line.number not in used]

    @property
    def not_understood(self) -> list[Problem]:
        """What was lost: lines or clauses that were not read."""
        return [problem for problem in self.problems if not problem.doubt]

    def unread(self, language: str | None = None) -> list[Unread]:
        """Every problem, worded in ``language`` (default: the document's)."""
        language = language or self.language
        return [
            Unread(
                str(self.document.path),
                problem.line.number,
                problem.line.page,
                problem.line.text.strip(),
                problem.message(language),
                problem.doubt,
            )
            for problem in self.problems
        ]

    def report(self, line: Line, key: str, doubt: bool = False, **params: object) -> None:
        self.problems.append(Problem(line, key, params, doubt))


# -- Profiles and messages -----------------------------------------------------------------


@dataclass
class Profile:
    language: str
    raw: dict[str, Any]  # the profile's TOML

    def heading(self, name: str) -> re.Pattern[str]:
        return _compiled(self.raw["headings"][name])

    def anchor(self, name: str) -> re.Pattern[str]:
        return _compiled(self.raw["anchors"][name])

    def clause(self, name: str) -> re.Pattern[str]:
        return _compiled(self.raw["clauses"][name])

    def number(self, word: str) -> int | None:
        return int(word) if word.isdigit() else self.raw["numbers"].get(word)

    def duty_actions(self, folded: str) -> list[str]:
        """The actions of the profile's [duty_actions] that the (folded) words name."""
        return [name for name, pattern in self.raw["duty_actions"].items() if _compiled(pattern).search(folded)]

    def names_police_zone(self, text: str) -> bool:
        """Whether ``text`` names the police zone ("la zone de police", "ZP")."""
        return _compiled(self.raw["organisations"]["police_zone"]).search(text) is not None

    @cached_property
    def joiners(self) -> frozenset[str]:
        """Words a line ends on only in the middle of a phrase (articles, prepositions)."""
        return frozenset(self.raw["wrapping"]["joiners"])


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


@cache
def profiles() -> dict[str, Profile]:
    found = {}
    for path in sorted(PROFILES.glob("*.toml")):
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        found[raw["language"]] = Profile(raw["language"], raw)
    return found


LIST_KINDS = ("operational_objectives", "expected_results", "indicators")
HEADINGS = ("sector", "general_objective", "strategic_objective") + LIST_KINDS


def _heading(profile: Profile, folded: str) -> tuple[str, re.Match[str] | _Shifted | None, bool] | None:
    """Which heading of the template a line is: by its pattern, or by likeness of its first
    words to the heading's (a typo); the flag says it was by likeness."""
    for name in HEADINGS:
        if match := profile.heading(name).match(folded):
            return name, match, False
    written = re.split(r"\s*[:\-]\s*|\s+(?=\d)", folded, maxsplit=1)[0].strip()
    head = re.sub(r"\((?:s|e|en|es|aux)\)", "", written)  # "Indicateur(s)"
    if not head or len(head.split()) > 4 or len(head) < 6:
        return None
    best = max(profile.raw["heading_words"].items(), key=lambda item: fuzz.ratio(head, item[1]))
    if fuzz.ratio(head, best[1]) < 85:
        return None
    match = profile.heading(best[0]).match(best[1] + folded[len(written) :])
    return (best[0], None, True) if match is None else (best[0], _Shifted(match, len(best[1]) - len(written)), True)


@dataclass
class _Shifted:
    """A match on a rewritten heading, with its group spans moved back onto the line."""

    match: re.Match[str]
    shift: int

    def group(self, name: str) -> str | Any:  # typed as re.Match.group's: None for a group that took no part
        return self.match.group(name)

    def start(self, name: str) -> int:
        return self.match.start(name) - self.shift


def detect_profile(document: Document, forced: str | None = None) -> Profile:
    """The profile whose headings the document uses most (or the one asked for)."""
    available = profiles()
    if forced:
        if forced not in available:
            raise InputError(
                str(document.path),
                f"no profile for language {forced!r}",
                fix=f"available: {', '.join(sorted(available))}",
            )
        return available[forced]
    folded = [_folded(line.text) for line in document.lines if line.text.strip()]
    scores = {
        language: sum(1 for text in folded for name in HEADINGS if profile.heading(name).match(text))
        for language, profile in available.items()
    }
    best = max(scores, key=scores.__getitem__)
    if scores[best] < 3:
        raise InputError(
            str(document.path),
            "not a convention: none of the template's headings was found "
            "(Secteur d’activité, Objectif stratégique, Indicateurs…)",
            fix="give the text of a security and society convention, or force the language with --lang",
        )
    return available[best]


# -- Extraction ---------------------------------------------------------------------------


def normal(text: str) -> str:
    """Spaces normalised: what labels keep of the document's words."""
    return re.sub(r"\s+", " ", text).strip()


@lru_cache(maxsize=8192)
def _folded(text: str) -> str:
    """A line as patterns see it: spaces normalised, then folded."""
    return fold(normal(text))


def extract(document: Document, language: str | None = None) -> Extraction:
    profile = detect_profile(document, language)
    result = Extraction(document, profile.language)
    if "encoding_fallback" in document.notes and document.lines:
        result.report(document.lines[0], "encoding_fallback", doubt=True)
    lines = _content_lines(document)
    kept = {line.number for line in lines}
    result.structural.update(line.number for line in document.lines if line.text.strip() and line.number not in kept)
    words = vocabulary(document.cleaned_text)
    parts = _split_parts(lines, profile)
    _read_preamble(parts["preamble"], profile, result, words)
    _read_provisions(parts["provisions"], profile, result, words)
    _read_body(parts["body"], profile, result, words, _Layout.of(document, lines))
    _read_signature(parts["signature"], profile, result, words)
    _classify(result, profile)
    if result.title is None and not result.sections:
        raise InputError(
            str(document.path),
            "not a convention: no title and no section were found",
            fix="give the text of a security and society convention",
        )
    if result.period is None and result.start and result.end:
        result.period = (result.start.year, result.end.year)  # the title did not say it; the dates do
    result.problems.sort(key=lambda problem: problem.line.number)
    return result


# -- Page furniture ------------------------------------------------------------------------------


def _masked(text: str) -> str:
    return re.sub(r"\d+", "#", _folded(text))


def _content_lines(document: Document) -> list[Line]:
    """The non-blank lines, without page numbers and running headers or footers.

    Page furniture is told by its form (a page number in any language, alone or at the end of
    a line) and by its place and repetition: a line repeated at the same edge of many pages, or
    beside page numbers, or a line at a page's edge that repeats the document's title."""
    lines = [line for line in document.lines if line.text.strip()]
    folded = {line.number: _folded(line.text) for line in lines}
    furniture = {line.number for line in lines if PAGE_NUMBER.match(folded[line.number])}
    position = {line.number: i for i, line in enumerate(lines)}
    edge = {
        line.number
        for i, line in enumerate(lines)  # first and last lines of each page
        if document.has_pages
        and (i == 0 or i == len(lines) - 1 or lines[i - 1].page != line.page or lines[i + 1].page != line.page)
    }

    def beside_furniture(line: Line) -> bool:
        k = position[line.number]
        return any(lines[j].number in furniture for j in range(max(0, k - 2), min(len(lines), k + 3)) if j != k)

    counts: dict[str, list[Line]] = {}
    for line in lines:
        counts.setdefault(_masked(line.text), []).append(line)
    for repeated in counts.values():
        # A line that carries a page number ("Convention … - 2 -", "… p. 3/7"): repeated with
        # other numbers, or at a page's edge.
        if (
            PAGE_NUMBER_AT_END.search(folded[repeated[0].number])
            and not _template_line(repeated[0])
            and (len(repeated) >= 2 and _digits_vary(repeated) or all(line.number in edge for line in repeated))
        ):
            furniture.update(line.number for line in repeated)
    title = set(re.findall(r"\w{3,}|\d+", " ".join(folded[line.number] for line in lines[:3])))
    if document.has_pages:
        # A line repeated at the same edge (top or bottom) of half the pages or more is a
        # running header or footer; digits are masked, since they often carry the page number.
        by_page: dict[int | None, list[Line]] = {}  # (a page is None only in a document without pages)
        for line in lines:
            if line.number not in furniture:
                by_page.setdefault(line.page, []).append(line)
        edges: dict[tuple[str, str], list[Line]] = {}
        for page_lines in list(by_page.values()):
            for side, chosen in (("top", page_lines[:2]), ("bottom", page_lines[-2:])):
                for line in chosen:
                    edges.setdefault((side, _masked(line.text)), []).append(line)
        for repeated in edges.values():
            if len({line.page for line in repeated}) >= max(2, len(by_page) / 2) and not _template_line(repeated[0]):
                furniture.update(line.number for line in repeated)
    opening = next(
        (
            i
            for i, line in enumerate(lines)
            if any(profile.anchor("state_party").match(folded[line.number]) for profile in profiles().values())
        ),
        3,
    )
    for repeated in counts.values():
        # A line repeated beside page numbers each time after the title (a text export of
        # running headers, which may repeat the title's first line).
        later = [line for line in repeated if position[line.number] >= opening]
        if len(later) >= 2 and not _template_line(repeated[0]) and all(map(beside_furniture, later)):
            furniture.update(line.number for line in repeated)
    for line in lines:
        # A running header that repeats the title, at a page's edge or beside a page number.
        words = set(re.findall(r"\w{3,}|\d+", folded[line.number]))
        if (
            position[line.number] > 2
            and (line.number in edge or beside_furniture(line))
            and not _template_line(line)
            and len(words) >= 3
            and len(words & title) >= 0.6 * len(words)
            and re.search(r"(?:19|20)\d\d", folded[line.number])
        ):  # it carries the period, as the title does
            furniture.add(line.number)
    # The title is never furniture, even when a running header repeats it on every page: if
    # what is left before the parties no longer names the convention, the header was the title.
    left = " ".join(folded[line.number] for line in lines[:opening] if line.number not in furniture)
    if not any(
        re.search(pattern, left)
        for profile in profiles().values()
        for pattern in profile.raw["convention_types"].values()
    ):
        furniture.difference_update(
            line.number for line in lines[:opening] if not PAGE_NUMBER.match(folded[line.number])
        )
    return [line for line in lines if line.number not in furniture]


def _template_line(line: Line) -> bool:
    """A heading of the template or a list item: never page furniture, however often it repeats."""
    folded = _folded(line.text)
    return _marker(line.text)[0] is not None or any(
        profile.heading(name).match(folded) for profile in profiles().values() for name in HEADINGS
    )


def _digits_vary(lines: list[Line]) -> bool:
    return len({re.sub(r"\D", "", line.text) for line in lines}) > 1


# -- The parts ------------------------------------------------------------------------------------


def _split_parts(lines: list[Line], profile: Profile) -> dict[str, list[Line]]:
    folded = [_folded(line.text) for line in lines]

    def first(test: Callable[[int], object], start: int = 0, end: int | None = None) -> int | None:
        return next((i for i in range(start, len(lines) if end is None else end) if test(i)), None)

    sector = first(lambda i: profile.heading("sector").match(folded[i]))
    section = None
    if sector is not None:  # the section heading just before the first sector, if any
        section = next((i for i in range(sector - 1, max(-1, sector - 4), -1) if _section_heading(lines[i], 1)), None)
    body_start = section if section is not None else (sector if sector is not None else len(lines))
    provisions = first(lambda i: profile.heading("general_provisions").match(folded[i]), 0, body_start)
    if provisions is None:  # no heading: the provisions begin with the first numbered one after the parties
        agreed = first(lambda i: profile.anchor("agreed").search(folded[i]), 0, body_start)
        provisions = first(
            lambda i: profile.heading("provision").match(folded[i]),
            (agreed + 1) if agreed is not None else 0,
            body_start,
        )
    last_heading = max((i for i in range(body_start, len(lines)) if _heading(profile, folded[i])), default=body_start)
    signature = first(
        lambda i: profile.anchor("signing").search(folded[i]) or profile.anchor("signs_for_state").match(folded[i]),
        last_heading + 1,
    )
    end_of_preamble = provisions if provisions is not None else body_start
    body_end = signature if signature is not None else len(lines)
    return {
        "preamble": lines[:end_of_preamble],
        "provisions": lines[end_of_preamble:body_start],
        "body": lines[body_start:body_end],
        "signature": lines[body_end:],
    }


def _section_heading(line: Line, expected: int) -> re.Match[str] | None:
    """A section heading: the next roman numeral, in capitals ("ii." enumerates a list's items),
    and a title: "II. Aide …"."""
    match = re.match(
        r"^(?:section\s+|afdeling\s+|titre\s+|titel\s+)?(?P<number>[ivx]+)\s*[.)\-–:]\s*(?P<text>\S.*)$",
        _folded(line.text),
    )
    if not match or roman_to_int(match.group("number")) != expected:
        return None
    numeral = re.search(r"\b[IVXivx]+\b", line.text)
    return match if numeral and numeral.group().isupper() else None


# -- Flattened clauses --------------------------------------------------------------------------


@dataclass
class _Flat:
    """Lines joined by single spaces (a word cut at a line end mended), with, for each
    character, the line and the column it came from."""

    text: str
    owners: list[tuple[Line, int]]

    @classmethod
    def of(cls, lines: list[Line], words: frozenset[str] = frozenset()) -> _Flat:
        chars: list[str] = []
        owners: list[tuple[Line, int]] = []
        for line in lines:
            begin = len(line.text) - len(line.text.lstrip())
            end = len(line.text.rstrip())
            if begin >= end:
                continue
            if chars:
                joint = _line_joint("".join(chars[-40:]), line.text[begin:], words)
                if joint == "":
                    chars.pop()  # the hyphen of a word cut at the line end
                    owners.pop()
                elif joint == " ":
                    chars.append(" ")
                    owners.append(owners[-1])
            for column in range(begin, end):
                char = line.text[column]
                if char == " " and chars and chars[-1] == " ":
                    continue
                chars.append(char)
                owners.append((line, column))
        return cls("".join(chars), owners)

    @cached_property
    def folded(self) -> str:
        return fold(self.text)

    def lines_of(self, start: int, end: int) -> list[Line]:
        seen: dict[int, Line] = {}
        for line, _ in self.owners[start:end]:
            seen.setdefault(line.number, line)
        return list(seen.values())

    def piece(self, start: int, end: int) -> Text | None:
        """The words between two offsets, trimmed of spaces and stray punctuation."""
        while start < end and self.text[start] in " ,;:":
            start += 1
        while end > start and self.text[end - 1] in " ,;:":
            end -= 1
        if start >= end:
            return None
        first_line, first_column = self.owners[start]
        last_line, last_column = self.owners[end - 1]
        return Text(
            self.text[start:end],
            self.lines_of(start, end),
            (first_line.at(first_column), last_line.at(last_column + 1)),
        )


def _quoted(flat: _Flat, start: int, end: int) -> Text | None:
    """A designation: the words inside quotes, or the words themselves when there are none."""
    folded = flat.folded
    segment = folded[start:end]
    double = re.search(r'"\s*([^"]+?)\s*"', segment)
    single = re.search(r"(?:^|\s)'\s*(.+?)\s*'(?=\s|$|[,.;])", segment)
    found = double or single
    if found:
        return flat.piece(start + found.start(1), start + found.end(1))
    piece = flat.piece(start, end)
    if piece is None:
        return None
    return piece if strip_quotes(piece.value) == piece.value else None


# -- The title and the parties ------------------------------------------------------------------


def _read_preamble(lines: list[Line], profile: Profile, result: Extraction, words: frozenset[str]) -> None:
    folded = [_folded(line.text) for line in lines]
    used: set[int] = set()
    state_at = next((i for i, text in enumerate(folded) if profile.anchor("state_party").match(text)), None)
    municipality_at = next(
        (
            i
            for i, text in enumerate(folded)
            if i > (state_at if state_at is not None else -1) and profile.anchor("municipality_party").match(text)
        ),
        None,
    )
    agreed_at = next((i for i, text in enumerate(folded) if profile.anchor("agreed").search(text)), len(lines))
    if state_at is None:  # no "Entre": the State clause is the first line naming the State's representative
        state_at = next((i for i, text in enumerate(folded) if profile.clause("state_post").search(text)), None)
    if municipality_at is None and state_at is not None:
        municipality_at = next(
            (i for i in range(state_at + 1, agreed_at) if profile.clause("council").search(folded[i])), None
        )
    title_end = state_at if state_at is not None else (municipality_at if municipality_at is not None else agreed_at)
    title_lines = lines[:title_end]
    if title_lines:
        flat = _Flat.of(title_lines, words)
        result.title = flat.piece(0, len(flat.text))
        used.update(line.number for line in title_lines)
        folded_title = flat.folded
        for kind, pattern in profile.raw["convention_types"].items():
            if _compiled(pattern).search(folded_title):
                result.convention_type = kind
        if years := re.search(r"\b((?:19|20)\d{2})\s*-\s*((?:19|20)\d{2})\b", folded_title):
            result.period = (int(years.group(1)), int(years.group(2)))
        elif year := re.search(r"\b((?:19|20)\d{2})\b", folded_title):
            result.period = (int(year.group(1)), int(year.group(1)))
        if result.convention_type is None:
            result.report(title_lines[0], "no_type")
    elif lines:
        result.report(lines[0], "no_title")
    if state_at is not None:
        end = municipality_at if municipality_at is not None else agreed_at
        clause = lines[state_at:end]
        if _read_state(clause, profile, result, words):
            used.update(line.number for line in clause)
    elif lines:
        result.report(lines[min(title_end, len(lines) - 1)], "no_state_clause")
    if municipality_at is not None:
        clause = lines[municipality_at:agreed_at]
        if _read_municipality(clause, profile, result, words):
            used.update(line.number for line in clause)
    elif lines:
        result.report(lines[-1], "no_municipality_clause")
    if agreed_at < len(lines):
        used.add(lines[agreed_at].number)
    result.structural.update(used)
    for line in lines:
        if line.number not in used:
            result.report(line, "unread_preamble")


def _read_state(lines: list[Line], profile: Profile, result: Extraction, words: frozenset[str]) -> bool:
    flat = _Flat.of(lines, words)
    folded = flat.folded
    post = profile.clause("state_post").search(folded)
    if post is None:
        result.report(lines[0], "no_state_post")
        return False
    result.state_post = flat.piece(*post.span("post"))
    # "représenté par Monsieur Pieter DE CREM, Ministre …": the minister named before the post.
    result.state_persons = _persons(flat, 0, post.start("post"), profile)
    assert result.state_post is not None  # the post's words begin with "ministre" ("minister")
    for person in result.state_persons:
        _give_capacity(person, result.state_post, profile)
    if address := re.search(
        r"(?:\b(?:rue|avenue|boulevard|place|chaussee|square|quai)\b|\b\w+(?:straat|laan|plein|lei|"
        r"steenweg|kaai)\b).*?\b\d{4}\s+[\w-]+",
        folded,
    ):
        result.state_address = flat.piece(*address.span())
    if designation := profile.clause("designation").search(folded):
        result.state_designation = _quoted(flat, *designation.span("designation"))
    _report_unexplained(
        flat,
        [result.state_post, result.state_address, result.state_designation]
        + [person.name for person in result.state_persons],
        profile,
        result,
    )
    return True


def _read_municipality(lines: list[Line], profile: Profile, result: Extraction, words: frozenset[str]) -> bool:
    flat = _Flat.of(lines, words)
    folded = flat.folded
    understood = True
    name = profile.clause("municipality").search(folded)
    if name:
        result.municipality_name = flat.piece(*name.span("name"))
    else:
        result.report(lines[0], "no_municipality_name")
        understood = False
    # Report at the line that names the municipality (the clause's anchor may stand alone).
    at = flat.owners[name.start("name")][0] if name else lines[0]
    decision = None
    for candidate in profile.clause("decision").finditer(folded):
        dates = find_dates(folded[candidate.start() :])
        if dates and dates[0].start < 120:  # the decision's date follows its noun closely
            decision = (candidate.start(), candidate.start() + dates[0].end, dates[0])
            break
    # The council that represents the municipality, not the one named in the decision.
    council = next(
        (
            match
            for match in profile.clause("council").finditer(folded)
            if not decision or not decision[0] <= match.start() < decision[1]
        ),
        None,
    )
    if council:
        result.council = flat.piece(*council.span())
    else:
        result.report(at, "no_council")
    if decision:
        start, end, found = decision
        result.decision = flat.piece(start, end)
        result.decision_date = found.value
        if found.value is None:
            result.report(flat.owners[start][0], "date_out_of_range", text=normal(flat.text[start:end].split()[-1]))
    else:
        result.report(at, "no_decision")
    persons_from = council.end() if council else (name.end() if name else 0)
    persons_to = decision[0] if decision and decision[0] > persons_from else len(folded)
    result.acting_persons = _persons(flat, persons_from, persons_to, profile)
    if not result.acting_persons:
        result.report(at, "no_persons")
    if designation := profile.clause("designation").search(folded):
        result.municipality_designation = _quoted(flat, *designation.span("designation"))
    _report_unexplained(
        flat,
        [result.municipality_name, result.council, result.decision, result.municipality_designation]
        + [text for person in result.acting_persons for text in (person.name, person.capacity)],
        profile,
        result,
    )
    return understood


def _report_unexplained(flat: _Flat, texts: list[Text | None], profile: Profile, result: Extraction) -> None:
    """Words of a party clause that neither a datum read from it nor the template's phrasing
    (matched with tolerance) explains: what the clause says there would be lost, so say so."""
    folded = flat.folded
    spans = [(text.start, text.end) for text in texts if text is not None]
    covered = [any(start <= line.at(column) < end for start, end in spans) for line, column in flat.owners]
    for title in profile.clause("person_title").finditer(folded):
        covered[title.start() : title.end()] = [True] * (title.end() - title.start())
    working = folded
    for phrase in profile.raw["boilerplate"]["phrases"]:
        for _ in range(3):  # a phrase may come back (d'une part … d'autre part)
            found = fuzz.partial_ratio_alignment(phrase, working, score_cutoff=88)
            if found is None or found.dest_end <= found.dest_start:
                break
            covered[found.dest_start : found.dest_end] = [True] * (found.dest_end - found.dest_start)
            working = (
                working[: found.dest_start] + " " * (found.dest_end - found.dest_start) + working[found.dest_end :]
            )
    ignored = profile.joiners | set(profile.raw["boilerplate"]["stopwords"])
    left = [
        word
        for word in re.finditer(r"[^\W\d_][\w'-]*|\d+", folded)
        if sum(covered[word.start() : word.end()]) * 2 < word.end() - word.start()  # fuzzy edges
        and word.group().strip("'") not in ignored
    ]
    if len(left) >= 2:
        result.report(
            flat.owners[left[0].start()][0],
            "clause_part_not_understood",
            text=" … ".join(flat.text[word.start() : word.end()] for word in left),
        )


def _persons(flat: _Flat, start: int, end: int, profile: Profile) -> list[Person]:
    """Each title (Madame, M., de heer, dhr. …) begins a person: the name, then after a comma
    the capacity, which ends at the next comma, at "et"/"en" or at the clause's next anchor."""
    folded = flat.folded
    titles = [match for match in profile.clause("person_title").finditer(folded, start, end)]
    persons = []
    for k, title in enumerate(titles):
        stop = titles[k + 1].start() if k + 1 < len(titles) else end
        segment = folded[title.end() : stop]
        ending = profile.clause("person_end").search(segment)
        cut = ending.start() if ending else len(segment)
        if k + 1 < len(titles) and (joint := re.search(r"[\s,]+(?:et|en|and)?\s*$", segment[:cut])):
            cut = joint.start()  # "…, Bourgmestre et Madame …"
        comma = segment.find(",", 0, cut)
        name_end = title.end() + (comma if comma >= 0 else cut)
        capacity = None
        if comma >= 0:
            rest_start = title.end() + comma + 1
            next_comma = segment.find(",", comma + 1, cut)
            capacity = flat.piece(rest_start, title.end() + (next_comma if next_comma >= 0 else cut))
        else:
            name_end, capacity = _split_name_capacity(flat, title.end(), title.end() + cut)
        name = flat.piece(title.end(), name_end)
        if name is None:
            continue
        person = _person(flat.text[title.start() : title.end()], name)
        if capacity is not None:
            _give_capacity(person, capacity, profile)
        persons.append(person)
    return persons


def _split_name_capacity(flat: _Flat, start: int, end: int) -> tuple[int, Text | None]:
    """ "Willy DEMEYER Bourgmestre": the name ends with its last word in capitals."""
    words = list(re.finditer(r"\S+", flat.text[start:end]))
    last_caps = max((i for i, word in enumerate(words) if _is_family_word(word.group())), default=len(words) - 1)
    if last_caps + 1 >= len(words):
        return end, None
    return start + words[last_caps].end(), flat.piece(start + words[last_caps + 1].start(), end)


def _is_family_word(word: str) -> bool:
    letters = re.sub(r"[^\w]", "", word)
    return len(letters) > 1 and letters.isupper()


# -- The general provisions -----------------------------------------------------------------------


def _read_provisions(lines: list[Line], profile: Profile, result: Extraction, words: frozenset[str]) -> None:
    items: list[list[Line]] = []
    for line in lines:
        folded = _folded(line.text)
        if profile.heading("general_provisions").match(folded):
            result.structural.add(line.number)
            continue
        if profile.heading("provision").match(folded) or not items:
            items.append([line])
        else:
            items[-1].append(line)
    for item in items:
        flat = _Flat.of(item, words)
        folded = flat.folded
        numbered = profile.heading("provision").match(folded)
        text = flat.piece(numbered.start("text") if numbered else 0, len(flat.text))
        if text is None:
            continue
        provision = Provision(text)
        result.provisions.append(provision)
        _read_amounts(flat, profile, result)
        _read_period(flat, item, profile, result)
        if decree := profile.clause("legal_basis").search(folded):
            dates = find_dates(folded[decree.end() : decree.end() + 30])
            if dates and dates[0].start == 0:
                result.decree_date = provision.decree_date = dates[0].value
                named = flat.piece(decree.start(), decree.end() + dates[0].end)
                result.decree = provision.decree = named
        if condition := profile.clause("funding_condition").search(folded):
            result.funding_condition = flat.piece(condition.start(), condition.end())
        provision.duties = _read_duties(flat, profile, result)


def _read_duties(flat: _Flat, profile: Profile, result: Extraction) -> list[Duty]:
    """The duties of a provision that says who undertakes them ("Les autorités locales
    s'engagent à …", "De lokale overheden verbinden zich ertoe …"): one per action named, in
    the order written. A duty is a piece between separators; where the language puts the verb
    last (Dutch "… te verstrekken"), pieces are joined up to their verb, and a piece saying
    under which rule ("conformément …", "overeenkomstig …") stays with the duty before it."""
    folded = flat.folded
    cue = profile.clause("duty_cue").search(folded)
    if cue is None:
        if len(profile.duty_actions(folded)) >= 2:  # the words of duties, without the undertaking the profile knows
            result.report(flat.owners[0][0], "duties_not_understood", doubt=True)
        return []
    subject = folded[: cue.start()]
    bearer = (
        "municipality"
        if profile.clause("duty_municipality").search(subject)
        else "police_zone"
        if profile.names_police_zone(subject)
        else None
    )
    end = len(folded.rstrip(" ."))
    separators = [m for m in profile.clause("duty_split").finditer(folded, cue.end(), end)]
    pieces = list(
        zip([cue.end()] + [m.end() for m in separators], [m.start() for m in separators] + [end], strict=True)
    )
    verb_last, qualifier = profile.clause("duty_end"), profile.clause("duty_qualifier")
    spans: list[tuple[int, int]] = []
    start: int | None = None
    for piece_start, piece_end in pieces:
        if spans and start is None and qualifier.match(folded, piece_start):
            spans[-1] = (spans[-1][0], piece_end)
            continue
        start = piece_start if start is None else start
        if verb_last.search(folded, piece_start, piece_end):
            spans.append((start, piece_end))
            start = None
    if start is not None:
        spans.append((start, end))
    duties = []
    for span_start, span_end in spans:
        text = flat.piece(span_start, span_end)
        if text is None:
            continue
        words = folded[span_start:span_end]
        actions: list[str | None] = list(profile.duty_actions(words))
        if not actions:
            result.report(text.lines[0], "duty_action_unknown", doubt=True, text=text.value)
        if bearer is None:
            result.report(text.lines[0], "duty_without_bearer", doubt=True, text=text.value)
        duties += [Duty(text, action, bearer) for action in actions or [None]]
    return duties


def _read_amounts(flat: _Flat, profile: Profile, result: Extraction) -> None:
    folded = flat.folded
    amounts = find_amounts(folded)
    years = [
        (match.start(), int(match.group()))
        for match in YEAR.finditer(folded)
        if not any(a.start <= match.start() < a.end for a in amounts)
    ]
    for cue in profile.clause("amount_cue").finditer(folded):
        if not any(0 <= amount.start - cue.end() <= 3 for amount in amounts):
            if bare := amount_at(folded, cue.end()):
                amounts.append(bare)
                continue
            # What was written as the amount: up to its currency or the year's preposition.
            written = _compiled(
                r"[^a-z]*?(?:eur\w*|€)?[\d][\d .,a-z]*?(?=\s*(?:eur|€|\(|$|"
                + profile.raw["clauses"]["amount_year"]
                + r"))"
            ).match(folded[cue.end() :])
            if written and re.search(r"\d", written.group()):
                result.report(
                    flat.owners[cue.end()][0],
                    "amount_not_understood",
                    text=normal(flat.text[cue.end() : cue.end() + written.end()]),
                )
    for amount in amounts:
        after = [year for at, year in years if 0 <= at - amount.end <= 45]
        before = [year for at, year in years if 0 <= amount.start - at <= 45]
        year = after[0] if after else (before[-1] if before else None)
        text = flat.piece(amount.start, amount.end)
        assert text is not None  # an amount's span holds its digits
        if year is None:
            result.report(flat.owners[amount.start][0], "amount_without_year", doubt=True, text=text.value)
            continue
        result.amounts.append(Amount(year, amount.value, text))


def _read_period(flat: _Flat, item: list[Line], profile: Profile, result: Extraction) -> None:
    folded = flat.folded
    start_cue = profile.clause("start_cue").search(folded)
    end_cue = profile.clause("end_cue").search(folded, start_cue.end() if start_cue else 0)
    if not (start_cue and end_cue) or result.start is not None:
        return
    dates = find_dates(folded[start_cue.end() :])
    if len(dates) < 2:
        result.report(item[0], "period_not_understood")
        return
    for found, attribute in zip(dates[:2], ("start", "end"), strict=False):  # a period may give one date
        if found.value is None:
            result.report(
                flat.owners[start_cue.end() + found.start][0],
                "date_out_of_range",
                text=normal(flat.text[start_cue.end() + found.start : start_cue.end() + found.end]),
            )
        setattr(result, attribute, found.value)


# -- The body: sections, sectors, objectives and their lists ------------------------------------


@dataclass
class _ListState:
    kind: str
    first_marker: str | None = None  # the marker of the list's first item: its top level
    first_indent: int | None = None
    last_line: Line | None = None


@lru_cache(maxsize=8192)
def _marker(text: str) -> tuple[str | None, int]:
    """The list marker a line begins with (a bullet glyph, "o", "1)", "a.", "iv."), and where
    its words begin in the normalised line (``normal``)."""
    stripped = normal(text)
    match = MARKER.match(stripped)
    if not match or match.end() >= len(stripped):
        return None, 0
    marker = match.group("marker")
    if re.fullmatch(r"\(?\d{1,2}[.)]", marker):
        kind = "1" + marker[-1]
    elif re.fullmatch(r"\(?(?:i{1,3}|iv|vi{0,3}|ix|x)[.)]", marker) and marker.strip("(.)") in ("i", "ii", "iii", "iv"):
        kind = "i" + marker[-1]
    elif re.fullmatch(r"\(?[a-z][.)]", marker):
        kind = "a" + marker[-1]
    else:
        kind = marker
    return kind, match.end()


def _indent(line: Line) -> int:
    return len(line.text) - len(line.text.lstrip())


@dataclass
class _Layout:
    """How the document lays its paragraphs out: the width it wraps at (None: one paragraph a
    line, as Word saves text), whether blank lines separate paragraphs (rather than following
    every line, or never appearing), and the names it writes."""

    wrap: int | None
    blank_before: frozenset[int]  # lines with a blank line before them
    blanks_separate: bool
    # Capitalised words the document also writes in the middle of a phrase: names, not the
    # first word of an item.
    proper_nouns: frozenset[str]

    @classmethod
    def of(cls, document: Document, lines: list[Line]) -> _Layout:
        blank_before = frozenset(
            line.number
            for previous, line in zip(document.lines, document.lines[1:], strict=False)
            if line.text.strip() and not previous.text.strip()
        )
        share = len(blank_before) / max(1, len(lines))
        return cls(
            _wrap_width(lines),
            blank_before,
            0.05 <= share <= 0.7,
            frozenset(re.findall(r"(?<=[a-zà-ÿ,] )([A-ZÀ-Ý][\w-]+)", document.cleaned_text)),
        )


def _wrap_width(lines: list[Line]) -> int | None:
    """Many lines end close to the same width: the document wraps there."""
    lengths = sorted(len(line.text.strip()) for line in lines if len(line.text.strip()) >= 20)
    if len(lengths) < 10:
        return None
    width = lengths[int(len(lengths) * 0.9)]
    near = sum(1 for length in lengths if length >= width * 0.8)
    return width if near >= len(lengths) * 0.2 and width <= 140 else None


def _read_body(lines: list[Line], profile: Profile, result: Extraction, words: frozenset[str], layout: _Layout) -> None:
    state: str | tuple[str, int] | None = None  # what the next plain line continues
    section = sector = None
    pending: list[int] = []  # strategic objectives waiting for their block
    block = None
    listing: _ListState | None = None
    match: re.Match[str] | _Shifted | None  # a section's heading, or another heading (_heading)
    for index, line in enumerate(lines):
        folded = _folded(line.text)
        expected = len(result.sections) + 1
        if (match := _section_heading(line, expected)) and _sector_follows(lines, index, profile):
            result.structural.add(line.number)
            section = Section(match.group("number").upper(), _line_piece(line, match.start("text")))
            result.sections.append(section)
            sector, block, pending, state, listing = None, None, [], "section", None
            continue
        heading = _heading(profile, folded) if not (listing and _marker(line.text)[0]) else None
        if heading:
            result.structural.add(line.number)
            name, match, by_likeness = heading
            if by_likeness:
                result.report(line, "heading_by_likeness", doubt=True, heading=profile.raw["heading_words"][name])
            if match is None:
                result.report(line, "unread_outside")
                continue
            text = _line_piece(line, match.start("text")) if match.group("text") else None
            if name == "sector":
                sector = Sector(int(match.group("number")), _line_piece(line, 0))
                if section is None:
                    result.report(line, "sector_outside_section")
                else:
                    section.sectors.append(sector)
                block, pending, state, listing = None, [], "sector", None
                continue
            if sector is None:
                result.report(line, "unread_outside")
                continue
            if name == "general_objective":
                sector.general, state, listing = text, "general", None
                continue
            if name == "strategic_objective":
                number = int(match.group("number"))
                if block is not None:  # a new strategic objective after a block opens a new group
                    block, pending = None, []
                pending.append(number)
                sector.objectives[number] = text or Text("", [])
                state, listing = ("strategic", number), None
                continue
            if block is None:
                if not pending:
                    result.report(line, "list_without_objective")
                block = Block(list(pending))
                sector.blocks.append(block)
            state, listing = name, _ListState(name)
            if text:
                _list_line(line, listing, block, result, words, layout, text)
            continue
        # Each state is entered with what it continues (a section, a sector, a block) set.
        if state == "section":
            assert section is not None
            section.title = _appended(section.title, line, words)
        elif state == "sector":
            assert sector is not None
            sector.heading = _appended(sector.heading, line, words)
        elif state == "general":
            assert sector is not None
            sector.general = _appended(sector.general, line, words)
        elif isinstance(state, tuple):
            assert sector is not None
            sector.objectives[state[1]] = _appended(sector.objectives[state[1]], line, words)
        elif listing is not None:
            assert block is not None
            _list_line(line, listing, block, result, words, layout)
        else:
            result.report(line, "unread_outside")


def _sector_follows(lines: list[Line], index: int, profile: Profile) -> bool:
    """A section heading is followed by a sector heading within a few lines."""
    return any(profile.heading("sector").match(_folded(line.text)) for line in lines[index + 1 : index + 5])


def _line_piece(line: Line, column: int) -> Text:
    """A line's words from ``column`` of its normalised form (``normal``) on, with their span."""
    text = line.text
    raw, at = len(text.rstrip()), 0
    for word in re.finditer(r"\S+", text):  # ``normal`` keeps the words, one space between them
        if column < at + len(word.group()):
            raw = word.start() + max(0, column - at)
            break
        at += len(word.group()) + 1
    end = len(text.rstrip())
    return Text(normal(text[raw:end]), [line], (line.at(raw), line.at(max(raw, end))))


def _list_line(
    line: Line,
    listing: _ListState,
    block: Block,
    result: Extraction,
    words: frozenset[str],
    layout: _Layout,
    first: Text | None = None,
) -> None:
    """One line of a list: a new item, a sub-item or the continuation of the item before."""
    kind, words_at = _marker(line.text) if first is None else (None, 0)
    indent = _indent(line)
    text = first or _line_piece(line, words_at)
    previous = listing.last_line
    sub = False
    if listing.kind == "operational_objectives" and block.operational:
        if kind is not None and listing.first_marker is not None:
            sub = kind != listing.first_marker  # another marker than the items': another level
        elif kind is not None and listing.first_marker is None:
            sub = True  # the items carry no marker: a marked line is a sub-item (it kept its own)
    introduces = _introduces_sub_actions(block, listing)
    new = kind is not None or previous is None or _starts_item(line, previous, listing, layout, result, introduces)
    if new and not sub and listing.first_marker is None and not _items(block, listing.kind):
        listing.first_marker, listing.first_indent = kind, indent
    if new and kind is None and previous is not None and introduces and line.text.strip()[:1].islower():
        sub = True  # "… via" then items in lower case: the sub-actions of the objective before
    elif (
        new
        and kind is None
        and block.operational
        and block.operational[-1].sub_actions
        and listing.kind == "operational_objectives"
        and line.text.strip()[:1].islower()
        and listing.first_marker is None
    ):
        sub = True
    _add_item(block, listing.kind, text, new, sub, words)
    listing.last_line = line


def _introduces_sub_actions(block: Block, listing: _ListState) -> bool:
    """The last operational objective ends "… via" or ":" and has no sub-action yet."""
    return (
        listing.kind == "operational_objectives"
        and bool(block.operational)
        and not block.operational[-1].sub_actions
        and bool(re.search(r"\bvia\s*:?$|:$", fold(normal(block.operational[-1].text.value))))
    )


def _items(block: Block, kind: str) -> list[OperationalObjective] | list[Text]:
    items: dict[str, list[OperationalObjective] | list[Text]] = {
        "operational_objectives": block.operational,
        "expected_results": block.results,
        "indicators": block.indicators,
    }
    return items[kind]


def _starts_item(
    line: Line, previous: Line, listing: _ListState, layout: _Layout, result: Extraction, introduces: bool
) -> bool:
    """Whether a line without a marker starts a new item: by the indentation the list's items
    have, the width the document wraps at, the punctuation ending the line before, the case
    starting this one, and the blank lines between paragraphs."""
    wrap = layout.wrap
    stripped = line.text.strip()
    letter = re.search(r"[^\W\d_]", stripped)
    lower_start = letter is not None and letter.group().islower()  # "“radicaliseringsbeleid”" goes on
    previous_kind, previous_words_at = _marker(previous.text)
    if (
        previous_kind is not None
        and not listing.first_indent
        and _indent(line) > _indent(previous)
        and abs(_indent(line) - (_indent(previous) + previous_words_at)) <= 1
    ):
        return False  # aligned with the words of the item above (a hanging indent): it goes on
    if listing.first_marker is not None:
        if wrap is None and not lower_start and PHRASE_END.search(previous.text.strip()):
            return True  # one paragraph a line: a marker lost in this item only
        return False  # in a list with markers, a line without one continues the item
    if listing.first_indent:  # items start indented (the space a lost bullet left), wrapped lines do not
        return _indent(line) > 0
    if lower_start and not PHRASE_END.search(previous.text.strip()):
        return introduces  # the item goes on, unless it ended "… via": then its first sub-action
    if wrap is None:
        return True  # one paragraph a line
    last_word = fold(previous.text.split()[-1]) if previous.text.split() else ""
    if last_word in profiles()[result.language].joiners and not PHRASE_END.search(previous.text.strip()):
        return False  # "… de" "Charleroi": a line never ends an item on an article or a preposition
    # The line before is full when this line's first word would not have fitted on it.
    length = len(previous.text.rstrip())
    full = length >= wrap * 0.6 and length + 1 + len(stripped.split(" ", 1)[0]) > wrap
    if not full or PHRASE_END.search(previous.text.strip()):
        return True
    if layout.blanks_separate:
        return line.number in layout.blank_before  # a blank line between paragraphs, none inside
    first_word = re.sub(r"[^\w-]", "", stripped.split(" ", 1)[0])
    if first_word.isupper() and len(first_word) > 1 or first_word in layout.proper_nouns:
        result.report(line, "joined_capitalised", doubt=True)
        return False  # an acronym or a name goes on the item ("… de l'" "OCAM", "… politiezone" "Antwerpen")
    result.report(line, "split_capitalised", doubt=True)
    return True  # a capitalised word after a full line: most often a new item


def _add_item(block: Block, kind: str, text: Text, new: bool, sub: bool, words: frozenset[str]) -> None:
    items = cast("list[Text]", _items(block, kind))  # used below for results and indicators only
    if kind == "operational_objectives":
        last = block.operational[-1] if block.operational else None
        if sub and last is not None and new:
            last.sub_actions.append(text)
        elif new or last is None:
            block.operational.append(OperationalObjective(text))
        elif last.sub_actions:
            last.sub_actions[-1] = _joined(last.sub_actions[-1], text, words)
        else:
            last.text = _joined(last.text, text, words)
    elif new or not items:
        items.append(text)
    else:
        items[-1] = _joined(items[-1], text, words)


# -- The signature --------------------------------------------------------------------------------


def _read_signature(lines: list[Line], profile: Profile, result: Extraction, words: frozenset[str]) -> None:
    if not lines:
        return
    lines = _columns_apart(lines)
    folded = [_folded(line.text) for line in lines]
    # The signing sentence (and the copies received) run until the first side or signatory.
    end = next(
        (
            i
            for i, text in enumerate(folded)
            if i
            and (
                profile.anchor("signs_for_state").match(text)
                or profile.anchor("signs_for_municipality").match(text)
                or profile.clause("person_title").match(text)
            )
        ),
        len(lines),
    )
    whole = _Flat.of(lines[:end], words)
    folded_whole = whole.folded
    result.structural.update(line.number for line in lines[:end])
    # "Chaque partie … déclare avoir reçu un exemplaire signé": its own sentence, or a phrase of
    # the signing sentence ("…, waarvan elke partij verklaart er één te hebben ontvangen").
    signing_end = len(folded_whole)
    if anchor := profile.anchor("received").search(folded_whole):
        bounds = [m.end() for m in re.finditer(r"[,;.]\s", folded_whole[: anchor.start()])]
        line_start = next(
            (k for k, (line, column) in enumerate(whole.owners) if line is whole.owners[anchor.start()][0]),
            anchor.start(),
        )
        if whole.text[line_start : line_start + 1].isupper():
            bounds.append(line_start)
        signing_end = max(bounds, default=0)
        phrase = folded_whole[signing_end:]
        phrase = phrase[
            : min(
                (
                    i
                    for i in (
                        phrase.find(", ", anchor.start() - signing_end),
                        phrase.find(". ", anchor.start() - signing_end),
                    )
                    if i >= 0
                ),
                default=len(phrase),
            )
        ]
        if found := profile.clause("received_copies").search(phrase):
            result.copies_received = 1 if found.group("pronoun") else profile.number(found.group("copies"))
    text = folded_whole[:signing_end]
    result.signing = whole.piece(0, signing_end)
    first_line = lines[0]
    place = profile.clause("signing_place").search(text)
    dates = find_dates(text)
    copies = profile.clause("copies").search(text)
    if place:
        result.signing_place = whole.piece(*place.span("place"))
    if dates:
        result.signing_date = dates[0].value
        if dates[0].value is None:
            result.report(first_line, "date_out_of_range", text=dates[0].text)
    if copies:
        result.signing_copies = profile.number(copies.group("copies"))
    missing = [key for key, found in (("place", place), ("date", dates), ("copies", copies)) if not found]
    if len(missing) == 3:
        result.report(first_line, "no_signing_sentence")
    else:
        for key in missing:
            result.report(first_line, "signing_part_missing", part=message(key, result.language))
    _read_signatories(lines[end:], profile, result)


def _columns_apart(lines: list[Line]) -> list[Line]:
    """A signature block typed in two columns ("Pour l'Etat,      Pour la Ville,"): each
    column's cells, column by column, as lines of their own."""
    cells_of = [_cells(line) for line in lines]
    if not any(len(cells) > 1 for cells in cells_of):
        return lines
    out: list[Line] = []
    i = 0
    while i < len(lines):
        if len(cells_of[i]) == 1:
            out.append(lines[i])
            i += 1
            continue
        run: list[int] = []
        while i < len(lines) and (len(cells_of[i]) > 1 or (run and _indent(lines[i]) > 10)):
            run.append(i)
            i += 1
        for column in range(2):
            for k in run:
                cells = cells_of[k]
                right_alone = _indent(lines[k]) > 10  # a line of the right column only
                cell = cells[column] if len(cells) > 1 else (cells[0] if (column == 1) == right_alone else None)
                if cell is not None:
                    out.append(cell)
    return out


def _cells(line: Line) -> list[Line]:
    """The line's cells: runs of words set apart by three spaces or more."""
    cells = []
    for match in re.finditer(r"\S+(?:\s{1,2}\S+)*", line.text):
        cells.append(
            Line(
                line.number,
                line.page,
                line.at(match.start()),
                line.at(match.end()),
                match.group(),
                tuple(line.at(c) for c in range(match.start(), match.end() + 1)),
            )
        )
    return cells


def _read_signatories(lines: list[Line], profile: Profile, result: Extraction) -> None:
    party = None
    waiting: Signatory | None = None  # a signatory whose capacity is on the next line
    signatory_line_before = False  # the line before named a signatory or gave a capacity
    for line in lines:
        text = _folded(line.text)
        if profile.anchor("received").search(text) and not profile.clause("person_title").search(text):
            result.structural.add(line.number)
            continue
        side = next(
            (
                name
                for name, anchor in (("state", "signs_for_state"), ("municipality", "signs_for_municipality"))
                if profile.anchor(anchor).match(text)
            ),
            None,
        )
        flat = _Flat.of([line])
        start = 0
        if side:
            party, waiting = side, None
            result.structural.add(line.number)
            signatory_line_before = False
            # "Pour l'État fédéral, M. X, Ministre …": the signatory may follow on the same line.
            rest = re.search(r"[,:]\s*(?=\S)", flat.text)
            if rest is None or not (
                profile.clause("person_title").match(flat.folded, rest.end())
                or _looks_like_name(flat.text[rest.end() :])
            ):
                continue
            start = rest.end()
        persons = (
            _persons(flat, start, len(flat.text), profile)
            if profile.clause("person_title").match(flat.folded, start)
            else []
        )
        if not persons and _looks_like_name(flat.text[start:]) and (waiting is None or start):
            comma = flat.text.find(",", start)
            if comma >= 0:
                name_end, capacity = comma, flat.piece(comma + 1, len(flat.text))
            else:
                name_end, capacity = _split_name_capacity(flat, start, len(flat.text))
            name = flat.piece(start, name_end)
            persons = [_person("", name)] if name else []
            if persons and capacity is not None:
                _give_capacity(persons[0], capacity, profile)
        if persons:
            for person in persons:
                side = party
                if side is None:
                    side = (
                        "state" if person.role == "ministerOfTheInterior" else ("municipality" if person.role else None)
                    )
                    if side is None:
                        result.report(line, "signatory_unplaced", doubt=True)
                        side = "municipality"
                    else:
                        result.report(line, "signatory_without_side", doubt=True, side=message(side, result.language))
                signatory = Signatory(person, side, person.capacity)
                result.signatories.append(signatory)
                waiting = None if signatory.capacity else signatory
            signatory_line_before = True
        elif waiting is not None:
            waiting.capacity = _line_piece(line, 0)
            _give_capacity(waiting.person, waiting.capacity, profile)
            waiting, signatory_line_before = None, True
        elif (
            result.signatories
            and result.signatories[-1].capacity is not None
            and signatory_line_before
            and _continues_capacity(line, result.signatories[-1].capacity, result.language)
        ):
            last = result.signatories[-1]  # a capacity wrapped in a narrow column: "… et de" "l'Intérieur"
            assert last.capacity is not None  # (tested above)
            last.capacity = _joined(last.capacity, _line_piece(line, 0), frozenset())
            last.person.capacity = last.capacity
            _give_capacity(last.person, last.capacity, profile)
        else:
            result.report(line, "unread_signature")
            signatory_line_before = False


def _continues_capacity(line: Line, capacity: Text, language: str) -> bool:
    """A capacity wrapped in a narrow column goes on: after an article or a preposition
    ("Ministre de la" "Sécurité …"), or in a few words ("l'Intérieur", "Zaken")."""
    words = line.text.split()
    if not words or not words[0][:1].isalpha():
        return False
    ends_open = fold(capacity.value.split()[-1]) in profiles()[language].joiners
    return ends_open or words[0][:1].islower() or len(words) <= 3


def _looks_like_name(text: str) -> bool:
    """ "Pieter DE CREM": a few words, a family name in capitals, no sentence punctuation."""
    words = text.split()
    return 1 < len(words) <= 6 and any(_is_family_word(word) for word in words) and not PHRASE_END.search(text.strip())


# -- Small readers -------------------------------------------------------------------------


def _person(title: str, name: Text) -> Person:
    """ "Pieter DE CREM" → given name Pieter, family name DE CREM (capitals mark the family name)."""
    words = name.value.split(" ")
    split = next((i for i, word in enumerate(words) if _is_family_word(word)), 0)
    given = " ".join(words[:split]) or None
    return Person(normal(title), given, " ".join(words[split:]), name=name)


def _give_capacity(person: Person, capacity: Text, profile: Profile) -> None:
    person.capacity = person.capacity or capacity
    for role, rule in profile.raw["roles"].items():
        if _compiled(rule["pattern"]).match(fold(capacity.value)):
            person.role, person.post = role, rule["post"] or None


def roman_to_int(numeral: str) -> int:
    values = [ROMAN[c] for c in numeral.upper()]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _appended(text: Text | None, line: Line, words: frozenset[str]) -> Text:
    addition = _line_piece(line, 0)
    return addition if text is None or not text.value else _joined(text, addition, words)


def _line_joint(before: str, after: str, vocabulary: frozenset[str]) -> str:
    """How a line ending in ``before`` joins the next, starting with ``after``: "" (the hyphen
    of a word cut at the line end is dropped: "contrô-" "le"), "-" (a hyphenated compound is
    kept whole: "task-" "force", when the document writes it so elsewhere, or "Bruxelles-"
    "Nord") or " " (ordinary wrapping, and elliptic compounds: "veiligheids-" "en …")."""
    cut = re.search(r"(\w+)-$", before)
    head = re.match(r"\w+", after)
    if not cut or not head:
        return " "
    if head.group().lower() in ELLIPSIS_WORDS:
        return " "
    if not after[:1].islower() or f"{cut.group(1)}-{head.group()}".lower() in vocabulary:
        return "-"
    return ""


ELLIPSIS_WORDS = {"en", "of", "et", "ou", "tot", "and", "or"}


def _joined(first: Text, second: Text, vocabulary: frozenset[str]) -> Text:
    """Two pieces of wrapped text, joined as ``_line_joint`` says."""
    span = (first.start, second.end)
    joint = _line_joint(first.value, second.value, vocabulary)
    if joint == "":
        return Text(first.value[:-1] + second.value, first.lines + second.lines, span)
    if joint == "-":
        return Text(first.value + second.value, first.lines + second.lines, span)
    return Text(f"{first.value} {second.value}", first.lines + second.lines, span)


def _classify(result: Extraction, profile: Profile) -> None:
    """Each section's kind by its title, and each sector's theme: every sector of the
    radicalisation grant's section is about radicalisation, the others by their general objective."""
    kinds, themes = profile.raw["section_kinds"], profile.raw["sector_themes"]
    whole, part = profile.clause("whole_allocation"), profile.clause("part_allocation")
    for section in result.sections:
        section.kind = next((k for k, p in kinds.items() if re.search(p, fold(section.title.value))), None)
        for sector in section.sectors:
            general = fold(sector.general.value) if sector.general else None
            sector.theme = (
                "radicalisationPrevention"
                if section.kind == "radicalisationGrantSection"
                else next((t for t, p in themes.items() if general and re.search(p, general)), None)
            )
            # An objective paying all of the allocation excludes the others of its sector, which
            # pay (part of) it too: the municipality does one or the other. The remainder ("le
            # solde") is no alternative, it adds up.
            paying_all = [
                n
                for n, folded in ((n, fold(text.value)) for n, text in sector.objectives.items())
                if whole.search(folded) and not part.search(folded)
            ]
            sector.alternatives = {
                frozenset((n, other)) for n in paying_all for other in sector.objectives if other != n
            }


def vocabulary(text: str) -> frozenset[str]:
    """The document's hyphenated compounds ("task-force"), to tell them from words cut at a line end."""
    return frozenset(word.lower() for word in re.findall(r"\w+-\w+", text))
