"""Builders for rule examples that are notebooks: ``notebook(code_cell("..."), markdown_cell("..."))`` gives
the ``.ipynb`` text of a small nbformat 4.5 notebook. Rule classes use these in VALID/INVALID.

Cell sources, stream texts and result texts may be indented triple-quoted blocks, normalised by
:func:`linter.model.example_text` as :class:`linter.model.Example` describes."""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping, Sequence
from typing import Any

from linter.model import Example, Expected, example_text

KERNELSPEC = {"display_name": "Python 3", "language": "python", "name": "python3"}


def _lines(text: str) -> list[str]:
    return example_text(text).splitlines(keepends=True)


def code_cell(source: str, outputs: Sequence[Mapping[str, Any]] = (), tags: Sequence[str] = ()) -> dict[str, Any]:
    return {
        "cell_type": "code",
        "execution_count": None,
        "metadata": {"tags": list(tags)} if tags else {},
        "outputs": [dict(o) for o in outputs],
        "source": _lines(source),
    }


def markdown_cell(source: str) -> dict[str, Any]:
    return {"cell_type": "markdown", "metadata": {}, "source": _lines(source)}


def stream_output(text: str, name: str = "stdout") -> dict[str, Any]:
    return {"output_type": "stream", "name": name, "text": _lines(text)}


def result_output(data: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "output_type": "execute_result",
        "execution_count": 1,
        "metadata": {},
        "data": {k: _lines(v) if isinstance(v, str) else v for k, v in data.items()},
    }


def error_output(ename: str, evalue: str, traceback: Sequence[str]) -> dict[str, Any]:
    return {"output_type": "error", "ename": ename, "evalue": evalue, "traceback": list(traceback)}


def notebook(*cells: Mapping[str, Any]) -> str:
    """The JSON text of a notebook holding ``cells`` (ids ``cell-1``, ``cell-2``...)."""
    numbered = [{"id": f"cell-{i}", **cell} for i, cell in enumerate(cells, start=1)]
    document = {
        "cells": numbered,
        "metadata": {"kernelspec": KERNELSPEC, "language_info": {"name": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    return json.dumps(document, indent=1) + "\n"


def notebook_example(
    *cells: Mapping[str, Any],
    expect: Sequence[Expected] = (),
    title: str = "",
    fixed: Sequence[Mapping[str, Any]] | None = None,
) -> Example:
    """A notebook example; ``fixed`` lists the cells after the rule's fixes (the expected notebook
    text is then built the same way, so only the fixed cells may differ)."""
    return NotebookExample(cells, tuple(expect), title, None if fixed is None else tuple(fixed))


class NotebookExample(Example):
    """A notebook :class:`Example` whose ``.ipynb`` texts (``source``, and ``fixed`` when the cells
    after the fixes are given) are written when first read: a run imports the modules of the rules
    a document needs, examples included, and writing every example notebook's JSON was a tenth of
    that import. Equal to the :class:`Example` of the same texts."""

    _cells: tuple[Mapping[str, Any], ...]
    _fixed_cells: tuple[Mapping[str, Any], ...] | None

    def __init__(
        self,
        cells: Sequence[Mapping[str, Any]],
        expect: tuple[Expected, ...],
        title: str,
        fixed_cells: tuple[Mapping[str, Any], ...] | None,
    ) -> None:
        object.__setattr__(self, "_cells", tuple(cells))
        object.__setattr__(self, "_fixed_cells", fixed_cells)
        object.__setattr__(self, "expect", expect)
        object.__setattr__(self, "path", "example.ipynb")
        object.__setattr__(self, "title", title)

    @functools.cached_property
    def source(self) -> str:
        return notebook(*self._cells)

    @functools.cached_property
    def fixed(self) -> str | None:
        return None if self._fixed_cells is None else notebook(*self._fixed_cells)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Example):
            return NotImplemented
        return _fields(self) == _fields(other)

    __hash__ = Example.__hash__


def _fields(example: Example) -> tuple[object, ...]:
    return (example.source, example.expect, example.path, example.title, example.fixed)


def cell_sources(example: Example) -> list[tuple[str, str]]:
    """(cell kind, source) of each cell of a notebook example, for docs."""
    data = json.loads(example.source)
    return [(c["cell_type"], "".join(c["source"])) for c in data["cells"]]
