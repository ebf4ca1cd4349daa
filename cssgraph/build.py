"""Build a convention's named graph from what ``extract`` read, with its provenance.

IRIs follow the scheme of ``iris`` (README, "Identifiers"); what the document names but does
not identify — the municipality, the decree, the minister's post, the organisations — is
looked up in the reference data. Every node made from the document's words records where
they came from: the document (with its SHA-256), the character span and the exact quote (W3C
Web Annotation selectors), and the lines (RFC 5147) and page (RFC 3778) as fragment selectors.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import cast

import pyoxigraph as ox

from cssgraph.errors import InputError
from cssgraph.iris import DEFAULT_BASE, convention_graph_iri, convention_iri, slug, wording_iri, wording_scheme
from cssgraph.rdfio import parse_file
from cssgraph.read.extract import (
    Block,
    Extraction,
    Person,
    Profile,
    Sector,
    Text,
    Unread,
    extract,
    normal,
    profiles,
)
from cssgraph.read.messages import message
from cssgraph.resources import reference_data_file
from cssgraph.vocabulary import CSSG, cssg

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDF_VALUE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#value"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS = "http://www.w3.org/2004/02/skos/core#"
XSD = "http://www.w3.org/2001/XMLSchema#"
ELI = "http://data.europa.eu/eli/ontology#"
ORG = "http://www.w3.org/ns/org#"
PROV = "http://www.w3.org/ns/prov#"
FOAF = "http://xmlns.com/foaf/0.1/"
SCHEMA = "https://schema.org/"
OA = "http://www.w3.org/ns/oa#"
ODRL = "http://www.w3.org/ns/odrl/2/"
DCTERMS = "http://purl.org/dc/terms/"
SPDX = "http://spdx.org/rdf/terms#"
LOCN = "http://www.w3.org/ns/locn#"
PERSON = "http://www.w3.org/ns/person#Person"
RFC_5147 = "http://tools.ietf.org/rfc/rfc5147"  # fragment identifiers of text/plain: line=a,b
RFC_3778 = "http://tools.ietf.org/rfc/rfc3778"  # fragment identifiers of application/pdf: page=n


# -- Reference data ------------------------------------------------------------------------


@dataclass
class Reference:
    store: ox.Store
    base: str

    def rows(self, query: str) -> ox.QuerySolutions:
        return cast(ox.QuerySolutions, self.store.query(query, use_default_graph_as_union=True))  # a SELECT's

    def municipality(self, name: str, within: bool = False) -> tuple[ox.NamedNode, str, ox.NamedNode | None] | None:
        """The municipality named ``name`` (or, ``within``, the one whose name appears in it)."""
        wanted = slug(name)
        for row in self.rows(f"""SELECT ?m ?label ?nis ?zone WHERE {{
                ?m a <{cssg.Municipality}> ; <{RDFS_LABEL}> ?label ; <{cssg.nisCode}> ?nis .
                OPTIONAL {{ ?m <{cssg.policeZone}> ?zone }} }}"""):
            label = slug(row["label"].value)
            if label == wanted or within and re.search(rf"(?:^|-){re.escape(label)}(?:-|$)", wanted):
                return row["m"], row["nis"].value, row["zone"]
        return None

    def decree(self, day: date) -> ox.NamedNode | None:
        for row in self.rows(f"""SELECT ?d WHERE {{ ?d a <{cssg.RoyalDecree}> ;
                <{ELI}date_document> "{day.isoformat()}"^^<{XSD}date> }}"""):
            decree: ox.NamedNode = row["d"]
            return decree
        return None

    def post(self, role: str) -> tuple[ox.NamedNode, ox.NamedNode] | None:
        for row in self.rows(f"""SELECT ?post ?org WHERE {{
                ?post <{ORG}role> <{cssg[role]}> ; <{ORG}postIn> ?org }}"""):
            return row["post"], row["org"]
        return None

    def organisations(self) -> list[tuple[re.Pattern[str], ox.NamedNode]]:
        """How the documents name organisations: acronyms as written, names in any case."""
        found = []
        for row in self.rows(f"SELECT ?o ?name WHERE {{ ?o <{SKOS}hiddenLabel> ?name }}"):
            name = _apostrophes(row["name"].value)
            flags = 0 if name.isupper() else re.IGNORECASE
            found.append((re.compile(r"(?<!\w)" + re.escape(name) + r"(?!\w)", flags), row["o"]))
        return found


@lru_cache(maxsize=4)
def reference(base: str = DEFAULT_BASE) -> Reference:
    store = ox.Store()
    store.extend(parse_file(reference_data_file(), base))
    return Reference(store, base)


# -- Building -------------------------------------------------------------------------------


def convention_quads(extraction: Extraction, base: str = DEFAULT_BASE) -> list[ox.Quad]:
    return _with_person_labels(_Builder(extraction, reference(base), base).build())


class _Builder:
    def __init__(self, extraction: Extraction, ref: Reference, base: str):
        self.x = extraction
        self.ref = ref
        self.base = base
        self.lang = extraction.language
        self.quads: list[ox.Quad] = []
        self.wordings: dict[str, str] = {}  # a wording concept → the first words it was given
        self.described: set[str] = set()  # persons and posts already written
        self.document = ox.NamedNode(f"{base}document/{extraction.document.sha256}")
        where = str(extraction.document.path)
        if extraction.period is None or extraction.convention_type is None:
            key = "no_period" if extraction.period is None else "no_type"
            raise InputError(where, message(key, self.lang), fix=message("fix_title", self.lang))
        # The municipality as the party clause names it, else as the title does.
        name = extraction.municipality_name.value if extraction.municipality_name else None
        found = (ref.municipality(name) if name else None) or (
            ref.municipality(extraction.title.value, within=True) if extraction.title else None
        )
        if found is None:
            if name is None:
                raise InputError(
                    where, message("no_municipality_name", self.lang), fix=message("fix_municipality_clause", self.lang)
                )
            raise InputError(
                where,
                message("unknown_municipality", self.lang, name=name),
                fix=message("fix_unknown_municipality", self.lang),
            )
        self.municipality, self.nis, self.police_zone = found
        first, last = extraction.period
        period = f"{first}-{last}" if first != last else str(first)  # a one-year period is its year
        self.iri = convention_iri(self.nis, extraction.convention_type, period, base)
        self.graph = ox.NamedNode(convention_graph_iri(self.nis, extraction.convention_type, period, base))
        minister = ref.post("ministerOfTheInterior")
        self.minister_post: ox.NamedNode | None
        self.state: ox.NamedNode | None
        self.minister_post, self.state = minister if minister else (None, None)
        self.organisations = ref.organisations()

    # small writers
    def add(self, subject: str | ox.NamedNode, predicate: str, obj: str | ox.NamedNode | ox.Literal) -> None:
        subject = subject if isinstance(subject, ox.NamedNode) else ox.NamedNode(subject)
        obj = obj if isinstance(obj, (ox.NamedNode, ox.Literal)) else ox.NamedNode(obj)
        self.quads.append(ox.Quad(subject, ox.NamedNode(predicate), obj, self.graph))

    def typed(self, subject: str, cls: str) -> None:
        self.quads.append(ox.Quad(ox.NamedNode(subject), RDF_TYPE, ox.NamedNode(cls), self.graph))

    def words(self, value: str) -> ox.Literal:
        return ox.Literal(value, language=self.lang)

    def literal(self, value: object, datatype: str) -> ox.Literal:
        return ox.Literal(str(value), datatype=ox.NamedNode(XSD + datatype))

    def item(self, iri: str, cls: str, text: Text, position: int | None = None) -> None:
        """A node read from the document: of class ``cls``, labelled with its words, placed, sourced."""
        self.typed(iri, cls)
        self.add(iri, RDFS_LABEL, self.words(text.value))
        if position is not None:
            self.add(iri, cssg.position, self.literal(position, "integer"))
        self.source(iri, text)

    def source(self, iri: str, text: Text) -> None:
        if not text.lines:
            return
        document = self.x.document
        origin = f"{iri}#source"
        self.typed(origin, OA + "SpecificResource")
        self.add(iri, PROV + "wasDerivedFrom", origin)
        self.add(origin, OA + "hasSource", self.document)
        position, quote, lines = f"{iri}#position", f"{iri}#quote", f"{iri}#lines"
        for selector in (position, quote, lines):
            self.add(origin, OA + "hasSelector", selector)
        self.typed(position, OA + "TextPositionSelector")
        # xsd:integer, where OA names its subtype nonNegativeInteger: stores (Oxigraph, Jena TDB,
        # Virtuoso) keep only xsd:integer as written, and what is served must be what was built.
        self.add(position, OA + "start", self.literal(text.start, "integer"))
        self.add(position, OA + "end", self.literal(text.end, "integer"))
        self.typed(quote, OA + "TextQuoteSelector")
        self.add(quote, OA + "exact", ox.Literal(document.text[text.start : text.end]))
        first, last = text.lines[0].number, text.lines[-1].number
        self.typed(lines, OA + "FragmentSelector")
        self.add(lines, DCTERMS + "conformsTo", RFC_5147)
        self.add(lines, RDF_VALUE, ox.Literal(f"line={first - 1},{last}"))
        if text.lines[0].page is not None:
            page = f"{iri}#page"
            self.add(origin, OA + "hasSelector", page)
            self.typed(page, OA + "FragmentSelector")
            self.add(page, DCTERMS + "conformsTo", RFC_3778)
            self.add(page, RDF_VALUE, ox.Literal(f"page={text.lines[0].page}"))

    # the convention
    def build(self) -> list[ox.Quad]:
        x, c = self.x, self.iri
        assert x.convention_type is not None  # (checked in __init__)
        self.describe_document()
        self.typed(c, cssg.Convention)
        self.add(c, PROV + "wasDerivedFrom", self.document)
        if x.title:
            self.add(c, RDFS_LABEL, self.words(x.title.value))
            self.source(c, x.title)
        self.add(
            c,
            cssg.conventionType,
            cssg[{"css": "securityAndSocietyContract", "pssp": "strategicSecurityPreventionPlan"}[x.convention_type]],
        )
        if self.state:
            self.add(c, cssg.stateParty, self.state)
        self.add(c, cssg.municipalityParty, self.municipality)
        self.representations()
        self.council_decision()
        self.provisions()
        self.allocation()
        if x.start:
            self.add(c, ELI + "first_date_entry_in_force", self.literal(x.start.isoformat(), "date"))
        if x.end:
            self.add(c, ELI + "date_no_longer_in_force", self.literal(x.end.isoformat(), "date"))
        if x.decree_date:
            self.add(c, ELI + "based_on", self.decree(x.decree_date, x.decree))
        self.sections()
        self.signing()
        return self.quads

    def decree(self, day: date, named: Text | None = None) -> ox.NamedNode:
        """The royal decree of that date: the reference data's, else a node of its own that says
        the date the document gives and the words that name it ("arrêté royal du 3 mars 2020";
        validation then asks for its numac), so that the legal basis is never lost because the
        reference data does not know it yet."""
        known = self.ref.decree(day)
        if known is not None:
            return known
        decree = ox.NamedNode(f"{self.base}legal-resource/royal-decree/{day.isoformat()}")
        if decree.value not in self.described:
            self.described.add(decree.value)
            self.typed(decree.value, cssg.RoyalDecree)
            self.add(decree, ELI + "date_document", self.literal(day.isoformat(), "date"))
            if named is not None:
                self.add(decree, RDFS_LABEL, self.words(named.value[:1].upper() + named.value[1:]))
        return decree

    def describe_document(self) -> None:
        document, d = self.x.document, self.document
        self.typed(d.value, FOAF + "Document")
        self.add(d, DCTERMS + "title", ox.Literal(document.path.name))
        self.add(d, DCTERMS + "format", ox.Literal(document.media_type))
        checksum = f"{d.value}#sha256"
        self.add(d, SPDX + "checksum", checksum)
        self.typed(checksum, SPDX + "Checksum")
        self.add(checksum, SPDX + "algorithm", SPDX + "checksumAlgorithm_sha256")
        self.add(checksum, SPDX + "checksumValue", self.literal(document.sha256, "hexBinary"))
        if lost := len({problem.line.number for problem in self.x.not_understood}):
            # The graph is incomplete: say so in it, not only on the reader's console.
            self.add(d, cssg.linesNotUnderstood, self.literal(lost, "integer"))

    def representations(self) -> None:
        x, c = self.x, self.iri
        if x.state_post and self.minister_post:
            state = f"{c}/representation/1"
            self.typed(state, cssg.Representation)
            self.add(c, cssg.representation, state)
            self.add(state, cssg.position, self.literal(1, "integer"))
            assert self.state is not None  # found with the minister's post (Reference.post)
            self.add(state, cssg.representedParty, self.state)
            self.add(state, cssg.representedBy, self.minister_post)
            self.source(state, x.state_post)
            self.designation(state, x.state_designation)
            for person in x.state_persons:
                self.add(state, cssg.actingPerson, self.person(person))
            if x.state_address:
                address = f"{state}/address"
                self.add(state, LOCN + "address", address)
                self.typed(address, LOCN + "Address")
                self.add(address, LOCN + "fullAddress", self.words(x.state_address.value))
                self.source(address, x.state_address)
        if x.council:
            municipal = f"{c}/representation/2"
            council = f"{self.municipality.value}/council"
            self.typed(municipal, cssg.Representation)
            self.add(c, cssg.representation, municipal)
            self.add(municipal, cssg.position, self.literal(2, "integer"))
            self.add(municipal, cssg.representedParty, self.municipality)
            self.add(municipal, cssg.representedBy, council)
            self.source(municipal, x.council)
            self.designation(municipal, x.municipality_designation)
            self.typed(council, cssg.MunicipalCouncil)
            self.add(council, RDFS_LABEL, self.words(x.council.value))
            self.add(council, ORG + "unitOf", self.municipality)
            for person in x.acting_persons:
                self.add(municipal, cssg.actingPerson, self.person(person))

    def designation(self, representation: str, text: Text | None) -> None:
        """How the convention names the party from then on ("ci-après dénommé « l’Etat »")."""
        if text is not None and text.value:
            self.add(representation, cssg.designation, self.words(text.value))

    def person(self, person: Person) -> str:
        """The person's node (one per family name in a convention) and the post it holds."""
        iri = f"{self.iri}/person/{slug(person.family_name)}"
        if iri in self.described:  # named again: what this mention adds
            if person.given_name:
                self.add(iri, FOAF + "givenName", ox.Literal(person.given_name))
            if post := self.post(person):
                self.add(iri, ORG + "holds", post)
            return iri
        self.described.add(iri)
        self.typed(iri, PERSON)
        if person.name is not None:
            self.source(iri, person.name)
        self.add(iri, FOAF + "title", ox.Literal(person.title))
        self.add(iri, FOAF + "familyName", ox.Literal(person.family_name))
        if person.given_name:
            self.add(iri, FOAF + "givenName", ox.Literal(person.given_name))
        post = self.post(person)
        if post:
            self.add(iri, ORG + "holds", post)
        return iri

    def post(self, person: Person) -> str | None:
        if person.role is None:
            return None
        if not person.post:  # a post of the State, in the reference data
            return self.minister_post.value if person.role == "ministerOfTheInterior" and self.minister_post else None
        iri = f"{self.municipality.value}/post/{person.post}"
        if iri not in self.described:
            self.described.add(iri)
            self.typed(iri, ORG + "Post")
            assert person.capacity is not None  # a role is given with its capacity (extract._give_capacity)
            self.add(iri, RDFS_LABEL, self.words(person.capacity.value))
            self.add(iri, ORG + "postIn", self.municipality)
            self.add(iri, ORG + "role", cssg[person.role])
        return iri

    def council_decision(self) -> None:
        x = self.x
        if x.decision is None:
            return
        decision = f"{self.iri}/council-decision"
        self.add(self.iri, cssg.councilDecision, decision)
        self.typed(decision, cssg.CouncilDecision)
        self.add(decision, RDFS_LABEL, self.words(x.decision.value))
        if x.decision_date:
            self.add(decision, ELI + "date_document", self.literal(x.decision_date.isoformat(), "date"))
        self.add(decision, ELI + "passed_by", f"{self.municipality.value}/council")
        self.source(decision, x.decision)

    def provisions(self) -> None:
        for number, provision in enumerate(self.x.provisions, start=1):
            iri = f"{self.iri}/provision/{number}"
            self.add(self.iri, cssg.hasProvision, iri)
            self.item(iri, cssg.Provision, provision.text, number)
            if provision.decree_date:
                self.add(iri, ELI + "cites", self.decree(provision.decree_date, provision.decree))
            bearers = {"municipality": self.municipality, "police_zone": self.police_zone}
            for k, duty in enumerate(provision.duties, start=1):
                d = f"{iri}/duty/{k}"
                self.add(iri, cssg.imposes, d)
                self.item(d, ODRL + "Duty", duty.text, k)
                if bearer := bearers.get(duty.bearer or ""):
                    self.add(d, ODRL + "assignee", bearer)
                if duty.action:
                    self.add(d, ODRL + "action", cssg[duty.action])

    def allocation(self) -> None:
        x = self.x
        allocation = f"{self.iri}/allocation"
        self.add(self.iri, cssg.allocation, allocation)
        self.typed(allocation, cssg.Allocation)
        if self.state:
            self.add(allocation, SCHEMA + "funder", self.state)
        self.add(allocation, cssg.recipient, self.municipality)
        if x.funding_condition:
            self.add(allocation, cssg.condition, self.words(x.funding_condition.value))
        for found in x.amounts:
            year = found.year
            amount = f"{allocation}/{year}"
            self.add(allocation, SCHEMA + "amount", amount)
            self.typed(amount, SCHEMA + "MonetaryAmount")
            self.add(amount, SCHEMA + "value", self.literal(found.value, "decimal"))
            self.source(amount, found.text)
            self.add(amount, SCHEMA + "currency", ox.Literal("EUR"))
            self.add(amount, SCHEMA + "validFrom", self.literal(f"{year}-01-01", "date"))
            self.add(amount, SCHEMA + "validThrough", self.literal(f"{year}-12-31", "date"))

    def sections(self) -> None:
        for section in self.x.sections:
            s = f"{self.iri}/section/{section.position}"
            self.add(self.iri, ELI + "has_part", s)
            self.item(s, cssg.Section, section.title, section.position)
            self.add(s, SKOS + "notation", ox.Literal(section.number))
            if section.kind:
                self.add(s, cssg.sectionKind, cssg[section.kind])
            for sector in section.sectors:
                self.add(s, ELI + "has_part", f"{self.iri}/sector/{sector.number}")
                self.sector(sector)

    def sector(self, sector: Sector) -> None:
        s = f"{self.iri}/sector/{sector.number}"
        self.item(s, cssg.ActivitySector, sector.heading, sector.number)
        self.add(s, SKOS + "notation", ox.Literal(str(sector.number)))
        if sector.theme:
            self.add(s, cssg.sectorTheme, cssg[sector.theme])
        if sector.general:
            self.add(s, cssg.hasGeneralObjective, f"{s}/general-objective")
            self.item(f"{s}/general-objective", cssg.GeneralObjective, sector.general, 1)
        for number, text in sector.objectives.items():
            self.add(s, cssg.hasStrategicObjective, f"{s}/strategic-objective/{number}")
            self.item(f"{s}/strategic-objective/{number}", cssg.StrategicObjective, text, number)
        for pair in sorted(map(sorted, sector.alternatives)):
            first, second = (f"{s}/strategic-objective/{n}" for n in pair)
            self.add(first, cssg.alternativeTo, second)  # symmetric: said both ways, for queries
            self.add(second, cssg.alternativeTo, first)
        for block in sector.blocks:
            self.block(s, block)

    def block(self, sector: str, block: Block) -> None:
        objectives = [f"{sector}/strategic-objective/{n}" for n in block.objectives]
        numbers = block.objectives
        name = str(numbers[0]) if len(numbers) == 1 else f"{numbers[0]}-{numbers[-1]}"
        b = f"{sector}/strategic-objective/{name}"
        for k, operational in enumerate(block.operational, start=1):
            oo = f"{b}/operational-objective/{k}"
            self.item(oo, cssg.OperationalObjective, operational.text, k)
            self.wording(oo, "operational-objective", operational.text.value)
            for objective in objectives:
                self.add(objective, cssg.hasOperationalObjective, oo)
            self.involvements(oo, operational.text.value)
            for j, sub_action in enumerate(operational.sub_actions, start=1):
                sa = f"{oo}/sub-action/{j}"
                self.add(oo, cssg.hasSubAction, sa)
                self.item(sa, cssg.SubAction, sub_action, j)
                self.involvements(sa, sub_action.value)
        for k, result in enumerate(block.results, start=1):
            er = f"{b}/expected-result/{k}"
            self.item(er, cssg.ExpectedResult, result, k)
            self.wording(er, "expected-result", result.value)
            for objective in objectives:
                self.add(objective, cssg.hasExpectedResult, er)
        for k, indicator in enumerate(block.indicators, start=1):
            i = f"{b}/indicator/{k}"
            self.item(i, cssg.Indicator, indicator, k)
            for objective in objectives:
                self.add(i, cssg.measures, objective)
            self.wording(i, "indicator", indicator.value)

    def wording(self, item: str, kind: str, text: str) -> None:
        """The concept shared by the items of ``kind`` worded alike, across objectives and
        conventions: the same words up to case and punctuation. The first wording met is its
        preferred label, another one (a comma more) an alternative label."""
        wording = wording_iri(text, self.base, kind)
        self.add(item, cssg.wording, wording)
        first = self.wordings.setdefault(wording, text)
        if first == text:
            self.typed(wording, SKOS + "Concept")
            self.add(wording, SKOS + "inScheme", wording_scheme(kind, self.base))
        self.add(wording, SKOS + ("prefLabel" if first == text else "altLabel"), self.words(text))

    def involvements(self, iri: str, text: str) -> None:
        """The organisations the words name (cssg:involves); the municipality's own police zone
        where they say only "la zone de police" (cssg:involvesOwnPoliceZone: which zone it is
        comes from the reference data, not from the words)."""
        text = _apostrophes(text)
        found = {organisation.value for pattern, organisation in self.organisations if pattern.search(text)}
        for organisation in sorted(found):
            self.add(iri, cssg.involves, organisation)
        if self.police_zone is not None and _profile(self.lang).names_police_zone(text):
            self.add(iri, cssg.involvesOwnPoliceZone, self.police_zone)

    def signing(self) -> None:
        x = self.x
        if x.signing is None:
            return
        signing = f"{self.iri}/signing"
        self.add(self.iri, cssg.signing, signing)
        self.typed(signing, cssg.Signing)
        self.source(signing, x.signing)
        if x.signing_place:
            place = f"{signing}/place"
            self.add(signing, PROV + "atLocation", place)
            self.typed(place, PROV + "Location")
            self.add(place, RDFS_LABEL, self.words(x.signing_place.value))
            self.source(place, x.signing_place)
        if x.signing_date:
            self.add(signing, cssg.signatureDate, self.literal(x.signing_date.isoformat(), "date"))
        if x.signing_copies:
            self.add(signing, cssg.numberOfCopies, self.literal(x.signing_copies, "integer"))
        if x.copies_received:
            self.add(signing, cssg.copiesReceivedPerParty, self.literal(x.copies_received, "integer"))
        for n, signatory in enumerate(x.signatories, start=1):
            person = self.person(signatory.person)
            association = f"{signing}/signatory/{n}"
            self.add(signing, PROV + "wasAssociatedWith", person)
            self.add(signing, PROV + "qualifiedAssociation", association)
            self.typed(association, cssg.Signatory)
            self.add(association, cssg.position, self.literal(n, "integer"))
            self.add(association, PROV + "agent", person)
            party = self.state if signatory.party == "state" else self.municipality
            if party is not None:
                self.add(association, cssg.signsFor, party)
            if signatory.capacity:
                self.add(association, cssg.capacity, self.words(signatory.capacity.value))
                self.source(association, signatory.capacity)


def _with_person_labels(quads: list[ox.Quad]) -> list[ox.Quad]:
    """Label each person "title given-name family-name", once all its names are known."""
    names: dict[ox.NamedNode, dict[str, str]] = {}
    graph = None
    for quad in quads:
        # (A person is an IRI and its names are literals: the isinstance tests are always true.)
        if (
            quad.predicate.value in (FOAF + "title", FOAF + "givenName", FOAF + "familyName")
            and isinstance(quad.subject, ox.NamedNode)
            and isinstance(quad.object, ox.Literal)
        ):
            names.setdefault(quad.subject, {})[quad.predicate.value] = quad.object.value
            graph = quad.graph_name
    labels = [
        ox.Quad(
            person,
            ox.NamedNode(RDFS_LABEL),
            ox.Literal(
                " ".join(filter(None, (n.get(FOAF + "title"), n.get(FOAF + "givenName"), n.get(FOAF + "familyName"))))
            ),
            graph,
        )
        for person, n in names.items()
    ]
    return list(dict.fromkeys(quads + labels))


def _profile(language: str) -> Profile:
    return profiles()[language]


def _apostrophes(text: str) -> str:
    return normal(text.replace("’", "'"))


# -- Document to graph -----------------------------------------------------------------------


def document_quads(
    path: str | Path, language: str | None = None, base: str = DEFAULT_BASE
) -> tuple[list[ox.Quad], Extraction]:
    """Read, understand and build one convention document: its quads and what was read."""
    from cssgraph.read.documents import read_document

    extraction = extract(read_document(path), language)
    return convention_quads(extraction, base), extraction


OUTPUT_FORMATS = {
    ".trig": ox.RdfFormat.TRIG,
    ".nq": ox.RdfFormat.N_QUADS,
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
}
PREFIXES = {
    "cssg": str(CSSG),
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": SKOS,
    "xsd": XSD,
    "eli": ELI,
    "org": ORG,
    "prov": PROV,
    "foaf": FOAF,
    "schema": SCHEMA,
    "oa": OA,
    "dcterms": DCTERMS,
    "spdx": SPDX,
    "person": "http://www.w3.org/ns/person#",
    "locn": LOCN,
}


def serialize_documents(
    paths: Sequence[str | Path],
    output: str | None,
    language: str | None = None,
    base: str = DEFAULT_BASE,
    messages: str | None = None,
) -> tuple[str, list[Unread]]:
    """The graphs of the given documents, serialised for ``output``'s extension (TriG by
    default), and the lines that were not understood or read with a doubt (worded in
    ``messages``' language, else each document's)."""
    from cssgraph.rdfio import rdf_files
    from cssgraph.read.documents import DOCUMENT_SUFFIXES

    suffix = Path(output).suffix.lower() if output else ".trig"
    if suffix not in OUTPUT_FORMATS:
        raise InputError(
            str(output),
            f"cannot write {suffix or 'a file without extension'}",
            fix=f"name the output with one of {', '.join(OUTPUT_FORMATS)}",
        )
    documents = [p for p in rdf_files(paths, also=DOCUMENT_SUFFIXES) if p.suffix.lower() in DOCUMENT_SUFFIXES]
    if not documents:
        raise InputError(
            ", ".join(map(str, paths)),
            "no convention document (.txt, .pdf, .docx) to read",
            fix="give the documents or a folder holding them",
        )
    quads: list[ox.Quad] = []
    unread: list[Unread] = []
    for path in documents:
        document_graph, extraction = document_quads(path, language, base)
        quads += document_graph
        unread += extraction.unread(messages)
    rdf_format = OUTPUT_FORMATS[suffix]
    # In the order of graph, subject, predicate, object (their N-Triples forms: any kind of term).
    quads.sort(
        key=lambda q: (
            str(q.graph_name),
            str(q.subject),
            q.predicate.value,
            str(q.object),
        )
    )
    statements: list[ox.Quad] | list[ox.Triple] = quads
    if not rdf_format.supports_datasets:
        if len({q.graph_name for q in quads}) > 1:
            raise InputError(
                str(output),
                f"{len(documents)} conventions do not fit in one {suffix} graph",
                fix="write .trig or .nq, which keep one named graph per convention",
            )
        statements = [ox.Triple(q.subject, q.predicate, q.object) for q in quads]
    text = cast(
        bytes,
        ox.serialize(
            statements,
            format=rdf_format,
            prefixes=PREFIXES if rdf_format in (ox.RdfFormat.TRIG, ox.RdfFormat.TURTLE) else None,
        ),
    )  # with no output given, bytes
    return text.decode("utf-8"), unread
