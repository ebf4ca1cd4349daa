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
    result = run_query("funding-by-sector", data=corpus, params={"forYear": "2019"})
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


# -- The pages: /funding and a wording concept's page, and /sparql, on the same data ------------


@pytest.fixture(scope="module")
def corpus_app(corpus):
    """The app of `cssgraph serve --data corpus.trig --data data/`, asked in this process."""
    from starlette.testclient import TestClient

    from cssgraph.settings import Settings
    from cssgraph.web.serve import create_app

    from conftest import InProcessApp

    with TestClient(create_app(Settings(data=tuple(map(str, corpus)))), base_url=InProcessApp.url) as client:
        yield InProcessApp(client)


def html(app, path: str) -> str:
    status, _, body = app.request(path, headers={"Accept": "text/html"})
    assert status == 200
    return body.decode()


def test_the_funding_page_tables_each_municipality_per_year_with_the_totals(corpus_app):
    import re

    page = html(corpus_app, "/funding?lang=fr")
    table = page.split('<table id="funding-table">')[1].split("</table>")[0]
    assert re.findall(r'<th scope="col" class="number">(\d{4})</th>', table) == ["2018", "2019", "2020"]
    rows = {
        re.sub("<[^>]+>", "", row[0]): [re.sub("<[^>]+>", "", cell) for cell in row[1:]]
        for row in (
            re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", line)
            for line in table.split("<tr>")[2:]  # after the head
        )
    }
    # Liège: both facts files' amounts, and their sum 1487263.54 + 1462019.07 + 1491702.36
    assert rows["Liège"][:4] == [
        "1\u202f487\u202f263,54\xa0€",
        "1\u202f462\u202f019,07\xa0€",
        "1\u202f491\u202f702,36\xa0€",
        "4\u202f440\u202f984,97\xa0€",
    ]
    # Mons: its facts file, no 2020; its one sector (crime, nuisance and insecurity)
    assert rows["Mons"] == [
        "412\u202f587,36\xa0€",
        "405\u202f912,14\xa0€",
        "",
        "818\u202f499,50\xa0€",
        "1 criminalité, nuisances et sentiment d’insécurité",
    ]
    # the totals of each year (see test_funding_per_municipality_and_year_…) and of all three:
    # 11243292.23 + 11058832.43 + 1491702.36
    assert rows["Total"][:4] == [
        "11\u202f243\u202f292,23\xa0€",
        "11\u202f058\u202f832,43\xa0€",
        "1\u202f491\u202f702,36\xa0€",
        "23\u202f793\u202f827,02\xa0€",
    ]
    assert len(rows) == 10  # the nine municipalities (Liège once) and the totals
    # the chart: a bar per municipality and year, the largest (Antwerpen 2018, 2416308.74) the longest
    chart = page.split('<svg class="chart wide"')[1].split("</svg>")[0]
    bars = re.findall(r"<title>([^<]*)</title>\s*<rect [^>]*width=\"(\d+)\"", chart)
    assert len(bars) == 19
    widths = {title: int(width) for title, width in bars}
    assert max(widths.values()) == widths["Anvers, 2018: 2\u202f416\u202f308,74\xa0€"]
    # Verviers 2019 (271546.93) against Antwerpen 2018: the lengths keep the amounts' proportion
    assert abs(widths["Verviers, 2019: 271\u202f546,93\xa0€"] / max(widths.values()) - 271546.93 / 2416308.74) < 0.01


def test_the_funding_page_is_in_the_menu_in_dutch(corpus_app):
    page = html(corpus_app, "/?lang=nl")
    assert '<a href="/funding?lang=nl">Financiering</a>' in page
    funding = html(corpus_app, "/funding?lang=nl")
    assert "<h1>Financiering per gemeente en per jaar</h1>" in funding and "€\xa011.243.292,23" in funding


def test_a_wording_concepts_page_lists_every_convention_using_it(corpus_app):
    import re

    page = html(corpus_app, "/id/wording/delai-de-transmission?lang=fr")
    uses = page.split('<section id="uses">')[1].split("</section>")[0]
    rows = [
        [re.sub("<[^>]+>", "", cell) for cell in re.findall(r"<td>(.*?)</td>", row)]
        for row in uses.split("<tbody>")[1].split("</tr>")[:-1]
    ]
    # Schaerbeek: sector 4, strategic objective 1's indicators (its facts file); Verviers: sector
    # 2, objectives 1 and 4 (source lines 213, 380)
    assert rows == [
        ["Schaerbeek", "2018-2019", "Délai de transmission", "4.1 — Contribuer à l’analyse de la menace"],
        ["Verviers", "2018-2019", "Délai de transmission", "2.1 — Contribuer à l’analyse de la menace"],
        ["Verviers", "2018-2019", "Délai de transmission", "2.4 — Contribuer au suivi des “returnee”"],
    ]
    assert "<h2>Utilisé 3 fois dans les conventions</h2>" in uses
    # an indicator's page has no such list (it is no wording concept)
    indicator = html(
        corpus_app, "/id/convention/63079/css/2018-2019/sector/2/strategic-objective/4/indicator/3?lang=fr"
    )
    assert '<section id="uses">' not in indicator


@pytest.mark.parametrize("name", ["funding-by-sector", "shared-wordings", "cities-measuring", "wording-uses"])
def test_the_sparql_endpoint_answers_the_queries_as_the_command_does(corpus, corpus_app, name):
    import json
    from urllib.parse import urlencode

    from cssgraph.resources import queries_dir

    text = (queries_dir() / f"{name}.rq").read_text(encoding="utf-8")
    status, _, body = corpus_app.request(
        "/sparql",
        urlencode({"query": text}).encode(),
        {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"},
    )
    assert status == 200
    answer = json.loads(body)
    served = [{k: v["value"] for k, v in row.items()} for row in answer["results"]["bindings"]]
    command = [{k: cell.value for k, cell in row.items()} for row in run_query(name, data=corpus).rows]
    key = lambda row: sorted(row.items())  # noqa: E731 (GROUP_CONCAT's order is the engine's)
    assert served and sorted(served, key=key) == sorted(command, key=key)


def test_a_static_site_has_the_funding_page_in_each_language(corpus, tmp_path):
    from cssgraph.store import embedded_store
    from cssgraph.web.publish import publish

    publish(tmp_path / "site", embedded_store(corpus), "https://example.org")
    for lang, heading, total in (
        ("fr", "Financement par commune et par année", "11\u202f243\u202f292,23\xa0€"),
        ("nl", "Financiering per gemeente en per jaar", "€\xa011.243.292,23"),
    ):
        page = (tmp_path / "site" / "funding" / f"index.{lang}.html").read_text(encoding="utf-8")
        assert f"<h1>{heading}</h1>" in page and total in page  # 2018's total, as above
    # in English too, the municipalities named (the reference data names them in French and
    # Dutch only: French stands in)
    wording = (tmp_path / "site" / "id" / "wording" / "delai-de-transmission" / "index.en.html").read_text(
        encoding="utf-8"
    )
    assert "Used 3 times in the conventions" in wording
    assert ">Schaerbeek</a>" in wording and ">Verviers</a>" in wording
    funding = (tmp_path / "site" / "funding" / "index.en.html").read_text(encoding="utf-8")
    assert ">Liège</a>" in funding and ">Mons</a>" in funding
