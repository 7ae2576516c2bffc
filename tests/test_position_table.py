"""linter.engine.member_positions.module_positions gives libcst's PositionProvider table, node for
node, without MetadataWrapper's extra visit (issue 19: the per-finding cost)."""

from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from linter.engine.member_positions import module_positions
from linter.sources.reading import read_path

SAMPLES = Path(__file__).resolve().parent.parent / "test_notebooks"

TRICKY = [
    "x = (a)  # parenthesised\ny = ((b + c)\n     * d)\n",
    "@app.route('/x', methods=['POST'])\ndef f(a, /, b=1, *c, d, **e):\n    return {'k': [a, *c], **e}\n",
    'class C(B, metaclass=M):\n\tdef m(self):\n\t\treturn f"{self.x!r:>{w}}" + """\nmulti\nline"""\n',
    "try:\n    pass\nexcept* (A, B) as e:\n    raise X from e\nfinally:\n    del q\n",
    "match p:\n    case {'a': 1, **rest} | [1, *_] if rest:\n        pass\n",
    "lambda x, *y: (yield x) if x else [i async for i in y]\n",
    "a = 1; b = 2 \\\n    + 3\nwith open(f) as g, h() as i:\n    pass\n",
    "x = 'caf\u00e9'; y = b'\\x00'\r\nz = 1\n",
]


def _parses(code: str) -> bool:
    try:
        cst.parse_module(code)
    except cst.ParserSyntaxError:
        return False
    return True


def _codes() -> list[str]:
    """The tricky snippets and the code of every sample (two samples hold deliberate syntax errors
    in a cell: they are left out, the engine quarantines such cells before libcst sees them)."""
    samples = [read_path(path).code for path in sorted(SAMPLES.iterdir()) if path.suffix in (".py", ".ipynb")]
    return TRICKY + [code for code in samples if _parses(code)]


@pytest.mark.parametrize("code", _codes())
def test_table_equals_libcst_position_provider(code: str) -> None:
    module = cst.parse_module(code)
    expected = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    table = module_positions(module)
    assert len(table) == len(expected)
    for node, span in expected.items():
        assert table[node] == span, cst.Module(body=[]).code_for_node(node)


def test_statement_rendered_alone_matches() -> None:
    module = cst.parse_module("def f():\n  if x:\n    y = pickle.load(h)\n")
    statement = module.body[0]
    alone = module.with_changes(body=[statement], header=[], footer=[])
    expected = MetadataWrapper(alone, unsafe_skip_copy=True).resolve(PositionProvider)
    table = module_positions(alone)
    call = next(node for node in expected if isinstance(node, cst.Call))
    assert (table[call].start.line, table[call].start.column) == (3, 8)
    assert table[call] == expected[call]
