"""Fixes: notebooks keep every byte outside the fixed span, whatever wrote them; writes are atomic;
``--diff`` and a plain ``check`` write nothing; safe and unsafe tiers; the CLI flags."""

from __future__ import annotations

import io
import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest

from linter.cli import main
from linter.config import Config
from linter.fix.apply import fix_text, write_atomic
from linter.fix.edits import common_ends
from linter.fix.splices import NotebookPatcher, PatchError
from linter.model import Edit
from linter.sources.reading import document_from_text

CELLS = [
    {"cell_type": "markdown", "id": "intro", "metadata": {"tags": ["x"]}, "source": ["# Données ☃\n", "text"]},
    {
        "cell_type": "code",
        "execution_count": 3,
        "id": "load",
        "metadata": {"collapsed": False},
        "outputs": [
            {"name": "stdout", "output_type": "stream", "text": ["café\n", "ok\n"]},
            {"ename": "ValueError", "evalue": "bad", "output_type": "error", "traceback": ["Traceback..."]},
        ],
        "source": ["import torch  # modèle\n", "state = torch.load('ckpt.pt')\n", "print('é')"],
    },
    {"cell_type": "code", "execution_count": None, "id": "after", "metadata": {}, "outputs": [], "source": ["x = 1"]},
]
NOTEBOOK = {
    "metadata": {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "zeta": 1,
        "alpha": "ü",
    },
    "nbformat": 4,
    "nbformat_minor": 5,
    "cells": CELLS,
}


def _single_string(nb: dict[str, Any]) -> dict[str, Any]:
    copy = json.loads(json.dumps(nb))
    for cell in copy["cells"]:
        cell["source"] = "".join(cell["source"])
    return copy


STYLES = {
    "nbformat-indent-1": lambda: json.dumps(NOTEBOOK, indent=1, ensure_ascii=False) + "\n",
    "indent-2-ascii": lambda: json.dumps(NOTEBOOK, indent=2, sort_keys=True),
    "indent-2-crlf": lambda: (json.dumps(NOTEBOOK, indent=2, ensure_ascii=False) + "\n").replace("\n", "\r\n"),
    "single-string-sources": lambda: json.dumps(_single_string(NOTEBOOK), indent=1),
    "compact-one-line": lambda: json.dumps(NOTEBOOK, ensure_ascii=False),
}


def _assert_only_span_changed(before: str, after: str, marker: str) -> None:
    """Everything outside one short region is identical, and that region lies inside the JSON
    string(s) of the edited cell (the one holding ``marker``)."""
    prefix, suffix = common_ends(before, after)
    changed = before[prefix : len(before) - suffix]
    assert len(changed) < 40 and "cells" not in changed and '"id"' not in changed
    cell_start = before.index(marker)
    assert cell_start <= prefix and len(before) - suffix <= before.index('"after"'), (changed, after[prefix:-suffix])


@pytest.mark.parametrize("style", sorted(STYLES))
def test_notebook_fix_keeps_every_other_byte(style: str) -> None:
    raw = STYLES[style]()
    result = fix_text(raw, "nb.ipynb", Config(select=("MLS1",)))
    assert result.applied == 1 and not result.problems
    expected = _single_string(NOTEBOOK) if style == "single-string-sources" else json.loads(json.dumps(NOTEBOOK))
    fixed_source = "import torch  # modèle\nstate = torch.load('ckpt.pt', weights_only=True)\nprint('é')"
    got = json.loads(result.fixed)
    got_source = got["cells"][1]["source"]
    assert ("".join(got_source) if isinstance(got_source, list) else got_source) == fixed_source
    got["cells"][1]["source"] = expected["cells"][1]["source"]
    assert got == expected  # nothing else changed in content...
    _assert_only_span_changed(raw, result.fixed, '"load"')  # ...nor in bytes
    if style == "single-string-sources":
        assert isinstance(got_source, str)
    else:
        assert got_source == [
            "import torch  # modèle\n",
            "state = torch.load('ckpt.pt', weights_only=True)\n",
            "print('é')",
        ]


@pytest.mark.parametrize("style", sorted(STYLES))
def test_source_and_output_fixes_together(style: str) -> None:
    """All fixes: the source fix and clearing the saved traceback (MLS304), in one pass; the bytes
    before the fixed cell and after it are untouched."""
    raw = STYLES[style]()
    result = fix_text(raw, "nb.ipynb")
    assert result.applied == 2 and not result.findings and not result.problems
    expected = _single_string(NOTEBOOK) if style == "single-string-sources" else json.loads(json.dumps(NOTEBOOK))
    del expected["cells"][1]["outputs"][1]
    got = json.loads(result.fixed)
    assert "weights_only=True" in "".join(got["cells"][1]["source"])
    got["cells"][1]["source"] = expected["cells"][1]["source"]
    assert got == expected
    start, end = raw.index('"load"'), raw.index('"after"')
    assert result.fixed.startswith(raw[:start]) and result.fixed.endswith(raw[end:])
    assert fix_text(result.fixed, "nb.ipynb").fixed == result.fixed


@pytest.mark.parametrize("style", sorted(STYLES))
def test_new_lines_get_the_list_layout_and_escapes_of_the_file(style: str) -> None:
    raw = STYLES[style]()
    patcher = NotebookPatcher(raw, document_from_text(raw, "nb.ipynb"))
    edit = Edit(cell=2, output=None, line=1, column=1, end_line=1, end_column=1, text="import os  # ü\n")
    (splice,) = patcher.splices(edit)
    fixed = raw[: splice.start] + splice.text + raw[splice.end :]
    source = json.loads(fixed)["cells"][1]["source"]
    if style == "single-string-sources":
        assert source.startswith("import os  # ü\nimport torch")
    else:
        assert source[:2] == ["import os  # ü\n", "import torch  # modèle\n"]
    ascii_file = "\\u00e9" in raw
    assert ("\\u00fc" in fixed) == ascii_file and ("ü\\n" in fixed) == (not ascii_file)
    _assert_only_span_changed(raw, fixed, '"load"')
    if style == "nbformat-indent-1":  # the new item sits on its own line, indented like its siblings
        assert '    "import os  # ü\\n",\n    "import torch' in fixed


@pytest.mark.parametrize("style", ["nbformat-indent-1", "indent-2-crlf", "compact-one-line"])
@pytest.mark.parametrize("index", [0, 1])
def test_clear_one_output(style: str, index: int) -> None:
    raw = STYLES[style]()
    patcher = NotebookPatcher(raw, document_from_text(raw, "nb.ipynb"))
    (splice,) = patcher.splices(Edit(2, index, 1, 1, 1, 1, clear_output=True))
    fixed = raw[: splice.start] + splice.text + raw[splice.end :]
    expected = json.loads(json.dumps(NOTEBOOK))
    del expected["cells"][1]["outputs"][index]
    assert json.loads(fixed) == expected
    removed = raw[splice.start : splice.end]  # the output object and one separator, nothing else
    assert splice.text == "" and json.loads(removed.strip().strip(",").strip()) == CELLS[1]["outputs"][index]


def test_clear_the_only_output_leaves_an_empty_list() -> None:
    nb = json.loads(json.dumps(NOTEBOOK))
    nb["cells"][1]["outputs"] = nb["cells"][1]["outputs"][1:]
    raw = json.dumps(nb, indent=1) + "\n"
    patcher = NotebookPatcher(raw, document_from_text(raw, "nb.ipynb"))
    (splice,) = patcher.splices(Edit(2, 0, 1, 1, 1, 1, clear_output=True))
    fixed = raw[: splice.start] + splice.text + raw[splice.end :]
    nb["cells"][1]["outputs"] = []
    assert fixed == json.dumps(nb, indent=1) + "\n"


def test_output_text_edit_in_place() -> None:
    raw = STYLES["indent-2-ascii"]()
    patcher = NotebookPatcher(raw, document_from_text(raw, "nb.ipynb"))
    (splice,) = patcher.splices(Edit(2, 0, 1, 1, 1, 5, text="[redacted]"))
    fixed = raw[: splice.start] + splice.text + raw[splice.end :]
    assert json.loads(fixed)["cells"][1]["outputs"][0]["text"] == ["[redacted]\n", "ok\n"]
    assert raw[splice.start : splice.end] == "caf\\u00e9"


def test_style_that_cannot_be_told_is_refused() -> None:
    raw = json.dumps(NOTEBOOK, indent=1, ensure_ascii=False).replace("modèle", "mod\\u00e8le")
    patcher = NotebookPatcher(raw, document_from_text(raw, "nb.ipynb"))
    with pytest.raises(PatchError, match="mixes escaped and raw non-ASCII"):
        patcher.splices(Edit(2, None, 1, 1, 1, 1, text="ü"))
    old = json.dumps({"nbformat": 3, "worksheets": [{"cells": []}], "metadata": {}})
    with pytest.raises(PatchError, match="nbformat 4"):
        NotebookPatcher(old, document_from_text(old, "old.ipynb"))


def test_fix_in_a_timed_line_and_a_method() -> None:
    from linter.kit.examples import code_cell, notebook

    raw = notebook(
        code_cell("import yaml, keras"),
        code_cell(
            "%time cfg = yaml.load(s)\nclass A:\n    def m(self):\n"
            "        return keras.models.load_model(\n            p,\n            safe_mode=False,\n        )"
        ),
    )
    fixed = fix_text(raw, "nb.ipynb").fixed
    assert "".join(json.loads(fixed)["cells"][1]["source"]) == (
        "%time cfg = yaml.safe_load(s)\nclass A:\n    def m(self):\n"
        "        return keras.models.load_model(\n            p,\n        )"
    )


def test_suppressed_findings_are_not_fixed() -> None:
    source = "import torch\nm = torch.load(p)  # noqa: MLS102\n"
    assert fix_text(source, "a.py").fixed == source


def test_safe_and_unsafe_tiers() -> None:
    source = "import torch\na = torch.load(p)\nb = torch.load(p, weights_only=False)\n"
    safe = fix_text(source, "a.py")
    assert safe.fixed == "import torch\na = torch.load(p, weights_only=True)\nb = torch.load(p, weights_only=False)\n"
    assert [(f.code, f.location.line, f.fix.applicability) for f in safe.findings if f.fix] == [("MLS102", 3, "unsafe")]
    both = fix_text(source, "a.py", unsafe=True)
    assert both.fixed.endswith("b = torch.load(p, weights_only=True)\n") and both.applied == 2 and not both.findings


def test_many_fixes_in_one_statement_and_nested_calls() -> None:
    source = "import torch\nx = [torch.load(torch.load(a)), torch.load(b)]\n"
    result = fix_text(source, "a.py")
    assert result.fixed == (
        "import torch\nx = [torch.load(torch.load(a, weights_only=True), weights_only=True), "
        "torch.load(b, weights_only=True)]\n"
    )
    assert not result.findings


# ---------------------------------------------------------------------------------------------
# Files and the CLI


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def _tree(tmp_path: Path) -> dict[Path, bytes]:
    files = {
        tmp_path / "nb.ipynb": STYLES["indent-2-crlf"]().encode("utf-8"),
        tmp_path / "train.py": b"\xef\xbb\xbfimport numpy as np\r\nx = np.load(f, allow_pickle=True)\r\n",
        tmp_path / "clean.py": b"import json\n",
    }
    for path, data in files.items():
        path.write_bytes(data)
    return files


def _snapshot(files: dict[Path, bytes]) -> dict[Path, tuple[bytes, int]]:
    return {path: (path.read_bytes(), path.stat().st_mtime_ns) for path in files}


def test_check_and_diff_write_nothing(tmp_path: Path) -> None:
    files = _tree(tmp_path)
    before = _snapshot(files)
    code, out, _ = run("check", str(tmp_path))
    assert (
        code == 1
        and "MLS102 [*] " in out
        and "MLS304 [*] " in out
        and "[*] 3 fixable with `mlsafe check --fix`." in out
    )
    code, out, err = run("check", "--diff", str(tmp_path))
    assert code == 1
    assert f"--- a/{tmp_path / 'train.py'}" in out and "-x = np.load(f, allow_pickle=True)\r\n" in out
    assert "+x = np.load(f, allow_pickle=False)\r\n" in out and "would apply 3 fixes in 2 files" in err
    assert _snapshot(files) == before and sorted(tmp_path.iterdir()) == sorted(files)


def test_fix_writes_only_changed_files_keeping_bom_crlf_and_mode(tmp_path: Path) -> None:
    files = _tree(tmp_path)
    (tmp_path / "train.py").chmod(0o640)
    clean_before = _snapshot({tmp_path / "clean.py": b""})
    code, out, err = run("check", "--fix", str(tmp_path))
    assert code == 0 and out == "All checks passed (3 files scanned).\n" and "applied 3 fixes in 2 files" in err
    assert (
        tmp_path / "train.py"
    ).read_bytes() == b"\xef\xbb\xbfimport numpy as np\r\nx = np.load(f, allow_pickle=False)\r\n"
    assert stat.S_IMODE((tmp_path / "train.py").stat().st_mode) == 0o640
    before, after = files[tmp_path / "nb.ipynb"].decode(), (tmp_path / "nb.ipynb").read_bytes().decode()
    assert after == fix_text(before, str(tmp_path / "nb.ipynb")).fixed and "\r\n" in after and '"ename"' not in after
    assert _snapshot({tmp_path / "clean.py": b""}) == clean_before
    assert sorted(tmp_path.iterdir()) == sorted(files)
    assert run("check", "--diff", str(tmp_path))[0] == 0


def test_unsafe_fixes_flag(tmp_path: Path) -> None:
    path = tmp_path / "a.py"
    path.write_text("import torch\nb = torch.load(p, weights_only=False)\n")
    code, out, _ = run("check", "--fix", str(path))
    assert code == 1 and "MLS102 `torch.load` with weights_only=False" in out
    assert "1 fixable with `mlsafe check --unsafe-fixes` (may change behaviour)." in out
    assert "0 fixable" not in out
    assert run("check", "--unsafe-fixes", str(path))[0] == 0
    assert path.read_text() == "import torch\nb = torch.load(p, weights_only=True)\n"


@pytest.mark.parametrize("failing", ["replace", "fsync", "write"])
def test_a_crash_during_the_write_leaves_the_original(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    path = tmp_path / "nb.ipynb"
    original = STYLES["nbformat-indent-1"]().encode("utf-8")
    path.write_bytes(original)

    def crash(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    if failing == "write":
        real_fdopen = os.fdopen

        class Half(io.BufferedWriter):
            def write(self, data: Any) -> int:  # half the bytes reach the disk, then the crash
                super().write(bytes(data)[: len(data) // 2])
                super().flush()
                raise OSError(5, "Input/output error")

        monkeypatch.setattr(os, "fdopen", lambda fd, mode: Half(real_fdopen(fd, mode, buffering=0)))
    else:
        monkeypatch.setattr(os, failing, crash)
    code, _, err = run("check", "--fix", str(path))
    assert code == 2 and "not written" in err
    assert path.read_bytes() == original
    assert [p.name for p in tmp_path.iterdir()] == ["nb.ipynb"]


def test_write_atomic_replaces_content(tmp_path: Path) -> None:
    path = tmp_path / "f.py"
    path.write_text("old")
    write_atomic(path, b"new")
    assert path.read_bytes() == b"new" and [p.name for p in tmp_path.iterdir()] == ["f.py"]


def test_unpinned_install_pinned_to_the_installed_version_as_an_unsafe_fix() -> None:
    from importlib.metadata import version

    from linter.kit.examples import code_cell, notebook

    raw = notebook(
        code_cell("!pip install -q libcst 'libcst[x]' nope-not-installed-mlsafe \"libcst>=1\""),
        code_cell("%%bash\npip install \\\n  libcst"),
        code_cell("import os\nos.system('pip install libcst')"),
    )
    assert fix_text(raw, "nb.ipynb").fixed == raw  # unsafe: --fix alone leaves installs alone
    result = fix_text(raw, "nb.ipynb", unsafe=True)
    pin = f"libcst=={version('libcst')}"
    cells = ["".join(c["source"]) for c in json.loads(result.fixed)["cells"]]
    assert cells == [
        f"!pip install -q {pin} 'libcst[x]=={version('libcst')}' nope-not-installed-mlsafe \"libcst>=1\"",
        f"%%bash\npip install \\\n  {pin}",
        "import os\nos.system('pip install libcst')",
    ]
    left = [
        (f.location.cell, f.location.line, f.location.column, f.fixable) for f in result.findings if f.code == "MLS401"
    ]
    first = cells[0]
    assert left == [
        (1, 1, first.index("nope") + 1, False),
        (1, 1, first.index("libcst>=1") + 1, False),
        (3, 2, 24, False),
    ]


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (["x = 1\n"], ["x = 1\n", "y = 2"]),  # text after a final newline is a new item
        (["x = 1"], ["x = 1y = 2"]),
        (["one string\nholding two lines\n"], ["one string\nholding two lines\ny = 2"]),  # a writer's own layout kept
    ],
)
def test_appending_keeps_one_line_an_item(source: list[str], expected: list[str]) -> None:
    nb = json.loads(json.dumps(NOTEBOOK))
    nb["cells"][2]["source"] = source
    raw = json.dumps(nb, indent=1)
    text = "".join(source)
    line = text.count("\n") + 1
    column = len(text.split("\n")[-1]) + 1
    (splice,) = NotebookPatcher(raw, document_from_text(raw, "nb.ipynb")).splices(
        Edit(3, None, line, column, line, column, "y = 2")
    )
    assert json.loads(raw[: splice.start] + splice.text + raw[splice.end :])["cells"][2]["source"] == expected


def test_text_replacement_of_a_span_inside_a_node() -> None:
    """A CST report with ``inner`` and replacement text edits only that span (e.g. a word inside a
    string literal); the engine maps it through %time offsets like the finding."""
    import libcst as cst

    from linter.engine.ruleset import RuleSet
    from linter.engine.run import lint_document
    from linter.rule import Context, Report, Rule

    class Word(Rule):
        code, name, fix_title = "MLS999", "word", "Say goodbye"

        def visit_SimpleString(self, node: cst.SimpleString, ctx: Context):  # type: ignore[no-untyped-def]
            start = node.value.find("hello")
            if start >= 0:
                yield Report("hello", node=node, inner=(0, start, 0, start + 5), replacement="bye")

    document = document_from_text(
        STYLES["nbformat-indent-1"]().replace("print('é')", "%time print('x hello')"), "nb.ipynb"
    )
    (finding,) = lint_document(document, RuleSet.build([Word()]))
    assert (finding.location.cell, finding.location.line, finding.location.column) == (2, 3, 16)
    assert finding.fix is not None and finding.fix.edits == (Edit(2, None, 3, 16, 3, 21, "bye"),)


def test_json_output_carries_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "a.py"
    path.write_text("import yaml as y\ncfg = y.load(s)\nimport pickle\npickle.loads(b)\n")
    code, out, _ = run("check", "--format", "json", str(path))
    data = json.loads(out)
    assert code == 1 and [d["code"] for d in data] == ["MLS104", "MLS101"]
    assert data[0]["fix"] == {
        "applicability": "safe",
        "title": "Use `yaml.safe_load` / `yaml.SafeLoader`",
        "edits": [
            {
                "cell": None,
                "output": None,
                "line": 2,
                "column": 9,
                "end_line": 2,
                "end_column": 9,
                "content": "safe_",
                "clear_output": False,
            }
        ],
    }
    assert data[1]["fix"] is None


def test_full_format_names_the_fix(tmp_path: Path) -> None:
    path = tmp_path / "a.py"
    path.write_text("import torch\na = torch.load(p)\nb = torch.load(p, weights_only=False)\n")
    out = run("check", "--format", "full", str(path))[1]
    assert out.count("  = fix (safe): Pass `weights_only=True`") == 1
    assert out.count("  = fix (unsafe): Pass `weights_only=True`") == 1
    assert out.endswith(
        "[*] 1 fixable with `mlsafe check --fix` (1 more with `--unsafe-fixes`).\n"
        "Found 2 findings (1 high, 1 medium) in 1 of 1 file.\n"  # weights_only=False is high
    )


def test_an_old_notebook_is_left_alone_with_a_message(tmp_path: Path) -> None:
    pytest.importorskip("nbformat")
    old = json.dumps(
        {
            "nbformat": 3,
            "nbformat_minor": 0,
            "metadata": {"name": ""},
            "worksheets": [
                {
                    "cells": [
                        {
                            "cell_type": "code",
                            "collapsed": False,
                            "input": ["import torch\n", "m = torch.load(p)"],
                            "language": "python",
                            "metadata": {},
                            "outputs": [],
                        }
                    ]
                }
            ],
        },
        indent=1,
    )
    path = tmp_path / "old.ipynb"
    path.write_text(old)
    code, out, err = run("check", "--fix", str(path))
    assert code == 1 and "MLS102 [*]" in out and path.read_text() == old
    assert f"mlsafe: {path}: not fixed: not an nbformat 4 notebook" in err and "applied 0 fixes in 0 files" in err


def test_killing_the_process_mid_write_leaves_the_original(tmp_path: Path) -> None:
    """A real SIGKILL while the new content is being written (before the rename): the notebook
    keeps its old bytes; only a hidden temporary file may remain, which mlsafe never scans."""
    import signal
    import subprocess
    import sys

    path = tmp_path / "nb.ipynb"
    original = STYLES["nbformat-indent-1"]().encode("utf-8")
    path.write_bytes(original)
    child = (
        "import os, sys, time\nfrom pathlib import Path\nfrom linter.fix import apply as fix\n"
        "def stall(fd):\n    print('writing', flush=True)\n    time.sleep(60)\n"
        "os.fsync = stall\nfix.write_atomic(Path(sys.argv[1]), b'{' * 5_000_000)\n"
    )
    process = subprocess.Popen([sys.executable, "-c", child, str(path)], stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None and process.stdout.readline() == "writing\n"
        process.send_signal(signal.SIGKILL)
    finally:
        process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL
    assert path.read_bytes() == original
    leftovers = [p.name for p in tmp_path.iterdir() if p != path]
    assert all(name.startswith(".nb.ipynb.") and name.endswith(".mlsafe-tmp") for name in leftovers)
    assert "mlsafe-tmp" not in run("check", str(tmp_path))[1]  # the temporary file is not scanned


def test_diff_never_shows_a_secret_or_an_email(tmp_path: Path) -> None:
    key = "sk-proj-AbC123xYz789QwErTy456uIoP"
    path = tmp_path / "a.py"
    path.write_text(f'import torch\nAPI_KEY = "{key}"\nm = torch.load(p)\nowner = "alice.smith@corp-mail.com"\n')
    code, out, _ = run("check", "--diff", str(path))
    assert code == 1 and "+m = torch.load(p, weights_only=True)" in out
    assert key not in out and key[:5] not in out and "sk-p…" in out and "alice.smith" not in out


def test_diff_redacts_the_values_of_secret_findings_wherever_they_appear() -> None:
    from linter.fix.apply import FileFix

    before = 'import torch\npw = "plain words here"\nm = torch.load(p)\n'
    after = before.replace("load(p)", "load(p, weights_only=True)")
    shown = FileFix("a.py", before, after, 1, (), hidden=("plain words here",)).diff()
    assert "plain words here" not in shown and ' pw = "plai…"' in shown
    assert "plain words here" not in repr(FileFix("a.py", before, after, 1, (), hidden=("plain words here",)))


def test_fix_in_parallel_skips_excluded_files(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.mlsafe]\nexclude = ["vendor"]\n')
    (tmp_path / "vendor").mkdir()
    vendored = tmp_path / "vendor" / "lib.py"
    vendored.write_text("import torch\nm = torch.load(p)\n")
    scripts = [tmp_path / f"s{i:02d}.py" for i in range(20)]
    for script in scripts:
        script.write_text("import yaml\ncfg = yaml.load(s)\n")
    code, out, err = run("check", "--fix", "--jobs", "2", str(tmp_path))
    assert code == 0 and "applied 20 fixes in 20 files" in err
    assert all(s.read_text() == "import yaml\ncfg = yaml.safe_load(s)\n" for s in scripts)
    assert vendored.read_text() == "import torch\nm = torch.load(p)\n"


def test_pii_in_outputs_is_redacted_by_unsafe_fixes_and_never_shown_in_the_diff(tmp_path: Path) -> None:
    from linter.kit.examples import code_cell, notebook, result_output, stream_output

    email, phone = "jose.ortega@outlook.es", "+34 612 48 93 07"
    raw = notebook(
        code_cell("print(row)", outputs=[stream_output(f"contact {email} / {phone}\nok\n")]),
        code_cell("row", outputs=[result_output({"text/plain": f"'{email}'"})]),
    )
    path = tmp_path / "nb.ipynb"
    path.write_text(raw)
    code, out, err = run("check", "--unsafe-fixes", "--diff", str(path))
    assert code == 1 and "would apply 3 fixes in 1 file" in err
    assert email not in out and email[:5] not in out and "612 48" not in out and "[redacted]" in out
    assert run("check", "--fix", str(path))[0] == 1 and path.read_text() == raw  # unsafe: not with --fix
    assert run("check", "--unsafe-fixes", str(path))[0] == 0
    data = json.loads(path.read_text())
    assert data["cells"][0]["outputs"][0]["text"] == ["contact [redacted] / [redacted]\n", "ok\n"]
    assert data["cells"][1]["outputs"][0]["data"]["text/plain"] == ["'[redacted]'"]


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ("", "import os\n"),
        (
            "#!/usr/bin/env python\n# -*- coding: utf-8 -*-\n",
            "#!/usr/bin/env python\n# -*- coding: utf-8 -*-\nimport os\n",
        ),
        (
            '"""Train."""\nfrom __future__ import annotations\n',
            '"""Train."""\nfrom __future__ import annotations\nimport os\n',
        ),
        ("# a comment\n", "import os\n# a comment\n"),
    ],
)
def test_credential_fix_adds_import_os_where_imports_start(head: str, expected: str) -> None:
    secret = "Zq8" + "v2LmT4wX9rK7pN3"
    result = fix_text(f'{head}db_password = "{secret}"\n', "a.py", unsafe=True)
    assert result.fixed == f'{expected}db_password = os.environ["DB_PASSWORD"]\n'
    assert fix_text(f'{head}db_password = "{secret}"\n', "a.py").fixed.count(secret) == 1  # unsafe only


def test_credential_diff_is_redacted(tmp_path: Path) -> None:
    secret = "Zq8" + "v2LmT4wX9rK7pN3"
    path = tmp_path / "a.py"
    path.write_text(f'import os\nclient_secret = "{secret}"\n')
    code, out, _ = run("check", "--unsafe-fixes", "--diff", str(path))
    assert code == 1 and '+client_secret = os.environ["CLIENT_SECRET"]' in out
    assert secret not in out and secret[:5] not in out and '-client_secret = "Zq8v…"' in out
