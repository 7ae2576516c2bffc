"""jupyterlab-lsp's rewritten IPython syntax in a Python document (linter/sources/ipython_calls.py):
its `get_ipython()` forms still have their installs checked, at the package's position."""

from __future__ import annotations

from linter.api import lint_source
from linter.sources.ipython_calls import shell_calls


def _at(text: str) -> list[tuple[str, int, int]]:
    return [(f.code, f.location.line, f.location.column) for f in lint_source(text, "joined.py").findings]


def test_unquoted_getoutput_line_becomes_a_shell_command() -> None:
    code, magics = shell_calls('import os\nout = get_ipython().getoutput("pip install "torch>=2"")\n')
    assert code == "import os\nout = None\n"
    (magic,) = magics
    assert (magic.cell, magic.line, magic.column, magic.kind, magic.text) == (
        None,
        2,
        31,
        "shell",
        'pip install "torch>=2"',
    )


def test_valid_python_is_left_to_the_code_rules() -> None:
    text = 'get_ipython().getoutput("pip install torch")\nx = "get_ipython().getoutput(\\"a\\")"\n'
    assert shell_calls(text) == (text, ())


def test_every_jupyterlab_lsp_form_is_checked() -> None:
    text = (
        "import os\n"
        'get_ipython().getoutput("pip install torch")\n'
        'get_ipython().run_line_magic("pip", " install transformers")\n'
        'files = get_ipython().getoutput("pip install "datasets>=2" peft==0.13.2")\n'
        'get_ipython().run_cell_magic("bash", "", """pip install accelerate\necho hi\n""")\n'
    )
    assert _at(text) == [
        ("MLS401", 2, 38),
        ("MLS401", 3, 47),
        ("MLS401", 4, 47),
        ("MLS401", 5, 57),
    ]


def test_a_broken_getoutput_line_no_longer_breaks_the_document() -> None:
    text = 'import pickle\nget_ipython().getoutput("echo "hi"")\nobj = pickle.loads(blob)\n'
    assert _at(text) == [("MLS101", 3, 7)]
