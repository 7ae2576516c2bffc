"""Redacted excerpts: what is hidden, and that columns still point at the finding afterwards."""

from __future__ import annotations

import json

import pytest

import linter.api as api
from linter.api import lint_notebook, lint_source
from linter.config import Config
from linter.kit.examples import code_cell, notebook, stream_output
from linter.report.excerpts import looks_secret, redact_line, suspicious_spans

KEY = "sk-proj-T3stOnly9xQ2mVbL8rWc5ZpK7dNfH4jA6gYs1uEe0"


def test_redact_line_replaces_spans_and_reports_shifts() -> None:
    line = f'a = "{KEY}"; b = 1'
    start = line.index(KEY)
    redacted, edits = redact_line(line, [(start, start + len(KEY))])
    assert redacted == 'a = "sk-p…"; b = 1'
    assert edits == [(start, start + len(KEY), 5)]


def test_suspicious_spans_find_keys_named_values_and_emails() -> None:
    line = f"token = 'hunter2hunter2'; k = '{KEY}'; mail = 'ann@example.org'; path = 'models/resnet50.pth'"
    hidden = [line[s:e] for s, e in suspicious_spans(line)]
    assert "hunter2hunter2" in hidden and KEY in hidden and "ann@example.org" in hidden
    assert not any("resnet50" in h for h in hidden)


def test_looks_secret() -> None:
    assert looks_secret(KEY)
    assert looks_secret("AKIAIOSFODNN7EXAMPLE")
    assert not looks_secret("models/resnet50_weights.pth")
    assert not looks_secret("hello world, this is text")


def test_excerpt_columns_follow_the_redaction() -> None:
    source = f"import pickle\nm = pickle.loads(get(key='{KEY}'))\n"
    finding = lint_source(source, "a.py", context=True).findings[0]
    excerpt = finding.excerpt
    assert excerpt is not None and excerpt.first == 2
    line = excerpt.lines[0]
    assert KEY not in line
    assert line[excerpt.column - 1 : excerpt.end_column - 1] == "pickle.loads(get(key='sk-p…'))"


def test_output_excerpt_and_live_notebooks_have_no_raw_positions() -> None:
    data = json.loads(notebook(code_cell("import pickle\npickle.load(f)\n", outputs=[stream_output("x\n")])))
    finding = lint_notebook(data, context=True).findings[0]
    assert finding.excerpt is not None and finding.excerpt.lines == ("pickle.load(f)",)
    assert finding.location.raw_line is None


def test_long_lines_are_windowed_around_the_finding() -> None:
    source = "import pickle\n" + "x = 1; " * 100 + "pickle.load(f)\n"
    excerpt = lint_source(source, "a.py", context=True).findings[0].excerpt
    assert excerpt is not None and len(excerpt.lines[0]) <= 202
    assert excerpt.lines[0][excerpt.column - 1 : excerpt.end_column - 1] == "pickle.load(f)"


def test_spans_of_deselected_sensitive_rules_are_still_hidden(monkeypatch: pytest.MonkeyPatch) -> None:
    """With the secret/PII rules deselected, the engine still runs them for redaction. Proven here
    with MLS107 standing in for a secret rule: its span is hidden from MLS101's excerpt."""
    monkeypatch.setattr(api, "SENSITIVE_PREFIXES", ("MLS107",))
    source = "import pickle, torch\nm = pickle.loads(torch.hub.load('owner/repo', 'model'))\n"
    finding = lint_source(source, "a.py", Config(select=("MLS101",)), context=True).findings[0]
    assert finding.code == "MLS101" and finding.excerpt is not None
    assert "torch.hub.load" not in finding.excerpt.lines[0]
    assert finding.excerpt.lines[0].startswith("m = pickle.loads(")


def test_lint_source_of_notebook_text_fills_raw_positions() -> None:
    text = notebook(code_cell("import pickle\n\npickle.load(f)\n"))
    finding = lint_source(text, "n.ipynb", context=True).findings[0]
    raw = text.splitlines()[finding.location.raw_line - 1]  # type: ignore[operator]
    assert raw[finding.location.raw_column - 1 :].startswith("pickle.load(f)")  # type: ignore[operator]
