"""/ontology and /shapes: the files themselves by content negotiation, and for a browser their
documentation in the visitor's language.

/ontology groups the terms as pyLODE does (classes, object properties, datatype properties,
annotation properties, concept schemes with their concepts); each term is anchored by its own
fragment (``/ontology#Indicator`` for ``…/ontology#Indicator``) and shows its labels, definition,
super- and sub-terms, domain and range, sources and alignments. /shapes gives one section per
shape: its target, then each rule's path (named by the property's label), constraint in words,
severity and message.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import OWL, RDF, RDFS, SH, SKOS, BNode, Literal, URIRef
from rdflib.namespace import DCTERMS
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from cssgraph.i18n import marked, translate
from cssgraph.rdfio import rdflib_graph
from cssgraph.report import SEVERITY_WORDS
from cssgraph.resources import ontology_files, shapes_files
from cssgraph.vocabulary import CSSG
from cssgraph.web.describe import short_name
from cssgraph.web.pages import RDF_FORMAT_NAMES, Link, Site, negotiated, visitor_language

if TYPE_CHECKING:
    from rdflib import Graph
    from rdflib.term import Node

ONTOLOGY_PAGE = "https://w3id.org/cssgraph/ontology"
SHAPES_PAGE = "https://w3id.org/cssgraph/shapes"
# The groups of the ontology's page, in pyLODE's order: the kind of term, the words of its heading.
GROUPS = (
    (OWL.Class, "classes", marked("Classes")),
    (OWL.ObjectProperty, "object-properties", marked("Object properties")),
    (OWL.DatatypeProperty, "datatype-properties", marked("Datatype properties")),
    (OWL.AnnotationProperty, "annotation-properties", marked("Annotation properties")),
    (SKOS.ConceptScheme, "concept-schemes", marked("Concept schemes")),
)


@dataclass
class Term:
    """A term of the ontology as its documentation shows it."""

    anchor: str
    iri: str
    name: str
    label: str
    definition: str
    facts: list[tuple[str, list[Link]]] = field(default_factory=list)
    members: list[Term] = field(default_factory=list)  # a concept scheme's concepts


class Documentation:
    """The documentation of the files of one vocabulary (the ontology's modules, or the shapes),
    with the names of what they mention read from ``site``'s data (which holds the ontology)."""

    def __init__(self, files: list[Path], page: str, site: Site):
        self.graph: Graph = rdflib_graph(files)
        self.page = page
        self.site = site
        # what is served by content negotiation: the files' statements as they are
        self.triples = list(
            dict.fromkeys(
                ox.Triple(q.subject, q.predicate, q.object)
                for path in files
                for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE)
            )
        )

    async def handle(self, request: Request) -> Response:
        media = negotiated(request)
        if media != "text/html":
            return Response(Site.rdf(self.triples, media), media_type=media, headers={"Vary": "Accept"})
        lang = visitor_language(request)
        return HTMLResponse(self.html(lang), headers={"Vary": "Accept, Accept-Language"})

    def html(self, lang: str) -> str:
        raise NotImplementedError

    # -- words ----------------------------------------------------------------------------------

    def text(self, node: Node, predicate: URIRef, lang: str) -> str:
        """A literal of ``node`` in ``lang``, else an untagged or English one, else any."""
        values = [v for v in self.graph.objects(node, predicate) if isinstance(v, Literal)]
        for wanted in (lang, None, "en"):
            for value in values:
                if value.language == wanted:
                    return str(value)
        return str(values[0]) if values else ""

    def link(self, node: Node, lang: str) -> Link:
        """A term: a link to its place on this page when it is documented here, else to its page
        on the site or its IRI, named by its label."""
        if isinstance(node, Literal):
            return Link(str(node), language=node.language)
        if isinstance(node, BNode):
            return Link(self.text(node, RDFS.label, lang) or "…")
        iri = str(node)
        label = (
            self.text(node, RDFS.label, lang)
            or self.text(node, SH.name, lang)
            or self.site.data.text(ox.NamedNode(iri), str(RDFS.label), lang)  # a term of the ontology
        )
        if iri.startswith(self.page + "#") and (node, None, None) in self.graph:
            return Link(label or short_name(iri), "#" + iri.partition("#")[2])
        if iri.startswith(str(CSSG)):
            return Link(label or short_name(iri), "/ontology#" + iri.partition("#")[2])
        return self.site.link(ox.NamedNode(iri), lang, label or short_name(iri))


class OntologyDocumentation(Documentation):
    def __init__(self, site: Site):
        super().__init__(ontology_files(), ONTOLOGY_PAGE, site)

    def html(self, lang: str) -> str:
        header = URIRef(ONTOLOGY_PAGE)
        defined = set(self.graph.subjects(RDFS.isDefinedBy, None))
        groups = []
        for kind, anchor, words in GROUPS:
            members = sorted(
                (s for s in self.graph.subjects(RDF.type, kind) if s in defined and isinstance(s, URIRef)),
                key=lambda s: self.text(s, RDFS.label, lang).casefold() or str(s),
            )
            groups.append({"anchor": anchor, "title": words, "terms": [self.term(s, lang) for s in members]})
        version = [
            (marked("Version"), [Link(self.text(header, OWL.versionInfo, lang))]),
            (marked("Version IRI"), [self.link(v, lang) for v in self.graph.objects(header, OWL.versionIRI)]),
            (marked("Modified"), [Link(str(v)) for v in self.graph.objects(header, DCTERMS.modified)]),
            (marked("Licence"), [self.link(v, lang) for v in self.graph.objects(header, DCTERMS.license)]),
        ]
        # the versions and what each changed, as the header's comments say, oldest first
        history = sorted(str(note) for note in self.graph.objects(header, RDFS.comment))
        return self.site.page(
            "ontology.html",
            lang,
            "/ontology",
            title=self.text(header, DCTERMS.title, lang),
            description=self.text(header, DCTERMS.description, lang),
            version=[(name, links) for name, links in version if links and links[0].text],
            history=history,
            groups=groups,
            format_names=RDF_FORMAT_NAMES,
        )

    def term(self, node: URIRef, lang: str) -> Term:
        g = self.graph
        facts: list[tuple[str, list[Link]]] = [
            (
                marked("Subclass of"),
                [self.link(o, lang) for o in g.objects(node, RDFS.subClassOf) if isinstance(o, URIRef)],
            ),
            (marked("Subclasses"), [self.link(s, lang) for s in g.subjects(RDFS.subClassOf, node)]),
            (marked("Subproperty of"), [self.link(o, lang) for o in g.objects(node, RDFS.subPropertyOf)]),
            (marked("Subproperties"), [self.link(s, lang) for s in g.subjects(RDFS.subPropertyOf, node)]),
            (marked("Inverse of"), [self.link(o, lang) for o in g.objects(node, OWL.inverseOf)]),
            (marked("Domain"), [self.link(o, lang) for o in g.objects(node, RDFS.domain) if isinstance(o, URIRef)]),
            (marked("Range"), [self.link(o, lang) for o in g.objects(node, RDFS.range) if isinstance(o, URIRef)]),
            (
                marked("Example"),
                [Link(str(o), language=getattr(o, "language", None)) for o in g.objects(node, SKOS.example)],
            ),
            (marked("Source"), [self.link(o, lang) for o in g.objects(node, DCTERMS.source)]),
            (marked("Alignments"), self.alignments(node, lang)),
        ]
        members = []
        if (node, RDF.type, SKOS.ConceptScheme) in g:
            concepts = sorted(g.subjects(SKOS.inScheme, node), key=lambda c: self.text(c, RDFS.label, lang).casefold())
            members = [self.term(c, lang) for c in concepts if isinstance(c, URIRef)]
        fragment = str(node).partition("#")[2] or str(node).rsplit("/", 1)[-1]
        return Term(
            anchor=fragment,
            iri=str(node),
            name=short_name(str(node)),
            label=self.text(node, RDFS.label, lang),
            definition=self.text(node, SKOS.definition, lang),
            facts=[(name, links) for name, links in facts if links],
            members=members,
        )

    def alignments(self, node: URIRef, lang: str) -> list[Link]:
        """How the term relates to terms of other vocabularies (equivalences, matches)."""
        relations = (
            OWL.equivalentClass,
            OWL.equivalentProperty,
            SKOS.exactMatch,
            SKOS.closeMatch,
            SKOS.broadMatch,
            SKOS.narrowMatch,
            SKOS.relatedMatch,
        )
        return [
            Link(f"{short_name(str(p))} {short_name(str(o))}", str(o))
            for p in relations
            for o in self.graph.objects(node, p)
            if isinstance(o, URIRef)
        ]


class ShapesDocumentation(Documentation):
    def __init__(self, site: Site):
        super().__init__(shapes_files(), SHAPES_PAGE, site)

    def html(self, lang: str) -> str:
        shapes = sorted(
            (s for s in self.graph.subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef)), key=lambda s: str(s)
        )
        return self.site.page(
            "shapes.html",
            lang,
            "/shapes",
            title=translate(lang, "Validation rules"),
            description=self.text(URIRef(SHAPES_PAGE), DCTERMS.description, lang),
            shapes=[self.shape(s, lang) for s in shapes],
            format_names=RDF_FORMAT_NAMES,
        )

    def shape(self, node: URIRef, lang: str) -> dict[str, object]:
        g = self.graph
        targets = [
            (marked("Every instance of"), [self.link(o, lang) for o in g.objects(node, SH.targetClass)]),
            (marked("Every subject of"), [self.link(o, lang) for o in g.objects(node, SH.targetSubjectsOf)]),
            (marked("Every object of"), [self.link(o, lang) for o in g.objects(node, SH.targetObjectsOf)]),
            (marked("The nodes a query selects"), [Link("SPARQL")] if (node, SH.target, None) in g else []),
        ]
        rules = [self.rule(p, lang) for p in g.objects(node, SH.property)]
        rules.sort(key=lambda rule: str(rule["path"]))
        rules += [self.sparql_rule(node, c, lang) for c in g.objects(node, SH.sparql)]
        target = next(iter(g.objects(node, SH.targetClass)), None)
        return {
            "anchor": str(node).partition("#")[2],
            "iri": str(node),
            "name": self.text(node, SH.name, lang) or (self.link(target, lang).text if target else ""),
            "short_name": short_name(str(node)),
            "targets": [(words, links) for words, links in targets if links],
            "rules": rules,
        }

    def severity(self, node: Node, shape: Node | None = None) -> str:
        found = self.graph.value(node, SH.severity) or (self.graph.value(shape, SH.severity) if shape else None)
        named = str(found).rsplit("#", 1)[-1] if found is not None else "Violation"
        return SEVERITY_WORDS.get(named, SEVERITY_WORDS["Violation"])

    def rule(self, shape: Node, lang: str) -> dict[str, object]:
        g = self.graph
        path = g.value(shape, SH.path)
        inverse = g.value(path, SH.inversePath) if isinstance(path, BNode) else None
        if inverse is not None:
            property_link = self.link(inverse, lang)
            named = Link(
                translate(lang, "what is linked by “%(property)s” to it", property=property_link.text),
                property_link.href,
            )
        else:
            named = self.link(path, lang) if path is not None else Link("")
        return {
            "path": named.text,
            "path_link": named,
            "name": self.text(shape, SH.name, lang),
            "constraints": constraint_words(g, shape, lang, self),
            "severity": self.severity(shape),
            "message": self.text(shape, SH.message, lang),
        }

    def sparql_rule(self, shape: Node, constraint: Node, lang: str) -> dict[str, object]:
        return {
            "path": "",
            "path_link": None,
            "name": self.text(constraint, SH.name, lang),
            "constraints": [translate(lang, "a SPARQL query selects what breaks the rule")],
            "severity": self.severity(constraint, shape),
            "message": self.text(constraint, SH.message, lang),
        }


def constraint_words(g: Graph, shape: Node, lang: str, documentation: Documentation) -> list[str]:
    """The constraints of a property shape in words of ``lang``: "at least 1 value"."""
    words = []
    for parameter, value in g.predicate_objects(shape):
        name = str(parameter).partition("#")[2]
        if name == "minCount":
            words.append(translate(lang, "at least %(count)s value(s)", count=value))
        elif name == "maxCount":
            words.append(translate(lang, "at most %(count)s value(s)", count=value))
        elif name == "datatype":
            words.append(translate(lang, "of type %(datatype)s", datatype=short_name(str(value))))
        elif name == "class":
            words.append(
                translate(lang, "an instance of “%(class)s”", **{"class": documentation.link(value, lang).text})
            )
        elif name == "pattern":
            words.append(translate(lang, "matching %(pattern)s", pattern=value))
        elif name == "in":
            members = ", ".join(documentation.link(v, lang).text for v in g.items(value))
            words.append(translate(lang, "one of: %(values)s", values=members))
        elif name == "hasValue":
            words.append(translate(lang, "including %(value)s", value=documentation.link(value, lang).text))
        elif name == "minInclusive":
            words.append(translate(lang, "%(value)s or more", value=value))
        elif name == "minExclusive":
            words.append(translate(lang, "more than %(value)s", value=value))
        elif name == "lessThanOrEquals":
            words.append(translate(lang, "not after “%(property)s”", property=documentation.link(value, lang).text))
        elif name == "equals":
            words.append(translate(lang, "the same as “%(property)s”", property=documentation.link(value, lang).text))
        elif name == "uniqueLang" and value == Literal(True):
            words.append(translate(lang, "one value per language"))
    return sorted(words)


def documentations(site: Site) -> dict[str, Documentation]:
    """The documented vocabularies by site path."""
    return {"/ontology": OntologyDocumentation(site), "/shapes": ShapesDocumentation(site)}
