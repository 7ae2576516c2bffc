"""Property tests of notebook splices: for random notebooks written in random styles (indent,
ASCII escapes, CRLF, one string or one line an item) and a random edit of one cell, the patched
text decodes to exactly the edited notebook, and every byte before and after that cell's source
value is unchanged."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter.fix.splices import NotebookPatcher, PatchError
from linter.model import Edit
from linter.sources.reading import document_from_text

LINE = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"),
    max_size=12,
)
SOURCE = st.lists(LINE, min_size=1, max_size=5).map("\n".join)


@st.composite
def cases(draw: st.DrawFn) -> tuple[str, list[str], int, Edit, str]:
    sources = draw(st.lists(SOURCE, min_size=1, max_size=4))
    lines_style = draw(st.booleans())
    cells = [
        {
            "cell_type": "code",
            "execution_count": None,
            "id": f"c{i}",
            "metadata": {},
            "outputs": [],
            "source": s.splitlines(keepends=True) if lines_style else s,
        }
        for i, s in enumerate(sources)
    ]
    nb = {"cells": cells, "metadata": {"kernelspec": {"name": "python3"}}, "nbformat": 4, "nbformat_minor": 5}
    raw = json.dumps(nb, indent=draw(st.sampled_from([None, 1, 2])), ensure_ascii=draw(st.booleans()))
    if draw(st.booleans()):
        raw = raw.replace("\n", "\r\n")
    index = draw(st.integers(0, len(sources) - 1))
    lines = sources[index].split("\n")
    line = draw(st.integers(1, len(lines)))
    column = draw(st.integers(1, len(lines[line - 1]) + 1))
    end_line = draw(st.integers(line, len(lines)))
    end_column = draw(st.integers(column if end_line == line else 1, len(lines[end_line - 1]) + 1))
    text = draw(st.lists(LINE, min_size=1, max_size=3).map("\n".join))
    return raw, sources, index, Edit(index + 1, None, line, column, end_line, end_column, text), text


def _offset(source: str, line: int, column: int) -> int:
    return sum(len(part) + 1 for part in source.split("\n")[: line - 1]) + column - 1


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_random_edits_change_only_their_cell(case: tuple[str, list[str], int, Edit, str]) -> None:
    raw, sources, index, edit, text = case
    try:
        splices = NotebookPatcher(raw, document_from_text(raw, "nb.ipynb")).splices(edit)
    except PatchError as error:  # only a style that cannot be told, or nothing to edit, may be refused
        assert "mixes escaped and raw non-ASCII" in str(error) or (sources[index] == "" and "empty list" in str(error))
        return
    (splice,) = splices
    patched = raw[: splice.start] + splice.text + raw[splice.end :]
    source = sources[index]
    expected = (
        source[: _offset(source, edit.line, edit.column)]
        + text
        + source[_offset(source, edit.end_line, edit.end_column) :]
    )
    got = json.loads(patched)
    value = got["cells"][index]["source"]
    assert ("".join(value) if isinstance(value, list) else value) == expected
    original = json.loads(raw)
    original["cells"][index]["source"] = value
    assert got == original
    cell_start = raw.index(f'"c{index}"')
    next_cell = raw.find(f'"c{index + 1}"') if index + 1 < len(sources) else len(raw)
    assert cell_start <= splice.start <= splice.end <= next_cell
    if isinstance(value, list) and value:  # one line an item stays so
        assert all(item.endswith("\n") and "\n" not in item[:-1] for item in value[:-1]) and "\n" not in value[-1][:-1]
