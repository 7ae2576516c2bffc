"""Every output format: its shape, its positions (raw notebook lines for SARIF and GitHub), the
official SARIF 2.1.0 schema, and that no secret value ever reaches the output."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urlparse
from urllib.request import url2pathname

import jsonschema
import pytest

from linter.api import lint_paths, lint_source
from linter.cli import main
from linter.kit.examples import code_cell, markdown_cell, notebook, stream_output
from linter.model import Category, Finding, Location, Result, Severity
from linter.report import formats, render
from linter.report.excerpts import annotate
from linter.sources.reading import read_path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "test_notebooks"
SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
# A fake OpenAI-style key (not a real credential) and an e-mail address.
SECRET = "sk-proj-T3stOnly9xQ2mVbL8rWc5ZpK7dNfH4jA6gYs1uEe0"
SECRET_TAIL = SECRET[8:]


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), stdout=out, stderr=io.StringIO())
    return code, out.getvalue()


@pytest.fixture
def leaky(tmp_path: Path) -> Path:
    """A notebook and a script where a secret sits on the very lines of unsafe-load findings, in a
    nearby line, and in a saved output."""
    (tmp_path / "leaky.ipynb").write_text(
        notebook(
            markdown_cell("# Scoring"),
            code_cell(
                "import pickle\n"
                f'api_key = "{SECRET}"\n'
                f'model = pickle.loads(download(url, api_key="{SECRET}"))  # token={SECRET}\n',
                outputs=[stream_output(f"using key {SECRET}\n")],
            ),
        ),
        encoding="utf-8",
    )
    (tmp_path / "leaky.py").write_text(
        "import pickle\n"
        f"api_key = '{SECRET}'\n"
        f"model = pickle.loads(fetch(api_key='{SECRET}')); owner = 'jane.doe@example.com'\n",
        encoding="utf-8",
    )
    return tmp_path


@pytest.mark.parametrize("fmt", formats())
@pytest.mark.parametrize("select", ["MLS", "MLS1"])
def test_no_format_ever_outputs_the_secret(leaky: Path, fmt: str, select: str) -> None:
    code, out = run("check", str(leaky), "--format", fmt, "--select", select, "--no-color")
    assert code == 1
    assert "pickle" in out or "MLS101" in out  # the findings are there...
    data = out.encode("utf-8")
    assert SECRET.encode() not in data  # ...but never the value
    assert SECRET_TAIL.encode() not in data
    assert json.dumps(SECRET)[1:-1].encode() not in data
    assert b"jane.doe@example.com" not in data


@pytest.mark.parametrize("fmt", ["full", "html", "junit"])
def test_excerpts_are_shown_with_the_secret_redacted(leaky: Path, fmt: str) -> None:
    _, out = run("check", str(leaky / "leaky.py"), "--format", fmt)
    assert "pickle.loads(fetch(api_key=" in out.replace("&#x27;", "'").replace("&quot;", '"')
    assert "sk-p…" in out


def test_full_puts_the_caret_under_the_span_after_redaction(leaky: Path) -> None:
    _, out = run("check", str(leaky / "leaky.py"), "--format", "full")
    lines = out.splitlines()
    source = next(i for i, line in enumerate(lines) if line.startswith("3 | "))
    caret = lines[source + 1]
    start = caret.index("^")
    assert lines[source][start:].startswith("pickle.loads(")
    assert lines[source][start + caret.count("^") - 1] == ")"


# ---------------------------------------------------------------------------------------------
# SARIF


@pytest.fixture(scope="module")
def sample_sarif() -> dict[str, object]:
    import linter.links

    declared = (("Rules", "https://github.com/mlsafe/mlsafe/blob/main/docs/rules.md"),)  # as conftest's
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(linter.links, "project_urls", lambda: declared)
        return json.loads(render("sarif", lint_paths([SAMPLES], context=True)))


def test_sarif_of_the_samples_validates_against_the_official_schema(sample_sarif: dict[str, object]) -> None:
    jsonschema.Draft4Validator(SCHEMA).validate(sample_sarif)
    assert sample_sarif["runs"][0]["results"]  # type: ignore[index]


def _cell_line(path: Path, cell: int, line: int) -> str:
    data = json.loads(path.read_text(encoding="utf-8"))
    return "".join(data["cells"][cell - 1]["source"]).split("\n")[line - 1]


def test_sarif_notebook_regions_point_at_the_raw_file_lines(sample_sarif: dict[str, object]) -> None:
    checked = 0
    for result in sample_sarif["runs"][0]["results"]:  # type: ignore[index]
        props = result["properties"]
        if "cell" not in props or "output" in props:
            continue
        physical = result["locations"][0]["physicalLocation"]
        uri = physical["artifactLocation"]["uri"]
        path = Path(url2pathname(urlparse(uri).path)) if uri.startswith("file:") else Path.cwd() / unquote(uri)
        raw = path.read_text(encoding="utf-8").splitlines()[physical["region"]["startLine"] - 1]
        column = physical["region"]["startColumn"]
        cell_line = _cell_line(path, props["cell"], props["cellLine"])
        # the raw line is the JSON string holding that source line, and the column is the finding's
        assert json.loads(raw.strip().rstrip(",")).rstrip("\n") == cell_line
        cell_column = props["cellColumn"]
        assert raw[column - 1 :].startswith(json.dumps(cell_line[cell_column - 1 :])[1:-1][:5])
        checked += 1
    assert checked >= 3


def test_sarif_rules_carry_docs_tags_and_security_severity(sample_sarif: dict[str, object]) -> None:
    rules = {r["id"]: r for r in sample_sarif["runs"][0]["tool"]["driver"]["rules"]}  # type: ignore[index]
    rule = rules["MLS101"]
    assert rule["shortDescription"]["text"]
    assert rule["fullDescription"]["text"].startswith("Flags deserialisation")
    assert rule["help"]["markdown"].startswith("## MLS101 pickle-load")
    assert rule["helpUri"].endswith("docs/rules.md#mls101-pickle-load")
    assert "security" in rule["properties"]["tags"]
    assert "external/cwe/cwe-502" in rule["properties"]["tags"]
    assert float(rule["properties"]["security-severity"]) > 0
    results = sample_sarif["runs"][0]["results"]  # type: ignore[index]
    high = next(r for r in results if r["properties"]["severity"] == "high" and "cell" in r["properties"])
    assert high["level"] == "error"
    assert high["partialFingerprints"]["mlsafe/v1"].startswith("sha256:")
    assert high["properties"]["cellId"]


def test_sarif_fingerprint_survives_moving_code(tmp_path: Path) -> None:
    before = lint_source("import pickle\npickle.load(f)\n", "a.py", context=True)
    after = lint_source("import pickle\n\n\n    \nif 1:\n    pickle.load(f)\n", "a.py", context=True)
    fp = [json.loads(render("sarif", r))["runs"][0]["results"][0]["partialFingerprints"] for r in (before, after)]
    assert fp[0] == fp[1]


@pytest.mark.parametrize(
    "indent,ascii_only,crlf,split",
    [(1, False, False, True), (2, True, False, True), (None, False, False, False), (1, False, True, False)],
)
def test_raw_positions_for_any_notebook_layout(
    tmp_path: Path, indent: int | None, ascii_only: bool, crlf: bool, split: bool
) -> None:
    source = "# é\nimport pickle\nx = 1; model = pickle.load(f)\n"
    data = json.loads(notebook(markdown_cell("# t"), code_cell(source)))
    if not split:
        data["cells"][1]["source"] = source
    text = json.dumps(data, indent=indent, ensure_ascii=ascii_only)
    if crlf:
        text = text.replace("\n", "\r\n")
    path = tmp_path / "n.ipynb"
    path.write_bytes(text.encode("utf-8"))
    _, out = run("check", str(path), "--format", "github")
    match = re.search(r"line=(\d+),col=(\d+)", out)
    assert match is not None, out
    raw = text.replace("\r\n", "\n").split("\n")[int(match.group(1)) - 1]
    assert raw[int(match.group(2)) - 1 :].startswith("pickle.load(f)")
    assert "cell 2, line 3:" in out
    region = json.loads(render("sarif", lint_paths([path], context=True)))["runs"][0]["results"][0]["locations"][0][
        "physicalLocation"
    ]["region"]
    assert region["startLine"] == region["endLine"] == int(match.group(1))
    assert raw[region["startColumn"] - 1 : region["endColumn"] - 1] == "pickle.load(f)"


# ---------------------------------------------------------------------------------------------
# github, junit, html, json, statistics, output file


def test_github_annotations(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("import pickle\n\nmodel = pickle.load(f)\n", encoding="utf-8")
    _, out = run("check", str(tmp_path / "a.py"), "--format", "github")
    assert out.startswith(f"::warning file={tmp_path / 'a.py'},line=3,col=9,title=MLS101 pickle-load::")
    assert out.count("\n") == 1


def test_junit_is_xml_with_one_failure_per_finding() -> None:
    _, out = run("check", str(SAMPLES / "model_loading.ipynb"), "--format", "junit")
    root = ET.fromstring(out.encode("utf-8"))
    cases = root.findall("./testsuite/testcase")
    assert [c.get("name").split(":", 1)[1] for c in cases] == [
        "cell 3:5:13",
        "cell 5:1:10",
        "cell 5:2:12",
        "cell 6:1:6",
    ]
    failure = cases[0].find("failure")
    assert failure is not None and failure.get("type") == "MLS101"
    assert "model = pickle.load(handle)" in (failure.text or "")
    assert root.get("failures") == "4"


def test_junit_without_findings_has_a_passing_case(tmp_path: Path) -> None:
    (tmp_path / "ok.py").write_text("x = 1\n", encoding="utf-8")
    code, out = run("check", str(tmp_path), "--format", "junit")
    root = ET.fromstring(out.encode("utf-8"))
    assert code == 0 and root.get("failures") == "0" and root.find("./testsuite/testcase") is not None


def test_html_is_self_contained_and_grouped_by_file_and_cell(declared_urls: object) -> None:
    _, out = run("check", str(SAMPLES / "model_loading.ipynb"), "--format", "html")
    assert out.startswith("<!DOCTYPE html>")
    assert not re.search(r"<(?:link|img|iframe)\b|<script[^>]+src=|@import|url\(", out)
    assert re.findall(r"<h3>(Cell \d+)", out) == ["Cell 3", "Cell 5", "Cell 6"]
    assert out.count('class="finding ') == 4
    assert 'href="https://github.com/mlsafe/mlsafe/blob/main/docs/rules.md#mls101-pickle-load"' in out
    assert "<mark>pickle.load(handle)</mark>" in out
    assert "By category and severity" in out and "Unsafe model loading" in out


def test_html_escapes_everything(tmp_path: Path) -> None:
    (tmp_path / "x.py").write_text("import pickle\npickle.load(open('<script>alert(1)</script>'))\n")
    _, out = run("check", str(tmp_path), "--format", "html")
    assert "<script>alert" not in out and "&lt;script&gt;alert(1)" in out


def test_statistics_and_output_file(tmp_path: Path) -> None:
    target = tmp_path / "report.sarif"
    code, out = run("check", str(SAMPLES / "model_loading.ipynb"), "--format", "sarif", "-o", str(target))
    assert code == 1 and out == ""
    jsonschema.Draft4Validator(SCHEMA).validate(json.loads(target.read_text(encoding="utf-8")))
    _, stats = run("check", str(SAMPLES / "model_loading.ipynb"), "--statistics")
    # per severity: one of the three pickle loads is high (a download), two are medium
    assert stats.splitlines() == ["3\tMLS101\tpickle-load\t[1 high, 2 medium]", "1\tMLS001\tsyntax-error\t[1 medium]"]
    _, stats_json = run("check", str(SAMPLES / "model_loading.ipynb"), "--statistics", "--format", "json")
    assert json.loads(stats_json)[0] == {
        "code": "MLS101",
        "name": "pickle-load",
        "severity": "high",
        "severities": {"high": 1, "medium": 2},
        "count": 3,
    }


def test_output_file_that_cannot_be_written_is_a_usage_error(tmp_path: Path) -> None:
    err = io.StringIO()
    code = main(["check", str(SAMPLES), "-o", str(tmp_path / "missing" / "x.txt")], stdout=io.StringIO(), stderr=err)
    assert code == 2 and "cannot write" in err.getvalue()


def test_default_path_computes_no_context() -> None:
    result = lint_paths([SAMPLES])
    assert result.findings and all(f.excerpt is None and f.location.raw_line is None for f in result.findings)


def test_readme_output_format_commands_run(tmp_path: Path) -> None:
    """The commands of the README's "Output formats" section work as shown."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Output formats", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"^mlsafe (check .+)$", section, flags=re.MULTILINE)
    assert len(commands) == 6
    for command in commands:
        argv = [str(ROOT / a) if a.startswith("test_notebooks") else a for a in command.split()]
        argv = [str(tmp_path / a) if a.startswith("mlsafe") and "." in a else a for a in argv]
        code, out = run(*argv)
        assert code == 1, command
        target = next((a for a in argv if a.endswith((".sarif", ".xml", ".html"))), None)
        if target is not None:
            assert out == "" and Path(target).stat().st_size > 0
    assert "5 |     model = pickle.load(handle)" in run("check", "--format", "full", str(SAMPLES))[1]


def test_junit_stays_valid_xml_with_control_characters(tmp_path: Path) -> None:
    (tmp_path / "x.py").write_text("import pickle\npickle.load(f)  # \x1b[31m\x07 bell\n", encoding="utf-8")
    _, out = run("check", str(tmp_path), "--format", "junit")
    case = ET.fromstring(out.encode("utf-8")).find("./testsuite/testcase/failure")
    assert case is not None and "\ufffd" in (case.text or "")


# ---------------------------------------------------------------------------------------------
# Reporters as pure functions of a Result


def _finding(**location: object) -> Finding:
    where = {
        "path": "dir,x/a:b.ipynb",
        "cell": 2,
        "output": None,
        "line": 3,
        "column": 5,
        "end_line": 3,
        "end_column": 9,
        **location,
    }
    return Finding(
        code="MLS101",
        name="pickle-load",
        category=Category.UNSAFE_LOAD,
        severity=Severity.LOW,
        message="100% bad\nreally",
        location=Location(**where),
        cell_id="abc",  # type: ignore[arg-type]
        url="https://example.org/rules.md#mls101-pickle-load",
    )


def test_github_escapes_properties_and_data() -> None:
    line = render("github", Result(findings=(_finding(raw_line=40, raw_column=12),), files=1))
    assert line == (
        "::notice file=dir%2Cx/a%3Ab.ipynb,line=40,col=12,title=MLS101 pickle-load"
        "::cell 2, line 3: 100%25 bad%0Areally\n"
    )


def test_sarif_without_raw_positions_omits_the_region_and_stays_valid() -> None:
    for finding in (_finding(), _finding(output=0, raw_line=7, raw_column=3)):
        log = json.loads(render("sarif", Result(findings=(finding,), files=1)))
        jsonschema.Draft4Validator(SCHEMA).validate(log)
        result = log["runs"][0]["results"][0]
        physical = result["locations"][0]["physicalLocation"]
        assert physical["artifactLocation"]["uri"] == "dir%2Cx/a%3Ab.ipynb"
        if finding.location.raw_line is None:
            assert "region" not in physical
        else:
            assert physical["region"] == {"startLine": 7, "startColumn": 3}
            assert result["properties"]["output"] == 1
        assert result["level"] == "note" and result["properties"]["cellId"] == "abc"


def test_sarif_output_findings_point_into_the_saved_output(tmp_path: Path) -> None:
    text = notebook(code_cell("x = 1\n", outputs=[stream_output("line one\nline two\n")]))
    path = tmp_path / "o.ipynb"
    path.write_text(text, encoding="utf-8")
    document = read_path(path)
    synthetic = _finding(path=str(path), cell=1, output=0, line=2, column=6, end_line=2, end_column=9)
    (annotated,) = annotate(document, [synthetic], raw_text=text)
    assert isinstance(annotated, Finding) and annotated.excerpt is not None
    assert annotated.excerpt.lines == ("line two",)
    raw = text.splitlines()[annotated.location.raw_line - 1]  # type: ignore[operator]
    assert raw[annotated.location.raw_column - 1 :].startswith("two")  # type: ignore[operator]


def test_full_in_colour_is_the_same_text_with_ansi_codes() -> None:
    result = lint_source("import pickle\nmodel = pickle.load(f)\n", "a.py", context=True)
    plain, coloured = render("full", result), render("full", result, color=True)
    assert "\x1b[" in coloured and "\x1b[" not in plain
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == plain


@pytest.mark.parametrize("fmt", formats())
def test_every_format_handles_a_clean_run(tmp_path: Path, fmt: str) -> None:
    (tmp_path / "ok.py").write_text("import json\njson.loads('{}')\n", encoding="utf-8")
    code, out = run("check", str(tmp_path), "--format", fmt)
    assert code == 0
    if fmt == "sarif":
        log = json.loads(out)
        jsonschema.Draft4Validator(SCHEMA).validate(log)
        assert log["runs"][0]["results"] == []
    elif fmt == "html":
        assert "No findings in 1 file." in out
    elif fmt in ("json",):
        assert json.loads(out) == []
    elif fmt in ("json-lines", "github"):
        assert out == ""
