"""The ontology is consistent for a real reasoner (Pellet) and passes the quality checks;
each check is shown to fail on an ontology broken on purpose."""

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from cssgraph import ontology
from cssgraph.rdfio import rdflib_graph
from cssgraph.resources import ontology_files

CSSG = "https://w3id.org/cssgraph/ontology#"


def ontology_graph() -> Graph:
    return rdflib_graph(ontology_files())


def test_ontology_and_data_pass_every_check_with_pellet():
    outcome = ontology.check_ontology(with_data=True)
    assert [(check.name, check.problems) for check in outcome.checks if not check.passed] == []
    assert any("Pellet" in check.name for check in outcome.checks)


def test_reasoner_finds_an_item_of_two_disjoint_kinds_inconsistent():
    graph = ontology_graph()
    item = URIRef("https://example.org/item")
    graph.add((item, RDF.type, URIRef(CSSG + "StrategicObjective")))
    graph.add((item, RDF.type, URIRef(CSSG + "Indicator")))
    check = ontology.reasoner_check("test", graph)
    assert not check.passed and check.problems[0].startswith("inconsistent")


def test_reasoner_finds_an_ill_typed_position_inconsistent():
    graph = ontology_graph()
    item = URIRef("https://example.org/item")
    graph.add((item, RDF.type, URIRef(CSSG + "Indicator")))
    graph.add((item, URIRef(CSSG + "position"), Literal("first")))
    assert not ontology.reasoner_check("test", graph).passed


def test_reasoner_reports_an_unsatisfiable_class():
    graph = ontology_graph()
    impossible = URIRef("https://example.org/ImpossibleIndicator")
    graph.add((impossible, RDF.type, OWL.Class))
    graph.add((impossible, RDFS.subClassOf, URIRef(CSSG + "StrategicObjective")))
    graph.add((impossible, RDFS.subClassOf, URIRef(CSSG + "Indicator")))
    check = ontology.reasoner_check("test", graph)
    assert check.problems == [f"unsatisfiable class: {impossible}"]


def test_missing_dutch_definition_is_reported():
    graph = ontology_graph()
    indicator = URIRef(CSSG + "Indicator")
    for definition in list(graph.objects(indicator, SKOS.definition)):
        if definition.language == "nl":
            graph.remove((indicator, SKOS.definition, definition))
    problems = ontology.labels_and_definitions_check(graph).problems
    assert problems == ["cssg:Indicator: 0 skos:definition@nl (need 1)"]


def test_a_legal_claim_without_its_source_is_reported():
    graph = ontology_graph()
    assert ontology.legal_sources_check(graph).problems == []
    graph.remove((URIRef(CSSG + "RoyalDecree"), DCTERMS.source, None))
    problems = ontology.legal_sources_check(graph).problems
    assert len(problems) == 3 and all(p.startswith("cssg:RoyalDecree:") for p in problems)  # fr, nl, en
    claim = Literal("Mesure que la commune doit relever (article 4 de l’arrêté royal du 2 septembre 2018).", lang="fr")
    graph.add((URIRef(CSSG + "Indicator"), SKOS.definition, claim))
    assert any(p.startswith("cssg:Indicator:") for p in ontology.legal_sources_check(graph).problems)


def test_duplicate_label_is_reported():
    graph = ontology_graph()
    graph.add((URIRef(CSSG + "ExpectedResult"), RDFS.label, Literal("Indicateur", lang="fr")))
    problems = ontology.duplicate_labels_check(graph).problems
    assert len(problems) == 1 and "cssg:ExpectedResult" in problems[0] and "cssg:Indicator" in problems[0]


def test_label_whitespace_is_reported():
    graph = ontology_graph()
    graph.add((URIRef(CSSG + "Indicator"), SKOS.prefLabel, Literal("indicateur ", lang="fr")))
    assert len(ontology.whitespace_check(graph).problems) == 1


def test_version_iri_equal_to_ontology_iri_is_reported():
    graph = ontology_graph()
    header = URIRef("https://w3id.org/cssgraph/ontology")
    graph.set((header, OWL.versionIRI, header))
    assert ontology.metadata_check(graph).problems == [f"{header}: owl:versionIRI must differ from the ontology IRI"]


def test_typo_in_a_reused_vocabulary_is_reported():
    graph = ontology_graph()
    usage = Graph()
    usage += graph
    usage.add(
        (
            URIRef("https://example.org/c"),
            URIRef("http://www.w3.org/2004/02/skos/core#inscheme"),
            URIRef("https://example.org/s"),
        )
    )
    usage.add(
        (
            URIRef("https://example.org/c"),
            URIRef("http://data.europa.eu/eli/ontology#based_upon"),
            URIRef("https://example.org/s"),
        )
    )
    problems = ontology.reused_terms_check(graph, usage).problems
    assert problems == [
        "http://data.europa.eu/eli/ontology#based_upon: not a term of http://data.europa.eu/eli/ontology#",
        "http://www.w3.org/2004/02/skos/core#inscheme: not a term of http://www.w3.org/2004/02/skos/core#",
    ]


def test_undeclared_property_and_missing_range_are_reported():
    graph = ontology_graph()
    graph.remove((URIRef(CSSG + "measures"), RDFS.range, None))
    usage = Graph()
    usage += graph
    usage.add(
        (URIRef("https://example.org/a"), URIRef("http://www.w3.org/ns/org#memberOf"), URIRef("https://example.org/b"))
    )
    problems = ontology.declarations_check(graph, usage).problems
    assert sorted(problems) == [
        "cssg:measures: no rdfs:range",
        "http://www.w3.org/ns/org#memberOf: declared as 0 kinds of property (need 1)",
    ]


def test_validate_with_reasoning_explains_an_inconsistent_convention(tmp_path):
    from conftest import CONVENTION, broken_convention, run_cli

    # An indicator also typed as a strategic objective: SHACL sees nothing wrong with that,
    # the ontology's disjointness axioms do.
    item = f"{CONVENTION}/sector/2/strategic-objective/1/indicator/1"
    draft = broken_convention(f"INSERT DATA {{ <{item}> a cssg:StrategicObjective }}", tmp_path)
    plain = run_cli("validate", draft)
    assert "reasoner" not in plain.stdout
    process = run_cli("validate", draft, "--reason", "--lang", "fr")
    assert process.returncode == 1, process.stdout + process.stderr
    assert "Le raisonneur OWL trouve cette convention incohérente avec l’ontologie" in process.stdout
    assert "DisjointClasses(ExpectedResult Indicator Objective SubAction)" in process.stdout
    valid = run_cli("validate", "data", "--reason")
    assert valid.returncode == 0 and "reasoner" not in valid.stdout


def test_every_organisation_of_the_reference_data_is_named_in_french_dutch_and_english():
    # A reader of the Dutch pages or of `--param lang=nl` never gets a French name in their place.
    from rdflib import Dataset

    from cssgraph.resources import reference_data_file

    data = Dataset().parse(reference_data_file(), format="trig")
    kinds = [
        URIRef("http://www.w3.org/ns/org#Organization"),
        URIRef("http://www.w3.org/ns/org#OrganizationalUnit"),
        URIRef("http://data.europa.eu/m8g/PublicOrganisation"),
    ]
    organisations = {s for kind in kinds for s, _, _, _ in data.quads((None, RDF.type, kind, None))}
    assert len(organisations) >= 15
    unnamed = sorted(
        f"{o} @{lang}"
        for o in organisations
        for lang in ("fr", "nl", "en")
        if not any(
            isinstance(label, Literal) and label.language == lang
            for _, _, label, _ in data.quads((o, RDFS.label, None, None))
        )
    )
    assert unnamed == []
