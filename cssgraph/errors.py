"""The one error type users see: bad input, named by file and place, with the fix."""

from __future__ import annotations


class InputError(Exception):
    """Input that cssgraph cannot read. The CLI prints it on one line and exits 2."""

    def __init__(self, source: str, problem: str, *, line: int | None = None,
                 column: int | None = None, fix: str | None = None):
        self.source = source
        self.problem = problem
        self.line = line
        self.column = column
        self.fix = fix
        super().__init__(str(self))

    def __reduce__(self):
        # Picklable, so that an error found in a worker process reaches the parent whole.
        return (_rebuild, (self.source, self.problem, self.line, self.column, self.fix))

    def __str__(self) -> str:
        place = _shown(self.source, 300)
        if self.line is not None:
            place += f":{self.line}"
            if self.column is not None:
                place += f":{self.column}"
        text = f"{place}: {_shown(self.problem, 500)}"
        return f"{text} ({_shown(self.fix, 300)})" if self.fix else text


def _shown(text: str, limit: int) -> str:
    """What an error line may quote of its input: one line, no terminal escapes, a short excerpt."""
    text = "".join(char if char.isprintable() else repr(char)[1:-1] for char in str(text))
    return text if len(text) <= limit else text[:limit] + "…"


def _rebuild(source: str, problem: str, line: int | None, column: int | None, fix: str | None) -> InputError:
    return InputError(source, problem, line=line, column=column, fix=fix)
