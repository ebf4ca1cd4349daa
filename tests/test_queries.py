"""Each competency query gives the answer a person reads in the Verviers source document."""

import json
import re
from decimal import Decimal

import pytest

from cssgraph.errors import InputError
from cssgraph.query import bind_parameters, parameters, run_query
from cssgraph.resources import queries_dir

from conftest import CONVENTION, DRAFT, ROOT, VERVIERS

COMPETENCY_QUERIES = [
    "indicator-trace",
    "objectives-without-framework",
    "funding",
    "radicalisation-grant",
    "signatories",
    "in-force",
    "recurring-indicator-wordings",
    "organisations-in-objectives",
    "legal-basis",
    "outline",
    "obligations",
    "recurring-actions",
    "alternatives",
    "representatives",
    "conventions",
    "search",
    "indicator-values",
    "reporting-status",
    "funding-by-sector",
    "shared-wordings",
    "cities-measuring",
    "wording-uses",
]


def values(result, *names):
    return [tuple(row[name].value if name in row else None for name in names) for row in result.rows]


def test_every_query_file_starts_with_its_question_and_parameters():
    files = sorted(queries_dir().glob("*.rq"))
    assert sorted(f.stem for f in files) == sorted(COMPETENCY_QUERIES)
    for path in files:
        text = path.read_text(encoding="utf-8")
        header = text.split("PREFIX", 1)[0]
        assert header.startswith("# Question"), path.name
        assert "# Parameters:" in header, path.name
        for name in parameters(text):
            assert f"?{name}" in header, f"{path.name}: parameter ?{name} not documented"


def test_no_strategic_objective_of_verviers_lacks_its_framework():
    # Every strategic objective of the source has operational objectives, results and indicators.
    assert run_query("objectives-without-framework").rows == []


def test_a_strategic_objective_without_indicators_is_found_with_what_it_has():
    # The draft has lost the two indicators of sector 2, strategic objective 2 ("Contribuer au
    # monitoring"); the source gives that objective nine operational objectives (the nine
    # bullets under "Objectifs opérationnels :") and two expected results.
    rows = values(
        run_query("objectives-without-framework", data=[DRAFT]),
        "sector",
        "strategicObjectiveNumber",
        "strategicObjective",
        "operationalObjectives",
        "expectedResults",
        "indicators",
    )
    assert rows == [("2", "2", "Contribuer au monitoring", "9", "2", "0")]


def test_funding_per_year_and_over_the_period():
    # "un montant de 276 041,89 EUR pour 2018 et un montant de 271 546,93 EUR pour 2019"
    rows = values(run_query("funding"), "municipality", "nisCode", "year", "amount", "currency", "periodTotal")
    assert [(m, n, y, Decimal(a), c, Decimal(t)) for m, n, y, a, c, t in rows] == [
        ("Verviers", "63079", "2018", Decimal("276041.89"), "EUR", Decimal("547588.82")),
        ("Verviers", "63079", "2019", Decimal("271546.93"), "EUR", Decimal("547588.82")),
    ]


@pytest.mark.parametrize(
    "lang, kind", [("fr", "contrat de sécurité et de société"), ("nl", "veiligheids- en samenlevingscontract")]
)
def test_the_list_of_conventions_gives_each_ones_period_funding_and_size(lang, kind):
    # Title: "CONTRAT DE SECURITE ET DE SOCIETE 2018-2019"; 276 041,89 EUR for 2018 and
    # 271 546,93 EUR for 2019 (source lines 79-81); strategic objectives: 2 in section I (lines
    # 114, 124), 4 in section II (lines 177, 217, 275, 338); indicators: 1 + 3 + 2 + 3 + 3.
    rows = values(
        run_query("conventions", params={"lang": lang}),
        "municipality",
        "nisCode",
        "start",
        "end",
        "type",
        "total",
        "currency",
        "strategicObjectives",
        "indicators",
    )
    assert [row[:5] + (Decimal(row[5]),) + row[6:] for row in rows] == [
        ("Verviers", "63079", "2018-01-01", "2019-12-31", kind, Decimal("547588.82"), "EUR", "6", "12")
    ]


def test_a_search_finds_the_items_named_with_the_words_in_any_case():
    # The strategic objective "Contribuer au suivi des “returnee”" (line 342), its operational
    # objective "Assurer le suivi prioritaire, … « returnees » par la task force locale" (lines
    # 358-360) and its expected results (lines 366, 368); a search by number is one by its digits.
    found = values(run_query("search", params={"text": "RETURNEE"}), "label")
    assert sorted(label for (label,) in found) == [
        "Assurer le suivi prioritaire, tant visible que discret, des personnes indiquées comme « returnees » "
        "par la task force locale",
        "Contribuer au suivi des “returnee”",
        "Pertinence et complétude des informations relatives aux « returnees »",
        "Récurrence du suivi des « returnees » et sa traçabilité interne",
    ]
    assert values(run_query("search", params={"text": "2018"}), "label") != []


VALUES_FIXTURE = ROOT / "tests" / "fixtures" / "verviers-values.trig"


def test_the_values_reported_for_each_indicator_year_by_year():
    # tests/fixtures/verviers-values.trig, written by hand: sector 2, strategic objective 1's
    # indicators 3 (3.5 and 2.25 days), 2 (2018 not available, 2019 80 %), 1 (2018 not applicable)
    rows = values(
        run_query("indicator-values", data=[ROOT / "data", VALUES_FIXTURE], params={"lang": "nl"}),
        "indicator",
        "year",
        "value",
        "unit",
        "status",
    )
    assert rows == [
        ("Taux de rejet (zonal) des informations collectées", "2018", None, None, "niet van toepassing"),
        ("Utilité de l’information pour l’OCAM", "2018", None, None, "niet beschikbaar"),
        ("Utilité de l’information pour l’OCAM", "2019", "80", "%", "gerapporteerd"),
        ("Délai de transmission", "2018", "3.5", "jours", "gerapporteerd"),
        ("Délai de transmission", "2019", "2.25", "jours", "gerapporteerd"),
    ]


def test_the_reporting_status_counts_every_indicator_of_every_year():
    # twelve indicators in the source; the fixture reports 3 cells of 2018 (one each: value, not
    # available, not applicable) and 2 of 2019 (two values)
    rows = values(
        run_query("reporting-status", data=[ROOT / "data", VALUES_FIXTURE]),
        "year",
        "indicators",
        "reportedCount",
        "notAvailableCount",
        "notApplicableCount",
        "missing",
    )
    assert rows == [("2018", "12", "1", "1", "1", "9"), ("2019", "12", "2", "0", "0", "10")]


def test_radicalisation_grant_objectives():
    # Section II "Aide financière complémentaire dans le cadre de la prévention de la radicalisation
    # violente", sector 2, four strategic objectives.
    rows = values(
        run_query("radicalisation-grant"),
        "municipality",
        "section",
        "sector",
        "strategicObjectiveNumber",
        "strategicObjective",
    )
    assert rows == [
        ("Verviers", "II", "2", "1", "Contribuer à l’analyse de la menace"),
        ("Verviers", "II", "2", "2", "Contribuer au monitoring"),
        ("Verviers", "II", "2", "3", "Contribuer à la recherche et au renseignement"),
        ("Verviers", "II", "2", "4", "Contribuer au suivi des “returnee”"),
    ]


def test_signatories_place_date_capacity_and_council_decision():
    # "signé à Verviers en 2 exemplaires le 29/01/2019"; "décision du conseil communal du 28 janvier 2019"
    rows = values(
        run_query("signatories"), "signatory", "capacity", "party", "place", "date", "copies", "councilDecisionDate"
    )
    assert rows == [
        (
            "Monsieur Pieter DE CREM",
            "Ministre de la Sécurité et de l’Intérieur",
            "État fédéral",
            "Verviers",
            "2019-01-29",
            "2",
            "2019-01-28",
        ),
        ("Madame TARGNION", "Bourgmestre", "Verviers", "Verviers", "2019-01-29", "2", "2019-01-28"),
        ("Madame KNUBBEN", "Directrice Générale", "Verviers", "Verviers", "2019-01-29", "2", "2019-01-28"),
    ]


@pytest.mark.parametrize(
    "date, in_force",
    [
        ("2017-12-31", False),
        ("2018-01-01", True),
        ("2019-06-30", True),
        ("2019-12-31", True),
        ("2020-01-01", False),
    ],
)
def test_in_force_on_a_date(date, in_force):
    # "Cette convention entre en vigueur le 1er janvier 2018 et se termine le 31 décembre 2019."
    rows = values(run_query("in-force", params={"date": date}), "convention", "start", "end")
    assert rows == ([(CONVENTION, "2018-01-01", "2019-12-31")] if in_force else [])


def test_recurring_indicator_wordings():
    # "Taux de rejet (zonal) des informations collectées" and "Délai de transmission" are indicators of
    # both strategic objective 1 and strategic objective 4 of sector 2; no other indicator wording recurs.
    rows = values(run_query("recurring-indicator-wordings"), "wording", "indicators", "objectives", "conventions")
    assert sorted(rows) == [
        ("Délai de transmission", "2", "2", "1"),
        ("Taux de rejet (zonal) des informations collectées", "2", "2", "1"),
    ]


def test_organisations_named_in_operational_objectives():
    rows = values(
        run_query("organisations-in-objectives", params={"lang": "en"}),
        "organisation",
        "sector",
        "strategicObjectiveNumber",
        "operationalObjective",
    )
    cuta = [row[1:] for row in rows if row[0] == "Coordination Unit for Threat Analysis (CUTA)"]
    # OCAM is named in SO 2.1 ("Transmettre ... à l’OCAM ...") and SO 2.2 ("Contribuer avec l’OCAM ...").
    assert cuta == [
        (
            "2",
            "1",
            "Transmettre dans les meilleurs délais à l’OCAM les informations disponibles nécessaires "
            "à l’analyse de la menace",
        ),
        (
            "2",
            "2",
            "Contribuer avec l’OCAM et le centre de crise à la prise des mesures nécessaires à la "
            "protection des personnes menacées",
        ),
    ]
    # The oversight bodies are named together in one operational objective of SO 2.2.
    oversight = {row[0] for row in rows if row[3].startswith("Rendre compte")}
    assert oversight == {
        "General Inspectorate of the police",
        "Standing Police Monitoring Committee (Committee P)",
        "Schengen commission",
    }


def test_sub_actions_are_reported_with_their_operational_objective():
    rows = values(run_query("organisations-in-objectives"), "organisation", "operationalObjective", "subAction")
    serl_sub_actions = [row[2] for row in rows if row[0] == "SERL" and row[2]]
    assert serl_sub_actions == [
        "Le maintien de la plateforme intrazonale « radicalisme » rassemblant tous les "
        "référents des différentes maisons de police et du SERL"
    ]


def test_legal_basis():
    # "conformément aux dispositions de l’arrêté du 2 septembre 2018" (numac 2018031896), in general
    # provision 3 (source line 93); provision 1's "Arrêté royal d’exécution" names no date, so no
    # decree is linked to it.
    rows = values(run_query("legal-basis"), "decree", "date", "numac", "provision")
    assert rows == [
        ("Arrêté royal du 2 septembre 2018", "2018-09-02", "2018031896", None),
        ("Arrêté royal du 2 septembre 2018", "2018-09-02", "2018031896", "3"),
    ]


def test_outline_in_document_order():
    rows = values(run_query("outline"), "level", "kind", "number", "text")
    # Counted in the source: 2 sections, 2 sectors, 2 general objectives, 6 strategic objectives,
    # 20 operational objectives (1 + 3 + 9 + 4 + 3), 4 sub-actions, 11 expected results (1 + 2 + 2 + 3 + 3)
    # and 12 indicators (1 + 3 + 2 + 3 + 3).
    kinds = [kind for _, kind, _, _ in rows]
    assert len(rows) == 59
    assert (
        kinds.count("section"),
        kinds.count("secteur d’activité"),
        kinds.count("objectif général"),
        kinds.count("objectif stratégique"),
        kinds.count("objectif opérationnel"),
        kinds.count("sous-action"),
        kinds.count("résultat attendu"),
        kinds.count("indicateur"),
    ) == (2, 2, 2, 6, 20, 4, 11, 12)
    texts = [text for _, _, _, text in rows]
    # Sector 1: the shared block comes after both strategic objectives.
    assert texts[:8] == [
        "ALLOCATION CONTRAT DE SECURITE ET DE SOCIETE",
        "Secteur d’activité 1",
        "Contribution au fonctionnement des zones de police",
        "Versement d’une partie ou de la totalité de l’allocation à la zone de police dans le cadre de projets "
        "spécifiques",
        "Versement de la totalité de l’allocation à la zone de police en déduction du montant dû par la commune "
        "pour le fonctionnement de la zone de police",
        "Versement d’une partie ou de la totalité de l’allocation à la zone de police",
        "L’allocation est versé à la zone de police",
        "Le versement est effectué",
    ]
    # Sector 2, SO 3: the operational objective with "via" is followed by its four "o" sub-actions.
    via = texts.index("Stimuler la collecte d’informations relative au radicalisme auprès de tous les policiers via")
    assert [level for level, _, _, _ in rows[via : via + 6]] == ["4", "5", "5", "5", "5", "4"]
    assert texts[via + 2] == (
        "L’actualisation des points d’attention pour tous les policiers via des sesssions complémentaires COPPRA"
    )
    assert texts[-1] == "Délai de transmission"


def test_outline_kinds_in_dutch():
    kinds = {row[1] for row in values(run_query("outline", params={"lang": "nl"}), "level", "kind")}
    assert {"strategische doelstelling", "indicator", "verwacht resultaat"} <= kinds


def test_parameters_are_bound_by_replacing_the_values_block():
    text = "SELECT * WHERE { VALUES ?date { UNDEF } ?s ?p ?o }"
    bound = bind_parameters(text, {"date": "2019-06-30"})
    assert 'VALUES ?date { "2019-06-30"^^<http://www.w3.org/2001/XMLSchema#date> }' in bound


def test_results_are_written_as_the_sparql_result_formats_say():
    # SPARQL 1.1 Query Results CSV and TSV (W3C): CSV writes a blank node as _:label; TSV writes
    # terms in Turtle syntax, so a tab, a line feed or a carriage return in a literal is escaped.
    from cssgraph.query import evaluate, to_csv, to_json, to_tsv
    from cssgraph.store import embedded_store

    store = embedded_store()
    blank = evaluate(store, "SELECT ?b WHERE { ?x ?p ?b FILTER(isBlank(?b)) } LIMIT 1")
    assert to_csv(blank).splitlines()[1].startswith("_:")
    tricky = evaluate(store, 'SELECT ?x WHERE { VALUES ?x { "a\\tb\\nc\\rd" } }')
    assert to_tsv(tricky) == '?x\n"a\\tb\\nc\\rd"\n'
    assert json.loads(to_json(evaluate(store, "ASK { ?s ?p ?o }"))) == {"head": {}, "boolean": True}


@pytest.mark.parametrize(
    "param, message", [("date=notadate", "?date is a date"), ("date=2019-02-30", "?date is a date")]
)
def test_a_parameter_of_the_wrong_kind_is_an_error_not_an_empty_answer(param, message):
    # in-force.rq says "?date  an xsd:date": a value that is not one would match no convention
    with pytest.raises(InputError, match=re.escape(message)):
        run_query("in-force", params=dict([param.split("=")]))
    with pytest.raises(InputError, match="is an IRI"):
        run_query("indicator-trace", params={"convention": "63079"})


def test_the_outline_query_walks_the_links_the_pages_and_findings_walk():
    # The outline's shape is declared once (cssgraph.outline); the published query, which must
    # stand alone, walks the same links: the framework's, without the general provisions (the
    # query's question names only sections, sectors and the results framework).
    from rdflib.paths import Path as PropertyPath
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.plugins.sparql.parserutils import CompValue
    from rdflib.term import URIRef

    from cssgraph.outline import FRAMEWORK_LINKS
    from cssgraph.vocabulary import CSSG

    def in_path(path):  # a predicate: an IRI, or a property path made of them
        if isinstance(path, URIRef):
            yield path
        elif isinstance(path, PropertyPath):
            for part in getattr(path, "args", None) or [path.path]:
                yield from in_path(part)

    def predicates(node):  # the predicates of every triple pattern in the query's algebra
        if isinstance(node, CompValue) and node.name == "BGP":
            for _, predicate, _ in node["triples"]:
                yield from in_path(predicate)
        elif isinstance(node, CompValue | dict):
            for value in node.values():
                yield from predicates(value)
        elif isinstance(node, list | tuple):
            for value in node:
                yield from predicates(value)

    query = prepareQuery((queries_dir() / "outline.rq").read_text(encoding="utf-8"))
    walked = set(predicates(query.algebra)) - {
        CSSG.position,
        URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
        URIRef("http://www.w3.org/2000/01/rdf-schema#label"),
        URIRef("http://www.w3.org/2000/01/rdf-schema#isDefinedBy"),
        URIRef("http://www.w3.org/2004/02/skos/core#notation"),
    }
    assert walked == {prop for prop, _ in FRAMEWORK_LINKS} - {CSSG.hasProvision}


def test_the_municipalitys_obligations_and_the_condition_of_its_funding():
    # Verviers, general provision 3 (source lines 91-97): "Les autorités locales s’engagent à
    # utiliser les subsides … conformément aux dispositions de l’arrêté du 2 septembre 2018 et à
    # fournir à la demande toute information utile …, à permettre tout contrôle et à prêter toute
    # l’assistance nécessaire en la matière."; provision 1 (lines 76-78): "sous réserve des
    # crédits disponibles".
    rows = values(run_query("obligations"), "provisionNumber", "dutyNumber", "bearerName", "duty", "actionLabel")
    assert rows == [
        (
            "3",
            "1",
            "Verviers",
            "utiliser les subsides de l’Etat fédéral de la manière la plus efficace et la plus "
            "efficiente, conformément aux dispositions de l’arrêté du 2 septembre 2018",
            "utiliser les subsides efficacement",
        ),
        (
            "3",
            "2",
            "Verviers",
            "fournir à la demande toute information utile sur l’affectation de ces subsides",
            "informer sur demande",
        ),
        ("3", "3", "Verviers", "permettre tout contrôle", "permettre le contrôle"),
        ("3", "4", "Verviers", "prêter toute l’assistance nécessaire en la matière", "assister le contrôle"),
    ]
    result = run_query("obligations")
    assert {row["cites"].value for row in result.rows} == {
        "https://w3id.org/cssgraph/id/legal-resource/numac-2018031896"
    }
    assert {row["condition"].value for row in result.rows} == {"sous réserve des crédits disponibles"}


def test_obligations_in_dutch_name_the_actions_in_dutch():
    rows = values(run_query("obligations", params={"lang": "nl"}), "dutyNumber", "actionLabel")
    assert rows == [
        ("1", "de subsidies doelmatig besteden"),
        ("2", "op verzoek informatie verstrekken"),
        ("3", "controle toelaten"),
        ("4", "medewerking verlenen aan de controle"),
    ]


def test_actions_that_recur_across_objectives():
    # Verviers sector 2: "Via la cellule « radicalisme » du SERL, collecter, valider et diffuser ces
    # informations" under three strategic objectives (source lines 191, 231, 309); "Stimuler la
    # collecte … au terrorisme auprès de tous les policiers" under two (187, 227; line 285 says
    # less); "Informer les autorités administratives et judiciaires du suivi des personnes" under two
    # (239 with a comma, 354 without: the same wording).
    rows = values(run_query("recurring-actions"), "wording", "actions", "objectives", "conventions")
    assert [(w[:40], a, o, c) for w, a, o, c in rows] == [
        ("Via la cellule « radicalisme » du SERL, ", "3", "3", "1"),
        ("Informer les autorités administratives e", "2", "2", "1"),
        ("Stimuler la collecte d’informations rela", "2", "2", "1"),
    ]


def test_sector_1s_alternatives_and_that_none_is_said_to_apply():
    # Verviers sector 1 (source lines 103-108): objective 1 pays "une partie ou la totalité de
    # l’allocation" for projects, objective 2 "la totalité" in deduction: one or the other; the
    # document does not say which.
    rows = values(run_query("alternatives"), "sectorNumber", "objectiveNumber", "alternativeNumber", "applied")
    assert rows == [("1", "1", "2", None), ("1", "2", "1", None)]


def test_in_force_with_no_date_is_in_force_today(tmp_path):
    # The same convention, made to run until 2099 (one date changed), is in force today without
    # a date given; the curated one (2018-2019) is not.
    from datetime import date

    changed = tmp_path / "verviers-until-2099.trig"
    changed.write_text(
        VERVIERS.read_text(encoding="utf-8").replace('"2019-12-31"^^xsd:date', '"2099-12-31"^^xsd:date'),
        encoding="utf-8",
    )
    assert values(run_query("in-force", data=[changed]), "end") == [("2099-12-31",)]
    assert run_query("in-force").rows == []
    today = values(run_query("in-force", data=[changed], params={"date": date.today().isoformat()}), "end")
    assert today == [("2099-12-31",)]


def test_the_representatives_of_each_party():
    # Source lines 35-61: "l’Etat représenté par le Ministre de l’Intérieur … ci-après dénommé
    # “ L’Etat ”"; "la Ville de VERVIERS représentée par le Conseil communal, pour lequel
    # interviennent Madame TARGNION, Bourgmestre et Madame KNUBBEN, Directrice Générale, …
    # ci-après dénommée “ la Commune ”".
    rows = values(run_query("representatives"), "clause", "designation", "representedBy", "person", "capacity")
    assert rows == [
        ("1", "L’Etat", "Ministre de l’Intérieur", None, None),
        ("2", "la Commune", "Conseil communal", "Madame TARGNION", "Bourgmestre"),
        ("2", "la Commune", "Conseil communal", "Madame KNUBBEN", "Directrice Générale"),
    ]
