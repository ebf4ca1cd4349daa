"""`cssgraph validate` reads every RDF syntax it names, and reading never reaches the network
nor expands XML entities because a document asked it to."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from cssgraph.errors import InputError
from cssgraph.validation import validate

from conftest import CONVENTION_GRAPH, CURATED_WARNING, VERVIERS, run_cli

QUAD_FORMATS = {".trig": ox.RdfFormat.TRIG, ".nq": ox.RdfFormat.N_QUADS, ".jsonld": ox.RdfFormat.JSON_LD}
TRIPLE_FORMATS = {".ttl": ox.RdfFormat.TURTLE, ".nt": ox.RdfFormat.N_TRIPLES, ".rdf": ox.RdfFormat.RDF_XML}


@pytest.mark.parametrize("suffix", [*QUAD_FORMATS, *TRIPLE_FORMATS])
def test_verviers_conforms_in_every_syntax(suffix, tmp_path):
    store = ox.Store()
    store.load(path=str(VERVIERS), format=ox.RdfFormat.TRIG)
    path = tmp_path / f"verviers{suffix}"
    if suffix in QUAD_FORMATS:
        store.dump(str(path), format=QUAD_FORMATS[suffix])
    else:
        store.dump(str(path), format=TRIPLE_FORMATS[suffix], from_graph=ox.NamedNode(CONVENTION_GRAPH))
    result = validate([path])
    [report] = result.conventions
    assert report.conforms and report.municipality == "Verviers"
    assert [(f.severity, f.focus) for f in report.findings] == [CURATED_WARNING]


def test_remote_jsonld_context_is_not_fetched(recording_server, tmp_path):
    url, requests = recording_server
    document = tmp_path / "remote.jsonld"
    document.write_text(f'{{"@context": "{url}/context.jsonld", "@id": "http://example.org/a", "name": "x"}}')
    process = run_cli("validate", str(document))
    assert process.returncode == 2 and "remote.jsonld" in process.stderr
    assert requests == []


def test_billion_laughs_is_refused(tmp_path):
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(1, 10)
    ]
    document = tmp_path / "laughs.rdf"
    document.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [{"".join(entities)}]>\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="http://example.org/">'
        '<rdf:Description rdf:about="http://example.org/a"><ex:p>&lol9;</ex:p></rdf:Description></rdf:RDF>\n'
    )
    with pytest.raises(InputError, match="entities is refused"):
        validate([document])
