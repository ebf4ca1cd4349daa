"""Every word of the interface exists in the three catalogues (fr, nl, en), with the same values
to fill as its English message, and the catalogues hold no message the code no longer uses."""

from __future__ import annotations

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from cssgraph.i18n import catalogue_path
from cssgraph.settings import LANGUAGES

from conftest import ROOT

# As `make messages` extracts them (Makefile): the keywords of cssgraph.i18n and Jinja2's.
KEYWORDS = {"translate": (2,), "translate_plural": (2, 3), "marked": None, "_": None, "ngettext": (1, 2)}
METHODS = [("cssgraph/**.py", "python"), ("cssgraph/templates/**.html", "jinja2")]


def used_messages() -> set[str]:
    return {
        message if isinstance(message, str) else message[0]
        for _, _, message, _, _ in extract_from_dir(str(ROOT), METHODS, keywords=KEYWORDS)
    }


def test_the_code_and_the_templates_use_messages():
    used = used_messages()
    # one from Python, one from a template, one plural: the extraction sees all three kinds
    assert {"Municipality", "Skip to the content", "%(num)d convention"} <= used


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_is_translated_with_the_same_values_to_fill(lang):
    with catalogue_path(lang).open("rb") as po:
        catalogue = read_po(po, locale=lang)
    held = {m.id if isinstance(m.id, str) else m.id[0]: m for m in catalogue if m.id}
    used = used_messages()
    assert sorted(used - held.keys()) == [], f"untranslated in {lang}: run `make messages` and translate them"
    assert sorted(held.keys() - used) == [], f"no longer used, still in {lang}: run `make messages`"
    untranslated = [key for key, m in held.items() if not (m.string if isinstance(m.string, str) else all(m.string))]
    assert untranslated == [] and [key for key, m in held.items() if m.fuzzy] == []
    # Babel's checks: the %(name)s of each translation are those of its message
    problems = [(message.id, [str(error) for error in errors]) for message, errors in catalogue.check()]
    assert problems == []
