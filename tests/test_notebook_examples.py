"""Notebook examples write their ``.ipynb`` text when first read, and equal the eager Example."""

from __future__ import annotations

from linter.kit.examples import code_cell, notebook, notebook_example, stream_output
from linter.model import Example, at


def test_the_text_is_written_when_first_read_and_equals_the_eager_example() -> None:
    cells = (code_cell("import pickle\npickle.load(f)", outputs=[stream_output("done\n")]),)
    lazy = notebook_example(*cells, expect=(at(2, 1, cell=1),), title="t", fixed=[code_cell("x = 1")])
    assert "source" not in vars(lazy) and "fixed" not in vars(lazy)
    eager = Example(notebook(*cells), (at(2, 1, cell=1),), "example.ipynb", "t", notebook(code_cell("x = 1")))
    assert lazy == eager and eager == lazy and hash(lazy) == hash(eager)
    assert lazy.source == eager.source and lazy.fixed == eager.fixed
    assert notebook_example(*cells).fixed is None
    assert lazy != notebook_example(code_cell("y = 2"))
