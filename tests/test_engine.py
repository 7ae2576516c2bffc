"""The engine: cross-cell resolution, broken cells, bad files, positions and the trigger shortcut."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from linter.api import lint_notebook, lint_paths, lint_source
from linter.engine.ruleset import RuleSet
from linter.engine.run import lint_document
from linter.kit.examples import code_cell, markdown_cell, notebook
from linter.registry import all_rules, select_rules
from linter.sources.reading import document_from_text

SAMPLES = Path(__file__).resolve().parent.parent / "test_notebooks"


def _where(result) -> list[tuple]:
    return [(f.code, f.location.cell, f.location.line, f.location.column) for f in result.findings]


def test_import_in_cell_one_resolves_call_in_cell_nine() -> None:
    cells = [code_cell("import torch as T")] + [markdown_cell("text")] * 7 + [code_cell("x = 1\nm = T.load(p)")]
    result = lint_source(notebook(*cells), "nb.ipynb")
    assert _where(result) == [("MLS102", 9, 2, 5)]


def test_broken_cell_is_reported_once_and_others_still_analysed() -> None:
    text = notebook(
        code_cell("import pickle"), code_cell("x = (1,\n"), code_cell("pickle.loads(b)"), code_cell("def f(:\n  pass")
    )
    assert _where(lint_source(text, "nb.ipynb")) == [
        ("MLS001", 2, 1, 5),
        ("MLS101", 3, 1, 1),
        ("MLS001", 4, 1, 7),
    ]


def test_cells_count_markdown_and_raw() -> None:
    raw = {"cell_type": "raw", "metadata": {}, "source": "pickle.load(x)"}
    text = notebook(markdown_cell("pickle.load(x)"), raw, code_cell("import pickle\n\npickle.load(f)"))
    assert _where(lint_source(text, "nb.ipynb")) == [("MLS101", 3, 3, 1)]


def test_positions_after_time_magic_map_back() -> None:
    text = notebook(code_cell("import pickle\n%time m = pickle.load(f)"))
    assert _where(lint_source(text, "nb.ipynb")) == [("MLS101", 1, 2, 11)]


def test_single_string_sources_and_crlf() -> None:
    data = json.loads(notebook(code_cell("x")))
    data["cells"][0]["source"] = "import pickle\r\nx = pickle.loads(b)\r\n"
    assert _where(lint_notebook(data, "nb.ipynb")) == [("MLS101", 1, 2, 5)]


def test_nbformat_3_is_read_as_4() -> None:
    v3 = {
        "nbformat": 3,
        "nbformat_minor": 0,
        "metadata": {},
        "worksheets": [
            {
                "cells": [
                    {"cell_type": "markdown", "source": ["# title"], "metadata": {}},
                    {
                        "cell_type": "code",
                        "input": ["import pickle\n", "pickle.load(f)"],
                        "language": "python",
                        "outputs": [],
                        "metadata": {},
                    },
                ]
            }
        ],
    }
    assert _where(lint_source(json.dumps(v3), "old.ipynb")) == [("MLS101", 2, 2, 1)]


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("broken.ipynb", b'{"cells": [', ("MLS002", None, 1, 12)),
        ("list.ipynb", b"[1, 2]", ("MLS002", None, 1, 1)),
        ("empty.ipynb", b"", ("MLS002", None, 1, 1)),
        ("binary.py", b"\x00\x01\x02ELF", ("MLS002", None, 1, 1)),
        ("latin.py", b"x = '\xe9t\xe9'\n", ("MLS002", None, 1, 6)),
        (
            "bad_cells.ipynb",
            b'{"cells": [{"cell_type": "code", "source": 5}], "nbformat": 4, "metadata": {}}',
            ("MLS002", 1, 1, 1),
        ),
    ],
)
def test_bad_files_give_located_diagnostics(tmp_path: Path, name: str, content: bytes, expected: tuple) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    good = tmp_path / "good.py"
    good.write_text("import pickle\npickle.load(f)\n")
    result = lint_paths([path, good])
    assert [w for w in _where(result) if w[0] == "MLS002"] == [expected]
    assert ("MLS101", None, 2, 1) in _where(result)


def test_missing_path_is_reported_and_run_goes_on(tmp_path: Path) -> None:
    good = tmp_path / "good.py"
    good.write_text("import yaml\nyaml.load(x)\n")
    result = lint_paths([tmp_path / "nope.ipynb", good])
    assert [(f.code, Path(f.location.path).name, f.location.line) for f in result.findings] == [
        ("MLS104", "good.py", 2),
        ("MLS002", "nope.ipynb", 1),
    ]
    assert result.findings[1].message == "no such file or directory"


def test_declared_source_encoding_is_honoured(tmp_path: Path) -> None:
    path = tmp_path / "legacy.py"
    path.write_bytes("# -*- coding: latin-1 -*-\nimport pickle\nname = 'caf\xe9'\npickle.load(f)\n".encode("latin-1"))
    assert _where(lint_paths([path])) == [("MLS101", None, 4, 1)]


def test_deeply_nested_code_does_not_crash() -> None:
    text = "import pickle\nx = " + "(" * 300 + "1" + ")" * 300 + "\npickle.load(f)\n"
    codes = {f.code for f in lint_source(text, "deep.py").findings}
    assert codes <= {"MLS001", "MLS101"} and codes


def test_walk_skips_checkpoints_git_and_venvs(tmp_path: Path) -> None:
    for folder in (".ipynb_checkpoints", ".git", "node_modules", "env"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.py").write_text("import pickle\npickle.load(f)\n")
    (tmp_path / "env" / "pyvenv.cfg").write_text("home = /usr\n")
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "requirements-dev.txt").write_text("torch\n")
    (tmp_path / "src" / "notes.txt").write_text("pickle.load\n")
    (tmp_path / "src" / "job.py").write_text("import pickle\npickle.load(f)\n")
    result = lint_paths([tmp_path])
    assert result.files == 2
    assert [Path(f.location.path).relative_to(tmp_path).as_posix() for f in result.findings] == [
        "src/job.py",
        "src/requirements-dev.txt",
    ]


def _all_findings(use_triggers: bool) -> list:
    ruleset = RuleSet.build(select_rules(("MLS",), ()), use_triggers=use_triggers)
    documents = [document_from_text(e.source, e.path) for r in all_rules() for e in (*r.VALID, *r.INVALID)]
    documents += [
        document_from_text(p.read_text(), str(p)) for p in sorted(SAMPLES.iterdir()) if p.suffix in (".py", ".ipynb")
    ]
    return [lint_document(d, ruleset) for d in documents]


def test_trigger_shortcut_changes_nothing() -> None:
    assert _all_findings(use_triggers=True) == _all_findings(use_triggers=False)


def test_internal_error_is_reported_with_its_type_and_the_run_goes_on(tmp_path: Path, monkeypatch) -> None:
    from linter.rules.unsafe_load.pickle_load import PickleLoad as Registered

    def broken(self, node, ctx):
        raise ZeroDivisionError("rule bug")

    monkeypatch.setattr(Registered, "visit_Call", broken)
    (tmp_path / "a.py").write_text("import pickle\npickle.load(f)\n")
    (tmp_path / "requirements.txt").write_text("torch\n")
    result = lint_paths([tmp_path])
    assert [(Path(f.location.path).name, f.code) for f in result.findings] == [
        ("a.py", "MLS002"),
        ("requirements.txt", "MLS402"),
    ]
    assert "ZeroDivisionError" in result.findings[0].message


def test_code_only_triggers_are_not_looked_for_in_docstrings() -> None:
    import ast as ast_module

    from linter.engine.cst_walk import chunks as statement_chunks
    from linter.engine.facts import collect_facts

    ruleset = RuleSet.build(select_rules(("MLS405",), ()))
    docstring_only = 'def f():\n    """>>> m = AutoModel.from_pretrained("org/m")"""\n    return 1\n'
    real_call = 'def g():\n    return AutoModel.from_pretrained("org/m")\n'
    same_line = 'def h(): "x = AutoModel.from_pretrained(1)"; AutoModel.from_pretrained("org/m")\n'
    for code, visited in ((docstring_only, False), (real_call, True), (same_line, True)):
        module = ast_module.parse(code)
        chunks = list(statement_chunks(code, module, ruleset, collect_facts(module, code)))
        assert bool(chunks) == visited, code


NESTED = (  # reports deep in def/class bodies: tabs, decorators, comments, `a; b`, strings, long classes
    "import pickle\n\n\nclass Loader:\n    '''Loads.'''\n\n    # a comment\n    @staticmethod\n    def load(path):\n"
    "        x = 1; y = pickle.load(open(path, 'rb'))\n        return y\n",
    "import pickle\nimport torch\n\ndef outer():\n\tdef inner(f):\n\t\t# tabs\n\t\treturn torch.load(f)\n\treturn inner\n",
    "import pickle\n\ndef f(path):\n    text = '''\n  pickle.load(x)\n'''\n    return pickle.load(\n        open(path, 'rb'))\n",
    "import yaml\n\ndef f(s):\n    if s:\n        for k in s:\n            cfg = yaml.load(k)\n    return cfg\n",
    "import pickle\n\nclass Big:\n"
    + "".join(f"    def m{i}(self):\n        return {i}\n\n" for i in range(40))
    + "    def load(self, f):\n        return pickle.load(f)\n\n"
    + "".join(f"    def n{i}(self):\n        return {i}\n\n" for i in range(5)),
    "import pickle\n\ndef f(f):\n    password = 'Zq8v2LmT4wX9rK7pN3'\n    print(customer_email)\n    return pickle.loads(f)\n",
)


def _all_documents():
    documents = [document_from_text(e.source, e.path) for r in all_rules() for e in (*r.VALID, *r.INVALID)]
    documents += [
        document_from_text(p.read_text(), str(p)) for p in sorted(SAMPLES.iterdir()) if p.suffix in (".py", ".ipynb")
    ]
    documents += [document_from_text(source, f"nested{i}.py") for i, source in enumerate(NESTED)]
    documents.append(document_from_text(notebook(*(code_cell(s) for s in NESTED)), "nested.ipynb"))
    return documents


def test_member_positions_equal_whole_statement_positions(monkeypatch: pytest.MonkeyPatch) -> None:
    """Positions computed from the innermost def/class member are those of rendering the whole
    top-level statement, for every rule example, sample and nested layout."""
    import linter.engine.cst_walk as engine

    ruleset = RuleSet.build(select_rules(("MLS", "B"), ()))
    documents = _all_documents()
    used: list[int] = []
    original = engine._Members.table

    def counting(self, chunk, tree, report, index, path):
        located = original(self, chunk, tree, report, index, path)
        used.append(located is not None)
        return located

    monkeypatch.setattr(engine._Members, "table", counting)
    fast = [lint_document(d, ruleset) for d in documents]
    assert sum(used) >= 20  # the member path is taken
    monkeypatch.setattr(engine._Members, "table", lambda self, chunk, tree, report, index, path: None)
    assert fast == [lint_document(d, ruleset) for d in documents]
    nested = [f for f in fast[-1] if f.code in ("MLS101", "MLS102", "MLS104")]
    assert [(f.location.cell, f.location.line, f.location.column) for f in nested] == [
        (1, 10, 20),
        (2, 7, 10),
        (3, 7, 12),
        (4, 6, 19),
        (5, 125, 16),
        (6, 6, 12),
    ]


@pytest.mark.parametrize("indent", ["  ", "\t", "    "])
@pytest.mark.parametrize("members", [True, False])
def test_columns_in_blocks_indented_by_two_spaces_or_tabs(
    indent: str, members: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Positions are rendered with the code's own indentation (libcst's default is four spaces),
    by the member shortcut and by the whole-statement path alike."""
    import linter.engine.cst_walk as engine

    if not members:
        monkeypatch.setattr(engine._Members, "table", lambda self, chunk, tree, report, index, path: None)
    source = (
        f"import pickle\n\nclass C:\n{indent}def f(self, p):\n{indent * 2}if p:\n{indent * 3}return pickle.load(p)\n"
    )
    found = [(f.code, f.location.line, f.location.column) for f in lint_source(source, "n.py").findings]
    assert found == [("MLS101", 6, len(indent) * 3 + 8)]


_FILL = "".join(f"    v{i} = {i} * 2\n" for i in range(25))  # makes a function long enough to be blanked
LONG_BODIES = (  # (source, [(code, line)]) with the findings deep in long functions
    (
        "from flask import Flask, jsonify\napp = Flask(__name__)\n\n@app.errorhandler(500)\ndef oops(e):\n"
        + _FILL
        + "    return jsonify(error=str(e))\n",
        [("MLS302", 31)],
    ),
    (
        "import traceback\nfrom flask import Flask\napp = Flask(__name__)\n\n@app.route('/x')\ndef x():\n"
        + _FILL
        + "    try:\n        run()\n    except Exception:\n        tb = traceback.format_exc()\n"
        + _FILL
        + "    return tb\n",
        [("MLS301", 61)],
    ),
    (
        "from fastapi import FastAPI, HTTPException\napp = FastAPI()\n\n@app.get('/y')\ndef y():\n    try:\n"
        "        run()\n    except ValueError as err:\n        message = f'failed: {err}'\n"
        + _FILL
        + "    raise HTTPException(status_code=400, detail=message)\n",
        [("MLS302", 35)],
    ),
    (
        "import pickle\n\nclass Trainer:\n"
        + "".join(f"    def m{i}(self):\n" + _FILL.replace("    ", "        ") for i in range(2))
        + "    def load(self, path):\n"
        + _FILL.replace("    ", "        ")
        + "        with open(path, 'rb') as f:\n            return pickle.load(f)\n",
        [("MLS101", 83)],
    ),
)


@pytest.mark.parametrize(("source", "expected"), LONG_BODIES)
def test_long_functions_are_visited_member_by_member_without_losing_findings(source: str, expected: list) -> None:
    document = document_from_text(source, "app.py")
    filtered = lint_document(document, RuleSet.build(select_rules(("MLS",), ())))
    unfiltered = lint_document(document, RuleSet.build(select_rules(("MLS",), ()), use_triggers=False))
    assert filtered == unfiltered
    assert [(f.code, f.location.line) for f in filtered] == expected


def test_quiet_members_of_long_functions_are_blanked() -> None:
    import ast as ast_module

    from linter.engine.cst_walk import chunks as statement_chunks
    from linter.engine.facts import collect_facts

    source = LONG_BODIES[3][0]
    module = ast_module.parse(source)
    ruleset = RuleSet.build(select_rules(("MLS1",), ()))
    (chunk,) = list(statement_chunks(source, module, ruleset, collect_facts(module, source)))
    kept = [line for line in chunk.source.splitlines() if line.strip()]
    assert kept == [
        "import pickle",
        "class Trainer:",
        "    def load(self, path):",
        "        with open(path, 'rb') as f:",
        "            return pickle.load(f)",
    ]
    assert chunk.source.count("\n") == source.count("\n")  # lines kept: positions unchanged
