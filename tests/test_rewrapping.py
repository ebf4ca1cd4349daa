"""Property: re-wrapping the Verviers text, adding or removing blank lines and changing
whitespace (trailing spaces, doubled or non-breaking spaces, tabs before bullets lost to the
extraction, CRLF, a BOM) never changes the extracted graph."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cssgraph.build import document_quads

from conftest import SOURCE, curated_verviers, without_provenance

LINES = [line for line in SOURCE.read_text(encoding="utf-8").split("\n") if line.strip()]
# The signature block is laid out, not wrapped: one name or capacity a line.
SIGNATURE = next(i for i, line in enumerate(LINES) if line.startswith("Cette convention a été signé"))
CURATED = curated_verviers()


def _is_continuation(line: str) -> bool:
    return line[:1].islower() and not line.startswith("o ")


@st.composite
def rewrapped_source(draw) -> str:
    blank = st.sampled_from(["", " ", "  ", "\t"])
    space = st.sampled_from([" ", "  ", "\u00a0"])
    out: list[str] = []
    i = 0
    while i < len(LINES):
        line = LINES[i].rstrip()
        in_prose = i + 1 < SIGNATURE
        # undo a wrap: join a line with the continuation that follows it
        if in_prose and i + 1 < len(LINES) and _is_continuation(LINES[i + 1]) and draw(st.booleans()):
            line = line + " " + LINES[i + 1].strip()
            i += 1
        # make a wrap: cut a long line at a space, the rest starting a line of its own
        pieces = [line]
        if in_prose and len(line) > 50 and draw(st.booleans()):
            cuts = [
                k
                for k, c in enumerate(line)
                if c == " "
                and 30 < k < len(line) - 1
                and line[k + 1] not in " o"
                and not re.match(r"\d+\.|[IVX]+\.", line[k + 1 :])
            ]
            if cuts:
                k = draw(st.sampled_from(cuts))
                pieces = [line[:k], line[k + 1 :]]
        for piece in pieces:
            # the space a lost bullet left: any whitespace will do
            prefix = draw(st.sampled_from([" ", "  ", "\t"])) if piece[:1].isspace() else ""
            words = re.sub(" ", lambda _: draw(space), piece.strip(), count=draw(st.integers(0, 2)))
            out.append(prefix + words + draw(blank))
            out += [draw(blank)] * draw(st.integers(0, 2))
        i += 1
    return draw(st.sampled_from(["", "\ufeff"])) + draw(st.sampled_from(["\n", "\r\n"])).join(out)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=rewrapped_source())
def test_rewrapping_never_changes_the_graph(text, tmp_path_factory):
    path = tmp_path_factory.mktemp("rewrapped") / "verviers.txt"
    path.write_bytes(text.encode("utf-8"))
    quads, extraction = document_quads(path)
    assert [(p.line.number, p.reason, p.line.text) for p in extraction.not_understood] == []
    assert without_provenance(quads) == CURATED
