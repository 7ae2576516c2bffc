"""The shortcuts of the text detectors change no result.

- ``find_tokens`` (rules/_secret_patterns.py) returns early when no provider hint is in the text
  (:func:`has_hint`): it must find exactly what it finds without that early return.

Compared on tokens of every provider, on random texts made of hints, and on every text block and
output of the rule examples and the bundled samples.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from linter.engine import text_blocks
from linter.registry import all_rules
from linter.rules import _secret_patterns as secrets
from linter.rules._secret_examples import PEM, SAMPLE_TOKENS, TOKENS
from linter.sources import document_from_text

SAMPLES = Path(__file__).resolve().parent.parent / "test_notebooks"
PROPERTY = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# ----------------------------------------------------------------------------------------------
# Provider tokens


def _without_hint_search(text: str, monkeypatch: pytest.MonkeyPatch) -> list[secrets.SecretMatch]:
    with monkeypatch.context() as patch:
        patch.setattr(secrets, "HINT_SEARCHES", (re.compile(""),))
        return secrets.find_tokens(text)


def _token_texts() -> list[str]:
    texts = [PEM, PEM.replace("\n", "\\n")]
    for token in (*TOKENS.values(), *SAMPLE_TOKENS.values()):
        texts += [token, f'key = "{token}"\n', f"aws_secret_access_key = {token}", f"AccountKey={token};",
                  f"?sv=1&sig={token}", f"x{token}", f"{token}_"]
    aws_id, aws_secret = TOKENS["aws"], TOKENS["aws-secret"]
    texts.append(f"id = '{aws_id}'\nsecret = '{aws_secret}'\n")
    texts.append(f"AWS_ACCESS_KEY_ID={aws_id}\nAWS_SECRET_ACCESS_KEY={aws_secret}\n")
    return texts


def test_tokens_are_found_the_same_without_the_hint_search(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = _token_texts()
    found = [secrets.find_tokens(text) for text in texts]
    assert sum(map(bool, found)) >= len(TOKENS)
    assert found == [_without_hint_search(text, monkeypatch) for text in texts]


def test_every_hint_is_searched() -> None:
    hints = {hint for provider in secrets.PROVIDERS for hint in provider.hints}
    for hint in hints:
        assert secrets.has_hint(f"({hint})") and secrets.has_hint(hint)
    assert not secrets.has_hint("".join(sorted({c for hint in hints for c in hint})))


HINT_PIECES = st.sampled_from([
    *{hint for provider in secrets.PROVIDERS for hint in provider.hints}, *{hint[:-1] for provider in
    secrets.PROVIDERS for hint in provider.hints}, "a", "A", "s", "g", "_", "-", "=", " ", "\n", "0123456789",
    *TOKENS.values(),
])


@PROPERTY
@given(st.lists(st.one_of(HINT_PIECES, st.text(max_size=4)), max_size=20).map("".join))
def test_the_hint_search_is_a_search_for_each_hint(text: str) -> None:
    hints = {hint for provider in secrets.PROVIDERS for hint in provider.hints}
    assert secrets.has_hint(text) == any(hint in text for hint in hints)
    if not secrets.has_hint(text):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(secrets, "HINT_SEARCHES", (re.compile(""),))
            assert secrets.find_tokens(text) == []


# ----------------------------------------------------------------------------------------------
# Every text of the rule examples and the bundled samples


def _documents() -> list:
    documents = [document_from_text(e.source, e.path) for r in all_rules() for e in (*r.VALID, *r.INVALID)]
    documents += [document_from_text(p.read_text(), str(p)) for p in sorted(SAMPLES.iterdir())
                  if p.suffix in (".py", ".ipynb")]
    return documents


def test_examples_and_samples_are_scanned_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [block.text for d in _documents() for block in text_blocks(d)]
    texts += [output.text for d in _documents() for cell in d.cells for output in cell.outputs]
    tokens = [secrets.find_tokens(text) for text in texts]
    assert sum(map(bool, tokens)) >= 10
    assert tokens == [_without_hint_search(text, monkeypatch) for text in texts]
