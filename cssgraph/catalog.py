"""The dataset described for portals and harvesters (DCAT-AP 3 and VoID at /dataset), and its
dumps (/dumps/cssgraph.trig, .nq, .ttl, .jsonld, each also gzipped)."""

from __future__ import annotations

import gzip
from datetime import date

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from cssgraph import __version__
from cssgraph.errors import ServiceError
from cssgraph.iris import DEFAULT_BASE
from cssgraph.pages import RDF_FORMATS, negotiated
from cssgraph.vocabulary import CSSG

DUMPS = {"trig": (ox.RdfFormat.TRIG, "application/trig"), "nq": (ox.RdfFormat.N_QUADS, "application/n-quads"),
         "ttl": (ox.RdfFormat.TURTLE, "text/turtle"), "jsonld": (ox.RdfFormat.JSON_LD, "application/ld+json")}
LICENCE = "https://creativecommons.org/licenses/by/4.0/"


class Catalog:
    def __init__(self, store: ox.Store, base: str = DEFAULT_BASE):
        self.store = store
        self.base = base  # where the data's IRIs are (void:uriSpace)
        self.dumps: dict[str, bytes] = {}
        self.zipped_dumps: dict[str, bytes] = {}

    def dump(self, name: str) -> bytes:
        """A dump, made once: quads for TriG and N-Quads, the union of graphs for Turtle and JSON-LD."""
        if name not in self.dumps:
            rdf_format, _ = DUMPS[name]
            if rdf_format.supports_datasets:
                self.dumps[name] = self.store.dump(format=rdf_format)
            else:
                triples = list(dict.fromkeys(ox.Triple(q.subject, q.predicate, q.object) for q in self.store))
                self.dumps[name] = ox.serialize(triples, format=rdf_format)
        return self.dumps[name]

    def zipped(self, name: str) -> bytes:
        """A dump gzipped, made once too: compressing a large dump per request would let any
        client keep the server busy."""
        if name not in self.zipped_dumps:
            self.zipped_dumps[name] = gzip.compress(self.dump(name), mtime=0)
        return self.zipped_dumps[name]

    async def download(self, request: Request) -> Response:
        file = request.path_params["file"]
        zipped = file.endswith(".gz")
        name = file.removesuffix(".gz").removeprefix("cssgraph.")
        if not file.startswith("cssgraph.") or name not in DUMPS:
            return PlainTextResponse(f"no dump {name!r}: {', '.join(DUMPS)}", status_code=404)
        media = DUMPS[name][1]
        if zipped:
            return Response(self.zipped(name), media_type="application/gzip",
                            headers={"Content-Disposition": f'attachment; filename="cssgraph.{name}.gz"'})
        return Response(self.dump(name), media_type=media,
                        headers={"Content-Disposition": f'attachment; filename="cssgraph.{name}"'})

    async def describe(self, request: Request) -> Response:
        site = str(request.base_url).rstrip("/")
        try:
            media = negotiated(request)
        except ServiceError as error:
            return PlainTextResponse(error.message, status_code=error.status, headers={"Vary": "Accept"})
        media = "text/turtle" if media == "text/html" else media  # no page for the dataset yet
        return Response(self.description_as(site, media, sparql_endpoint=f"{site}/sparql"), media_type=media,
                        headers={"Vary": "Accept"})

    def description_as(self, site: str, media: str, sparql_endpoint: str | None) -> bytes:
        triples = ox.parse(self.description(site, sparql_endpoint).encode(), format=ox.RdfFormat.TURTLE)
        return ox.serialize(list(triples), format=RDF_FORMATS[media])

    def description(self, site: str, sparql_endpoint: str | None) -> str:
        """DCAT-AP 3 (catalog, dataset, distributions: every mandatory property) and VoID; the
        SPARQL endpoint where there is one (a static site has none)."""
        conventions = sum(1 for _ in self.store.quads_for_pattern(
            None, ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            ox.NamedNode(CSSG.Convention)))
        quads = len(self.store)
        distributions = "\n".join(f"""
<{site}/dataset#dump-{name}> a dcat:Distribution ;
    dcterms:title "cssgraph dump ({media})"@en ;
    dcat:accessURL <{site}/dumps/cssgraph.{name}> ;
    dcat:downloadURL <{site}/dumps/cssgraph.{name}> , <{site}/dumps/cssgraph.{name}.gz> ;
    dcat:mediaType <https://www.iana.org/assignments/media-types/{media}> ;
    dcterms:license <{LICENCE}> .""" for name, (_, media) in DUMPS.items())
        dumps = ", ".join(f"<{site}/dumps/cssgraph.{name}>" for name in DUMPS)
        return f"""@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix void: <http://rdfs.org/ns/void#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .

<{site}/dataset#catalog> a dcat:Catalog ;
    dcterms:title "Catalogue cssgraph"@fr , "cssgraph-catalogus"@nl , "cssgraph catalogue"@en ;
    dcterms:description "Conventions de sécurité et de société belges en données liées."@fr ,
        "Belgische veiligheids- en samenlevingsovereenkomsten als gelinkte data."@nl ,
        "Belgian security and society conventions as linked data."@en ;
    dcterms:publisher <{site}/dataset#publisher> ;
    foaf:homepage <{site}/> ;
    dcat:dataset <{site}/dataset> .

<{site}/dataset#publisher> a foaf:Agent ;
    foaf:name "cssgraph" .

<{site}/dataset> a dcat:Dataset , void:Dataset ;
    dcterms:title "Conventions de sécurité et de société"@fr , "Veiligheids- en samenlevingscontracten"@nl ,
        "Security and society conventions"@en ;
    dcterms:description "Les conventions entre l’État fédéral et les communes : parties, financement, base légale et cadre de résultats, avec les données de référence et l’ontologie."@fr ,
        "De overeenkomsten tussen de federale Staat en de gemeenten: partijen, financiering, rechtsgrond en resultatenkader, met de referentiegegevens en de ontologie."@nl ,
        "The conventions between the federal State and municipalities: parties, funding, legal basis and results framework, with the reference data and the ontology."@en ;
    dcterms:publisher <{site}/dataset#publisher> ;
    dcterms:license <{LICENCE}> ;
    dcterms:modified "{date.today().isoformat()}"^^xsd:date ;
    dcat:version "{__version__}" ;
    dcterms:conformsTo <https://w3id.org/cssgraph/ontology> ;
    dcterms:spatial <http://publications.europa.eu/resource/authority/country/BEL> ;
    prov:wasGeneratedBy <{site}/dataset#publication> ;
    dcat:distribution {", ".join(f"<{site}/dataset#dump-{name}>" for name in DUMPS)} ;
    {f"void:sparqlEndpoint <{sparql_endpoint}> ;" if sparql_endpoint else ""}
    void:dataDump {dumps} ;
    void:uriSpace "{self.base}" ;
    void:vocabulary <{CSSG}> ;
    void:triples {quads} ;
    void:classPartition [ void:class <{CSSG.Convention}> ; void:entities {conventions} ] .

<{site}/dataset#publication> a prov:Activity ;
    prov:wasAssociatedWith <{site}/dataset#publisher> ;
    prov:used <https://w3id.org/cssgraph/ontology> .
{distributions}
"""
