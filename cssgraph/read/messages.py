"""What the reader says about the lines of a document it could not read, or read with a doubt, and
about a title or party it cannot build a convention from: each message by its key (what a
``Problem`` names, and what the JSON reports give), in English; its French and Dutch are in the
catalogues (``cssgraph/locale/``, see ``cssgraph.i18n``). ``%(name)s`` is filled by the reader,
``%(name)r`` quoted as the document wrote it."""

from __future__ import annotations

from cssgraph.i18n import marked, translate

MESSAGES = {
    "unread_preamble": marked("not understood in the title and parties"),
    "unread_outside": marked("text outside the template's parts"),
    "unread_signature": marked("not understood in the signature block"),
    "no_title": marked("no title found: expected at the top, before “Entre d’une part” / “Tussen enerzijds”"),
    "no_period": marked("the title gives no period (e.g. “2018-2019”), nor do the start and end dates"),
    "no_type": marked(
        "the title does not name the convention type (security and society contract, or strategic security and prevention plan)"
    ),
    "no_state_clause": marked(
        "State clause not found: expected “the State, represented by the Minister of the Interior …”"
    ),
    "no_state_post": marked("State clause: its representative (“represented by the Minister …”) was not found"),
    "no_municipality_clause": marked(
        "municipality clause not found: expected “the City of …, represented by the municipal council …”"
    ),
    "no_municipality_name": marked(
        "municipality clause: the name of the city or municipality was not found (“la Ville de …” / “de Stad …”)"
    ),
    "no_council": marked("municipality clause: the municipal council that represents it is not named"),
    "no_persons": marked("municipality clause: no person (Madame, Monsieur, Mevrouw, De heer …) acts for the council"),
    "no_decision": marked("municipality clause: the council decision and its date were not found"),
    "amount_not_understood": marked("amount not understood: %(text)r (write it like 276 041,89 or 276.041,89)"),
    "amount_without_year": marked("amount with no year: %(text)r (expected “pour 2018” / “voor 2018” after it)"),
    "duty_action_unknown": marked(
        "duty whose action is not recognised: %(text)r (expected: use the subsidies, inform, allow control, assist it)"
    ),
    "duties_not_understood": marked(
        "general provision that seems to state duties without the expected wording (“Les autorités locales s’engagent à …” / “De lokale overheden verbinden zich ertoe …”): its duties are not read"
    ),
    "duty_without_bearer": marked(
        "duty with no recognised bearer: %(text)r (expected “Les autorités locales s’engagent à …” / “De lokale overheden verbinden zich ertoe …”)"
    ),
    "date_out_of_range": marked("date out of range: %(text)r"),
    "period_not_understood": marked(
        "period not understood: expected “entre en vigueur le … et se termine le …” / “treedt in werking op … en eindigt op …”"
    ),
    "sector_outside_section": marked("activity sector outside any section (I, II…)"),
    "list_without_objective": marked("list without a strategic objective before it"),
    "heading_by_likeness": marked("read as the heading “%(heading)s” (written differently)"),
    "joined_capitalised": marked(
        "line joined to the item before although it starts with a capital: check that it is not a new item"
    ),
    "no_signing_sentence": marked("signature sentence not understood: expected place, date and number of copies"),
    "signing_part_missing": marked("signature sentence: %(part)s not found"),
    "signatory_without_side": marked(
        "signatory with no side (“Pour l’État” / “Voor de Staat” missing): placed with %(side)s from the capacity"
    ),
    "signatory_unplaced": marked(
        "signatory with no side: neither “Pour l’État” nor “Pour la Ville” comes before, and the capacity does not say"
    ),
    "encoding_fallback": marked("the file is not UTF-8: read as Windows-1252; save it as UTF-8 to be sure"),
    "state": marked("the State"),
    "municipality": marked("the municipality"),
    "place": marked("the place"),
    "date": marked("the date"),
    "copies": marked("the number of copies"),
    "fix_title": marked("check the document's title (convention type and period, e.g. “… 2018-2019 …”)"),
    "fix_municipality_clause": marked("check the municipality clause (“la Ville de …” / “de Stad …”) or the title"),
    "unknown_municipality": marked("unknown municipality %(name)r"),
    "fix_unknown_municipality": marked("add it with its NIS code to the reference data (data/reference.trig)"),
    "split_capitalised": marked(
        "a new item started here although the line before is full: check that it does not continue the item before"
    ),
    "clause_part_not_understood": marked(
        "part of the clause was not understood and is missing from the graph: “%(text)s”"
    ),
}


def message(key: str, language: str, **params: object) -> str:
    """The message ``key`` in ``language`` (fr, nl or en), its values filled from ``params``."""
    return translate(language, MESSAGES[key], **params)
