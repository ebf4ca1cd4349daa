"""Unusual and damaged documents: a clause that is not understood costs that clause, not the
document; every line is used or reported, with its place and what was expected, in the
document's language or the user's; doubts are reported and ``--strict`` refuses them."""

from __future__ import annotations

import pytest

from cssgraph.build import document_quads
from cssgraph.query import run_query
from cssgraph.read.documents import read_document
from cssgraph.read.extract import extract

from conftest import SOURCE, run_cli
from facts import CORPUS, differences, expected, facts_file, observed

GENT = CORPUS / "gent-2018-2019.nl.txt"
LIEGE = CORPUS / "liege-2018-2019.fr.txt"


def _changed(tmp_path, source, old: str, new: str, name: str | None = None):
    text = source.read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / (name or source.name)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _line_of(path, words: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").split("\n"), start=1) if words in line)


# Each: (source, text replaced, replacement, words of the line that must be reported, message key)
UNUSUAL = {
    "a sentence the template does not have": (
        LIEGE,
        "IL EST CONVENU CE QUI SUIT :",
        "IL EST CONVENU CE QUI SUIT :\nLe présent texte annule le précédent.",
        "Le présent texte annule le précédent.",
        "unread_preamble",
    ),
    "a line between a sector and its objectives": (
        LIEGE,
        "Secteur d’activité 1\n",
        "Secteur d’activité 1\n\nVoir annexe 3.\n\n",
        None,
        None,
    ),
    "a line after the signatories": (
        GENT,
        "Mevr. Els VAN DAMME, algemeen directeur",
        "Mevr. Els VAN DAMME, algemeen directeur\n(paraaf)",
        "(paraaf)",
        "unread_signature",
    ),
    "an extra condition inside the municipality clause": (
        LIEGE,
        "en vertu de la délibération",
        "sous réserve de l’approbation de l’autorité de tutelle, en vertu de la délibération",
        "sous réserve de l’approbation",
        "clause_part_not_understood",
    ),
    "an extra phrase inside the State clause": (
        GENT,
        "met zetel in de Wetstraat 2",
        "die de bevoegde diensten vertegenwoordigt, met zetel in de Wetstraat 2",
        "die de bevoegde diensten",
        "clause_part_not_understood",
    ),
    "an amount that does not parse": (
        LIEGE,
        "€ 1.487.263,54",
        "€ 1.487.2G3,54",
        "€ 1.487.2G3,54",
        "amount_not_understood",
    ),
    "an impossible date": (GENT, "24/01/2019", "31/02/2019", "31/02/2019", "date_out_of_range"),
    "duties without the undertaking the profile knows": (
        GENT,
        "De lokale overheden verbinden er zich toe",
        "De lokale overheden beloven",
        "De lokale overheden beloven",
        "duties_not_understood",
    ),
    "duties whose bearer is not said in the template's words": (
        LIEGE,
        "La Ville s’engage à",
        "Le bénéficiaire s’engage à",
        "Le bénéficiaire s’engage à",
        "duty_without_bearer",
    ),
    "a municipality clause without its council and persons": (
        GENT,
        "vertegenwoordigd door de gemeenteraad, voor wie optreden dhr. Mathias DE CLERCQ, burgemeester, en mevr. "
        "Els VAN DAMME, algemeen directeur, ",
        "",
        "de Stad Gent",
        "no_council",
    ),
    "a signing sentence without its date": (
        GENT,
        "Aldus opgemaakt in twee exemplaren te Gent, op 31 januari 2019.",
        "Aldus opgemaakt in twee exemplaren te Gent.",
        "Aldus opgemaakt",
        "signing_part_missing",
    ),
}


@pytest.mark.parametrize("case", sorted(UNUSUAL))
def test_no_line_is_silently_lost(case, tmp_path):
    source, old, new, reported, key = UNUSUAL[case]
    path = _changed(tmp_path, source, old, new)
    quads, extraction = document_quads(path)
    assert extraction.unaccounted() == []
    if reported is not None:
        line = _line_of(path, reported)
        assert (line, key) in [(p.line.number, p.key) for p in extraction.problems], extraction.problems
    # The graph says it is incomplete when something was not understood.
    marked = any(q.predicate.value.endswith("linesNotUnderstood") for q in quads)
    assert marked == bool(extraction.not_understood)


def test_a_clause_not_understood_costs_that_clause_not_the_document(tmp_path):
    # Without its council and persons, the municipality clause still names the city, and the
    # rest of the convention is read whole: the trace is the one the author wrote down.
    source, old, new, *_ = UNUSUAL["a municipality clause without its council and persons"]
    path = _changed(tmp_path, source, old, new)
    quads, extraction = document_quads(path)
    wrong = differences(expected(facts_file(GENT)), observed(quads))
    assert [w.split(":")[0] for w in wrong] == ["municipality", "acting"]
    assert {p.key for p in extraction.problems} == {"no_council", "no_persons"}


def test_without_the_party_anchors_the_clauses_are_still_found(tmp_path):
    path = _changed(tmp_path, LIEGE, "ENTRE :\n\n", "")
    path = _changed(tmp_path, path, "ET :\n\n", "")
    quads, extraction = document_quads(path)
    assert differences(expected(facts_file(LIEGE)), observed(quads)) == []
    assert extraction.problems == [] and extraction.unaccounted() == []


def test_the_ministers_name_before_the_post_is_read(tmp_path):
    path = _changed(
        tmp_path,
        LIEGE,
        "représenté par le Ministre de la Sécurité et de l’Intérieur",
        "représenté par Monsieur Pieter DE CREM, Ministre de la Sécurité et de l’Intérieur",
    )
    quads, extraction = document_quads(path)
    assert differences(expected(facts_file(LIEGE)), observed(quads)) == []
    assert extraction.problems == []
    convention = "https://w3id.org/cssgraph/id/convention/62063/css/2018-2019"
    acting = {(q.subject.value, q.object.value) for q in quads if q.predicate.value.endswith("#actingPerson")}
    # the same person who signs for the State
    assert (f"{convention}/representation/1", f"{convention}/person/de-crem") in acting
    assert run_cli("validate", str(path)).returncode == 0


def test_messages_are_in_the_documents_language_or_the_users(tmp_path):
    path = _changed(
        tmp_path, GENT, "Mevr. Els VAN DAMME, algemeen directeur", "Mevr. Els VAN DAMME, algemeen directeur\n(paraaf)"
    )
    dutch = run_cli("extract", str(path))
    assert "niet begrepen in het handtekeningenblok — «(paraaf)»" in dutch.stderr
    english = run_cli("extract", str(path), "--lang", "en")
    assert "not understood in the signature block — «(paraaf)»" in english.stderr
    unknown = _changed(
        tmp_path, GENT, "de Stad Gent, vertegenwoordigd", "de Stad Gentbrugge, vertegenwoordigd", "x.txt"
    )
    unknown.write_text(unknown.read_text(encoding="utf-8").replace("STAD GENT", "STAD GENTBRUGGE"), encoding="utf-8")
    refused = run_cli("extract", str(unknown))
    assert refused.returncode == 2 and "onbekende gemeente: 'Gentbrugge'" in refused.stderr
    assert "voeg ze met haar NIS-code toe" in refused.stderr and "Traceback" not in refused.stderr


def test_doubts_are_reported_and_strict_refuses_them(tmp_path):
    # A file in Windows-1252: read, and said so; --strict refuses to guess.
    path = tmp_path / "liege.txt"
    path.write_bytes(LIEGE.read_text(encoding="utf-8").replace("\u00a0", " ").encode("cp1252"))
    extraction = extract(read_document(path))
    assert [(p.key, p.doubt) for p in extraction.problems] == [("encoding_fallback", True)]
    assert extraction.unaccounted() == []
    relaxed = run_cli("extract", str(path), "-o", str(tmp_path / "out.trig"))
    assert relaxed.returncode == 0 and "doubt:" in relaxed.stderr and "Windows-1252" in relaxed.stderr
    strict = run_cli("extract", str(path), "--strict", "-o", str(tmp_path / "strict.trig"))
    assert strict.returncode == 2 and not (tmp_path / "strict.trig").exists()


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_other_encodings_read_the_same(encoding, tmp_path):
    path = tmp_path / "verviers.txt"
    path.write_bytes(SOURCE.read_text(encoding="utf-8").encode(encoding))
    quads, extraction = document_quads(path)
    assert extraction.problems == []
    trace = run_query("indicator-trace", data=[_written(quads, tmp_path)]).rows
    assert len(trace) == 13  # the README's trace of the Verviers convention


def _written(quads, folder):
    import pyoxigraph as ox

    path = folder / "graph.trig"
    path.write_bytes(ox.serialize(quads, format=ox.RdfFormat.TRIG))
    return path


def test_provenance_of_a_cleaned_document_points_at_its_own_characters(tmp_path):
    # Soft hyphens, a ligature and non-breaking spaces are cleaned for reading, but the quotes
    # of the provenance are the document's own characters at the right places.
    path = _changed(
        tmp_path, LIEGE, "Contribuer à l’analyse de la menace", "Contri\u00adbuer à l’analyse de la me\ufb01nace"
    )
    path = _changed(tmp_path, path, "dont les bureaux", "dont les bu\u00adreaux")  # shifts all that follows
    quads, _ = document_quads(path)
    text = path.read_text(encoding="utf-8")
    exact = {q.subject.value: q.object.value for q in quads if q.predicate.value.endswith("#exact")}
    starts = {q.subject.value: int(q.object.value) for q in quads if q.predicate.value.endswith("#start")}
    ends = {q.subject.value: int(q.object.value) for q in quads if q.predicate.value.endswith("#end")}
    node = next(s for s, v in exact.items() if v.startswith("Contri\u00adbuer"))
    position = node.replace("#quote", "#position")
    assert text[starts[position] : ends[position]] == exact[node] == "Contri\u00adbuer à l’analyse de la me\ufb01nace"
    labels = [
        q.object.value for q in quads if q.subject.value == node.split("#")[0] and q.predicate.value.endswith("#label")
    ]
    assert labels == ["Contribuer à l’analyse de la mefinace"]


def test_a_compound_cut_at_a_line_end_is_known_from_the_cleaned_text(tmp_path):
    # Word-to-text converters put a zero-width space after a hyphen ("task-\u200bforce"). The
    # reader drops it, so the document writes "task-force" (source line 235), and the same word
    # cut at a line end (line 348 here) joins with its hyphen, not as "taskforce".
    path = _changed(tmp_path, SOURCE, "(task-force locale, cellules", "(task-\u200bforce locale, cellules")
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "d’informations (task-force \n", "d’informations (task-\n\nforce \n", 1
        ),
        encoding="utf-8",
    )
    quads, _ = document_quads(path)
    label = "http://www.w3.org/2000/01/rdf-schema#label"
    labels = [q.object.value for q in quads if q.predicate.value == label and "plateformes" in q.object.value]
    assert labels and all("(task-force locale" in label for label in labels), labels
