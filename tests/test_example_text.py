"""Rule examples are written as indented triple-quoted blocks (see linter.model.Example): the
normalisation that makes them the texts the tests lint, and a check that new examples follow it."""

from __future__ import annotations

import ast
import dataclasses
import json
import re
from pathlib import Path

import pytest

from linter.kit.examples import code_cell, markdown_cell, notebook_example, result_output, stream_output
from linter.model import Example, example_text

ROOT = Path(__file__).resolve().parent.parent


def test_a_block_loses_its_first_newline_and_is_dedented() -> None:
    text = """
        import pickle

        with open('model.pkl', 'rb') as f:
            model = pickle.load(f)
        """
    assert example_text(text) == "import pickle\n\nwith open('model.pkl', 'rb') as f:\n    model = pickle.load(f)\n"


def test_the_final_newline_is_where_the_closing_quotes_are() -> None:
    on_their_own_line = """
        x = 1
        """
    after_the_last_line = """
        x = 1"""
    assert example_text(on_their_own_line) == "x = 1\n"
    assert example_text(after_the_last_line) == "x = 1"


def test_other_texts_are_kept_as_they_are() -> None:
    for text in ("", "x = 1", "x = 1\n", "    indented\n", "  a\n  b\n", "a\n    b", "\tx\n"):
        assert example_text(text) == text


def test_example_and_builders_normalise_their_texts() -> None:
    example = Example(
        """
        api_key = "..."
        """,
        fixed="""
        import os
        api_key = os.environ["API_KEY"]
        """,
    )
    assert example.source == 'api_key = "..."\n'
    assert example.fixed == 'import os\napi_key = os.environ["API_KEY"]\n'
    with pytest.raises(dataclasses.FrozenInstanceError):
        example.source = ""  # type: ignore[misc]

    cell = code_cell(
        """
        import pickle
        model = pickle.load(f)""",
        outputs=[
            stream_output(
                """
                loaded
                """
            ),
            result_output({"text/plain": "\n    a\n      b"}),
        ],
    )
    assert cell["source"] == ["import pickle\n", "model = pickle.load(f)"]
    assert cell["outputs"][0]["text"] == ["loaded\n"]
    assert cell["outputs"][1]["data"]["text/plain"] == ["a\n", "  b"]
    assert markdown_cell("\n    # Title\n    text")["source"] == ["# Title\n", "text"]
    notebook = json.loads(notebook_example(code_cell("x = 1\n")).source)
    assert notebook["cells"][0]["source"] == ["x = 1\n"]


# Calls whose string arguments are example texts (at any depth: cells inside notebook_example...).
BUILDERS = {
    "Example",
    "notebook_example",
    "code_cell",
    "markdown_cell",
    "stream_output",
    "result_output",
    "error_output",
}
BLOCK = re.compile(r"[rRfF]{0,2}('''|\"\"\")")

# The string literals in rule examples that hold a newline but stay one-line strings with escapes:
# (module under rules/, how the literal starts, why).
KEPT = (
    # The separator and final newline of the code that builds one example per provider token.
    ("secrets/provider_token.py", '"\\n"', "a separator in code, not an example's text"),
    # The text holds triple quotes of its own.
    ("secrets/credentials_in_url.py", "'PROXY_HELP = ", "a docstring in the example"),
    ("secrets/provider_token.py", "f\"pem = '''{PEM}'''", "a triple-quoted PEM, whose lines come from PEM"),
)


def _one_line_texts() -> list[tuple[str, int, str]]:
    """(module, line, source) of each string literal inside an example builder call whose text holds
    a newline but that is not written as a triple-quoted block."""
    found = []
    for path in sorted((ROOT / "rules").rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        module = path.relative_to(ROOT / "rules").as_posix()
        done: set[int] = set()
        for call in ast.walk(ast.parse(source)):
            name = getattr(call, "func", None)
            if not isinstance(call, ast.Call) or getattr(name, "id", getattr(name, "attr", None)) not in BUILDERS:
                continue
            for node in ast.walk(call):
                if isinstance(node, ast.JoinedStr):
                    done.update(id(value) for value in node.values)
                    text = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
                elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                    text = node.value
                else:
                    continue
                if id(node) in done or "\n" not in text:
                    continue
                done.add(id(node))
                literal = ast.get_source_segment(source, node) or ""
                if not BLOCK.match(literal):
                    found.append((module, node.lineno, literal))
    return found


def test_rule_examples_are_blocks() -> None:
    """A new example text with several lines is written as a block (or its reason added to KEPT)."""
    found = _one_line_texts()
    unexplained = [
        f"rules/{module}:{line}: {literal[:70]}"
        for module, line, literal in found
        if not any(module == m and literal.startswith(start) for m, start, _ in KEPT)
    ]
    assert not unexplained, "write these as triple-quoted blocks (see Example):\n" + "\n".join(unexplained)
    stale = [(m, start) for m, start, _ in KEPT if not any(m == f[0] and f[2].startswith(start) for f in found)]
    assert not stale, f"KEPT entries that match no literal any more: {stale}"
