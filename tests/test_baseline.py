"""Baselines: existing findings hidden, moved code still hidden, a second copy reported, no secret
ever written to the file."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from linter.baseline import Baseline, baseline_json, finding_key
from linter.cli import main
from linter.kit.examples import code_cell, markdown_cell, notebook
from linter.model import Category, Finding, Location, Result, Severity

# A made-up credential: never in any file mlsafe writes.
SECRET = "sk-proj-Zq8RbT3kX9wLm2Vc7Np4Hs6Jd1Fg5Ka0Ue"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(["check", "--isolated", "--no-color", *argv], stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def with_ids(text: str, *ids: str) -> str:
    """A notebook with its cells' ids replaced (real notebooks have random ids)."""
    data = json.loads(text)
    for cell, cell_id in zip(data["cells"], ids, strict=False):
        cell["id"] = cell_id
    return json.dumps(data)


def findings_of(output: str) -> list[str]:
    return [
        line.split(": ", 2)[0] + " " + line.split(": ", 2)[1].split()[0]
        for line in output.splitlines()
        if ": MLS" in line
    ]


def test_baseline_hides_moved_code_and_reports_a_second_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("src").mkdir()
    Path("src/train.py").write_text("import pickle\nmodel = pickle.load(open('m.pkl', 'rb'))\n")
    Path("nb.ipynb").write_text(
        with_ids(notebook(code_cell("import pickle"), code_cell("m = pickle.loads(blob)")), "a1b2", "c3d4")
    )
    status, out, _ = run("--write-baseline", "mlsafe-baseline.json", ".")
    assert status == 0 and out == "Wrote 2 findings to the baseline mlsafe-baseline.json.\n"
    assert run("--baseline", "mlsafe-baseline.json", ".")[0] == 0

    # moved: lines added above, indentation and spacing changed, a cell inserted before
    Path("src/train.py").write_text(
        "import pickle\n\n\ndef load():\n    model   =  pickle.load( open('m.pkl', 'rb'))\n    return model\n"
    )
    Path("nb.ipynb").write_text(
        with_ids(
            notebook(markdown_cell("# Title"), code_cell("import pickle"), code_cell("x = 1\nm = pickle.loads(blob)")),
            "e5f6",
            "a1b2",
            "c3d4",
        )
    )
    status, out, err = run("--baseline", "mlsafe-baseline.json", ".")
    assert findings_of(out) == [] and status == 0
    assert err == "mlsafe: 2 findings hidden by the baseline mlsafe-baseline.json\n"

    # a second copy of the same problem is new, and reported (once)
    Path("src/train.py").write_text(
        "import pickle\nmodel = pickle.load(open('m.pkl', 'rb'))\nmodel = pickle.load(open('m.pkl', 'rb'))\n"
    )
    status, out, _ = run("--baseline", "mlsafe-baseline.json", ".")
    assert findings_of(out) == ["src/train.py:3:9 MLS101"] and status == 1
    # the same line elsewhere (another file) is new too
    Path("src/other.py").write_text("import pickle\nmodel = pickle.load(open('m.pkl', 'rb'))\n")
    assert findings_of(run("--baseline", "mlsafe-baseline.json", "src/other.py")[1]) == ["src/other.py:2:9 MLS101"]


def test_baseline_paths_are_relative_to_the_baseline_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "project"
    (project / "nbs").mkdir(parents=True)
    (project / "nbs" / "a.py").write_text("import pickle\npickle.load(f)\n")
    monkeypatch.chdir(project)
    run("--write-baseline", "baseline.json", "nbs")
    data = json.loads((project / "baseline.json").read_text())
    assert [(e["code"], e["path"], e["cell"], e["count"]) for e in data["findings"]] == [
        ("MLS101", "nbs/a.py", None, 1)
    ]
    monkeypatch.chdir(project / "nbs")  # another working directory: the same findings match
    assert run("--baseline", "../baseline.json", "a.py")[0] == 0


def test_baseline_never_holds_a_secret(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("a.py").write_text(f"import pickle\nmodel = pickle.load(open('m.pkl', 'rb')); key = '{SECRET}'\n")
    Path("n.ipynb").write_text(
        notebook(code_cell(f"import pickle\ntoken = '{SECRET}'; m = pickle.loads(blob)"), markdown_cell(SECRET))
    )
    assert run("--write-baseline", "b.json", ".")[0] == 0
    text = Path("b.json").read_text()
    assert json.loads(text)["findings"]  # it did record the findings on those lines
    assert SECRET not in text and SECRET[8:20] not in text and "pickle" not in text
    # a secret finding is keyed by its fingerprint, not by the line
    secret = Finding(
        "MLS201",
        "provider-token",
        Category.SECRET,
        Severity.HIGH,
        "sk-p…",
        Location("a.py", None, None, 3, 1, 3, 9),
        fingerprint="sha256:00aa11bb22cc33dd",
        line_hash="sha256:ffffffffffffffff",
    )
    assert finding_key(secret, str(tmp_path))[3] == "sha256:00aa11bb22cc33dd"


def test_baseline_file_is_sorted_versioned_and_deterministic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("b.py").write_text("import pickle\npickle.load(f)\npickle.load(f)\n")
    Path("a.ipynb").write_text(
        json.dumps(
            {
                "cells": [
                    {
                        "cell_type": "code",
                        "metadata": {},
                        "outputs": [],
                        "execution_count": None,
                        "source": "import pickle\npickle.load(g)",
                    }
                ],
                "metadata": {},
                "nbformat": 4,
                "nbformat_minor": 4,
            }
        )
    )
    run("--write-baseline", "one.json", ".")
    run("--write-baseline", "two.json", "b.py", "a.ipynb")
    first = Path("one.json").read_text()
    assert first == Path("two.json").read_text()
    data = json.loads(first)
    assert data["version"] == 1 and data["tool"] == "mlsafe"
    entries = [(e["path"], e["cell"], e["code"], e["count"]) for e in data["findings"]]
    # no cell ids in an nbformat 4.4 notebook: the cell's number; two identical lines: count 2
    assert entries == [("a.ipynb", "#1", "MLS101", 1), ("b.py", None, "MLS101", 2)]
    assert first.endswith("\n") and list(data) == sorted(data)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"version": 99, "findings": []}', "version: 99"),
        ("not json", "cannot read baseline"),
        ('{"version": 1, "findings": [{"code": "MLS101"}]}', "findings[0]"),
    ],
)
def test_bad_baseline_exits_2(tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / "b.json").write_text(content)
    status, _, err = run("--baseline", str(tmp_path / "b.json"), str(tmp_path))
    assert status == 2 and message in err


def test_missing_baseline_exits_2(tmp_path: Path) -> None:
    status, _, err = run("--baseline", str(tmp_path / "none.json"), str(tmp_path))
    assert status == 2 and "--write-baseline" in err


def test_filter_hides_at_most_count_per_key() -> None:
    def finding(line: int) -> Finding:
        return Finding(
            "MLS101",
            "pickle-load",
            Category.UNSAFE_LOAD,
            Severity.MEDIUM,
            "m",
            Location("x.py", None, None, line, 1, line, 5),
            line_hash="sha256:1111222233334444",
        )

    base = str(Path.cwd())
    one = json.loads(baseline_json([finding(7)], base))["findings"]
    assert one == [{"cell": None, "code": "MLS101", "count": 1, "hash": "sha256:1111222233334444", "path": "x.py"}]
    key = finding_key(finding(7), base)
    baseline = Baseline(counts=((key, 1),), base=base)
    kept, hidden = baseline.filter(Result(findings=(finding(2), finding(9)), files=1))
    assert [f.location.line for f in kept.findings] == [9] and hidden == 1
