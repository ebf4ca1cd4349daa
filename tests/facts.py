"""Facts of a convention, side by side: what a person wrote down reading the document
(``*.facts.toml`` beside each document of ``tests/fixtures/corpus/``) and what the extracted
graph says, asked of the graph with SPARQL. Both become the same plain structure, so a test (or
``bench/bench_robustness.py``) compares them whole and shows what differs.

Texts are compared with spaces normalised (a non-breaking space is a space); with
``fold_quotes`` also with every quote, apostrophe and dash folded, for perturbations that change
the document's typography on purpose.
"""

from __future__ import annotations

import re
import tomllib
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox

from cssgraph.rdfio import parse_file
from cssgraph.read.normalise import DASHES, DOUBLE_QUOTES, SINGLE_QUOTES, fold
from cssgraph.read.values import find_dates
from cssgraph.resources import reference_data_file
from cssgraph.vocabulary import CSSG

CORPUS = Path(__file__).parent / "fixtures" / "corpus"
BASE = "https://w3id.org/cssgraph/id/"
PREFIXES = """
PREFIX cssg: <https://w3id.org/cssgraph/ontology#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <https://schema.org/>
PREFIX locn: <http://www.w3.org/ns/locn#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX oa: <http://www.w3.org/ns/oa#>
"""


def corpus_documents() -> list[Path]:
    return sorted(CORPUS.glob("*.txt"))


def facts_file(document: Path) -> Path:
    return document.with_name(document.name.removesuffix(".txt") + ".facts.toml")


TITLES = {
    "m": "M.",
    "monsieur": "M.",
    "mr": "M.",
    "mme": "Mme",
    "madame": "Mme",
    "mlle": "Mme",
    "de heer": "dhr.",
    "dhr": "dhr.",
    "mevrouw": "mevr.",
    "mevr": "mevr.",
    "mw": "mevr.",
}


def _person(label: str) -> str:
    """A person as "title name", the title in one form: a person is one node, whose title the
    party clause and the signature block may write differently ("de heer", "Dhr.")."""
    label = " ".join(label.split())
    for written in sorted(TITLES, key=len, reverse=True):
        if label.lower().startswith(written) and label[len(written) : len(written) + 1] in (" ", "."):
            return TITLES[written] + " " + label[len(written) :].lstrip(". ")
    return label


def _mended(quote: str | None) -> str | None:
    return re.sub(r"(?<=[a-zà-ÿ])-[ \t]*(?:\r?\n|\r)\s*(?=[a-zà-ÿ])", "", quote) if quote else quote


def _words(text: str | None, fold_quotes: bool) -> str | None:
    if text is None:
        return None
    text = " ".join(text.split())
    if fold_quotes:
        text = "".join(
            "'" if c in SINGLE_QUOTES else '"' if c in DOUBLE_QUOTES else "-" if c in DASHES else c for c in text
        )
        text = re.sub(r'\s*"\s*', '"', text)  # « la Ville » and "la Ville" alike
    return text


def _undated(text: str | None) -> str | None:
    """A duty's words with each date as <date>: a writer may write "2 septembre 2018" or
    "02.09.2018" in it (the decree's date is compared as a date, with the other facts)."""
    if text is None:
        return None
    for found in reversed(find_dates(fold(text))):
        text = text[: found.start] + "<date>" + text[found.end :]
    return text


def expected(path: Path, fold_quotes: bool = False) -> dict:
    """The facts a person wrote down, as the comparable structure."""
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    w = lambda text: _words(text, fold_quotes)  # noqa: E731
    outline = {}
    for sector in raw["sectors"]:
        objectives = {o["number"]: o["text"] for o in sector["strategic_objectives"]}
        for block in sector["blocks"]:
            for number in block["serves"]:
                outline[(sector["number"], number)] = {
                    "text": w(objectives[number]),
                    "operational": [
                        (w(o["text"]), [w(s) for s in o["sub_actions"]]) for o in block["operational_objectives"]
                    ],
                    "results": [w(r) for r in block["expected_results"]],
                    "indicators": [w(i) for i in block["indicators"]],
                }
    return {
        "convention": f"{BASE}convention/{raw['nis']}/css/{raw['period']}",
        "title": w(raw["title"]),
        "period": (raw["start"], raw["end"]),
        "decree": raw["decree_date"],
        "decision": raw["decision_date"],
        "state": (
            w(raw["state"]["representative"]),
            w(raw["state"]["address"]),
            w(raw["state"]["designation"]) or None,
        ),
        "municipality": (w(raw["municipality"]["council"]), w(raw["municipality"]["designation"]) or None),
        "acting": [(_person(f"{p['title']} {p['name']}"), w(p["capacity"])) for p in raw["municipality"]["acting"]],
        "amounts": sorted((a["year"], Decimal(a["amount"])) for a in raw["amounts"]),
        "signing": (
            w(raw["signing"]["place"]),
            raw["signing"]["date"],
            raw["signing"]["copies"],
            raw["signing"].get("copies_received"),
        ),
        "signatories": [
            (p["party"], _person(f"{p['title']} {p['name']}"), w(p["capacity"])) for p in raw["signing"]["signatories"]
        ],
        "sectors": sorted((s["section"], s["number"], w(s["general_objective"])) for s in raw["sectors"]),
        "outline": outline,
        "condition": w(raw.get("condition")),
        "duties": [(d["action"], _undated(w(d["text"]))) for d in raw.get("duties", [])],
    }


def observed(quads, fold_quotes: bool = False) -> dict:
    """The same facts, asked of the extracted graph."""
    store = ox.Store()
    store.extend(quads)
    store.extend(parse_file(reference_data_file()))  # the decrees the convention is based on
    w = lambda text: _words(text, fold_quotes)  # noqa: E731

    def rows(query: str):
        return list(store.query(PREFIXES + query, use_default_graph_as_union=True))

    def one(query: str):
        found = rows(query)
        return found[0] if found else None

    convention = one("SELECT ?c WHERE { ?c a cssg:Convention }")
    if convention is None:
        return {}
    c = convention["c"].value
    value = lambda row, name: row[name].value if row is not None and row[name] is not None else None  # noqa: E731
    about = one(f"""SELECT ?title ?start ?end ?decree ?decision WHERE {{ <{c}> rdfs:label ?title .
        OPTIONAL {{ <{c}> eli:first_date_entry_in_force ?start }} OPTIONAL {{ <{c}> eli:date_no_longer_in_force ?end }}
        OPTIONAL {{ <{c}> eli:based_on/eli:date_document ?decree }}
        OPTIONAL {{ <{c}> cssg:councilDecision/eli:date_document ?decision }} }}""")
    state = one(f"""SELECT ?post ?address ?designation WHERE {{ <{c}/representation/1> prov:wasDerivedFrom/oa:hasSelector ?q .
        ?q a oa:TextQuoteSelector ; oa:exact ?post .
        OPTIONAL {{ <{c}/representation/1> locn:address/locn:fullAddress ?address }}
        OPTIONAL {{ <{c}/representation/1> cssg:designation ?designation }} }}""")
    municipality = one(f"""SELECT ?council ?designation WHERE {{ <{c}/representation/2> cssg:representedBy/rdfs:label ?council .
        OPTIONAL {{ <{c}/representation/2> cssg:designation ?designation }} }}""")
    acting = rows(f"""SELECT ?name ?capacity WHERE {{ <{c}/representation/2> cssg:actingPerson ?p .
        ?p rdfs:label ?name . OPTIONAL {{ ?p prov:wasDerivedFrom/oa:hasSelector ?s . ?s oa:start ?at }}
        OPTIONAL {{ ?p org:holds/rdfs:label ?capacity }} }} ORDER BY ?at""")
    amounts = rows(f"""SELECT ?year ?value WHERE {{ <{c}> cssg:allocation/schema:amount ?a .
        ?a schema:value ?value ; schema:validFrom ?from . BIND(YEAR(?from) AS ?year) }}""")
    signing = one(f"""SELECT ?place ?date ?copies ?received WHERE {{ <{c}> cssg:signing ?s .
        OPTIONAL {{ ?s prov:atLocation/rdfs:label ?place }} OPTIONAL {{ ?s cssg:signatureDate ?date }}
        OPTIONAL {{ ?s cssg:numberOfCopies ?copies }} OPTIONAL {{ ?s cssg:copiesReceivedPerParty ?received }} }}""")
    signatories = rows(f"""SELECT ?party ?name ?capacity WHERE {{ <{c}> cssg:signing/prov:qualifiedAssociation ?a .
        ?a cssg:position ?n ; prov:agent/rdfs:label ?name .
        OPTIONAL {{ ?a cssg:capacity ?capacity }} OPTIONAL {{ ?a cssg:signsFor ?partyNode }}
        BIND(IF(?partyNode = <{BASE}organisation/belgian-state>, "state", "municipality") AS ?party) }}
        ORDER BY ?n""")
    sectors = rows(f"""SELECT ?section ?number ?general WHERE {{ <{c}> eli:has_part ?s . ?s eli:has_part ?sector ;
        <http://www.w3.org/2004/02/skos/core#notation> ?section .
        ?sector <http://www.w3.org/2004/02/skos/core#notation> ?number .
        OPTIONAL {{ ?sector cssg:hasGeneralObjective/rdfs:label ?general }} }}""")
    outline = {}
    for row in rows(f"""SELECT ?sector ?number ?so ?text WHERE {{ ?sector cssg:hasStrategicObjective ?so .
            FILTER(STRSTARTS(STR(?sector), "{c}/"))
            ?so cssg:position ?number . OPTIONAL {{ ?so rdfs:label ?text }} }}"""):
        so = row["so"].value
        listed = lambda query: [w(r["t"].value) for r in rows(query)]  # noqa: E731
        operational = [
            (
                w(r["t"].value),
                listed(f"""SELECT ?t WHERE {{ <{r["o"].value}> cssg:hasSubAction ?x .
                            ?x rdfs:label ?t ; cssg:position ?n }} ORDER BY ?n"""),
            )
            for r in rows(f"""SELECT ?o ?t WHERE {{ <{so}> cssg:hasOperationalObjective ?o .
                            ?o rdfs:label ?t ; cssg:position ?n }} ORDER BY ?n""")
        ]
        outline[(int(row["sector"].value.rsplit("/", 1)[-1]), int(row["number"].value))] = {
            "text": w(value(row, "text")),
            "operational": operational,
            "results": listed(f"""SELECT ?t WHERE {{ <{so}> cssg:hasExpectedResult ?x . ?x rdfs:label ?t ;
                cssg:position ?n }} ORDER BY ?n"""),
            "indicators": listed(f"""SELECT ?t WHERE {{ ?x cssg:measures <{so}> ; rdfs:label ?t ;
                cssg:position ?n }} ORDER BY ?n"""),
        }
    condition = one(f"SELECT ?t WHERE {{ <{c}> cssg:allocation/cssg:condition ?t }}")
    duties = rows(f"""SELECT ?action ?t WHERE {{ <{c}> cssg:hasProvision ?p . ?p cssg:position ?n ; cssg:imposes ?d .
        ?d cssg:position ?k ; rdfs:label ?t . OPTIONAL {{ ?d <http://www.w3.org/ns/odrl/2/action> ?action }} }}
        ORDER BY ?n ?k""")
    return {
        "convention": c,
        "title": w(value(about, "title")),
        "period": (value(about, "start"), value(about, "end")),
        "decree": value(about, "decree"),
        "decision": value(about, "decision"),
        # The State's post is kept only as the quote of the source (its node is the reference
        # data's): read it as a person would, a word cut at a line end mended.
        "state": (w(_mended(value(state, "post"))), w(value(state, "address")), w(value(state, "designation"))),
        "municipality": (w(value(municipality, "council")), w(value(municipality, "designation"))),
        "acting": [(_person(r["name"].value), w(value(r, "capacity"))) for r in acting],
        "amounts": sorted((int(r["year"].value), Decimal(r["value"].value)) for r in amounts),
        "signing": (
            w(value(signing, "place")),
            value(signing, "date"),
            int(value(signing, "copies")) if value(signing, "copies") else None,
            int(value(signing, "received")) if value(signing, "received") else None,
        ),
        "signatories": [(r["party"].value, _person(r["name"].value), w(value(r, "capacity"))) for r in signatories],
        "sectors": sorted((r["section"].value, int(r["number"].value), w(value(r, "general"))) for r in sectors),
        "outline": outline,
        "condition": w(value(condition, "t")),
        "duties": [
            (value(d, "action").removeprefix(str(CSSG)) if d["action"] else None, _undated(w(d["t"].value)))
            for d in duties
        ],
    }


def wrong_facts(path: Path, document: Path, fold_quotes: bool = False) -> list[str]:
    """What reading ``path`` gets wrong against the facts a person read in ``document`` ([] when
    exact): a fact that differs, a line neither used nor reported, or the reader's refusal."""
    from cssgraph.build import document_quads
    from cssgraph.errors import InputError

    try:
        quads, extraction = document_quads(path)
    except InputError as error:
        return [f"error: {error}"]
    return differences(expected(facts_file(document), fold_quotes), observed(quads, fold_quotes)) + [
        f"line {line} neither used nor reported" for line in extraction.unaccounted()
    ]


def differences(want: dict, got: dict) -> list[str]:
    """What the graph says differently from the person, one line per fact."""
    out = []
    for key in want:
        if key == "outline":
            for place in sorted(set(want[key]) | set(got.get(key, {}))):
                a, b = want[key].get(place), got.get(key, {}).get(place)
                if a != b:
                    for part in ("text", "operational", "results", "indicators"):
                        if (a or {}).get(part) != (b or {}).get(part):
                            out.append(
                                f"sector {place[0]} SO {place[1]} {part}: expected {(a or {}).get(part)!r}, "
                                f"got {(b or {}).get(part)!r}"
                            )
        elif want[key] != got.get(key):
            out.append(f"{key}: expected {want[key]!r}, got {got.get(key)!r}")
    return out
