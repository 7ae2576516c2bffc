"""What ruff users expect (issue 14): ``mlsafe check -`` with ``--stdin-filename``,
``--output-format``, ``--format gitlab``, a hint for ignored bare ``noqa``/``nosec`` comments, and
notebook ``--diff`` cell by cell."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from linter.cli import main
from linter.kit.examples import code_cell, markdown_cell, notebook, stream_output

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "test_notebooks"


def run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["check", "--no-cache", *argv], stdout=out, stderr=err, stdin=io.StringIO(stdin))
    return code, out.getvalue(), err.getvalue()


# -- stdin --------------------------------------------------------------------------------------


def test_the_issue_command_reports_mls101_at_x_py_2_1(tmp_path: Path) -> None:
    """``printf 'import pickle\\npickle.load(f)\\n' | mlsafe check --stdin-filename x.py -``"""
    done = subprocess.run(
        [sys.executable, "-m", "linter", "check", "--no-cache", "--stdin-filename", "x.py", "-"],
        input=b"import pickle\npickle.load(f)\n",
        capture_output=True,
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 1
    assert done.stdout.decode().splitlines()[0].startswith("x.py:2:1: MLS101 ")
    assert list(tmp_path.iterdir()) == []  # nothing written


def test_stdin_without_a_name_is_python_or_notebook_json() -> None:
    _, out, _ = run("-", stdin="import pickle\npickle.load(f)\n")
    assert out.splitlines()[0].startswith("-:2:1: MLS101 ")
    nb = notebook(markdown_cell("# x"), code_cell("import yaml\nyaml.load(s)"))
    _, out, _ = run("-", stdin=nb)
    assert out.splitlines()[0].startswith("-:cell 2:2:1: MLS104 ")


def test_stdin_filename_gives_the_kind() -> None:
    nb = notebook(code_cell("print(row)", outputs=[stream_output("contact maria.keller77@posteo.de\n")]))
    _, out, _ = run("--stdin-filename", "nb/train.ipynb", "-", stdin=nb)
    assert out.splitlines()[0].startswith("nb/train.ipynb:cell 1:output 1:1:9: MLS502 ")
    _, out, _ = run("--stdin-filename", "requirements.txt", "-", stdin="torch\n")
    assert out.splitlines()[0].startswith("requirements.txt:1:1: MLS402 ")
    _, out, _ = run("--stdin-filename", "notes.py", "-", stdin="torch\n")
    assert "MLS402" not in out


def test_stdin_filename_finds_the_configuration_and_its_ignores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.mlsafe]\nper-file-ignores = { "tests/*" = ["MLS101"] }\nexclude = ["vendored"]\n'
    )
    (tmp_path / "tests").mkdir()
    monkeypatch.chdir(tmp_path)
    source = "import pickle\npickle.load(f)\n"
    assert run("--stdin-filename", "tests/t.py", "-", stdin=source)[:2] == (0, "All checks passed (1 file scanned).\n")
    code, out, _ = run("--stdin-filename", "src/t.py", "-", stdin=source)
    assert code == 1 and out.startswith("src/t.py:2:1: MLS101 ")
    assert run("--stdin-filename", "vendored/t.py", "-", stdin=source)[0] == 0


def test_stdin_cannot_be_mixed_with_paths_or_fixed() -> None:
    code, _, err = run("-", "x.py", stdin="")
    assert code == 2 and "cannot be combined" in err
    code, _, err = run("--fix", "-", stdin="")
    assert code == 2 and "not applied to stdin" in err


# -- formats ------------------------------------------------------------------------------------


def test_output_format_is_an_alias_of_format() -> None:
    source = "import pickle\npickle.load(f)\n"
    assert run("--output-format", "json", "-", stdin=source)[1] == run("--format", "json", "-", stdin=source)[1]


def test_gitlab_code_quality_report() -> None:
    code, out, _ = run("--format", "gitlab", str(SAMPLES))
    assert code == 1
    issues = json.loads(out)
    _, plain, _ = run("--format", "json", str(SAMPLES))
    assert len(issues) == len(json.loads(plain))
    fingerprints = [i["fingerprint"] for i in issues]
    assert len(set(fingerprints)) == len(fingerprints)
    assert all(len(f) == 64 and set(f) <= set("0123456789abcdef") for f in fingerprints)
    for item in issues:
        assert set(item) == {"description", "check_name", "fingerprint", "severity", "categories", "location"}
        assert item["severity"] in {"critical", "major", "minor"}
        assert item["description"].startswith(item["check_name"] + " ")
    pickle_loads = [i for i in issues if i["location"]["path"].endswith("model_loading.ipynb")]
    first = next(i for i in pickle_loads if i["check_name"] == "MLS101")
    raw = (SAMPLES / "model_loading.ipynb").read_text(encoding="utf-8").splitlines()
    assert "pickle.load(handle)" in raw[first["location"]["lines"]["begin"] - 1]
    assert first["description"].startswith("MLS101 cell 3, line 5: ")
    assert first["severity"] == "critical"


def test_gitlab_fingerprints_stay_when_code_moves(tmp_path: Path) -> None:
    path = tmp_path / "a.py"
    path.write_text("import pickle\npickle.load(f)\n")
    _, before, _ = run("--format", "gitlab", str(path))
    path.write_text("import pickle\n\n\nx = 1\npickle.load(f)\n")
    _, after, _ = run("--format", "gitlab", str(path))
    assert [i["fingerprint"] for i in json.loads(before)] == [i["fingerprint"] for i in json.loads(after)]
    assert json.loads(after)[0]["location"]["lines"] == {"begin": 5, "end": 5}


# -- the suppression hint -----------------------------------------------------------------------


def test_a_bare_noqa_or_nosec_gets_one_hint_per_run(tmp_path: Path) -> None:
    for name in ("a.py", "b.py"):
        (tmp_path / name).write_text("import pickle\npickle.load(f)  # noqa\npickle.loads(g)  # noqa\n")
    code, out, err = run(str(tmp_path))
    assert code == 1 and out.count("MLS101") == 4
    assert err.count("hint: a bare `# noqa`") == 1
    assert "`# noqa: MLS101`" in err
    (tmp_path / "c.py").write_text("import yaml\nyaml.load(s)  # nosec\n")
    _, _, err = run(str(tmp_path))
    assert err.count("hint: a bare `# noqa`") == 1
    assert err.count("hint: `# nosec` suppresses only bandit's checks") == 1


def test_no_hint_when_the_comment_names_codes_or_bare_noqa_is_allowed(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("import pickle\npickle.load(f)  # noqa: E501\n")
    _, _, err = run(str(tmp_path))
    assert "hint" not in err
    (tmp_path / "pyproject.toml").write_text("[tool.mlsafe]\nallow-bare-noqa = true\n")
    (tmp_path / "a.py").write_text("import pickle\npickle.load(f)  # noqa\nimport os\nos.system('ls ' + x)  # nosec\n")
    code, out, err = run(str(tmp_path))
    assert "hint" not in err and "MLS101" not in out


# -- notebook diffs -----------------------------------------------------------------------------


def test_notebook_diff_is_cell_by_cell(tmp_path: Path) -> None:
    path = tmp_path / "nb.ipynb"
    path.write_text(
        notebook(
            markdown_cell("# Train"),
            code_cell("import torch\nimport yaml\nstate = torch.load('c.pt')\ncfg = yaml.load(open('c.yaml'))"),
        )
    )
    code, out, _ = run("--diff", str(path))
    assert code == 1
    assert out.splitlines() == [
        f"--- a/{path}:cell 2",
        f"+++ b/{path}:cell 2",
        "@@ -1,4 +1,4 @@",
        " import torch",
        " import yaml",
        "-state = torch.load('c.pt')",
        "-cfg = yaml.load(open('c.yaml'))",
        "+state = torch.load('c.pt', weights_only=True)",
        "+cfg = yaml.safe_load(open('c.yaml'))",
    ]


def test_notebook_diff_names_a_removed_output(tmp_path: Path) -> None:
    src = SAMPLES / "verbose_saved_error.ipynb"
    path = tmp_path / src.name
    path.write_bytes(src.read_bytes())
    _, out, _ = run("--diff", "--select", "MLS304", str(path))
    headers = [line for line in out.splitlines() if line.startswith(("--- ", "+++ "))]
    assert headers
    assert all(":cell " in h and ":output " in h for h in headers)
    assert '"output_type"' not in out  # no JSON lines
