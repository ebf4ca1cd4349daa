"""Write cssgraph/vocabulary.py: the ontology's terms as an rdflib DefinedNamespace.

Run after adding, renaming or removing a term in ontology/*.ttl:

    python scripts/vocabulary.py

tests/test_architecture.py fails while the module and the ontology disagree.
"""

from __future__ import annotations

import sys
from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import SKOS

ROOT = Path(__file__).resolve().parent.parent
NAMESPACE = "https://w3id.org/cssgraph/ontology#"
TARGET = ROOT / "cssgraph" / "vocabulary.py"
KINDS = [
    (OWL.Class, "classes"),
    (OWL.ObjectProperty, "object properties"),
    (OWL.DatatypeProperty, "datatype properties"),
    (OWL.AnnotationProperty, "annotation properties"),
    (SKOS.ConceptScheme, "concept schemes"),
    (SKOS.Concept, "concepts"),
]


def module_text() -> str:
    graph = Graph()
    for path in sorted((ROOT / "ontology").glob("*.ttl")):
        graph.parse(path, format="turtle")
    terms = {s for s in graph.subjects() if isinstance(s, URIRef) and s.startswith(NAMESPACE) and s != NAMESPACE}
    lines = [
        '"""The cssgraph ontology\'s terms (ontology/*.ttl), written by scripts/vocabulary.py: do not',
        "edit. A misspelt term is an AttributeError where it is used, never a new IRI in the data.",
        '"""',
        "",
        "from rdflib.namespace import DefinedNamespace, Namespace",
        "from rdflib.term import URIRef",
        "",
        "",
        "class CSSG(DefinedNamespace):",
        '    _NS = Namespace("' + NAMESPACE + '")',
        "    _fail = True",
    ]
    placed: set = set()
    for kind, heading in KINDS + [(None, "other terms")]:
        group = sorted(t for t in terms - placed if kind is None or (t, RDF.type, kind) in graph)
        if not group:
            continue
        lines += ["", f"    # {heading}"]
        for term in group:
            label = next(
                (str(v) for v in graph.objects(term, RDFS.label) if isinstance(v, Literal) and v.language == "en"), ""
            )
            lines.append(f"    {term[len(NAMESPACE) :]}: URIRef  # {label}".rstrip(" #"))
        placed |= set(group)
    lines += [
        "",
        "",
        "class _Strings:",
        '    """The same terms as plain strings, for code that works with pyoxigraph (whose IRIs are',
        '    strings: an rdflib URIRef never equals a str, nor hashes like one). Misspelt, an error too."""',
        "",
        "    def __getattr__(self, name: str) -> str:",
        "        return str(getattr(CSSG, name))",
        "",
        "    __getitem__ = __getattr__",
        "",
        "",
        "cssg = _Strings()",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    TARGET.write_text(module_text(), encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}", file=sys.stderr)
