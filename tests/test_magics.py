"""The IPython neutraliser keeps every line in place and records shell/magic commands."""

from __future__ import annotations

import ast

import pytest

from linter.sources.magics import neutralise


def _python(source: str) -> str:
    return "\n".join(neutralise(source, 0).lines)


@pytest.mark.parametrize(
    "source",
    [
        "!pip install torch\nimport pickle",
        "%matplotlib inline\nx = 1",
        "files = !ls -la\nprint(files)",
        "x = %env HOME\n",
        "%%bash\npip install torch\necho done",
        "%%time\nimport pickle\nx = pickle.load(f)",
        "obj?\n??obj\nobj.method??",
        "pip install torch\ncd /tmp",
        "if True:\n    !echo hi\n    %time y = 1",
        "!pip install a \\\n    b \\\n    c\nz = 1",
    ],
)
def test_same_line_count_and_valid_python(source: str) -> None:
    result = neutralise(source, 0)
    assert len(result.lines) == len(source.split("\n"))
    ast.parse("\n".join(result.lines))


def test_python_that_looks_like_magic_is_kept() -> None:
    source = 'x = (a\n     % b)\ns = """\n!not a command\n"""\nls = 3\nls -la\n'
    assert _python(source) == source.rstrip("\n") + "\n"
    assert neutralise(source, 0).magics == ()


def test_shell_line_recorded_with_position() -> None:
    (magic,) = neutralise("import os\n  !pip install torch numpy", 4).magics
    assert (magic.cell, magic.line, magic.column, magic.kind, magic.text) == (
        4,
        2,
        3,
        "shell",
        "pip install torch numpy",
    )


def test_line_magic_text_starts_with_its_name() -> None:
    (magic,) = neutralise("%pip install -U transformers", 0).magics
    assert (magic.kind, magic.magic, magic.text, magic.column) == (
        "line-magic",
        "pip",
        "pip install -U transformers",
        1,
    )


def test_automagic_pip() -> None:
    (magic,) = neutralise("pip install torch", 0).magics
    assert (magic.kind, magic.magic, magic.column) == ("line-magic", "pip", 0)


def test_continuation_lines_join_and_map_back() -> None:
    (magic,) = neutralise("!pip install a \\\n    torch", 0).magics
    offset = magic.text.index("torch")
    assert magic.position(offset) == (2, 4)
    assert magic.position(magic.text.index("a ")) == (1, 13)


def test_cell_magic_body_lines_are_recorded() -> None:
    result = neutralise("%%bash -e\npip install torch\n\necho ok", 2)
    assert [(m.line, m.kind, m.magic, m.text, m.args) for m in result.magics] == [
        (2, "cell-magic", "bash", "pip install torch", "-e"),
        (4, "cell-magic", "bash", "echo ok", "-e"),
    ]
    assert all(not line.strip() for line in result.lines)


def test_time_prefix_cut_with_offset() -> None:
    result = neutralise("%time model = load(x)", 0)
    assert result.lines[0] == "model = load(x)"
    assert result.offsets[0] == len("%time ")


def test_timeit_options_cut() -> None:
    result = neutralise("%timeit -n 10 -r3 f(x)", 0)
    assert result.lines[0] == "f(x)"


def test_capture_cell_body_is_python_and_keeps_shell_lines() -> None:
    result = neutralise("%%capture\n!pip install torch\nimport torch", 0)
    assert result.lines == ("", "pass", "import torch")
    assert [(m.line, m.kind) for m in result.magics] == [(2, "shell")]


def test_writefile_python_body_is_analysed() -> None:
    result = neutralise("%%writefile app.py\nimport pickle\npickle.load(f)", 0)
    assert result.lines == ("", "import pickle", "pickle.load(f)")
