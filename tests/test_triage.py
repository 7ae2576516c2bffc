"""Triage of long reports (issue 14): ``--severity``, the summary that ends long text reports, and
``--statistics`` broken down by severity."""

from __future__ import annotations

import io
import json
from pathlib import Path

from linter.api import lint_paths
from linter.cli import main
from linter.model import Category, Finding, Location, Result, Severity
from linter.report import render

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "test_notebooks"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["check", "--no-cache", *argv], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def where(finding: dict[str, object]) -> tuple[object, ...]:
    return (finding["path"], finding["cell"], finding["output"], finding["line"], finding["column"], finding["code"])


def test_severity_high_shows_exactly_the_high_findings_of_the_samples() -> None:
    _, everything, _ = run("--format", "json", str(SAMPLES))
    high = [where(f) for f in json.loads(everything) if f["severity"] == "high"]
    assert high
    code, shown, _ = run("--format", "json", "--severity", "high", str(SAMPLES))
    assert [where(f) for f in json.loads(shown)] == high
    assert code == 1


def test_severity_medium_keeps_high_and_medium() -> None:
    _, everything, _ = run("--format", "json", str(SAMPLES))
    wanted = [where(f) for f in json.loads(everything) if f["severity"] in ("high", "medium")]
    _, shown, _ = run("--format", "json", "--severity", "medium", str(SAMPLES))
    assert [where(f) for f in json.loads(shown)] == wanted


def test_exit_status_follows_fail_on_not_severity(tmp_path: Path) -> None:
    """Only a low finding: hidden by --severity high, it still fails a run with --fail-on low, and
    the summary says it is there."""
    script = tmp_path / "pin.py"
    script.write_text('from transformers import AutoModel\nAutoModel.from_pretrained("bert-base-uncased")\n')
    code, out, _ = run(str(script))
    assert code == 1 and "MLS405" in out and "[low]" in out
    code, out, _ = run("--severity", "high", str(script))
    assert code == 1
    assert "MLS405" not in out
    assert "1 lower-severity finding not shown (`--severity low` shows them)" in out
    assert "All checks passed" not in out
    code, _, _ = run("--severity", "high", "--fail-on", "high", str(script))
    assert code == 0


def test_severity_from_the_configuration_file(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.mlsafe]\nseverity = "high"\n')
    (tmp_path / "a.py").write_text(
        "import pickle, yaml\npickle.loads(data)\nyaml.load(text)\n"  # MLS101 medium, MLS104 medium
        "import urllib.request\nurllib.request.urlretrieve(u, 'm.pkl')\npickle.load(open('m.pkl', 'rb'))\n"
    )
    _, out, _ = run("--format", "json", str(tmp_path))
    severities = {(f["line"], f["code"]): f["severity"] for f in json.loads(out)}
    assert severities[(6, "MLS101")] == "high"
    assert all(s == "high" for s in severities.values())
    _, out, _ = run("--format", "json", "--severity", "low", str(tmp_path))
    assert {(f["line"], f["code"]) for f in json.loads(out)} >= {(2, "MLS101"), (3, "MLS104"), (6, "MLS101")}


def test_a_severity_table_still_overrides_rules(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.mlsafe]\nseverity = { MLS104 = "high" }\n')
    (tmp_path / "a.py").write_text("import yaml\nyaml.load(text)\n")
    _, out, _ = run("--format", "json", str(tmp_path))
    assert [(f["line"], f["code"], f["severity"]) for f in json.loads(out)] == [(2, "MLS104", "high")]


def _findings(count: int) -> tuple[Finding, ...]:
    kinds = [
        ("MLS405", "unpinned-model-revision", Category.UNPINNED, Severity.LOW),
        ("MLS401", "unpinned-install", Category.UNPINNED, Severity.MEDIUM),
        ("MLS101", "pickle-load", Category.UNSAFE_LOAD, Severity.HIGH),
    ]
    found = []
    for i in range(count):
        code, name, category, severity = kinds[0] if i % 4 else kinds[1 + i % 8 // 4]
        path = f"nb{i % 7}.ipynb"
        found.append(Finding(code, name, category, severity, "m", Location(path, 1, None, i + 1, 1, i + 1, 2)))
    return tuple(sorted(found, key=Finding.sort_key))


def test_long_text_reports_end_with_a_triage_summary() -> None:
    findings = _findings(60)
    report = render("text", Result(findings=findings, files=7)).splitlines()
    start = report.index("Triage of 60 findings:")
    assert report[start + 1].split() == ["category", "high", "medium", "low"]
    assert report[start + 2].split() == ["unpinned", "0", "8", "45"]
    assert report[start + 3].split() == ["unsafe-load", "7", "0", "0"]
    assert report[start + 4] == "  top rules: MLS405 45 (45 low), MLS401 8 (8 medium), MLS101 7 (7 high)"
    assert report[start + 5].startswith("  top files: nb0.ipynb 9, nb1.ipynb 9, nb2.ipynb 9, nb3.ipynb 9,")
    assert "`--severity high` shows the 7 high" in report[start + 6]
    assert "`--ignore MLS405` drops 45" in report[start + 6]
    assert report[-1].startswith("Found 60 findings (7 high, 8 medium, 45 low)")


def test_short_text_reports_have_no_triage_summary() -> None:
    report = render("text", Result(findings=_findings(10), files=7))
    assert "Triage" not in report


def test_statistics_break_each_rule_down_by_severity() -> None:
    result = Result(findings=_findings(60), files=7)
    lines = render("text", result, statistics=True).splitlines()
    assert lines == [
        "45\tMLS405\tunpinned-model-revision\t[45 low]",
        " 8\tMLS401\tunpinned-install\t[8 medium]",
        " 7\tMLS101\tpickle-load\t[7 high]",
    ]


def test_statistics_of_the_samples_show_per_severity_counts() -> None:
    result = lint_paths([SAMPLES])
    rows = {row["code"]: row for row in json.loads(render("json", result, statistics=True))}
    mls405 = [f for f in result.findings if f.code == "MLS405"]
    assert rows["MLS405"]["severities"] == {
        s.label: n
        for s in (Severity.HIGH, Severity.MEDIUM, Severity.LOW)
        if (n := sum(f.severity == s for f in mls405))
    }
    assert len(rows["MLS405"]["severities"]) >= 2  # high and low MLS405 findings in the samples


def test_a_wrong_severity_setting_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.mlsafe]\nseverity = 3\n")
    (tmp_path / "a.py").write_text("x = 1\n")
    code, _, err = run(str(tmp_path))
    assert code == 2 and "severity must be" in err
    (tmp_path / "pyproject.toml").write_text('[tool.mlsafe]\nseverity = "hgh"\n')
    code, _, err = run(str(tmp_path))
    assert code == 2 and "unknown severity 'hgh'" in err


def test_severity_is_not_part_of_the_cache_key() -> None:
    """--severity filters what is printed; the linting (and its cache entries) is the same."""
    from linter.config import Config

    assert Config(show=Severity.HIGH).digest() == Config().digest()
