"""The curated data follows the documented identifier scheme (README, "Identifiers"), so an
extractor minting IRIs by the same rules reproduces it, and the base can be moved."""

import re
from collections import Counter

import pyoxigraph as ox

from cssgraph.iris import WORDING_SCHEMES, convention_graph_iri, convention_iri, slug, wording_iri, wording_scheme
from cssgraph.query import run_query

from conftest import BASE, CONVENTION, CONVENTION_GRAPH, VERVIERS

CSSG = "https://w3id.org/cssgraph/ontology#"
SKOS_PREF_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"


def store() -> ox.Store:
    loaded = ox.Store()
    loaded.load(path=str(VERVIERS), format=ox.RdfFormat.TRIG)
    return loaded


def test_convention_and_graph_iris():
    assert convention_iri("63079", "css", "2018-2019") == CONVENTION
    assert convention_graph_iri("63079", "css", "2018-2019") == CONVENTION_GRAPH
    assert {q.graph_name.value for q in store()} == {CONVENTION_GRAPH}


def test_slug_rule():
    assert (
        slug("Taux de rejet (zonal) des informations collectées") == "taux-de-rejet-zonal-des-informations-collectees"
    )
    assert slug("Utilité de l’information pour l’OCAM") == "utilite-de-l-information-pour-l-ocam"
    assert slug("  Délai de transmission ") == "delai-de-transmission"


def test_wording_concepts_are_named_after_their_kind_and_wording():
    data = store()
    in_scheme = ox.NamedNode("http://www.w3.org/2004/02/skos/core#inScheme")
    kinds = {wording_scheme(kind): kind for kind in WORDING_SCHEMES}
    concepts = {
        q.subject: kinds[q.object.value]
        for q in data.quads_for_pattern(None, in_scheme, None, None)
        if q.object.value in kinds
    }
    # Verviers: 12 indicators, two wordings used twice; 11 expected results, each worded its own
    # way; 20 operational objectives, of which three wordings recur 3, 2 and 2 times (see
    # tests/test_queries.py): 16 wordings.
    assert sorted(Counter(concepts.values()).items()) == [
        ("expected-result", 11),
        ("indicator", 10),
        ("operational-objective", 16),
    ]
    for concept, kind in concepts.items():
        [label] = [q.object.value for q in data.quads_for_pattern(concept, ox.NamedNode(SKOS_PREF_LABEL), None, None)]
        assert concept.value == wording_iri(label, kind=kind)


def test_block_items_are_named_after_the_objectives_they_serve_and_their_position():
    data = store()
    pattern = re.compile(re.escape(CONVENTION) + r"/sector/(\d+)/strategic-objective/(\d+)(?:-(\d+))?/indicator/(\d+)$")
    indicators = {q.subject for q in data.quads_for_pattern(None, None, ox.NamedNode(CSSG + "Indicator"), None)}
    assert len(indicators) == 12
    for indicator in indicators:
        sector, first, last, position = pattern.match(indicator.value).groups()
        measured = sorted(
            int(q.object.value.rsplit("/", 1)[1])
            for q in data.quads_for_pattern(indicator, ox.NamedNode(CSSG + "measures"), None, None)
        )
        assert measured == list(range(int(first), int(last or first) + 1))
        [own_position] = data.quads_for_pattern(indicator, ox.NamedNode(CSSG + "position"), None, None)
        assert own_position.object.value == position


def test_data_can_be_rebased():
    rows = run_query("indicator-trace", base="https://example.org/lod/").rows
    assert len(rows) == 13
    assert {row["convention"].value for row in rows} == {"https://example.org/lod/convention/63079/css/2018-2019"}
    assert all(not row["indicatorIri"].value.startswith(BASE) for row in rows)


def test_an_iri_is_judged_as_it_would_be_published():
    # Site.path_of quotes "?" into the path: "…/id/a?/../../x" would leave the site as surely as
    # "…/id/a/../../x", and must be refused at load like it.
    from cssgraph.iris import DEFAULT_BASE, leaves_the_base

    assert leaves_the_base(DEFAULT_BASE + "a?/../../../x", DEFAULT_BASE)
    assert leaves_the_base(DEFAULT_BASE + "a/../../x", DEFAULT_BASE)
    assert not leaves_the_base(DEFAULT_BASE + "convention/63079/css/2018-2019#../x", DEFAULT_BASE)  # on its page
    assert not leaves_the_base(DEFAULT_BASE + "a/b..c/d", DEFAULT_BASE)
