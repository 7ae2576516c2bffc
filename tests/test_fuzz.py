"""Property-based tests over hostile input: nothing crashes, every line maps back, runs stay fast."""

from __future__ import annotations

import json
import time

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from linter.api import lint, lint_source
from linter.kit.examples import code_cell, markdown_cell, notebook
from linter.sources.magics import neutralise
from linter.sources.reading import document_from_bytes, notebook_document

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Text that looks like notebook code: Python tokens, IPython prefixes, quotes, brackets, newlines.
PIECES = st.sampled_from(
    [
        "import pickle as pk\n",
        "pk.load(f)",
        "torch.load(p)",
        "!pip install torch",
        "%pip install -U x",
        "%%bash\n",
        "%%time\n",
        "%time ",
        "x = !ls",
        "obj?",
        "pip install y",
        "\\\n",
        "\n",
        "    ",
        "(",
        ")",
        "[",
        "]",
        "'",
        '"',
        '"""',
        "#",
        "# noqa: MLS101",
        "def f(:",
        "yaml.load(s)",
        "\r\n",
        "\x00",
        "é",
        "𝔘",
        "if True:\n    ",
        "trust_remote_code=True",
        "lambda: ",
        "api_key = 'sk-",
        "%%writefile a.py\n",
    ]
)
CODE = st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=30).map("".join)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=20,
)


def _verbatim(source: str, code: bool = True) -> dict[str, object]:
    """A cell holding exactly ``source``: the example builders dedent a text that starts with a
    newline (the rule-example convention), which would narrow the generated inputs."""
    cell = code_cell("") if code else markdown_cell("")
    cell["source"] = source.splitlines(keepends=True)
    return cell


# Inputs kept as regressions: shapes that broke, or nearly broke, the reader, the neutraliser or
# the engine while they were written (hypothesis also replays its own database locally).
REGRESSIONS = [
    "%%bash",  # a cell magic with no body
    "!pip install a \\",  # a continuation at the very end of a cell
    's = """\n!not a command',  # an unterminated triple-quoted string
    "x = (a\n % b)\n!ls",  # modulo at a line start inside brackets
    "\r\n\r\n%time \r\n",  # CRLF and an empty timed statement
    "if True:\n    !echo\n",  # a magic as the only statement of a block
    "\x00\x00import pickle",  # NUL bytes in a cell
    "pip install x\nls -la\ncd /",  # automagics next to valid Python
    "%%writefile a.py\ndef f(:\n",  # a broken Python body of %%writefile
    "def f():\n    return\n" * 3 + "yield x",
]


@FUZZ
@given(CODE)
@example("").via("regression")
def test_neutraliser_keeps_every_line(source: str) -> None:
    result = neutralise(source, 0)
    assert len(result.lines) == len(result.offsets) == len(source.split("\n"))
    assert all(offset >= 0 for offset in result.offsets)
    for magic in result.magics:
        line, column = magic.position(len(magic.text))
        assert 1 <= magic.line <= line <= len(result.lines) and column >= 0


@FUZZ
@given(st.lists(CODE, min_size=1, max_size=6))
def test_source_map_is_total_and_invertible(cells: list[str]) -> None:
    document = notebook_document(json.loads(notebook(*(_verbatim(c) for c in cells))), "nb.ipynb")
    source_map = document.source_map
    for vline in range(1, len(source_map) + 1):
        cell, line, _ = source_map.to_source(vline, 0)
        assert cell is not None and 1 <= line <= len(cells[cell].split("\n")) + 1
        assert source_map.to_virtual(cell, line) == vline


def test_regressions_neutralise_and_lint_cleanly() -> None:
    for source in REGRESSIONS:
        test_neutraliser_keeps_every_line.hypothesis.inner_test(source)  # type: ignore[attr-defined]
        test_engine_never_crashes_and_locates_findings.hypothesis.inner_test([(True, source)])  # type: ignore[attr-defined]


@FUZZ
@given(st.lists(st.tuples(st.booleans(), CODE), max_size=6))
def test_engine_never_crashes_and_locates_findings(cells: list[tuple[bool, str]]) -> None:
    text = notebook(*(_verbatim(src, is_code) for is_code, src in cells))
    result = lint_source(text, "fuzz.ipynb")
    for finding in result.findings:
        assert not finding.message.startswith("internal error"), finding.message
        loc = finding.location
        assert loc.cell is not None and 1 <= loc.cell <= len(cells)
        assert loc.line >= 1 and loc.column >= 1


@FUZZ
@given(JSON)
def test_any_json_is_read_without_raising(data: object) -> None:
    document = notebook_document(data, "any.ipynb")
    findings = lint(document)
    assert all(not f.message.startswith("internal error") for f in findings)


@FUZZ
@given(st.binary(max_size=300), st.sampled_from(["a.py", "a.ipynb", "requirements.txt"]))
def test_any_bytes_are_read_without_raising(data: bytes, name: str) -> None:
    findings = lint(document_from_bytes(data, name))
    assert all(not f.message.startswith("internal error") for f in findings)


def test_truncated_notebooks_give_located_diagnostics() -> None:
    text = notebook(code_cell("import pickle\npickle.load(f)"), markdown_cell("# notes"))
    for cut in range(1, len(text), 7):
        findings = lint_source(text[:cut], "cut.ipynb").findings
        assert [f.code for f in findings] == ["MLS002"], cut
        assert findings[0].location.line >= 1


def test_huge_and_deep_input_stays_fast() -> None:
    cells = [
        "import pickle\n" + "x = 1\n" * 50_000,
        "y = " + "[" * 5_000 + "]" * 5_000,
        "s = '" + "a" * 1_000_000 + "'",
        "pickle.load(f)",
    ]
    start = time.process_time()
    findings = lint_source(notebook(*(_verbatim(c) for c in cells)), "big.ipynb").findings
    elapsed = time.process_time() - start
    assert ("MLS101", 4) in [(f.code, f.location.cell) for f in findings]
    assert elapsed < 30, f"{elapsed:.1f}s for ~1.4 MB"
