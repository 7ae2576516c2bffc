"""The command line through main([...]): output shape, exit codes, selection, formats."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

from linter.cli import main
from linter.kit.examples import code_cell, markdown_cell, notebook

RISKY_NB = notebook(
    markdown_cell("# demo"),
    code_cell("import pickle as pk\nimport yaml"),
    code_cell("x = 1\nm = pk.load(open('m.pkl', 'rb'))\ncfg = yaml.load(s)"),
)


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_text_output_locates_notebook_findings(tmp_path: Path) -> None:
    nb = tmp_path / "nb.ipynb"
    nb.write_text(RISKY_NB)
    code, out, _ = run("check", str(nb))
    lines = out.splitlines()
    assert code == 1
    assert lines[0].startswith(f"{nb}:cell 3:2:5: MLS101 `pk.load` (pickle.load) can execute")
    assert lines[1].startswith(f"{nb}:cell 3:3:7: MLS104 ")
    assert lines[-1] == "Found 2 findings (2 medium) in 1 of 1 file."
    assert "\x1b[" not in out


def test_clean_run_exits_zero(tmp_path: Path) -> None:
    (tmp_path / "ok.py").write_text("import json\njson.load(open('x'))\n")
    code, out, _ = run("check", str(tmp_path))
    assert code == 0 and out == "All checks passed (1 file scanned).\n"


def test_exit_zero(tmp_path: Path) -> None:
    (tmp_path / "bad.py").write_text("import pickle\npickle.loads(b)\n")
    assert run("check", "--exit-zero", str(tmp_path))[0] == 0


def test_json_format_fields_and_order(tmp_path: Path) -> None:
    nb = tmp_path / "nb.ipynb"
    nb.write_text(RISKY_NB)
    script = tmp_path / "a.py"
    script.write_text("import torch\n\nstate = torch.load(p)\n")
    code, out, _ = run("check", "--format", "json", str(tmp_path))
    data = json.loads(out)
    assert code == 1
    assert [(Path(d["path"]).name, d["cell"], d["line"], d["column"], d["code"]) for d in data] == [
        ("a.py", None, 3, 9, "MLS102"),
        ("nb.ipynb", 3, 2, 5, "MLS101"),
        ("nb.ipynb", 3, 3, 7, "MLS104"),
    ]
    first = data[0]
    assert set(first) >= {
        "path",
        "cell",
        "output",
        "line",
        "column",
        "end_line",
        "end_column",
        "code",
        "name",
        "category",
        "severity",
        "message",
    }
    assert (first["name"], first["category"], first["severity"], first["output"]) == (
        "torch-load-unsafe",
        "unsafe-load",
        "medium",
        None,
    )
    assert (first["end_line"], first["end_column"]) == (3, 22)


def test_select_and_ignore_prefixes(tmp_path: Path) -> None:
    nb = tmp_path / "nb.ipynb"
    nb.write_text(RISKY_NB)
    assert [
        json.loads(out)[0]["code"] for out in [run("check", "--format", "json", "--select", "MLS104", str(nb))[1]]
    ] == ["MLS104"]
    _, out, _ = run("check", "--format", "json", "--select", "MLS1", "--ignore", "MLS10", "--", str(nb))
    assert json.loads(out) == []
    _, out, _ = run("check", "--format", "json", "--ignore", "MLS1", "--select", "MLS101", str(nb))
    assert [d["code"] for d in json.loads(out)] == ["MLS101"]


def test_unknown_code_is_a_usage_error(tmp_path: Path) -> None:
    code, out, err = run("check", "--select", "MLS999", str(tmp_path))
    assert code == 2 and "unknown rule code or prefix: MLS999" in err and out == ""


def test_bad_usage_exits_two() -> None:
    assert run("check", "--format", "nope")[0] == 2
    assert run("frobnicate")[0] == 2


def test_broken_cell_still_exits_one_with_other_findings(tmp_path: Path) -> None:
    nb = tmp_path / "nb.ipynb"
    nb.write_text(notebook(code_cell("import pickle"), code_cell("def f(:"), code_cell("pickle.load(f)")))
    code, out, _ = run("check", str(nb))
    assert code == 1
    assert [
        line.split(": ")[0].split(":", 1)[1] + " " + line.split(": ")[1].split()[0] for line in out.splitlines()[:-1]
    ] == ["cell 2:1:7 MLS001", "cell 3:1:1 MLS101"]


def test_rules_and_rule_docs() -> None:
    code, out, _ = run("rules")
    assert code == 0 and out.splitlines()[3].startswith("MLS101  pickle-load")
    code, out, _ = run("rule", "mls102")
    assert code == 0 and out.startswith("## MLS102 torch-load-unsafe") and "### Use instead" in out
    assert run("rule", "MLS999")[0] == 2


def test_python_dash_m_linter_and_no_color(tmp_path: Path) -> None:
    script = tmp_path / "a.py"
    script.write_text("import yaml\nyaml.unsafe_load(s)\n")
    proc = subprocess.run(
        [sys.executable, "-m", "linter", "check", str(script)],
        capture_output=True,
        text=True,
        env={"NO_COLOR": "1", "PATH": ""},
    )
    assert proc.returncode == 1
    assert proc.stdout.startswith(f"{script}:2:1: MLS104 ")


def test_parallel_run_gives_the_same_findings_in_the_same_order(tmp_path: Path) -> None:
    for index in range(40):
        (tmp_path / f"job_{index:02d}.py").write_text(
            f"import pickle\n{'x = 1' * (index % 3)}\npickle.loads(b{index})\n"
        )
    (tmp_path / "nb.ipynb").write_text(RISKY_NB)
    one = run("check", "--format", "json", "--jobs", "1", str(tmp_path))
    two = run("check", "--format", "json", "--jobs", "2", str(tmp_path))
    assert one == two and one[0] == 1
    assert len(json.loads(one[1])) == 42


def test_jobs_must_be_positive(tmp_path: Path) -> None:
    assert run("check", "--jobs", "0", str(tmp_path))[0] == 2


def test_no_progress_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    for index in range(20):
        (tmp_path / f"f{index}.py").write_text("x = 1\n")
    code, _, err = run("check", str(tmp_path))
    assert code == 0 and err == ""


def test_progress_on_a_terminal_after_the_delay(monkeypatch) -> None:
    from linter.cli import Progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    stream = Terminal()
    monkeypatch.setattr(Progress, "DELAY", 0.0)
    with Progress(stream) as progress:
        progress.update(3, 10)
    assert stream.getvalue() == "\rmlsafe: 3/10 files\r\x1b[K"
    quiet = Terminal()
    with Progress(quiet, enabled=False) as progress:
        progress.update(3, 10)
    assert quiet.getvalue() == ""
