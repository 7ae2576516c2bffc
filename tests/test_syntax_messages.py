"""MLS001 names the grammar it used, and code that only a newer Python accepts is reported as
needing that version (issue 20, class 1)."""

from __future__ import annotations

import sys

import pytest

from linter.api import lint_source
from linter.engine.parsing import required_python
from linter.kit.examples import code_cell, notebook

RUNNING = ".".join(map(str, sys.version_info[:2]))


@pytest.mark.parametrize(
    ("source", "needed"),
    [
        ("class Node[T](tuple):\n    pass\n", ((3, 12), "type parameters")),
        ("type Vector = list[float]\n", ((3, 12), "a type statement")),
        ("def f[T = int](x: T) -> T:\n    return x\n", ((3, 13), "a type parameter default")),
        ("name = t'hello {user}'\n", ((3, 14), "a template string")),
        ("try:\n    run()\nexcept* ValueError:\n    pass\n", ((3, 11), "except*")),
        (
            "try:\n    run()\nexcept ValueError, TypeError:\n    pass\n",
            ((3, 14), "several exception types without parentheses"),
        ),
    ],
)
def test_constructs_of_newer_pythons_are_named(source: str, needed: tuple) -> None:
    assert required_python(source) == needed


@pytest.mark.parametrize("source", ["def broken(:\n    pass\n", "y = " + "[" * 300 + "]" * 300, "x = (1,\n"])
def test_look_alike_broken_or_deep_code_needs_no_newer_python(source: str) -> None:
    assert required_python(source) is None


def test_plain_syntax_error_names_the_grammar() -> None:
    (finding,) = lint_source(notebook(code_cell("for x in\n")), "nb.ipynb").findings
    assert (finding.code, finding.location.cell, finding.location.line) == ("MLS001", 1, 1)
    assert finding.message == f"syntax error: invalid syntax (Python {RUNNING} grammar)"


def test_code_for_a_newer_python_is_reported_as_such() -> None:
    text = notebook(code_cell("import pickle"), code_cell("type Row = dict[str, int]"), code_cell("pickle.loads(b)"))
    found = [(f.code, f.location.cell, f.message) for f in lint_source(text, "nb.ipynb").findings]
    if sys.version_info >= (3, 12):
        assert [f[:2] for f in found] == [("MLS101", 3)]
    else:
        assert [f[:2] for f in found] == [("MLS001", 2), ("MLS101", 3)]
        assert found[0][2].startswith(f"needs Python 3.12+ (a type statement), newer than the Python {RUNNING}")
