"""Where the supply-chain rules find commands: the magic neutraliser's records for %%capture,
%%script and %%writefile cells, and spans inside Python string literals (Report.inner)."""

from __future__ import annotations

import json

from linter.api import lint_notebook, lint_source
from linter.config import Config
from linter.kit.examples import code_cell, notebook
from linter.sources.magics import neutralise


def _positions(result) -> list[tuple[int | None, int, int, str]]:
    return [(f.location.cell, f.location.line, f.location.column, f.code) for f in result.findings]


def test_capture_cell_keeps_python_and_records_each_install_line() -> None:
    result = neutralise("%%capture\n!pip install a \\\n  b\n%pip install c\npip install d\nimport x", 0)
    assert result.lines == ("", "pass", "", "pass", "pass", "import x")
    assert [(m.line, m.column, m.kind, m.text) for m in result.magics] == [
        (2, 1, "shell", "pip install a \\\n  b"),
        (4, 1, "line-magic", "pip install c"),
        (5, 0, "line-magic", "pip install d"),
    ]


def test_script_and_writefile_bodies_are_cell_magic_lines() -> None:
    script = neutralise("%%script bash --bg\npip install w", 0).magics
    assert [(m.kind, m.magic, m.args, m.text) for m in script] == [
        ("cell-magic", "script", "bash --bg", "pip install w")
    ]
    written = neutralise("%%writefile requirements.txt\ntorch\n", 0).magics
    assert [(m.kind, m.magic, m.args, m.line) for m in written] == [("cell-magic", "writefile", "requirements.txt", 2)]


def test_capture_install_reported_at_each_package_across_continuations() -> None:
    nb = json.loads(notebook(code_cell("%%capture\n!pip install a \\\n  b==1 c\nimport a")))
    assert _positions(lint_notebook(nb, config=Config(select=("MLS401",)))) == [
        (1, 2, 14, "MLS401"),
        (1, 3, 8, "MLS401"),
    ]


def test_writefile_of_a_python_file_or_other_text_is_not_a_requirements_file() -> None:
    nb = json.loads(
        notebook(code_cell("%%writefile notes.txt\ntorch\n"), code_cell("%%writefile app.py\nimport torch\n"))
    )
    assert lint_notebook(nb, config=Config(select=("MLS4",))).findings == ()


def test_span_inside_a_string_literal_and_fallback_when_escaped() -> None:
    text = "import os\nos.system('pip install \"torch>=2\"')\nos.system('pip install\\tnumpy')\n"
    found = lint_source(text, "x.py", Config(select=("MLS401",))).findings
    assert [(f.location.line, f.location.column, f.location.end_column) for f in found] == [
        (2, 25, 34),
        (3, 11, 11 + len("'pip install\\tnumpy'")),
    ]


def test_triple_quoted_multiline_command() -> None:
    text = 'import subprocess\nsubprocess.run(r"""\npip install \\\n    lightgbm\n""", shell=True)\n'
    found = lint_source(text, "x.py", Config(select=("MLS401",))).findings
    assert [(f.location.line, f.location.column) for f in found] == [(4, 5)]


def test_unquoted_specifier_read_as_redirection_is_explained() -> None:
    nb = json.loads(notebook(code_cell("!pip install accelerate>=0.26 -q")))
    (finding,) = lint_notebook(nb, config=Config(select=("MLS401",))).findings
    assert (finding.location.line, finding.location.column) == (1, 14)
    assert "not quoted" in finding.message and ">=0.26" in finding.message
