"""The interface's words in French, Dutch and English, and the templates that hold its HTML.

The words are gettext catalogues, one per language (``locale/<lang>/LC_MESSAGES/cssgraph.po``),
whose message ids are the English text; Babel reads them (no compiled ``.mo`` is kept) and
extracts the messages from the code and the templates (``make messages``). The pages, the upload
page, the reports (HTML and text) and the CLI all take their words from here, so a language is
complete or visibly not (``tests/test_i18n.py``).

In a message, values are named ``%(name)s`` and a literal percent sign is ``%%``, in Python as in
the templates (Jinja2's "new style" gettext): one convention for translators.
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from cssgraph.settings import LANGUAGES

LOCALE = Path(__file__).parent / "locale"
DOMAIN = "cssgraph"


def catalogue_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def translations(lang: str) -> Translations:
    """The catalogue of ``lang`` (fr, nl or en), compiled in memory once."""
    if lang not in LANGUAGES:
        raise ValueError(f"no catalogue for {lang!r}: the interface speaks {', '.join(LANGUAGES)}")
    with catalogue_path(lang).open("rb") as po:
        catalogue = read_po(po, locale=lang, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalogue)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def translate(lang: str, message: str, **values: object) -> str:
    """``message`` in ``lang``, its ``%(name)s`` filled from ``values``."""
    return translations(lang).gettext(message) % values


def translate_plural(lang: str, singular: str, plural: str, count: int, **values: object) -> str:
    """The form of ``singular``/``plural`` that ``count`` takes in ``lang`` (``%(num)d`` is the count)."""
    return translations(lang).ngettext(singular, plural, count) % {"num": count, **values}


def marked(message: str) -> str:
    """A message named where it cannot be translated yet (a table of severities, a menu): marked
    for extraction, translated where it is shown."""
    return message


@cache
def environment(lang: str) -> Environment:
    """The templates (``templates/``) rendered in ``lang``: ``_()`` and ``ngettext()`` translate,
    everything echoed is escaped, an undefined name is an error rather than an empty string."""
    env = Environment(
        loader=PackageLoader("cssgraph", "templates"),
        autoescape=select_autoescape(("html", "svg")),
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]  # added by the i18n extension
    env.globals["lang"] = lang
    env.globals["languages"] = LANGUAGES
    return env


def render(template: str, lang: str, **context: object) -> str:
    """A template rendered in ``lang`` with ``context``."""
    return environment(lang).get_template(template).render(**context)
