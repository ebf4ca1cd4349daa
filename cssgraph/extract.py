"""Understand a convention document: find the template's parts in its lines and read their data.

The template's words live in a language profile (``profiles/fr.toml``, ``profiles/nl.toml``);
this module only knows the template's shape: a title and the parties, the general provisions,
sections (I, II…) of activity sectors, each with a general objective and strategic objectives
followed by blocks of operational objectives, expected results and indicators, and the
signature. A block applies to every strategic objective listed since the previous block.

Every non-blank line ends up either used (in a text kept in the graph, or as a heading, a
template phrase or page furniture) or in ``Extraction.not_understood`` with the reason.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from cssgraph.documents import Document, Line
from cssgraph.errors import InputError

PROFILES = Path(__file__).parent / "profiles"
# Bullets as extractions give them: an item ("-", "•", Symbol-font glyphs…) and a sub-item ("o").
ITEM_MARKER = re.compile(r"^[-•\uf0b7▪–*·]\s*")
SUB_ITEM_MARKER = re.compile(r"^(?:o\s+|[◦○\uf0a7]\s*)")
ROMAN = {"I": 1, "V": 5, "X": 10}


# -- The model of a convention as read ------------------------------------------------

@dataclass
class Text:
    """Words of the document, normalised, with the lines they came from."""
    value: str
    lines: list[Line]

    @property
    def start(self) -> int:
        """Where the words begin in the document (after indentation and bullet)."""
        first_word = self.value.split(" ", 1)[0]
        found = self.lines[0].text.find(first_word)
        return self.lines[0].start + max(found, 0)

    @property
    def end(self) -> int:
        """Where the words end in the document (before trailing spaces)."""
        last_word = self.value.rsplit(" ", 1)[-1]
        found = self.lines[-1].text.rfind(last_word)
        return self.lines[-1].start + (found + len(last_word) if found >= 0 else len(self.lines[-1].text))


@dataclass
class Person:
    title: str
    given_name: str | None
    family_name: str
    capacity: Text | None = None
    role: str | None = None           # a role concept of the ontology, e.g. "mayor"
    post: str | None = None           # path segment of a municipal post's IRI


@dataclass
class OperationalObjective:
    text: Text
    sub_actions: list[Text] = field(default_factory=list)


@dataclass
class Block:
    objectives: list[int]             # numbers of the strategic objectives it serves
    operational: list[OperationalObjective] = field(default_factory=list)
    results: list[Text] = field(default_factory=list)
    indicators: list[Text] = field(default_factory=list)
    marked: bool | None = field(default=None, repr=False)  # does the current list use bullets?


@dataclass
class Sector:
    number: int
    heading: Text
    general: Text | None = None
    objectives: dict[int, Text] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Section:
    number: str                       # as written: "I", "II"
    title: Text
    sectors: list[Sector] = field(default_factory=list)

    @property
    def position(self) -> int:
        return roman_to_int(self.number)


@dataclass
class Signatory:
    person: Person
    party: str                        # "state" or "municipality"
    capacity: Text | None = None


@dataclass
class Problem:
    line: Line
    reason: str


@dataclass
class Unread:
    """A line of a document that was not understood, as reported to people."""
    source: str
    line: int
    page: int | None
    text: str
    reason: str

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
    council: Text | None = None
    acting_persons: list[Person] = field(default_factory=list)
    decision: Text | None = None
    decision_date: date | None = None
    provisions: list[Text] = field(default_factory=list)
    amounts: list[tuple[int, Decimal]] = field(default_factory=list)
    start: date | None = None
    end: date | None = None
    decree_date: date | None = None
    sections: list[Section] = field(default_factory=list)
    signing: Text | None = None
    signing_place: str | None = None
    signing_copies: int | None = None
    signing_date: date | None = None
    signatories: list[Signatory] = field(default_factory=list)
    not_understood: list[Problem] = field(default_factory=list)

    def unread(self) -> list[Unread]:
        return [Unread(str(self.document.path), problem.line.number, problem.line.page, problem.line.text.strip(),
                       problem.reason) for problem in self.not_understood]


# -- Profiles ---------------------------------------------------------------------------

@dataclass
class Profile:
    language: str
    raw: dict

    def heading(self, name: str) -> re.Pattern:
        return _compiled(self.raw["headings"][name])

    def clause(self, name: str) -> re.Pattern:
        return _compiled(self.raw["clauses"][name])


@lru_cache(maxsize=None)
def _compiled(pattern: str) -> re.Pattern:
    return re.compile(pattern, re.IGNORECASE)


@lru_cache(maxsize=None)
def profiles() -> dict[str, Profile]:
    found = {}
    for path in sorted(PROFILES.glob("*.toml")):
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
        found[raw["language"]] = Profile(raw["language"], raw)
    return found


def detect_profile(document: Document, forced: str | None = None) -> Profile:
    """The profile whose headings the document uses most (or the one asked for)."""
    available = profiles()
    if forced:
        if forced not in available:
            raise InputError(str(document.path), f"no profile for language {forced!r}",
                             fix=f"available: {', '.join(sorted(available))}")
        return available[forced]
    scores = {language: sum(1 for line in document.lines for name in profile.raw["headings"]
                            if name not in ("section", "provision") and profile.heading(name).match(normal(line.text)))
              for language, profile in available.items()}
    best = max(scores, key=scores.get)
    if scores[best] < 3:
        raise InputError(str(document.path), "not a convention: none of the template's headings was found "
                         "(Secteur d’activité, Objectif stratégique, Indicateurs…)",
                         fix="give the text of a security and society convention, or force the language with --lang")
    return available[best]


# -- Extraction ---------------------------------------------------------------------------

def normal(text: str) -> str:
    """Spaces normalised: what labels keep of the document's words."""
    return re.sub(r"\s+", " ", text).strip()


def extract(document: Document, language: str | None = None) -> Extraction:
    profile = detect_profile(document, language)
    result = Extraction(document, profile.language)
    lines = _content_lines(document, profile, result)
    parts = _split_parts(lines, profile)
    _read_preamble(parts["preamble"], profile, result)
    _read_provisions(parts["provisions"], profile, result)
    _read_body(parts["body"], profile, result, vocabulary(document.text))
    _read_signature(parts["signature"], profile, result)
    if result.title is None and not result.sections:
        raise InputError(str(document.path), "not a convention: no title and no section were found",
                         fix="give the text of a security and society convention")
    result.not_understood.sort(key=lambda problem: problem.line.number)
    return result


def _content_lines(document: Document, profile: Profile, result: Extraction) -> list[Line]:
    """The non-blank lines, without page numbers and running headers or footers."""
    lines = [line for line in document.lines if line.text.strip()]
    page_number = _compiled(profile.raw["furniture"]["page_number"])
    furniture = {line.number for line in lines if page_number.match(normal(line.text))}
    if document.has_pages:
        # A line repeated at the top or the bottom of several pages is a running header or footer.
        by_page: dict[int, list[Line]] = {}
        for line in lines:
            if line.number not in furniture:
                by_page.setdefault(line.page, []).append(line)
        edges: dict[str, list[Line]] = {}
        for page_lines in by_page.values():
            for line in {page_lines[0].number: page_lines[0], page_lines[-1].number: page_lines[-1]}.values():
                edges.setdefault(normal(line.text), []).append(line)
        for repeated in edges.values():
            if len({line.page for line in repeated}) >= 2:
                furniture.update(line.number for line in repeated)
    return [line for line in lines if line.number not in furniture]


def _split_parts(lines: list[Line], profile: Profile) -> dict[str, list[Line]]:
    def first(name: str, start: int = 0) -> int | None:
        pattern = profile.heading(name)
        return next((i for i in range(start, len(lines)) if pattern.match(normal(lines[i].text))), None)

    provisions = first("general_provisions")
    section = first("section", provisions or 0)
    signature = first("signature", section or 0)
    end_of_preamble = provisions if provisions is not None else (section if section is not None else len(lines))
    body_start = section if section is not None else len(lines)
    body_end = signature if signature is not None else len(lines)
    return {
        "preamble": lines[:end_of_preamble],
        "provisions": lines[end_of_preamble:body_start] if provisions is not None else [],
        "body": lines[body_start:body_end],
        "signature": lines[body_end:],
    }


# The preamble: title and parties, read as one flattened text.

@dataclass
class _Flat:
    """Lines joined by single spaces, with a map back from each character to its line."""
    text: str
    owners: list[Line]

    @classmethod
    def of(cls, lines: list[Line]) -> _Flat:
        text, owners = "", []
        for line in lines:
            piece = normal(line.text)
            if not piece:
                continue
            if text:
                text += " "
                owners.append(line)
            text += piece
            owners.extend([line] * len(piece))
        return cls(text, owners)

    def lines_of(self, start: int, end: int) -> list[Line]:
        seen: dict[int, Line] = {}
        for line in self.owners[start:end]:
            seen.setdefault(line.number, line)
        return list(seen.values())

    def text_of(self, match: re.Match, group: str) -> Text:
        return Text(normal(match.group(group)), self.lines_of(match.start(group), match.end(group)))


def _read_preamble(lines: list[Line], profile: Profile, result: Extraction) -> None:
    flat = _Flat.of(lines)
    used: set[int] = set()

    def find(name: str) -> re.Match | None:
        match = profile.clause(name).search(flat.text)
        if match:
            used.update(line.number for line in flat.lines_of(match.start(), match.end()))
        return match

    if title := find("title"):
        result.title = flat.text_of(title, "title")
        used.difference_update(line.number for line in flat.lines_of(title.end("title"), title.end()))
        for kind, pattern in profile.raw["convention_types"].items():
            if _compiled(pattern).search(result.title.value):
                result.convention_type = kind
        years = re.search(r"\b(\d{4})\s*-\s*(\d{4})\b", result.title.value)
        if years:
            result.period = (int(years.group(1)), int(years.group(2)))
    if state := find("state_party"):
        result.state_post = flat.text_of(state, "post")
    if party := find("municipality_party"):
        result.municipality_name = flat.text_of(party, "municipality")
        result.council = flat.text_of(party, "body")
        result.decision = flat.text_of(party, "decision")
        result.decision_date = _date(party.group("decision_date"), profile, result, flat.lines_of(*party.span()))
        persons = flat.text_of(party, "persons")
        for found in profile.clause("person").finditer(persons.value):
            person = _person(found.group("title"), found.group("name"), profile)
            _give_capacity(person, Text(normal(found.group("capacity")), persons.lines), profile)
            result.acting_persons.append(person)
    for line in lines:
        if profile.clause("agreed").match(normal(line.text)):
            used.add(line.number)
    _report_unused(lines, used, result, "not understood in the title and parties")


def _read_provisions(lines: list[Line], profile: Profile, result: Extraction) -> None:
    items: list[list[Line]] = []
    for line in lines[1:]:  # lines[0] is the heading
        if profile.heading("provision").match(normal(line.text)) or not items:
            items.append([line])
        else:
            items[-1].append(line)
    for item in items:
        flat = _Flat.of(item)
        numbered = profile.heading("provision").match(flat.text)
        text = Text(normal(numbered.group("text")) if numbered else flat.text, item)
        result.provisions.append(text)
        for found in profile.clause("amount").finditer(text.value):
            amount = _amount(found.group("amount"))
            if amount is None:
                result.not_understood.append(Problem(item[0], f"amount not understood: {found.group('amount')!r} "
                                                               "(write it like 276 041,89 or 276.041,89)"))
            else:
                result.amounts.append((int(found.group("year")), amount))
        if period := profile.clause("period").search(text.value):
            result.start = _date(period.group("start"), profile, result, item)
            result.end = _date(period.group("end"), profile, result, item)
        if decree := profile.clause("legal_basis").search(text.value):
            result.decree_date = _date(decree.group("date"), profile, result, item)


def _read_body(lines: list[Line], profile: Profile, result: Extraction, words: frozenset[str]) -> None:
    state = None            # what the next plain line continues
    section = sector = None
    pending: list[int] = []  # strategic objectives waiting for their block
    block = None
    for line in lines:
        text = normal(line.text)
        if match := profile.heading("section").match(text):
            section = Section(match.group("number").upper(), Text(normal(match.group("text")), [line]))
            result.sections.append(section)
            sector, block, pending, state = None, None, [], "section"
            continue
        if match := profile.heading("sector").match(text):
            sector = Sector(int(match.group("number")), Text(text, [line]))
            if section is None:
                result.not_understood.append(Problem(line, "activity sector outside any section"))
            else:
                section.sectors.append(sector)
            block, pending, state = None, [], "sector"
            continue
        if sector is not None and (match := profile.heading("general_objective").match(text)):
            sector.general = Text(normal(match.group("text")), [line] if match.group("text") else [])
            state = "general"
            continue
        if sector is not None and (match := profile.heading("strategic_objective").match(text)):
            number = int(match.group("number"))
            if block is not None:  # a new strategic objective after a block opens a new group
                block, pending = None, []
            pending.append(number)
            sector.objectives[number] = Text(normal(match.group("text")), [line] if match.group("text") else [])
            state = ("strategic", number)
            continue
        list_kind = next((kind for kind in ("operational_objectives", "expected_results", "indicators")
                          if sector is not None and profile.heading(kind).match(text)), None)
        if list_kind:
            if block is None:
                if not pending:
                    result.not_understood.append(Problem(line, "list without a strategic objective before it"))
                block = Block(list(pending))
                sector.blocks.append(block)
            block.marked = None
            state = list_kind
            rest = profile.heading(list_kind).match(text).group("text")
            if rest:
                _add_item(block, list_kind, Text(normal(rest), [line]), True, False, words)
            continue
        _continue(line, state, section, sector, block, result, words)


def _continue(line: Line, state, section, sector, block, result: Extraction, words: frozenset[str]) -> None:
    """A line that is not a heading: it starts or continues the text the state says."""
    if state == "section":
        section.title = _appended(section.title, line, words)
    elif state == "general":
        sector.general = _appended(sector.general, line, words)
    elif isinstance(state, tuple) and state[0] == "strategic":
        sector.objectives[state[1]] = _appended(sector.objectives[state[1]], line, words)
    elif state in ("operational_objectives", "expected_results", "indicators"):
        raw = line.text
        stripped = raw.strip()
        sub = state == "operational_objectives" and bool(SUB_ITEM_MARKER.match(stripped))
        marked = bool(ITEM_MARKER.match(stripped))
        if block.marked is None:  # the list's first line tells how its items are set apart
            block.marked = marked or sub
        # With bullets, only a bullet starts an item (wrapped lines may be indented, as in a
        # PDF); where the bullets were lost, an item starts with the space they left.
        new = sub or marked or (not block.marked and raw[:1].isspace())
        content = (SUB_ITEM_MARKER if sub else ITEM_MARKER).sub("", stripped, count=1)
        _add_item(block, state, Text(normal(content), [line]), new, sub, words)
    else:
        result.not_understood.append(Problem(line, "text outside the template's parts"))


def _add_item(block: Block, kind: str, text: Text, new: bool, sub: bool, words: frozenset[str]) -> None:
    items = {"operational_objectives": block.operational, "expected_results": block.results,
             "indicators": block.indicators}[kind]
    if kind == "operational_objectives":
        last = block.operational[-1] if block.operational else None
        if sub and last is not None:
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


def _read_signature(lines: list[Line], profile: Profile, result: Extraction) -> None:
    if not lines:
        return
    # The signature sentence may wrap: it runs until a template phrase or a party marker.
    stops = ("received", "signs_for_state", "signs_for_municipality")
    end = next((i for i, line in enumerate(lines)
                if i and any(profile.clause(name).match(normal(line.text)) for name in stops)), len(lines))
    sentence = _Flat.of(lines[:end])
    result.signing = Text(sentence.text, lines[:end])
    if match := profile.clause("signature").search(sentence.text):
        result.signing_place = normal(match.group("place"))
        result.signing_copies = int(match.group("copies"))
        result.signing_date = _date(match.group("date"), profile, result, lines[:end])
    else:
        result.not_understood.append(Problem(lines[0], "signature sentence not understood (place, copies, date)"))
    party = None
    waiting: Signatory | None = None  # a signatory whose capacity is on the next line
    for line in lines[end:]:
        text = normal(line.text)
        if profile.clause("received").match(text):
            continue
        if profile.clause("signs_for_state").match(text):
            party, waiting = "state", None
            continue
        if profile.clause("signs_for_municipality").match(text):
            party, waiting = "municipality", None
            continue
        found = list(profile.clause("signatory").finditer(text)) if party else []
        if found:
            for match in found:
                person = _person(match.group("title"), match.group("name"), profile)
                signatory = Signatory(person, party)
                if match.group("capacity"):
                    signatory.capacity = Text(normal(match.group("capacity")), [line])
                result.signatories.append(signatory)
                waiting = None if signatory.capacity else signatory
        elif waiting is not None:
            waiting.capacity = Text(text, [line])
            waiting = None
        else:
            result.not_understood.append(Problem(line, "not understood in the signature block"))
    for signatory in result.signatories:
        if signatory.capacity is not None:
            _give_capacity(signatory.person, signatory.capacity, profile)


# -- Small readers -------------------------------------------------------------------------

def _person(title: str, name: str, profile: Profile) -> Person:
    """"Pieter DE CREM" → given name Pieter, family name DE CREM (capitals mark the family name)."""
    words = normal(name).split(" ")
    split = next((i for i, word in enumerate(words) if word.isupper() and len(word) > 1), 0)
    given = " ".join(words[:split]) or None
    return Person(normal(title), given, " ".join(words[split:]))


def _give_capacity(person: Person, capacity: Text, profile: Profile) -> None:
    person.capacity = person.capacity or capacity
    for role, rule in profile.raw["roles"].items():
        if _compiled(rule["pattern"]).match(capacity.value):
            person.role, person.post = role, rule["post"] or None


def _date(text: str, profile: Profile, result: Extraction, lines: list[Line]) -> date | None:
    text = normal(text).rstrip(".,")
    months = profile.raw["dates"]["months"]
    for name in ("day_month_year", "numeric"):
        match = _compiled(profile.raw["dates"][name]).match(text)
        if not match:
            continue
        month = match.group("month").lower()
        number = months.index(month) + 1 if month in months else (int(month) if month.isdigit() else None)
        if number is None:
            break
        try:
            return date(int(match.group("year")), number, int(match.group("day")))
        except ValueError:
            result.not_understood.append(Problem(lines[0], f"date out of range: {text!r}"))
            return None
    result.not_understood.append(Problem(lines[0], f"date not understood: {text!r}"))
    return None


_AMOUNT = re.compile(r"^(?:\d{1,3}(?:[ .\u00a0\u202f]\d{3})+|\d+)(?:,\d{1,2})?$")


def _amount(text: str) -> Decimal | None:
    """Belgian number formats: 276 041,89 and 276.041,89 (and 276041,89)."""
    text = normal(text)
    if not _AMOUNT.match(text):
        return None
    digits = re.sub(r"[ .\u00a0\u202f]", "", text).replace(",", ".")
    return Decimal(digits)


def roman_to_int(numeral: str) -> int:
    values = [ROMAN[c] for c in numeral.upper()]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _appended(text: Text | None, line: Line, words: frozenset[str]) -> Text:
    addition = Text(normal(line.text), [line])
    return addition if text is None or not text.value else _joined(text, addition, words)


def _joined(first: Text, second: Text, vocabulary: frozenset[str]) -> Text:
    """Two pieces of wrapped text. A line ending in "word-" either cut a word ("contrô-" "le")
    or wraps a compound ("task-" "force"): the hyphen is dropped only when the mended word
    appears whole elsewhere in the document."""
    cut = re.search(r"(\w+)-$", first.value)
    if cut:
        head = re.match(r"\w+", second.value)
        if head and second.value[:1].islower():
            mended = cut.group(1) + head.group()
            keep = "" if mended.lower() in vocabulary else "-"
            return Text(first.value[:-1] + keep + second.value, first.lines + second.lines)
        return Text(first.value + second.value, first.lines + second.lines)
    return Text(f"{first.value} {second.value}", first.lines + second.lines)


def vocabulary(text: str) -> frozenset[str]:
    """The document's words, to tell a word cut at a line end from a hyphenated compound."""
    return frozenset(word.lower() for word in re.findall(r"\w{3,}", text))


def _report_unused(lines: list[Line], used: set[int], result: Extraction, reason: str) -> None:
    for line in lines:
        if line.number not in used:
            result.not_understood.append(Problem(line, reason))
