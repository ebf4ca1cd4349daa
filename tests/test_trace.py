"""The indicator trace gives exactly the (indicator, strategic objective) pairs of the Verviers source.

Expected pairs were written by reading sources/verviers-2018-2019.fr.txt:
sector 1 has one block shared by its two strategic objectives (so its single indicator
measures both), sector 2 has four strategic objectives with 3, 2, 3 and 3 indicators.
"""

from cssgraph.query import run_query

from conftest import CONVENTION

SO_1_1 = (
    "Versement d’une partie ou de la totalité de l’allocation à la zone de police dans le cadre de projets spécifiques"
)
SO_1_2 = (
    "Versement de la totalité de l’allocation à la zone de police en déduction du montant dû par la "
    "commune pour le fonctionnement de la zone de police"
)
SO_2_1 = "Contribuer à l’analyse de la menace"
SO_2_2 = "Contribuer au monitoring"
SO_2_3 = "Contribuer à la recherche et au renseignement"
SO_2_4 = "Contribuer au suivi des “returnee”"

EXPECTED_PAIRS = [
    ("1", SO_1_1, "Le versement est effectué"),
    ("1", SO_1_2, "Le versement est effectué"),
    ("2", SO_2_1, "Taux de rejet (zonal) des informations collectées"),
    ("2", SO_2_1, "Utilité de l’information pour l’OCAM"),
    ("2", SO_2_1, "Délai de transmission"),
    ("2", SO_2_2, "Rythme de révision du monitoring"),
    ("2", SO_2_2, "Analyse qualitative du monitoring"),
    ("2", SO_2_3, "Nombre et calendrier des réunions de la plateforme « radicalisme »"),
    ("2", SO_2_3, "Tableau des référents et sa mise à jour"),
    ("2", SO_2_3, "Taux de formation COPPRA"),
    ("2", SO_2_4, "Taux de rejet (zonal) des informations collectées"),
    ("2", SO_2_4, "Utilité de l’information pour les autorités"),
    ("2", SO_2_4, "Délai de transmission"),
]


def test_trace_returns_every_pair_of_the_source_in_document_order():
    result = run_query("indicator-trace")
    pairs = [(row["sector"].value, row["strategicObjective"].value, row["indicator"].value) for row in result.rows]
    assert pairs == EXPECTED_PAIRS


def test_trace_rows_carry_context_read_in_the_source():
    result = run_query("indicator-trace")
    general = {
        "1": "Contribution au fonctionnement des zones de police",
        "2": SO_1_1,
    }  # the sector 2 general objective repeats the wording of SO 1.1
    sections = {"1": "I", "2": "II"}
    for row in result.rows:
        assert row["municipality"].value == "Verviers"
        assert row["period"].value == "2018-2019"
        assert row["convention"].value == CONVENTION
        assert row["generalObjective"].value == general[row["sector"].value]
        assert row["section"].value == sections[row["sector"].value]


def test_shared_indicator_is_one_node_measuring_both_objectives_and_repeated_wording_is_two_nodes():
    rows = run_query("indicator-trace").rows
    shared = {row["indicatorIri"].value for row in rows if row["indicator"].value == "Le versement est effectué"}
    assert len(shared) == 1
    delay = {row["indicatorIri"].value for row in rows if row["indicator"].value == "Délai de transmission"}
    assert len(delay) == 2


def test_trace_for_one_convention_by_parameter():
    rows = run_query("indicator-trace", params={"convention": CONVENTION}).rows
    assert len(rows) == len(EXPECTED_PAIRS)
    none = run_query("indicator-trace", params={"convention": CONVENTION + "-unknown"}).rows
    assert none == []
