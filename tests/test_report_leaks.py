"""No report format prints a secret or personal value detected in the scanned files (issue 14).

The values are found here independently of the reports, by the secret and PII detectors run over
every text of every document (cell sources, every representation of every saved output, scripts),
and each format (the eight of issue 14 and gitlab) must hold none of them, in any escaping. Generated notebooks hold
the same table as ``text/html`` and ``text/plain`` (pandas' shape), with the columns in another
order, values truncated in one of them, one string or a list of lines: the positions of output
findings are positions in the text reports show, the carets sit under the masked value, and SARIF
and GitHub point at the value in the raw file.
"""

from __future__ import annotations

import html
import io
import json
import random
import re
from pathlib import Path

import pytest

from linter.api import lint_paths
from linter.cli import main
from linter.kit.examples import code_cell, notebook, result_output
from linter.report import formats, render
from linter.rules.pii._data import find_pii
from linter.rules.secrets._patterns import find_all
from linter.sources.reading import read_path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "test_notebooks"
FORMATS = ("text", "full", "json", "json-lines", "sarif", "github", "junit", "html", "gitlab")


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(["check", "--no-cache", *argv], stdout=out, stderr=io.StringIO())
    return code, out.getvalue()


def texts_of(path: Path) -> list[tuple[str, bool]]:
    """Every text of a file a detector could find a value in, and whether it is source."""
    document = read_path(path)
    found = [(document.text, True)] if document.text else []
    for cell in document.cells:
        found.append((cell.source, True))
        found.extend((output.text, False) for output in cell.outputs)
    return found


def detected_values(paths: list[Path]) -> set[str]:
    values: set[str] = set()
    for path in paths:
        for text, source in texts_of(path):
            values.update(m.value for m in find_all(text))
            values.update(m.value for m in find_pii(text, source))
    return {v for v in values if len(v.strip()) >= 6}


def forms(value: str) -> set[str]:
    """The ways a report may spell ``value``: as it is, JSON-, HTML- and XML-escaped."""
    return {value, json.dumps(value)[1:-1], html.escape(value), html.escape(value, quote=False)}


def leaks(report: str, values: set[str]) -> list[str]:
    """The detected values (masked even here: their first 4 characters) present in ``report``."""
    return sorted(v[:4] + "…" for v in values if any(form in report for form in forms(v)))


def test_every_format_is_tested() -> None:
    assert set(FORMATS) == set(formats())


# -- the samples -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_values() -> set[str]:
    paths = sorted(p for p in SAMPLES.iterdir() if not p.name.endswith(".expected"))
    values = detected_values(paths)
    assert len(values) >= 10  # the samples hold secrets and personal data: the test has teeth
    return values


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_detected_value_in_any_format_over_the_samples(fmt: str, sample_values: set[str]) -> None:
    code, report = run("--format", fmt, str(SAMPLES))
    assert code == 1
    assert report
    assert leaks(report, sample_values) == []


def test_the_churn_table_values_are_masked_in_full_output() -> None:
    """The issue's report: the churn sample's phone numbers were printed by ``full``."""
    _, report = run("--format", "full", str(SAMPLES / "churn_prediction.ipynb"))
    phones = {v for v in detected_values([SAMPLES / "churn_prediction.ipynb"]) if re.fullmatch(r"[\d()+ -]+", v)}
    assert len(phones) >= 3
    assert leaks(report, phones) == []


# -- generated notebooks ------------------------------------------------------------------------


def luhn_card(rng: random.Random) -> str:
    digits = [4, *(rng.randrange(10) for _ in range(14))]
    total = 0
    for i, d in enumerate(reversed(digits)):
        d = d * 2 if i % 2 == 0 else d
        total += d - 9 if d > 9 else d
    digits.append((10 - total % 10) % 10)
    text = "".join(map(str, digits))
    return " ".join(text[i : i + 4] for i in range(0, 16, 4))


def openai_key(rng: random.Random) -> str:
    """A made-up key in OpenAI's format (not one of the rules' example tokens, which SARIF's rule
    help prints)."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"
    return "sk-proj-" + "".join(rng.choice(alphabet) for _ in range(48))


def people(seed: int) -> list[dict[str, str]]:
    rng = random.Random(seed)
    first = ["maria", "kofi", "lena", "tomas", "yuki", "omar"]
    last = ["keller", "mensah", "novak", "silva", "tanaka", "haddad"]
    domains = ["gmail.com", "posteo.de", "outlook.es", "proton.me"]
    rows = []
    for i in range(4):
        f, surname = rng.choice(first), rng.choice(last)
        rows.append(
            {
                "name": f"{f.title()} {surname.title()}",
                "email": f"{f}.{surname}{rng.randrange(10, 99)}@{rng.choice(domains)}",
                "phone": f"({rng.choice(['312', '415', '646', '617'])}) {rng.randrange(200, 999)}-{rng.randrange(1000, 9999)}",
                "card": luhn_card(rng),
                "ssn": f"{rng.randrange(100, 665)}-{rng.randrange(10, 99)}-{rng.randrange(1000, 9999)}",
                "key": openai_key(rng) if i == 0 else "-",
            }
        )
    return rows


def table_html(rows: list[dict[str, str]], columns: list[str]) -> str:
    head = "".join(f"<th>{c}</th>" for c in columns)
    body = "".join(
        f"<tr><th>{i}</th>" + "".join(f"<td>{html.escape(row[c])}</td>" for c in columns) + "</tr>\n"
        for i, row in enumerate(rows)
    )
    return f'<table border="1" class="dataframe">\n<thead><tr><th></th>{head}</tr></thead>\n<tbody>\n{body}</tbody>\n</table>'


def table_text(rows: list[dict[str, str]], columns: list[str], width: int = 0) -> str:
    def cut(value: str) -> str:
        return value if not width or len(value) <= width else value[: width - 3] + "..."

    widths = {c: max(len(c), *(len(cut(r[c])) for r in rows)) for c in columns}
    lines = ["  " + "  ".join(c.rjust(widths[c]) for c in columns)]
    lines += [f"{i} " + "  ".join(cut(r[c]).rjust(widths[c]) for c in columns) for i, r in enumerate(rows)]
    return "\n".join(lines)


COLUMNS = ["name", "email", "phone", "card", "ssn", "key"]
LAYOUTS = {
    "same order": (COLUMNS, COLUMNS, 0),
    "plain text in another order": (COLUMNS, list(reversed(COLUMNS)), 0),
    "plain text truncated": (COLUMNS, COLUMNS, 12),
    "html only": (COLUMNS, None, 0),
    "plain text only": (None, COLUMNS, 0),
}


def generated(tmp_path: Path, seed: int, layout: str, as_lines: bool) -> Path:
    html_columns, text_columns, width = LAYOUTS[layout]
    rows = people(seed)
    data: dict[str, object] = {}
    if text_columns is not None:
        data["text/plain"] = table_text(rows, text_columns, width)
    if html_columns is not None:
        data["text/html"] = table_html(rows, html_columns)
    path = tmp_path / f"table_{seed}.ipynb"
    nb = json.loads(notebook(code_cell("customers.head()", outputs=[result_output(data)])))
    if not as_lines:  # one string a MIME type instead of nbformat's list of lines
        for output in nb["cells"][0]["outputs"]:
            output["data"] = {k: "".join(v) if isinstance(v, list) else v for k, v in output["data"].items()}
    path.write_text(json.dumps(nb, indent=1), encoding="utf-8")
    return path


CASES = [(seed, layout, as_lines) for seed, layout in enumerate(LAYOUTS) for as_lines in (True, False)]


@pytest.mark.parametrize(("seed", "layout", "as_lines"), CASES)
def test_no_detected_value_in_any_format_over_generated_tables(
    tmp_path: Path, seed: int, layout: str, as_lines: bool
) -> None:
    """One lint with context (what every format may show), rendered in each format."""
    path = generated(tmp_path, seed, layout, as_lines)
    values = detected_values([path])
    assert len(values) >= 8
    assert any(v.startswith("sk-proj-") for v in values)
    result = lint_paths([path], context=True)
    assert {f.code for f in result.findings} >= {"MLS204", "MLS502"}
    for fmt in FORMATS:
        report = render(fmt, result)
        assert report, fmt
        assert leaks(report, values) == [], fmt


@pytest.mark.parametrize(("seed", "layout", "as_lines"), CASES)
def test_output_positions_are_in_the_text_the_report_shows(
    tmp_path: Path, seed: int, layout: str, as_lines: bool
) -> None:
    """Each output finding's span, read in the excerpt's own (unredacted) text, is a detected value;
    in the full report the caret stands under that value's mask."""
    path = generated(tmp_path, seed, layout, as_lines)
    values = detected_values([path])
    document = read_path(path)
    from linter.sources.outputs import shown_output

    shown = shown_output(document.cells[0].outputs, 0)
    assert shown is not None
    lines = shown.text.split("\n")
    _, report = run("--format", "json", "--select", "MLS204,MLS502", str(path))
    findings = json.loads(report)
    assert findings
    for finding in findings:
        assert (finding["cell"], finding["output"]) == (1, 0)
        line = lines[finding["line"] - 1]
        spanned = line[finding["column"] - 1 : finding["end_column"] - 1]
        assert spanned in values, (finding["code"], finding["line"], finding["column"])
    _, full = run("--format", "full", "--select", "MLS204,MLS502", str(path))
    for source, carets in re.findall(r"^\d+ \| (.*)\n\s+\| ( *\^+)$", full, re.MULTILINE):
        start = len(carets) - len(carets.lstrip(" "))
        assert (
            source.expandtabs(4)[start:].split(" ")[0].rstrip().endswith("…")
            or "…" in (source.expandtabs(4)[start : len(carets)])
        )


@pytest.mark.parametrize(("seed", "layout", "as_lines"), CASES)
@pytest.mark.parametrize("fmt", ["sarif", "github"])
def test_raw_positions_land_on_the_value_in_the_file(
    tmp_path: Path, fmt: str, seed: int, layout: str, as_lines: bool
) -> None:
    path = generated(tmp_path, seed, layout, as_lines)
    values = detected_values([path])
    raw_lines = path.read_text(encoding="utf-8").split("\n")
    _, report = run("--format", fmt, "--select", "MLS204,MLS502", str(path))
    if fmt == "sarif":
        regions = [r["locations"][0]["physicalLocation"]["region"] for r in json.loads(report)["runs"][0]["results"]]
        points = [(r["startLine"], r["startColumn"]) for r in regions]
    else:
        points = [(int(m[1]), int(m[2])) for m in re.finditer(r"line=(\d+),col=(\d+)", report)]
    assert points
    escaped = {json.dumps(html.escape(v, quote=False))[1:-1][:6] for v in values}
    escaped |= {json.dumps(v)[1:-1][:6] for v in values}
    for line, column in points:
        assert raw_lines[line - 1][column - 1 : column + 5] in escaped, (line, column)


# -- the pieces ---------------------------------------------------------------------------------


def test_a_detected_value_is_masked_even_when_the_span_points_elsewhere() -> None:
    """Defence in depth: a secret finding whose span is wrong (on the name, not the value) still
    leaves no value in the excerpt, because every detected value is masked where it appears."""
    from linter.model import Category, Finding, Location, Severity
    from linter.report.excerpts import annotate
    from linter.sources.reading import document_from_text

    value = "Zq8v2LmT4wX9rK7pN3"
    text = f"owner = 'Ana Lima'; api_key = '{value}'\nprint(api_key)\n"
    document = document_from_text(text, "x.py")
    wrong = Finding(
        "MLS202",
        "hardcoded-credential",
        Category.SECRET,
        Severity.HIGH,
        "m",
        Location("x.py", None, None, 1, 11, 1, 15),
    )
    [annotated] = annotate(document, [wrong], values=[value])
    assert annotated.excerpt is not None
    assert value not in "".join(annotated.excerpt.lines)
    assert value[:4] + "…" in annotated.excerpt.lines[0]


def test_relocate_finds_the_same_occurrence_in_the_other_text() -> None:
    from linter.sources.outputs import relocate

    plain = "a  x@y.io\nb  x@y.io\n"
    reduced = "0\ta\tx@y.io\n1\tb\tx@y.io"
    assert relocate((2, 3, 2, 9), plain, reduced) == (2, 4, 2, 10)
    assert relocate((1, 3, 1, 9), plain, reduced) == (1, 4, 1, 10)
    assert relocate((1, 0, 1, 1), plain, "nothing here") is None


def test_notebook_diff_of_a_removed_output_masks_its_values(tmp_path: Path) -> None:
    """``--diff`` shows removed outputs as text now: their values are masked like any excerpt."""
    from linter.kit.examples import error_output

    rows = people(7)
    path = tmp_path / "err.ipynb"
    path.write_text(
        notebook(
            code_cell(
                "send(rows)",
                outputs=[
                    error_output("ValueError", "bad", [f"ValueError: no MX record for {rows[0]['email']}"]),
                    result_output({"text/plain": table_text(rows, COLUMNS), "text/html": table_html(rows, COLUMNS)}),
                ],
            )
        ),
        encoding="utf-8",
    )
    values = detected_values([path])
    assert rows[0]["email"] in values
    code, out = run("--diff", "--select", "MLS304", str(path))
    assert code == 1 and ":cell 1:output 1" in out
    assert leaks(out, values) == []
