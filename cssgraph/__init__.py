"""cssgraph: Belgian security and society conventions as linked data.

The package follows the data flow, one module per stage:

- ``rdfio``     read RDF files into a store, with errors that name file and line;
- ``iris``      mint and rebase the project's identifiers;
- ``documents`` read a convention document (text, PDF, Word) into numbered lines, with its layout;
- ``normalise`` clean and fold text in one place, with a map back to the document's characters;
- ``values``    the one parser of amounts and of dates;
- ``extract``   understand the lines with a language profile (``profiles/``), by several cues
                at once, reporting what it could not read (``messages/``);
- ``build``     the convention's graph, with the provenance of every node;
- ``validation`` SHACL validation of each convention, in parallel, with a cache;
- ``findings``  the report model: what the engine found, in the reader's words;
- ``outline``   place a node in its convention's outline ("Secteur 2 › ...");
- ``report``    render a validation report as text, HTML, JSON, CSV or the SHACL graph;
- ``query``     run the SPARQL queries on the embedded store or an endpoint;
- ``ontology``  reasoner consistency and quality checks of the ontology;
- ``serve``     the service (one ASGI app): validation page and REST API, and the parts below;
- ``endpoint``  its read-only SPARQL endpoint;
- ``query_workers`` the processes that answer its queries, bounded and shared fairly;
- ``request_body`` a request's body read within bounds (uploads, queries);
- ``pages``     the home page and dereferenceable IRIs: HTML pages and RDF by content negotiation;
- ``catalog``   the DCAT-AP and VoID description of the dataset, and the dumps;
- ``publish``   the same site as static files, with Apache and nginx negotiation rules;
- ``folders``   a folder replaced as a whole (the published site, the on-disk store);
- ``load``      push the graphs into any store through the Graph Store Protocol;
- ``errors``    what a user is told (``InputError``), and a request refused (``ServiceError``);
- ``cli``       the ``cssgraph`` command.

The small Python API re-exported here is what the CLI calls. No module is named like one of
its functions: a submodule, once imported, would replace the function on the package.
"""

from cssgraph.errors import InputError

__version__ = "0.1.0"
__all__ = ["InputError", "check_ontology", "run_query", "validate", "__version__"]

# The API functions are imported on first use: each stage pulls in heavy
# libraries (rdflib, pyshacl, owlready2) that a command not using it should not pay for.
_API = {"validate": "cssgraph.validation", "run_query": "cssgraph.query", "check_ontology": "cssgraph.ontology"}


def __getattr__(name: str):
    if name in _API:
        import importlib

        return getattr(importlib.import_module(_API[name]), name)
    raise AttributeError(f"module 'cssgraph' has no attribute {name!r}")
