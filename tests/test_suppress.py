"""Suppressions: noqa comments (scripts, notebook cells, magics), cell tags, the allowlist pragma
and MLS003 for suppressions that suppress nothing or name unknown codes."""

from __future__ import annotations

import json
from collections.abc import Iterator

from linter.api import lint_notebook, lint_source
from linter.config import Config
from linter.engine.ruleset import RuleSet
from linter.engine.run import lint_document
from linter.engine.suppressions import noqa_codes, tag_codes
from linter.kit.examples import code_cell, markdown_cell, notebook, stream_output
from linter.model import Category, Finding, Severity
from linter.rule import Context, Report, Rule, TextBlock
from linter.sources.document import OutputText
from linter.sources.reading import document_from_text


def where(findings: tuple[Finding, ...]) -> list[tuple[str, int | None, int | None, int, int]]:
    return [(f.code, f.location.cell, f.location.output, f.location.line, f.location.column) for f in findings]


def nb(*cells: dict) -> dict:
    return json.loads(notebook(*cells))


class OutputWord(Rule):
    """A test rule: reports the word LEAK in saved outputs."""

    code = "MLS398"
    name = "test-output-word"
    category = Category.VERBOSE_ERROR
    severity = Severity.MEDIUM

    def check_output(self, output: OutputText, ctx: Context) -> Iterator[Report]:
        for number, line in enumerate(output.text.splitlines(), start=1):
            if "LEAK" in line:
                yield Report("leak in output", line=number, column=line.index("LEAK"))


class SecretWord(Rule):
    """A test rule in the secrets range: reports the word s3cr3t in any text."""

    code = "MLS299"
    name = "test-secret-word"
    category = Category.SECRET
    severity = Severity.HIGH

    def check_text(self, block: TextBlock, ctx: Context) -> Iterator[Report]:
        for number, line in enumerate(block.text.splitlines(), start=1):
            if "s3cr3t" in line:
                yield Report("secret", line=number, column=line.index("s3cr3t"), fingerprint="sha256:0123456789abcdef")


def lint_with(rules: list[Rule], text: str, path: str, allow_bare_noqa: bool = False) -> tuple[Finding, ...]:
    from linter.registry import all_rules

    ruleset = RuleSet.build(rules, known=[r.code for r in all_rules()])
    return lint_document(document_from_text(text, path), ruleset, allow_bare_noqa)


def test_parse_noqa_and_tags() -> None:
    assert noqa_codes("x = 1  # noqa: MLS101, MLS2 E501") == ("MLS101", "MLS2", "E501")
    assert noqa_codes("x = 1  # NOQA") == ()
    assert noqa_codes("x = 1") is None
    assert tag_codes(["hide-input", "mlsafe-ignore:MLS304,MLS204"]) == ("MLS304", "MLS204")
    assert tag_codes(["mlsafe-ignore"]) == () and tag_codes(["other"]) is None


def test_noqa_in_notebook_cells() -> None:
    content = nb(
        code_cell("import pickle"),
        code_cell("a = pickle.load(open('a.pkl', 'rb'))  # noqa: MLS101\nb = pickle.loads(blob)"),
        code_cell("c = pickle.load(f)  # noqa: MLS1"),
    )
    assert where(lint_notebook(content).findings) == [("MLS101", 2, None, 2, 5)]


def test_noqa_with_other_tools_codes_does_not_suppress_ours() -> None:
    result = lint_source("import pickle\nm = pickle.load(f)  # noqa: E501, S301\n", "a.py")
    assert where(result.findings) == [("MLS101", None, None, 2, 5)]


def test_bare_noqa_only_when_allowed() -> None:
    source = "import pickle\nm = pickle.load(f)  # noqa\n"
    assert where(lint_source(source, "a.py").findings) == [("MLS101", None, None, 2, 5)]
    assert lint_source(source, "a.py", Config(allow_bare_noqa=True)).findings == ()


def test_unknown_code_in_noqa_is_reported_not_blanket() -> None:
    source = "import pickle\nm = pickle.load(f)  # noqa: MLS10l\nn = pickle.load(g)  # noqa: MLS999, MLS101\n"
    findings = lint_source(source, "a.py").findings
    # MLS10l reads as the prefix MLS10, which matches MLS101: suppressed. MLS999 matches nothing.
    assert where(findings) == [("MLS003", None, None, 3, 21)]
    assert "unknown: `MLS999`" in findings[0].message and "MLS101" not in findings[0].message
    findings = lint_source("import pickle\nm = pickle.load(f)  # noqa: MLS9\n", "a.py").findings
    assert where(findings) == [("MLS101", None, None, 2, 5), ("MLS003", None, None, 2, 21)]


def test_unused_noqa_mls003() -> None:
    source = (
        "import pickle\n"
        "x = 1  # noqa: MLS101\n"  # nothing to suppress
        "m = pickle.load(f)  # noqa: MLS101\n"  # used
        "doc = '# noqa: MLS101'\n"  # not a comment
        "y = 2  # noqa: E501\n"  # another tool's
        "z = 3  # noqa: MLS101, MLS003\n"  # MLS003 silenced on its own line
    )
    findings = lint_source(source, "a.py").findings
    assert where(findings) == [("MLS003", None, None, 2, 8)]
    assert findings[0].message == "Unused `noqa` directive (unused: `MLS101`)"
    assert findings[0].severity is Severity.LOW
    # only when the noqa'd code is selected
    assert lint_source(source, "a.py", Config(select=("MLS0",))).findings == ()
    assert lint_source(source, "a.py", Config(ignore=("MLS003",))).findings == ()


def test_unused_noqa_in_notebook_cells_and_magics() -> None:
    content = nb(
        code_cell("import pickle\n!pip install torch==2.4.1  # noqa: MLS101"),
        code_cell("%time x = 1  # noqa: MLS101"),
        code_cell("%%bash\necho hi  # noqa: MLS101"),
        markdown_cell("# noqa: MLS101 is a heading here"),
        code_cell("!pip install torch  # noqa: MLS401\n%pip install numpy"),
    )
    findings = lint_notebook(content).findings
    assert where(findings) == [
        ("MLS003", 1, None, 2, 28),
        ("MLS003", 2, None, 1, 14),
        ("MLS003", 3, None, 2, 10),
        ("MLS401", 5, None, 2, 14),  # the noqa of line 1 is used; line 2 has none
    ]


def test_no_mls003_in_code_that_was_not_analysed() -> None:
    content = nb(
        code_cell("import pickle"),
        code_cell("def broken(:\n    pass\nm = pickle.load(f)  # noqa: MLS101"),
        code_cell("x = 1  # noqa: MLS101"),
    )
    assert where(lint_notebook(content).findings) == [("MLS001", 2, None, 1, 12), ("MLS003", 3, None, 1, 8)]
    assert where(lint_source("def f(:\n    x = 1  # noqa: MLS101\n", "a.py").findings) == [("MLS001", None, None, 1, 7)]


def test_cell_tag_suppresses_output_findings_and_whole_cells() -> None:
    text = notebook(
        code_cell("print('LEAK')", outputs=[stream_output("LEAK\n")]),
        code_cell("print('LEAK')", outputs=[stream_output("LEAK\n")], tags=["mlsafe-ignore:MLS398"]),
        code_cell("print('LEAK')", outputs=[stream_output("ok\nLEAK\n")], tags=["mlsafe-ignore:MLS2"]),
        code_cell("x = 's3cr3t'", outputs=[stream_output("LEAK s3cr3t\n")], tags=["mlsafe-ignore"]),
    )
    findings = lint_with([OutputWord(), SecretWord()], text, "n.ipynb")
    assert where(findings) == [("MLS398", 1, 0, 1, 1), ("MLS398", 3, 0, 2, 1)]


def test_cell_tag_with_unknown_code_is_reported() -> None:
    content = nb(code_cell("import pickle\npickle.load(f)", tags=["mlsafe-ignore:MLS99"]))
    findings = lint_notebook(content).findings
    assert where(findings) == [("MLS003", 1, None, 1, 1), ("MLS101", 1, None, 2, 1)]
    assert "`MLS99`" in findings[0].message


def test_allowlist_secret_pragma_still_works_for_mls2xx() -> None:
    source = "a = 's3cr3t'  # pragma: allowlist secret\nb = 's3cr3t'\nc = 'LEAK'  # pragma: allowlist secret\n"
    findings = lint_with([SecretWord()], source, "a.py")
    assert where(findings) == [("MLS299", None, None, 2, 6)]


def test_noqa_does_not_reach_outputs() -> None:
    text = notebook(code_cell("print('LEAK')  # noqa: MLS398", outputs=[stream_output("LEAK\n")]))
    findings = lint_with([OutputWord()], text, "n.ipynb")
    assert where(findings) == [("MLS398", 1, 0, 1, 1)]


def test_requirements_noqa_comment() -> None:
    from linter.engine.suppressions import noqa_directives

    document = document_from_text("torch  # noqa: MLS401\nnumpy==1.0\n", "requirements.txt")
    assert [(d.line, d.column, d.codes) for d in noqa_directives(document)] == [(1, 7, ("MLS401",))]
