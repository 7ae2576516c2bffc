"""Cell positions map to the raw lines and columns of the .ipynb text, whatever wrote it."""

from __future__ import annotations

import json
import re

import pytest

from linter.sources.raw_positions import RawPositions

CELLS = [
    "import pickle\nmodel = pickle.load(open('m.pkl', 'rb'))\n",
    "# café \"quoted\" \\ back\\slash\tTab\nx = 'naïve 😀 emoji'\n\ny = 1",
    "single line without newline",
    'p = "C:\\\\"; q = "\\\\"\nend = \'\\\\\'\n',
]


def notebook(cells: list[str], split: bool = True) -> dict[str, object]:
    def source(text: str) -> object:
        return text.splitlines(keepends=True) if split else text

    return {
        "cells": [
            {"cell_type": "markdown", "id": "md", "metadata": {}, "source": source("# Title\n")},
            *(
                {
                    "cell_type": "code",
                    "execution_count": None,
                    "id": f"c{index}",
                    "metadata": {},
                    "outputs": [{"name": "stdout", "output_type": "stream", "text": source("out 1\nout 2\n")}],
                    "source": source(text),
                }
                for index, text in enumerate(cells)
            ),
        ],
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def layouts() -> list[tuple[str, str]]:
    found = []
    for split in (True, False):
        data = notebook(CELLS, split)
        found.append((f"indent1-split{split}", json.dumps(data, indent=1, ensure_ascii=False) + "\n"))
        found.append((f"indent2-ascii-split{split}", json.dumps(data, indent=2, ensure_ascii=True)))
        found.append((f"compact-split{split}", json.dumps(data)))
        found.append((f"crlf-split{split}", json.dumps(data, indent=1).replace("\n", "\r\n")))
    found.append(("bom", "\ufeff" + json.dumps(notebook(CELLS), indent=1)))
    return found


def raw_lines(text: str) -> list[str]:
    return re.split(r"\r\n|\n|\r", text)


def decodes_to(raw: str, char: str) -> bool:
    """Does the raw text at a position start with ``char`` written literally or as an escape?"""
    if raw.startswith(char):
        return True
    match = re.match(r"\\(?:u[0-9a-fA-F]{4}(?:\\u[0-9a-fA-F]{4})?|.)", raw)
    return match is not None and json.loads(f'"{match.group()}"') == char


@pytest.mark.parametrize("name,text", layouts(), ids=[name for name, _ in layouts()])
def test_every_source_character_maps_to_itself(name: str, text: str) -> None:
    positions = RawPositions.scan(text)
    assert positions is not None
    lines = raw_lines(text)
    for index, source in enumerate(CELLS):
        cell = index + 2  # cell 1 is the markdown cell
        for line_no, line in enumerate(source.split("\n"), start=1):
            for col, char in enumerate(line, start=1):
                raw_line, raw_col = positions.source(cell, line_no, col)  # type: ignore[misc]
                assert decodes_to(lines[raw_line - 1][raw_col - 1 :], char), (cell, line_no, col, char)


def test_nbformat_layout_puts_each_source_line_on_its_own_raw_line() -> None:
    text = json.dumps(notebook(CELLS), indent=1, ensure_ascii=False) + "\n"
    positions = RawPositions.scan(text)
    assert positions is not None
    lines = raw_lines(text)
    raw_line, raw_col = positions.source(2, 2, 9)  # type: ignore[misc]
    assert lines[raw_line - 1].strip() == "\"model = pickle.load(open('m.pkl', 'rb'))\\n\""
    assert lines[raw_line - 1][raw_col - 1 :].startswith("pickle.load")


def test_single_string_source_keeps_one_raw_line_with_columns_after_escapes() -> None:
    text = json.dumps(notebook(CELLS, split=False), indent=1)
    positions = RawPositions.scan(text)
    assert positions is not None
    first = positions.source(2, 1, 1)
    second = positions.source(2, 2, 9)
    assert first is not None and second is not None
    assert first[0] == second[0]
    assert raw_lines(text)[second[0] - 1][second[1] - 1 :].startswith("pickle.load")


def test_outputs_map_into_their_text() -> None:
    text = json.dumps(notebook(CELLS), indent=1)
    positions = RawPositions.scan(text)
    assert positions is not None
    raw_line, raw_col = positions.output(2, 0, 2, 1)  # type: ignore[misc]
    assert raw_lines(text)[raw_line - 1][raw_col - 1 :].startswith("out 2")


def test_past_the_end_and_unknown_cells() -> None:
    text = json.dumps(notebook(CELLS), indent=1)
    positions = RawPositions.scan(text)
    assert positions is not None
    raw_line, _ = positions.source(4, 1, 500)  # type: ignore[misc]
    assert "single line without newline" in raw_lines(text)[raw_line - 1]
    assert positions.source(99, 1, 1) is None
    assert positions.cell_start(1) == (3, 3)  # line 1 "{", line 2 "\"cells\": [", line 3 the cell


@pytest.mark.parametrize("text", ["", "[]", "{", '{"cells": 3}', "not json", '{"cells": [' * 500, '{"a" 1}'])
def test_bad_input_maps_nothing(text: str) -> None:
    assert RawPositions.scan(text) is None
