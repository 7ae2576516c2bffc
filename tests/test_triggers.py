"""The trigger scanner finds exactly what searching each trigger on its own finds."""

from __future__ import annotations

import functools
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linter.engine.ruleset import RuleSet
from linter.engine.triggers import (
    Needle,
    TriggerScanner,
    escaped_literal,
    is_literal,
    required_literal,
    starts_with_literal,
)
from linter.registry import all_rules, select_rules
from linter.sources.reading import document_from_text

SAMPLES = Path(__file__).resolve().parent.parent / "test_notebooks"


@functools.lru_cache(maxsize=1)
def _scanner() -> TriggerScanner:
    return RuleSet.build(select_rules(("MLS",), ())).scanner


def _reference(needles: tuple[Needle, ...], code: str, in_string=lambda offset: False) -> set[int]:
    return {hit for needle in needles for hit in needle.hits(code) if not (needle.code_only and in_string(hit))}


def _codes() -> list[str]:
    codes = [document_from_text(e.source, e.path).code for r in all_rules() for e in (*r.VALID, *r.INVALID)]
    codes += [
        document_from_text(p.read_text(), str(p)).code
        for p in sorted(SAMPLES.iterdir())
        if p.suffix in (".py", ".ipynb")
    ]
    return codes


def test_scanner_equals_each_trigger_searched_alone_on_examples_and_samples() -> None:
    scanner = _scanner()
    assert len(scanner.needles) > 300 and scanner.bare == ()  # every trigger has a literal
    found = 0
    for code in _codes():
        hits = set(scanner.hits(code))
        assert hits == _reference(scanner.needles, code), code
        found += bool(hits)
    assert found > 100


def test_code_only_needles_skip_string_offsets() -> None:
    scanner = TriggerScanner.build([Needle.of("pickle", code_only=True), Needle.of(r"hf_\w+")])
    code = '"pickle hf_abc"\npickle.load(hf_x)\n'
    in_first_line = lambda offset: offset < code.index("\n")  # noqa: E731
    assert sorted(set(scanner.hits(code, in_first_line))) == [8, 16, 28]  # the first `pickle` is in a string
    assert sorted(set(scanner.hits(code))) == [1, 8, 16, 28]


ALPHABET = st.sampled_from(
    [
        "pickle",
        "load",
        "load(",
        " (",
        "token",
        "_token",
        "= 'x'",
        "hf_",
        "hf_ab",
        "from_pretrained",
        "(",
        "\n",
        " ",
        "\\x41",
        "except",
        " as e",
        "True",
        "debug=",
        "=",
        "mail",
        "Mail",
        "e_mail",
        "zip_code",
        "é",
        "\t",
        '"',
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(ALPHABET, max_size=40).map("".join))
def test_scanner_equals_reference_on_generated_code(code: str) -> None:
    scanner = _scanner()
    in_string = lambda offset: offset % 3 == 0  # noqa: E731  (any predicate will do)
    assert set(scanner.hits(code, in_string)) == _reference(scanner.needles, code, in_string)


@pytest.mark.parametrize(
    ("pattern", "literal", "plain", "anchored"),
    [
        ("pickle", "pickle", True, True),
        (r"hub\.load", "hub.load", True, True),
        (r"\ ip", " ip", True, True),
        (r"\bload\s*\(", "load", False, True),
        (r"shell(?<!\wshell)\s*=", "shell", False, True),
        (r"(?<![\w.])eval\b", "eval", False, True),
        ("hub.load", "load", False, False),
        (r"(?:a|b)c", "c", False, False),
        (r"\b(?:debug|share)\s*=\s*True\b", "True", False, False),
        (r"[ab]", "", False, False),
    ],
)
def test_required_literal_and_plain_triggers(pattern: str, literal: str, plain: bool, anchored: bool) -> None:
    assert required_literal(pattern) == literal
    assert is_literal(pattern) is plain
    assert (Needle.of(pattern).pattern is None) is plain
    assert starts_with_literal(pattern) is anchored


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["load", " (", "(", "x", "\n", ".", "_", " ", "\t"]), max_size=30).map("".join))
def test_anchored_confirmation_finds_every_match(code: str) -> None:
    """For a trigger whose matches start at its literal, matching at each occurrence finds every
    match a full search finds."""
    needle = Needle.of(r"\bload\s*\(")
    assert needle.anchored
    assert needle.compiled is not None
    assert {m.start() for m in needle.compiled.finditer(code)} <= set(needle.hits(code))


@pytest.mark.parametrize(
    ("pattern", "literal"),
    [
        ("pickle", "pickle"),
        (r"pip\ install", "pip install"),
        (r"torch\.load", "torch.load"),
        (r"a\-b c", "a-b c"),
        (r"\\x", "\\x"),
        (r"\bload", ""),
        ("a.b", ""),
        ("a{2}", ""),
        ("(?i)key", ""),
        ("", ""),
    ],
)
def test_escaped_literal_reads_only_plain_characters_and_escaped_punctuation(pattern: str, literal: str) -> None:
    assert escaped_literal(pattern) == literal


def test_escaped_literal_agrees_with_the_parser_on_every_rule_trigger() -> None:
    """The shortcut that spares parsing several hundred triggers a run gives the same literal as
    the regular-expression parser for every trigger of every rule."""
    triggers = sorted({t for rule in all_rules() for t in rule.triggers})
    read = {t: escaped_literal(t) for t in triggers}
    assert sum(1 for literal in read.values() if literal) > 300
    for trigger, literal in read.items():
        if literal:
            assert is_literal(trigger), trigger
            assert required_literal(trigger) == literal, trigger
            assert re.fullmatch(trigger, literal), trigger


MODEL_CALLS = [  # (source, line of the MLS405 finding)
    ("from transformers import AutoModel\nm = AutoModel.from_pretrained(  # the base model\n    'org/model')\n", 3),
    ("from transformers import AutoModel\nm = AutoModel.from_pretrained(('org/model'))\n", 2),
    (
        "from transformers import AutoModel\nm = AutoModel.from_pretrained(cache_dir=d, pretrained_model_name_or_path='org/m')\n",
        2,
    ),
    ("from transformers import AutoModel\nMODEL = 'org/model'\nm = AutoModel.from_pretrained(\n    MODEL\n)\n", 4),
    ("from transformers import AutoModel\nm = AutoModel.from_pretrained(\"org/model\", revision='main')\n", 2),
    ("from peft import PeftModel\nm = PeftModel.from_pretrained(self.base, 'org/lora')\n", 2),
    ("from peft import PeftModel as PM\nm = PM.from_pretrained(base.model, 'org/lora')\n", 2),
]


@pytest.mark.parametrize(("source", "line"), MODEL_CALLS)
def test_model_download_triggers_keep_every_finding(source: str, line: int) -> None:
    from linter.engine.run import lint_document

    document = document_from_text(source, "train.py")
    filtered = lint_document(document, RuleSet.build(select_rules(("MLS405",), ())))
    unfiltered = lint_document(document, RuleSet.build(select_rules(("MLS405",), ()), use_triggers=False))
    assert filtered == unfiltered
    assert [(f.code, f.location.line) for f in filtered] == [("MLS405", line)]


def test_library_style_model_calls_are_not_visited() -> None:
    scanner = RuleSet.build(select_rules(("MLS405",), ())).scanner
    assert scanner.hits("model = cls.from_pretrained(pretrained_model_name_or_path.x, *args, **kwargs)\n") == []
    assert scanner.hits("model = Model.from_pretrained(*args, **kwargs)\n") == []
