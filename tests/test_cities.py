"""Across cities (issue 13, part 3): the cross-city queries on the hand-written corpus
(tests/fixtures/corpus/, nine documents read into graphs as `cssgraph extract` reads them) and
data/ (Verviers). Every expected value comes from the facts files their authors wrote reading the
documents (amounts, sectors, indicators), or from the Verviers source, never from the code."""

from __future__ import annotations

from decimal import Decimal

import pyoxigraph as ox
import pytest

from cssgraph.build import document_quads
from cssgraph.query import run_query

from conftest import ROOT
from facts import corpus_documents

BASE = "https://w3id.org/cssgraph/id/"
RADICALISATION = "https://w3id.org/cssgraph/ontology#radicalisationPrevention"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> list:
    """The nine corpus documents as one TriG file (one named graph each), and data/."""
    quads = [quad for document in corpus_documents() for quad in document_quads(document)[0]]
    path = tmp_path_factory.mktemp("corpus") / "corpus.trig"
    path.write_bytes(ox.serialize(quads, format=ox.RdfFormat.TRIG))
    return [path, ROOT / "data"]


def values(result, *names):
    return [tuple(row[name].value if name in row else None for name in names) for row in result.rows]


def test_funding_per_municipality_and_year_with_the_national_total_of_each_year(corpus):
    rows = values(run_query("funding-by-sector", data=corpus), "municipality", "year", "amount", "yearTotal")
    amounts = {(m, y): Decimal(a) for m, y, a, _ in rows}
    # The facts files' `amounts` (and Verviers' source lines 79-81), one row per convention and year.
    assert amounts == {
        ("Anvers", "2018"): Decimal("2416308.74"),
        ("Anvers", "2019"): Decimal("2377951.06"),
        ("Charleroi", "2018"): Decimal("1318642.27"),
        ("Charleroi", "2019"): Decimal("1297415.80"),
        ("Gand", "2018"): Decimal("1893412.60"),
        ("Gand", "2019"): Decimal("1861037.25"),
        ("Liège", "2018"): Decimal("1487263.54"),
        ("Liège", "2019"): Decimal("1462019.07"),
        ("Liège", "2020"): Decimal("1491702.36"),
        ("Malines", "2018"): Decimal("412356.74"),
        ("Malines", "2019"): Decimal("405118.20"),
        ("Mons", "2018"): Decimal("412587.36"),
        ("Mons", "2019"): Decimal("405912.14"),
        ("Ostende", "2018"): Decimal("1183402.57"),
        ("Ostende", "2019"): Decimal("1164927.80"),
        ("Schaerbeek", "2018"): Decimal("1843276.52"),
        ("Schaerbeek", "2019"): Decimal("1812904.18"),
        ("Verviers", "2018"): Decimal("276041.89"),
        ("Verviers", "2019"): Decimal("271546.93"),
    }
    assert len(rows) == 19
    totals = {year: Decimal(total) for _, year, _, total in rows}
    assert totals == {
        # 2416308.74 + 1318642.27 + 1893412.60 + 1487263.54 + 412356.74 + 412587.36 + 1183402.57
        # + 1843276.52 + 276041.89
        "2018": Decimal("11243292.23"),
        # 2377951.06 + 1297415.80 + 1861037.25 + 1462019.07 + 405118.20 + 405912.14 + 1164927.80
        # + 1812904.18 + 271546.93
        "2019": Decimal("11058832.43"),
        "2020": Decimal("1491702.36"),  # Liège 2020 alone
    }
    # rows in the order of the year, then of the municipality
    assert [(y, m) for m, y, _, _ in rows] == sorted((y, m) for m, y, _, _ in rows)


def test_the_total_a_municipality_receives_over_its_conventions(corpus):
    rows = values(run_query("funding-by-sector", data=corpus), "municipality", "municipalityTotal")
    totals = {m: Decimal(t) for m, t in rows}
    # Liège: two conventions, 1487263.54 + 1462019.07 (2018-2019) + 1491702.36 (2020)
    assert totals["Liège"] == Decimal("4440984.97")
    assert totals["Mons"] == Decimal("818499.50")  # 412587.36 + 405912.14


def test_which_amounts_fund_a_radicalisation_sector_in_2019(corpus):
    # The conventions whose sectors include one on violent radicalisation, as their general
    # objectives say: Antwerpen sector 2 ("Voorkomen van gewelddadige radicalisering…"), Liège
    # sector 2, Mechelen sector 2, Schaerbeek sector 4, Verviers sector 2, in section II "… prévention de la radicalisation violente" (source lines 156-157). The
    # amount is the convention's for all its sectors: the data gives none per sector.
    result = run_query("funding-by-sector", data=corpus, params={"year": "2019"})
    rows = values(result, "municipality", "year", "amount", "sectors", "themes")
    assert {year for _, year, _, _, _ in rows} == {"2019"}
    funding = {m: (Decimal(a), s) for m, _, a, s, t in rows if RADICALISATION in t.split()}
    assert {m: a for m, (a, _) in funding.items()} == {
        "Anvers": Decimal("2377951.06"),
        "Liège": Decimal("1462019.07"),
        "Malines": Decimal("405118.20"),
        "Schaerbeek": Decimal("1812904.18"),
        "Verviers": Decimal("271546.93"),
    }
    # 2377951.06 + 1462019.07 + 405118.20 + 1812904.18 + 271546.93
    assert sum(a for a, _ in funding.values()) == Decimal("6329539.44")
    assert "4 prévention de la radicalisation violente" in funding["Schaerbeek"][1].split("; ")
    # Mons has one sector (its facts file: crime and nuisance), numbered 1
    [mons] = [s for m, _, _, s, _ in rows if m == "Mons"]
    assert mons == "1 criminalité, nuisances et sentiment d’insécurité"


def test_wordings_shared_across_conventions_with_the_conventions_using_them(corpus):
    result = run_query("shared-wordings", data=corpus, params={"minimum": "4"})
    rows = values(result, "wording", "conventionCount", "conventions")
    # "Le versement est effectué": an indicator of Charleroi, Liège 2018-2019, Liège 2020 and
    # Schaerbeek (their facts files) and of Verviers (source line 154); "De storting is
    # uitgevoerd": Antwerpen, Gent, Mechelen, Oostende. No other wording is in four conventions.
    assert [(w, n, sorted(c.split(", "))) for w, n, c in rows] == [
        (
            "Le versement est effectué",
            "5",
            ["Charleroi 2018-2019", "Liège 2018-2019", "Liège 2020", "Schaerbeek 2018-2019", "Verviers 2018-2019"],
        ),
        (
            "De storting is uitgevoerd",
            "4",
            ["Anvers 2018-2019", "Gand 2018-2019", "Malines 2018-2019", "Ostende 2018-2019"],
        ),
    ]


def test_a_wording_shared_by_two_cities_counts_its_items_and_conventions(corpus):
    rows = values(run_query("shared-wordings", data=corpus), "wording", "conventionCount", "conventions", "items")
    shared = {w: (n, sorted(c.split(", ")), i) for w, n, c, i in rows}
    # "Délai de transmission": Verviers under sector 2's objectives 1 and 4 (two indicators), and
    # Schaerbeek (one indicator, its facts file); Liège writes "Délai moyen de transmission".
    assert shared["Délai de transmission"] == ("2", ["Schaerbeek 2018-2019", "Verviers 2018-2019"], "3")
    # an expected result shared by the two Liège conventions (both facts files)
    assert shared["Informations complètes et pertinentes"] == ("2", ["Liège 2018-2019", "Liège 2020"], "2")
    # "Nombre de réunions de la plateforme « radicalisme »…" is Verviers' alone
    assert not [w for w in shared if "plateforme" in w]


def test_which_cities_measure_an_objective_by_the_rate_of_rejected_information(corpus):
    rows = values(
        run_query("cities-measuring", data=corpus, params={"text": "Taux de rejet"}),
        "municipality",
        "period",
        "sector",
        "strategicObjectiveNumber",
        "indicator",
    )
    # Liège 2018-2019: sector 2, strategic objective 1's indicators; Liège 2020: moved under
    # objective 2 (both facts files); Verviers: sector 2, objectives 1 and 4 (source lines 209, 376).
    assert rows == [
        ("Liège", "2018-2019", "2", "1", "Taux de rejet des informations collectées"),
        ("Liège", "2020", "2", "2", "Taux de rejet des informations collectées"),
        ("Verviers", "2018-2019", "2", "1", "Taux de rejet (zonal) des informations collectées"),
        ("Verviers", "2018-2019", "2", "4", "Taux de rejet (zonal) des informations collectées"),
    ]


def test_cities_measuring_in_dutch_words(corpus):
    rows = values(
        run_query("cities-measuring", data=corpus, params={"text": "DE STORTING", "lang": "nl"}), "municipality"
    )
    # "De storting is uitgevoerd", sector 1 of Antwerpen, Gent, Mechelen and Oostende (facts files)
    assert sorted({m for (m,) in rows}) == ["Antwerpen", "Gent", "Mechelen", "Oostende"]


# -- Near-duplicate wordings (cssgraph similar-wordings) ---------------------------------------


def proposed(corpus, *options: str) -> list[dict[str, str]]:
    import csv
    import io

    from conftest import invoke

    data = [option for path in corpus for option in ("--data", str(path))]
    process = invoke("similar-wordings", *data, "--format", "csv", *options)
    assert process.returncode == 0, process.stderr
    return list(csv.DictReader(io.StringIO(process.stdout)))


def pair(row: dict[str, str]) -> frozenset[str]:
    return frozenset((row["wording"], row["similarWording"]))


def test_the_words_are_compared_without_case_accents_punctuation_or_quotes():
    from cssgraph.wordings import normalised, similarity

    assert normalised("L’allocation « versée », OCAM!") == "l allocation versee ocam"
    assert normalised('L\'allocation "versée" OCAM') == "l allocation versee ocam"
    assert similarity(normalised("DÉLAI DE TRANSMISSION"), normalised("Délai de transmission")) == 100


def test_near_wordings_of_other_cities_are_proposed_with_their_score(corpus):
    rows = proposed(corpus)
    by_pair = {pair(row): row for row in rows}
    # "Délai de transmission" (Schaerbeek's facts file, Verviers source lines 213, 380) and
    # "Délai moyen de transmission" (both Liège facts files): one word more
    delay = by_pair[frozenset(("Délai de transmission", "Délai moyen de transmission"))]
    assert delay["kind"] == "indicator" and float(delay["score"]) >= 85
    conventions = {delay["wording"]: delay["conventions"], delay["similarWording"]: delay["similarConventions"]}
    assert conventions == {
        "Délai de transmission": "Schaerbeek 2018-2019, Verviers 2018-2019",
        "Délai moyen de transmission": "Liège 2018-2019, Liège 2020",
    }
    # Mons writes "techno-prévention", Charleroi "technoprévention" (their facts files)
    techno = by_pair[
        frozenset(
            ("Nombre de visites de techno-prévention réalisées", "Nombre de visites de technoprévention réalisées")
        )
    ]
    assert float(techno["score"]) >= 95
    # Liège's "Taux de rejet des informations collectées", Verviers' "… (zonal) …" (line 209)
    assert (
        frozenset(("Taux de rejet des informations collectées", "Taux de rejet (zonal) des informations collectées"))
        in by_pair
    )
    # best first; every score at least the threshold
    scores = [float(row["score"]) for row in rows]
    assert scores == sorted(scores, reverse=True) and min(scores) >= 85


def test_two_wordings_of_one_convention_only_are_not_proposed(corpus):
    # Verviers words two operational objectives "Participer activement aux plateformes de
    # coopération et d’échange d’informations …" (source line 233) and "Participer aux plateformes
    # …" (line 348): no other convention uses either, so they are not a cross-city pair.
    rows = proposed(corpus, "--threshold", "70")
    verviers = [row for row in rows if row["conventions"] == row["similarConventions"] == "Verviers 2018-2019"]
    assert verviers == []
    assert any(row["wording"].startswith("Participer") for row in rows)  # they are paired with Liège's


def test_proposals_as_turtle_are_confirmed_by_keeping_them(corpus, tmp_path):
    from conftest import invoke

    data = [option for path in corpus for option in ("--data", str(path))]
    out = tmp_path / "proposed.ttl"
    assert invoke("similar-wordings", *data, "--format", "turtle", "-o", str(out)).returncode == 0
    statements = list(ox.parse(path=str(out), format=ox.RdfFormat.TURTLE))
    close = "http://www.w3.org/2004/02/skos/core#closeMatch"
    assert statements and all(
        s.predicate.value == close and s.subject.value.startswith(BASE + "wording/") for s in statements
    )
    # A person keeps one statement (the two "Délai" indicators) and deletes the others.
    kept = tmp_path / "confirmed.ttl"
    lines = out.read_text(encoding="utf-8").splitlines()
    kept.write_text(
        "\n".join(line for line in lines if line.startswith("@prefix") or "delai-moyen-de-transmission>" in line),
        encoding="utf-8",
    )
    assert len(list(ox.parse(path=str(kept), format=ox.RdfFormat.TURTLE))) == 1
    rows = proposed([*corpus, kept])
    assert frozenset(("Délai de transmission", "Délai moyen de transmission")) not in {pair(row) for row in rows}
    assert len(rows) == len(proposed(corpus)) - 1
    # Asked for the cities measuring by "délai de transmission", Liège's two conventions now answer
    # too (their "Délai moyen de transmission", facts files), beside Schaerbeek and Verviers.
    found = values(
        run_query("cities-measuring", data=[*corpus, kept], params={"text": "délai de transmission"}),
        "municipality",
        "period",
    )
    assert sorted(set(found)) == [
        ("Liège", "2018-2019"),
        ("Liège", "2020"),
        ("Schaerbeek", "2018-2019"),
        ("Verviers", "2018-2019"),
    ]
    before = values(
        run_query("cities-measuring", data=corpus, params={"text": "délai de transmission"}), "municipality"
    )
    assert sorted(set(before)) == [("Schaerbeek",), ("Verviers",)]
