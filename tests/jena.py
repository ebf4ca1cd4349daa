"""Apache Jena's SHACL engine, from Debian, as the tests and benchmarks run it."""

from __future__ import annotations

import zipfile
from pathlib import Path

from rdflib import Literal
from rdflib.namespace import SH

from cssgraph.rdfio import rdflib_graph
from cssgraph.resources import shapes_files

JAVA_LIBS = Path("/usr/share/java")


def jena_classpath(scratch: Path) -> str:
    """Debian's Jena jars, one SLF4J binding, and the xerces resources its packaging misplaces."""
    assert (JAVA_LIBS / "jena-shacl.jar").exists(), (
        "Apache Jena is missing: apt-get install libapache-jena-java (`make test` does)"
    )
    resources = scratch / "xerces-resources"
    with zipfile.ZipFile(JAVA_LIBS / "jena-core.jar") as jar:
        for name in jar.namelist():
            if name.startswith("org/apache/jena/ext/xerces/") and name.endswith(".properties"):
                target = resources / "xerces" / name.removeprefix("org/apache/jena/ext/xerces/")
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(jar.read(name))
    jars = [
        p
        for p in sorted(JAVA_LIBS.glob("*.jar"))
        if not p.stem.rsplit("-", 1)[-1][:1].isdigit() and not any(w in p.name for w in ("slf4j", "log4j", "logback"))
    ]
    return ":".join(
        [str(resources), *map(str, jars), str(JAVA_LIBS / "slf4j-api.jar"), str(JAVA_LIBS / "slf4j-simple.jar")]
    )


def jena_shacl(scratch: Path, shapes: Path, data: Path) -> list[str]:
    """The command that validates ``data`` against ``shapes`` with Jena's SHACL engine."""
    import shutil

    return [
        shutil.which("java") or "java",
        "-cp",
        jena_classpath(scratch),
        "shacl.shacl",
        "validate",
        "--shapes",
        str(shapes),
        "--data",
        str(data),
    ]


def english_shapes(path: Path) -> Path:
    """The shapes with their English messages only: Jena 4.5 accepts one sh:message per
    constraint (messages do not change what is checked)."""
    shapes = rdflib_graph(shapes_files())
    for constraint, message in list(shapes.subject_objects(SH.message)):
        if isinstance(message, Literal) and message.language != "en":
            shapes.remove((constraint, SH.message, message))
    shapes.serialize(path, format="turtle")
    return path
