"""The errors users see: bad input, named by file and place, with the fix; and a request the
service refuses, with its HTTP status."""

from __future__ import annotations

from collections.abc import Callable


class InputError(Exception):
    """Input that cssgraph cannot read. The CLI prints it on one line and exits 2.

    ``problem`` and ``fix`` are said in English; written as messages of the catalogues (English
    text with ``%(name)s`` filled from ``values``), the error is said in any language too
    (``said``)."""

    def __init__(
        self,
        source: str,
        problem: str,
        *,
        line: int | None = None,
        column: int | None = None,
        fix: str | None = None,
        values: dict[str, object] | None = None,
    ):
        self.source = source
        self.problem = problem
        self.line = line
        self.column = column
        self.fix = fix
        self.values = values or {}
        super().__init__(str(self))

    def __reduce__(self) -> tuple[Callable[..., InputError], tuple[object, ...]]:
        # Picklable, so that an error found in a worker process reaches the parent whole.
        return (_rebuild, (self.source, self.problem, self.line, self.column, self.fix, self.values))

    def __str__(self) -> str:
        return self.said("en")

    def said(self, lang: str) -> str:
        """The error on one line in ``lang`` (fr, nl or en): place, problem, (fix)."""
        from cssgraph.i18n import translate, translations

        def words(message: str) -> str:
            # (a message without values may hold a bare %: it is not a template then)
            return translate(lang, message, **self.values) if self.values else translations(lang).gettext(message)

        place = _shown(self.source, 300)
        if self.line is not None:
            place += f":{self.line}"
            if self.column is not None:
                place += f":{self.column}"
        text = f"{place}: {_shown(words(self.problem), 500)}"
        return f"{text} ({_shown(words(self.fix), 300)})" if self.fix else text


class ServiceError(Exception):
    """A request the service refuses: an HTTP status and a message for the person."""

    def __init__(self, status: int, message: str, values: dict[str, object] | None = None):
        self.values = values or {}
        super().__init__(message % self.values if self.values else message)
        self.status = status
        self.template = message  # a message of the catalogues when values are given
        self.message = message % self.values if self.values else message

    def said(self, lang: str) -> str:
        """The refusal in ``lang``, for a person (a page); programs get ``message``, in English."""
        from cssgraph.i18n import translate, translations

        return (
            translate(lang, self.template, **self.values) if self.values else translations(lang).gettext(self.template)
        )

    @property
    def body(self) -> dict[str, str | int]:
        """The refusal as the JSON APIs (SPARQL, validation) answer it."""
        return {"error": self.message, "status": self.status}

    @property
    def headers(self) -> dict[str, str] | None:
        """A busy server says when to come back."""
        return {"Retry-After": "5"} if self.status in (429, 503) else None


def size_text(size: int) -> str:
    """A limit in bytes as a person reads it: 10 MB, 64 KB, 2000 bytes."""
    if size and size % 2**20 == 0:
        return f"{size // 2**20} MB"
    return f"{size // 1024} KB" if size and size % 1024 == 0 else f"{size} bytes"


def _shown(text: str, limit: int) -> str:
    """What an error line may quote of its input: one line, no terminal escapes, a short excerpt."""
    text = "".join(char if char.isprintable() else repr(char)[1:-1] for char in str(text))
    return text if len(text) <= limit else text[:limit] + "…"


def _rebuild(
    source: str, problem: str, line: int | None, column: int | None, fix: str | None, values: dict[str, object]
) -> InputError:
    return InputError(source, problem, line=line, column=column, fix=fix, values=values)
