"""linter.engine.spans.statement_lines: the one (first, last) line span of a statement that the
chunking, the member positions, the bandit pruning and the facts' docstring lines share."""

from __future__ import annotations

import ast

from linter.engine.spans import statement_lines


def _spans(code: str) -> list[tuple[int, int]]:
    return [statement_lines(stmt) for stmt in ast.parse(code).body]


def test_simple_and_multi_line_statements() -> None:
    assert _spans("x = 1\ny = (\n    2,\n)\n") == [(1, 1), (2, 4)]


def test_decorators_are_part_of_the_statement() -> None:
    code = "@app.route(\n    '/'\n)\n@cache\ndef index():\n    return 1\n\n\n@dataclass\nclass A:\n    x: int\n"
    assert _spans(code) == [(1, 6), (9, 11)]


def test_statements_sharing_a_line_keep_their_own_span() -> None:
    assert _spans("a = 1; b = (2,\n 3)\n") == [(1, 1), (1, 2)]


def test_nested_statements_and_docstrings() -> None:
    function = ast.parse('def f():\n    """doc\n    more"""\n    return 1\n').body[0]
    assert isinstance(function, ast.FunctionDef)
    assert [statement_lines(s) for s in function.body] == [(2, 3), (4, 4)]
