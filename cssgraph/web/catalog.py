"""The dataset described for portals and harvesters (DCAT-AP 3 and VoID at /dataset), and its
dumps (/dumps/cssgraph.trig, .nq, .ttl, .jsonld, each also gzipped)."""

from __future__ import annotations

import gzip
from functools import cached_property
from typing import cast

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response

from cssgraph import __version__
from cssgraph.i18n import translate
from cssgraph.settings import DEFAULTS, Settings
from cssgraph.vocabulary import CSSG
from cssgraph.web.caching import entity_tag
from cssgraph.web.conneg import accepts_coding
from cssgraph.web.describe import RDF_TYPE, short_name
from cssgraph.web.pages import RDF_FORMAT_NAMES, RDF_FORMATS, Site, negotiated, visitor_language

DUMPS = {
    "trig": (ox.RdfFormat.TRIG, "application/trig"),
    "nq": (ox.RdfFormat.N_QUADS, "application/n-quads"),
    "ttl": (ox.RdfFormat.TURTLE, "text/turtle"),
    "jsonld": (ox.RdfFormat.JSON_LD, "application/ld+json"),
}
LICENCE = "https://creativecommons.org/licenses/by/4.0/"
# A statement of the description: subject, predicate and object, an IRI given as text or as a node.
_Statement = tuple[ox.NamedNode | ox.BlankNode, str, str | ox.NamedNode | ox.BlankNode | ox.Literal]


class Catalog:
    def __init__(self, store: ox.Store, site: Site, settings: Settings = DEFAULTS):
        self.store = store
        self.site = site  # for the description's page
        self.base = settings.base  # where the data's IRIs are (void:uriSpace)
        self.dumps: dict[str, bytes] = {}
        self.zipped_dumps: dict[str, bytes] = {}
        self.tags: dict[str, str] = {}  # file name → ETag of its body

    def dump(self, name: str) -> bytes:
        """A dump, made once: quads for TriG and N-Quads, the union of graphs for Turtle and JSON-LD."""
        if name not in self.dumps:
            rdf_format, _ = DUMPS[name]
            # (Written to no output, a dump is returned as bytes; pyoxigraph types it bytes | None.)
            if rdf_format.supports_datasets:
                self.dumps[name] = cast(bytes, self.store.dump(format=rdf_format))
            else:
                triples = list(dict.fromkeys(ox.Triple(q.subject, q.predicate, q.object) for q in self.store))
                self.dumps[name] = cast(bytes, ox.serialize(triples, format=rdf_format))
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
        # A .gz is its dump gzipped: served as the dump's type with Content-Encoding, as Apache
        # serves .gz files, so that RDF clients read it (a browser or curl saves it as it is).
        # The plain dump travels gzipped too to a client that accepts it: the same bytes.
        encoded = not zipped and accepts_coding(request.headers.get("accept-encoding"), "gzip")
        body = self.zipped(name) if zipped or encoded else self.dump(name)
        variant = f"{file} gzip" if encoded else file
        if variant not in self.tags:  # tagged once: hashing a large dump per request would be work for nothing
            self.tags[variant] = entity_tag(body)
        headers = {"Content-Disposition": f'attachment; filename="{file}"', "ETag": self.tags[variant]}
        if not zipped:
            headers["Vary"] = "Accept-Encoding"
        if encoded or zipped:
            headers["Content-Encoding"] = "gzip"
        return Response(body, media_type=DUMPS[name][1], headers=headers)

    async def describe(self, request: Request) -> Response:
        site = str(request.base_url).rstrip("/")
        media = negotiated(request)
        if media == "text/html":
            page = self.page(site, visitor_language(request), sparql_endpoint=f"{site}/sparql")
            return HTMLResponse(page, headers={"Vary": "Accept, Accept-Language"})
        return Response(
            self.description_as(site, media, sparql_endpoint=f"{site}/sparql"),
            media_type=media,
            headers={"Vary": "Accept"},
        )

    def page(self, site: str, lang: str, sparql_endpoint: str | None) -> str:
        """The description for a person: the catalogue, the dataset and each distribution, each
        with its statements."""
        triples = self.description(site, sparql_endpoint)
        title = ox.NamedNode(DCT + "title")
        parts = []
        for subject in dict.fromkeys(t.subject for t in triples):
            titles = [t.object for t in triples if t.subject == subject and t.predicate == title]
            named = next((t.value for t in titles if isinstance(t, ox.Literal) and t.language == lang), None)
            anchor = subject.value.partition("#")[2] if isinstance(subject, ox.NamedNode) else ""
            parts.append(
                {
                    "anchor": anchor or "dataset",
                    "title": named or self.site.data.kind_label(subject, lang) or anchor,
                    "kinds": [
                        short_name(t.object.value)
                        for t in triples
                        if t.subject == subject and t.predicate.value == RDF_TYPE and isinstance(t.object, ox.NamedNode)
                    ],
                    "statements": self.site.rows(subject, triples, lang),
                }
            )
        return self.site.page(
            "dataset.html",
            lang,
            "/dataset",
            title=translate(lang, "Dataset (DCAT)"),
            parts=parts,
            format_names=RDF_FORMAT_NAMES,
        )

    def description_as(self, site: str, media: str, sparql_endpoint: str | None) -> bytes:
        prefixes = PREFIXES if media == "text/turtle" else None
        return cast(
            bytes, ox.serialize(self.description(site, sparql_endpoint), format=RDF_FORMATS[media], prefixes=prefixes)
        )  # (no output given: bytes)

    @cached_property  # what is served does not change after it is loaded: read once, not per request
    def period(self) -> tuple[ox.Literal, ox.Literal] | None:
        """The first entry into force and the last end of the conventions the data holds."""
        answer = cast(ox.QuerySolutions, self.store.query(PERIOD, use_default_graph_as_union=True))  # a SELECT
        row = next(iter(answer), None)
        start, end = (row["start"], row["end"]) if row is not None else (None, None)
        return (start, end) if isinstance(start, ox.Literal) and isinstance(end, ox.Literal) else None

    @cached_property
    def modified(self) -> ox.Literal | None:
        """When the data last changed, as the data says it (the newest dcterms:modified of its
        graphs and modules): never the day it is served, which would make every day a new version."""
        dates = [
            q.object
            for q in self.store.quads_for_pattern(None, ox.NamedNode(DCT + "modified"), None)
            if isinstance(q.object, ox.Literal)
        ]
        return max(dates, key=lambda value: value.value) if dates else None

    def description(self, site: str, sparql_endpoint: str | None) -> list[ox.Triple]:
        """DCAT-AP 3.0.1 (catalogue, dataset, distributions: every mandatory property, the
        ranges, and the recommended properties the project can state truthfully) and VoID; the
        SPARQL endpoint where there is one (a static site has none). Built as terms: ``site``
        comes from a request or an option, never spliced into text."""
        conventions = sum(
            1 for _ in self.store.quads_for_pattern(None, ox.NamedNode(RDF_TYPE), ox.NamedNode(CSSG.Convention))
        )
        catalog, dataset, publisher = (
            node(f"{site}/dataset#catalog"),
            node(f"{site}/dataset"),
            node(f"{site}/dataset#publisher"),
        )
        activity, ontology, licence = node(f"{site}/dataset#publication"), node(ONTOLOGY), node(LICENCE)
        period, modified = self.period, self.modified
        statements: list[_Statement] = [
            (catalog, RDF_TYPE, DCAT + "Catalog"),
            *texts(catalog, DCT + "title", CATALOG_TITLE),
            *texts(catalog, DCT + "description", CATALOG_DESCRIPTION),
            (catalog, DCT + "publisher", publisher),
            (catalog, FOAF + "homepage", node(f"{site}/")),
            (catalog, DCAT + "dataset", dataset),
            (catalog, DCT + "license", licence),
            *([(catalog, DCT + "modified", modified)] if modified else []),
            (catalog, DCAT + "themeTaxonomy", node(EU + "data-theme")),
            *((catalog, DCT + "language", node(EU + "language/" + code)) for code in LANGUAGE_CODES),
            (catalog, DCT + "spatial", node(BELGIUM)),
            (publisher, RDF_TYPE, FOAF + "Agent"),
            (publisher, FOAF + "name", ox.Literal("cssgraph")),
            (dataset, RDF_TYPE, DCAT + "Dataset"),
            (dataset, RDF_TYPE, VOID + "Dataset"),
            *texts(dataset, DCT + "title", DATASET_TITLE),
            *texts(dataset, DCT + "description", DATASET_DESCRIPTION),
            *texts(dataset, DCAT + "keyword", KEYWORDS),
            (dataset, DCT + "publisher", publisher),
            (dataset, DCT + "license", licence),
            *([(dataset, DCT + "modified", modified)] if modified else []),
            (dataset, DCAT + "version", ox.Literal(__version__)),
            (dataset, DCT + "conformsTo", ontology),
            (dataset, DCAT + "theme", node(EU + "data-theme/JUST")),
            (dataset, DCT + "spatial", node(BELGIUM)),
            *((dataset, DCT + "language", node(EU + "language/" + code)) for code in LANGUAGE_CODES),
            (dataset, PROV + "wasGeneratedBy", activity),
            (dataset, VOID + "uriSpace", ox.Literal(self.base)),
            (dataset, VOID + "vocabulary", node(str(CSSG))),
            (dataset, VOID + "triples", ox.Literal(str(len(self.store)), datatype=node(XSD + "integer"))),
            *([(dataset, VOID + "sparqlEndpoint", node(sparql_endpoint))] if sparql_endpoint else []),
            (activity, RDF_TYPE, PROV + "Activity"),
            (activity, PROV + "wasAssociatedWith", publisher),
            (activity, PROV + "used", ontology),
            # what the values above are, as DCAT-AP's ranges ask
            (licence, RDF_TYPE, DCT + "LicenseDocument"),
            (node(BELGIUM), RDF_TYPE, DCT + "Location"),
            (ontology, RDF_TYPE, DCT + "Standard"),
            (node(f"{site}/"), RDF_TYPE, FOAF + "Document"),
            (licence, DCT + "type", node(ADMS_LICENCE_TYPE + "Attribution")),
            (node(ADMS_LICENCE_TYPE + "Attribution"), RDF_TYPE, SKOS + "Concept"),
            (node(ADMS_LICENCE_TYPE + "Attribution"), SKOS + "prefLabel", ox.Literal("Attribution", language="en")),
            (node(EU + "data-theme"), RDF_TYPE, SKOS + "ConceptScheme"),
            (node(EU + "data-theme"), DCT + "title", ox.Literal("Data theme", language="en")),
            (node(EU + "data-theme/JUST"), RDF_TYPE, SKOS + "Concept"),
            (
                node(EU + "data-theme/JUST"),
                SKOS + "prefLabel",
                ox.Literal("Justice, legal system and public safety", language="en"),
            ),
            *((node(EU + "language/" + code), RDF_TYPE, DCT + "LinguisticSystem") for code in LANGUAGE_CODES),
        ]
        if period:  # the conventions' periods, from the first entry into force to the last end
            coverage = node(f"{site}/dataset#temporal")
            statements += [
                (dataset, DCT + "temporal", coverage),
                (coverage, RDF_TYPE, DCT + "PeriodOfTime"),
                (coverage, DCAT + "startDate", period[0]),
                (coverage, DCAT + "endDate", period[1]),
            ]
        partition = ox.BlankNode()
        statements += [
            (dataset, VOID + "classPartition", partition),
            (partition, VOID + "class", node(CSSG.Convention)),
            (partition, VOID + "entities", ox.Literal(str(conventions), datatype=node(XSD + "integer"))),
        ]
        for name, (_, media) in DUMPS.items():
            dump, file = node(f"{site}/dataset#dump-{name}"), node(f"{site}/dumps/cssgraph.{name}")
            media_type, file_type = node(IANA + media), node(EU + "file-type/" + FILE_TYPES[name])
            statements += [
                (dataset, DCAT + "distribution", dump),
                (dataset, VOID + "dataDump", file),
                (dump, RDF_TYPE, DCAT + "Distribution"),
                (dump, DCT + "title", ox.Literal(f"cssgraph dump ({media})", language="en")),
                (dump, DCT + "description", ox.Literal(f"The whole dataset, every graph, as {media}.", language="en")),
                (dump, DCAT + "accessURL", file),
                (dump, DCAT + "downloadURL", file),
                (dump, DCAT + "downloadURL", node(f"{site}/dumps/cssgraph.{name}.gz")),
                (dump, DCAT + "mediaType", media_type),
                (dump, DCT + "format", file_type),
                (dump, DCT + "license", licence),
                (dump, DCATAP + "availability", node(EU + "planned-availability/STABLE")),
                (media_type, RDF_TYPE, DCT + "MediaType"),
                (file_type, RDF_TYPE, DCT + "MediaTypeOrExtent"),
                (node(EU + "planned-availability/STABLE"), RDF_TYPE, SKOS + "Concept"),
                (node(EU + "planned-availability/STABLE"), SKOS + "prefLabel", ox.Literal("stable", language="en")),
            ]
        return [
            ox.Triple(
                subject,
                node(predicate) if isinstance(predicate, str) else predicate,
                node(value) if isinstance(value, str) else value,
            )
            for subject, predicate, value in dict.fromkeys(statements)
        ]


def node(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def texts(subject: ox.NamedNode | ox.BlankNode, predicate: str, words: dict[str, str]) -> list[_Statement]:
    return [(subject, predicate, ox.Literal(text, language=lang)) for lang, text in words.items()]


DCAT, DCT, FOAF = "http://www.w3.org/ns/dcat#", "http://purl.org/dc/terms/", "http://xmlns.com/foaf/0.1/"
VOID, PROV, SKOS = "http://rdfs.org/ns/void#", "http://www.w3.org/ns/prov#", "http://www.w3.org/2004/02/skos/core#"
XSD, DCATAP = "http://www.w3.org/2001/XMLSchema#", "http://data.europa.eu/r5r/"
EU = "http://publications.europa.eu/resource/authority/"  # the EU's controlled vocabularies, as DCAT-AP asks
IANA = "https://www.iana.org/assignments/media-types/"
ADMS_LICENCE_TYPE = "http://purl.org/adms/licencetype/"
BELGIUM = EU + "country/BEL"
ONTOLOGY = "https://w3id.org/cssgraph/ontology"
PERIOD = f"""SELECT (MIN(?start) AS ?start) (MAX(?end) AS ?end) WHERE {{
    ?convention a <{CSSG.Convention}> ; <http://data.europa.eu/eli/ontology#first_date_entry_in_force> ?start ;
        <http://data.europa.eu/eli/ontology#date_no_longer_in_force> ?end .
}}"""
LANGUAGE_CODES = ("FRA", "NLD", "ENG")  # the documents' languages, and the labels' third one
FILE_TYPES = {"trig": "RDF_TRIG", "nq": "RDF_N_QUADS", "ttl": "RDF_TURTLE", "jsonld": "JSON_LD"}
PREFIXES = {
    "dcat": DCAT,
    "dcterms": DCT,
    "foaf": FOAF,
    "void": VOID,
    "prov": PROV,
    "skos": SKOS,
    "xsd": XSD,
    "dcatap": DCATAP,
}
CATALOG_TITLE = {"fr": "Catalogue cssgraph", "nl": "cssgraph-catalogus", "en": "cssgraph catalogue"}
CATALOG_DESCRIPTION = {
    "fr": "Conventions de sécurité et de société belges en données liées.",
    "nl": "Belgische veiligheids- en samenlevingsovereenkomsten als gelinkte data.",
    "en": "Belgian security and society conventions as linked data.",
}
DATASET_TITLE = {
    "fr": "Conventions de sécurité et de société",
    "nl": "Veiligheids- en samenlevingscontracten",
    "en": "Security and society conventions",
}
DATASET_DESCRIPTION = {
    "fr": "Les conventions entre l’État fédéral et les communes : parties, financement, base légale et cadre de "
    "résultats, avec les données de référence et l’ontologie.",
    "nl": "De overeenkomsten tussen de federale Staat en de gemeenten: partijen, financiering, rechtsgrond en "
    "resultatenkader, met de referentiegegevens en de ontologie.",
    "en": "The conventions between the federal State and municipalities: parties, funding, legal basis and results "
    "framework, with the reference data and the ontology.",
}
KEYWORDS = {
    "fr": "contrat de sécurité et de société",
    "nl": "veiligheids- en samenlevingscontract",
    "en": "security and society contract",
}
