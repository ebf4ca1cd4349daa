"""The W3C RDF Data Cube integrity constraints (IC-1 to IC-21) and the completeness of a
convention's reporting, each broken once by a small cube written for it from the
recommendation's statement of the constraint (https://www.w3.org/TR/vocab-data-cube/#wf-rules):
both SHACL engines — pyshacl-turbo, which validates, and pySHACL — find exactly that constraint
broken, on exactly those nodes, and nothing in the valid cubes."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from conftest import ROOT

CUBE_SHAPES = ROOT / "shapes" / "cssgraph-indicator-values-shapes.ttl"
PREFIXES = """
@prefix qb:   <http://purl.org/linked-data/cube#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix owl:  <http://www.w3.org/2002/07/owl#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
@prefix ex:   <https://example.org/> .
"""
# A valid cube: one dimension (the year), one measure.
CUBE = """
ex:dsd a qb:DataStructureDefinition ; qb:component [ qb:dimension ex:year ] , [ qb:measure ex:value ] .
ex:year a qb:DimensionProperty ; rdfs:range xsd:gYear .
ex:value a qb:MeasureProperty .
ex:ds a qb:DataSet ; qb:structure ex:dsd .
ex:o1 a qb:Observation ; qb:dataSet ex:ds ; ex:year "2018"^^xsd:gYear ; ex:value 1 .
"""
# A valid cube with a measure dimension: each observation gives the measure its qb:measureType names.
MEASURES = """
ex:dsdM a qb:DataStructureDefinition ;
    qb:component [ qb:dimension ex:year ] , [ qb:dimension qb:measureType ] , [ qb:measure ex:value ] , [ qb:measure ex:count ] .
qb:measureType a qb:DimensionProperty ; rdfs:range qb:MeasureProperty .
ex:count a qb:MeasureProperty .
ex:dsM a qb:DataSet ; qb:structure ex:dsdM .
ex:m1 a qb:Observation ; qb:dataSet ex:dsM ; ex:year "2018"^^xsd:gYear ; qb:measureType ex:value ; ex:value 1 .
ex:m2 a qb:Observation ; qb:dataSet ex:dsM ; ex:year "2018"^^xsd:gYear ; qb:measureType ex:count ; ex:count 5 .
"""
# Valid coded dimensions: a concept scheme, a collection, a hierarchy and an inverse hierarchy.
CODED = """
ex:area a qb:DimensionProperty ; rdfs:range skos:Concept ; qb:codeList ex:areas .
ex:areas a skos:ConceptScheme . ex:be a skos:Concept ; skos:inScheme ex:areas .
ex:place a qb:DimensionProperty ; rdfs:range skos:Concept ; qb:codeList ex:places .
ex:places a skos:Collection ; skos:member ex:liege . ex:liege a skos:Concept .
ex:node a qb:DimensionProperty ; rdfs:range skos:Concept ; qb:codeList ex:tree .
ex:tree a qb:HierarchicalCodeList ; qb:hierarchyRoot ex:root ; qb:parentChildProperty ex:narrower .
ex:root ex:narrower ex:branch . ex:branch ex:narrower ex:leaf .
ex:up a qb:DimensionProperty ; rdfs:range skos:Concept ; qb:codeList ex:tree2 .
ex:tree2 a qb:HierarchicalCodeList ; qb:hierarchyRoot ex:top ; qb:parentChildProperty [ owl:inverseOf ex:broader ] .
ex:middle ex:broader ex:top . ex:bottom ex:broader ex:middle .
ex:dsdC a qb:DataStructureDefinition ;
    qb:component [ qb:dimension ex:area ] , [ qb:dimension ex:place ] , [ qb:dimension ex:node ] , [ qb:dimension ex:up ] ,
        [ qb:measure ex:value ] .
ex:dsC a qb:DataSet ; qb:structure ex:dsdC .
ex:c1 a qb:Observation ; qb:dataSet ex:dsC ; ex:area ex:be ; ex:place ex:liege ; ex:node ex:leaf ; ex:up ex:bottom ; ex:value 1 .
"""
VALID = CUBE + MEASURES + CODED

# Each case: what is added to the valid cubes, and the (constraint, node) pairs it breaks.
CASES = {
    "IC-1": ('ex:o2 a qb:Observation ; ex:year "2019"^^xsd:gYear ; ex:value 2 .', {("IC-1", "o2")}),
    "IC-2": ("ex:ds2 a qb:DataSet .", {("IC-2", "ds2")}),
    "IC-3": ("ex:dsd3 a qb:DataStructureDefinition ; qb:component [ qb:dimension ex:year ] .", {("IC-3", "dsd3")}),
    "IC-4": ("ex:dim4 a qb:DimensionProperty .", {("IC-4", "dim4")}),
    "IC-5": ("ex:dim5 a qb:DimensionProperty ; rdfs:range skos:Concept .", {("IC-5", "dim5")}),
    "IC-6": (
        "ex:dsd6 a qb:DataStructureDefinition ; qb:component [ qb:measure ex:value ; qb:componentRequired false ] .",
        {("IC-6", "dsd6")},
    ),
    "IC-7": ("ex:key7 a qb:SliceKey ; qb:componentProperty ex:year .", {("IC-7", "key7")}),
    "IC-8": (
        "ex:dsd qb:sliceKey ex:key8 . ex:key8 a qb:SliceKey ; qb:componentProperty ex:colour .",
        {("IC-8", "key8")},
    ),
    "IC-9": ("ex:slice9 a qb:Slice .", {("IC-9", "slice9")}),
    "IC-10": (
        "ex:dsd qb:sliceKey ex:key10 . ex:key10 a qb:SliceKey ; qb:componentProperty ex:year ."
        " ex:slice10 a qb:Slice ; qb:sliceStructure ex:key10 .",
        {("IC-10", "slice10")},
    ),
    "IC-11": ("ex:o11 a qb:Observation ; qb:dataSet ex:ds ; ex:value 3 .", {("IC-11", "o11")}),
    "IC-12": (
        'ex:o12 a qb:Observation ; qb:dataSet ex:ds ; ex:year "2018"^^xsd:gYear ; ex:value 9 .',
        {("IC-12", "o1"), ("IC-12", "o12")},
    ),
    "IC-13": (
        "ex:unit a qb:AttributeProperty . ex:dsd13 a qb:DataStructureDefinition ;"
        " qb:component [ qb:dimension ex:year ] , [ qb:measure ex:value ] , [ qb:attribute ex:unit ; qb:componentRequired true ] ."
        ' ex:ds13 a qb:DataSet ; qb:structure ex:dsd13 . ex:o13 a qb:Observation ; qb:dataSet ex:ds13 ; ex:year "2018"^^xsd:gYear ; ex:value 1 .',
        {("IC-13", "o13")},
    ),
    "IC-14": ('ex:o14 a qb:Observation ; qb:dataSet ex:ds ; ex:year "2019"^^xsd:gYear .', {("IC-14", "o14")}),
    "IC-15": (
        'ex:m3 a qb:Observation ; qb:dataSet ex:dsM ; ex:year "2019"^^xsd:gYear ; qb:measureType ex:value .'
        ' ex:m4 a qb:Observation ; qb:dataSet ex:dsM ; ex:year "2019"^^xsd:gYear ; qb:measureType ex:count ; ex:count 1 .',
        {("IC-15", "m3")},
    ),
    "IC-16": (
        'ex:m5 a qb:Observation ; qb:dataSet ex:dsM ; ex:year "2020"^^xsd:gYear ; qb:measureType ex:value ; ex:value 1 ; ex:count 2 .'
        ' ex:m6 a qb:Observation ; qb:dataSet ex:dsM ; ex:year "2020"^^xsd:gYear ; qb:measureType ex:count ; ex:count 2 .',
        {("IC-16", "m5")},
    ),
    "IC-17": (
        'ex:m7 a qb:Observation ; qb:dataSet ex:dsM ; ex:year "2021"^^xsd:gYear ; qb:measureType ex:value ; ex:value 1 .',
        {("IC-17", "m7")},
    ),
    "IC-18": (
        "ex:dsd qb:sliceKey ex:key18 . ex:key18 a qb:SliceKey ; qb:componentProperty ex:year ."
        ' ex:ds qb:slice ex:slice18 . ex:slice18 a qb:Slice ; qb:sliceStructure ex:key18 ; ex:year "2018"^^xsd:gYear ; qb:observation ex:o18 .'
        ' ex:dsOther a qb:DataSet ; qb:structure ex:dsd . ex:o18 a qb:Observation ; qb:dataSet ex:dsOther ; ex:year "2018"^^xsd:gYear ; ex:value 1 .',
        {("IC-18", "o18")},
    ),
    "IC-19a": (
        "ex:c2 a qb:Observation ; qb:dataSet ex:dsC ; ex:area ex:france ; ex:place ex:liege ; ex:node ex:leaf ; ex:up ex:bottom ; ex:value 2 .",
        {("IC-19a", "c2")},
    ),
    "IC-19b": (
        "ex:c3 a qb:Observation ; qb:dataSet ex:dsC ; ex:area ex:be ; ex:place ex:paris ; ex:node ex:leaf ; ex:up ex:bottom ; ex:value 3 .",
        {("IC-19b", "c3")},
    ),
    "IC-20": (
        "ex:c4 a qb:Observation ; qb:dataSet ex:dsC ; ex:area ex:be ; ex:place ex:liege ; ex:node ex:stray ; ex:up ex:bottom ; ex:value 4 .",
        {("IC-20", "c4")},
    ),
    "IC-21": (
        "ex:c5 a qb:Observation ; qb:dataSet ex:dsC ; ex:area ex:be ; ex:place ex:liege ; ex:node ex:leaf ; ex:up ex:lost ; ex:value 5 .",
        {("IC-21", "c5")},
    ),
}


def broken(report: Graph) -> set[tuple[str, str]]:
    """(constraint, node) of each result: the constraint by its IRI's name (csh:IC-12 → IC-12)."""
    found = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        source = report.value(result, SH.sourceConstraint) or report.value(result, SH.sourceShape)
        rule = str(source).rsplit("#", 1)[-1]
        found.add((rule, str(report.value(result, SH.focusNode)).rsplit("/", 1)[-1]))
    return found


def pyshacl_turbo_report(data: str) -> Graph:
    from cssgraph.validation import _compiled_shapes  # the shapes as the validator compiles them, once

    store = ox.Store()
    store.load(data.encode(), format=ox.RdfFormat.TURTLE)
    _, report, _ = _compiled_shapes().validate(store, allow_warnings=True)
    return report


def pyshacl_report(data: str) -> Graph:
    import pyshacl

    _, report, _ = pyshacl.validate(
        Graph().parse(data=data, format="turtle"),
        shacl_graph=Graph().parse(CUBE_SHAPES),
        advanced=True,
        allow_warnings=True,
    )
    return report


@pytest.mark.parametrize("engine", [pyshacl_turbo_report, pyshacl_report], ids=["pyshacl-turbo", "pyshacl"])
def test_the_valid_cubes_break_no_constraint(engine):
    assert broken(engine(PREFIXES + VALID)) == set()


@pytest.mark.parametrize("engine", [pyshacl_turbo_report, pyshacl_report], ids=["pyshacl-turbo", "pyshacl"])
@pytest.mark.parametrize("case", CASES)
def test_each_integrity_constraint_finds_its_broken_cube(engine, case):
    added, expected = CASES[case]
    assert broken(engine(PREFIXES + VALID + added)) == expected


def test_every_constraint_of_the_cube_shapes_has_its_case():
    shapes = Graph().parse(CUBE_SHAPES)
    rules = {
        str(rule).rsplit("#", 1)[-1]
        for rule in (*shapes.objects(None, SH.property), *shapes.objects(None, SH.sparql))
        if isinstance(rule, URIRef)
    }
    integrity = {rule for rule in rules if re.fullmatch(r"IC-\d+[ab]?", rule)}
    assert integrity == set(CASES)
    assert rules - integrity == {"ReportingCompletenessShape-every-year"}  # tested in test_cube
