"""The shortcuts of the text detectors change no result.

- ``find_pii`` (rules/pii/_data.py) runs its digit detectors only on the lines that can hold a
  value (:func:`digit_regions`, found by byte searches in a shape of the text) and
  looks for addresses only around an ``@`` between a user's and a domain's character: it must find
  exactly what ``find_pii(..., scan_all=True)`` finds, scanning the whole text around every ``@``.
- ``find_tokens`` (rules/secrets/_patterns.py) returns early when no provider hint is in the text
  (:func:`has_hint`): it must find exactly what it finds without that early return.

Compared on tables of values of every kind in tricky places (text start and end, CRLF, candidate
lines near and far from each other, blocking neighbours, Unicode digits), on random texts made of
those pieces, and on every text block and output of the rule examples and the bundled samples.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from linter.engine.run import text_blocks
from linter.registry import all_rules
from linter.rules.pii import _data as pii
from linter.rules.secrets import _patterns as secrets
from linter.rules.secrets._examples import PEM, SAMPLE_TOKENS, TOKENS
from linter.sources.reading import document_from_text

SAMPLES = Path(__file__).resolve().parent.parent / "test_notebooks"
PROPERTY = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _iban(country: str, bban: str) -> str:
    """A valid IBAN of ``country`` with account part ``bban`` (check digits computed)."""
    number = int("".join(str(int(ch, 36)) for ch in bban + country + "00"))
    return f"{country}{98 - number % 97:02d}{bban}"


# an IBAN whose only digits are its check digits: its line holds no four digits in a row
LETTERS_IBAN = _iban("GB", "WESTABCDEFGHIJKLMN")
# (value, kind found when the value stands alone)
VALUES = [
    ("536-22-8714", pii.SSN),
    ("\u0665\u0663\u0666-\u0662\u0662-\u0668\u0667\u0661\u0664", pii.SSN),  # Arabic-Indic digits
    ("4532 0151 1283 0366", pii.CARD),
    ("4532-0151-1283-0366", pii.CARD),
    ("4532015112830366", pii.CARD),
    ("3782 822463 18719", pii.CARD),
    ("(415) 832-2671", pii.PHONE),
    ("(415)832-2671", pii.PHONE),
    ("415.832.2671", pii.PHONE),
    ("415-832-2671", pii.PHONE),
    ("1-415-832-2671", pii.PHONE),
    ("1 415.832.2671", pii.PHONE),
    ("+44 20 7183 9265", pii.PHONE),
    ("+1 646-219-8830", pii.PHONE),
    ("+49 171 3948 562", pii.PHONE),
    ("DE44 5001 0517 5407 3249 31", pii.IBAN),
    ("NL02ABNA0123456789", pii.IBAN),
    (LETTERS_IBAN, pii.IBAN),
    ("jane.roe@corp-mail.co.uk", pii.EMAIL),
    ("d.okafor@yahoo.com", pii.EMAIL),
    ("x_y@posteo.de", pii.EMAIL),
]
# values no detector reports, in shapes close to the ones above
NEAR_MISSES = [
    "\uff14\uff15\uff13\uff12\uff10\uff11\uff15\uff11\uff11\uff12\uff18\uff13\uff10\uff13\uff16\uff16",  # fullwidth
    "\u0664\u0665\u0663\u0662 \u0660\u0661\u0665\u0661 \u0661\u0662\u0668\u0663 \u0660\u0663\u0666\u0666",
    "(\u0664\u0661\u0665) \u0668\u0663\u0662-\u0662\u0666\u0667\u0661",
    "x536-22-8714",
    "536-22-8714.5",
    "4532015112830367",
    "0.4532015112830366",
    "v415.832.2671",
    "GB82WEST1234569876543",
    "seed=4532015112830366",
    "@property",
    "a @ b",
    "x@@y.com",
    "@x.com",
    "x@",
    "user@example.com",
    "_@x.com",
    "a@_b.com",
    "+0.12345678",
    "1000000000000000019884624838656",
]
FILLER = "x = model.fit(data, epochs=n)  # no digits at all here\n" * 8  # > _REGION_GAP


def _contexts(value: str) -> list[str]:
    """``value`` at the start, end and middle of texts, near and far from other candidate lines."""
    return [
        value,
        value + "\n",
        "\n" + value,
        value + "\r\n" + "y = 123\r\n",
        f'print("{value}")',
        f"# call {value}, thanks",
        f"a = 1\n{value}\nb = 2",
        f"year = 2024\n{value}\nids = [1234, 5678]\n",
        f"{FILLER}{value}\n{FILLER}",
        f"n = 123\n{FILLER}{value}",
        f"{value}\n{FILLER}z = 9876\n{FILLER}{value}.",
        f"x{value} {value}x .{value} {value}.5 {value}-1 /{value} {value}/ *{value}",
        f"{value}{value} {value}\t{value}",
    ]


def _same_pii(text: str) -> list[pii.PiiMatch]:
    """find_pii's matches (as source text), checked against the full scan (as source and data)."""
    for source in (False, True):
        fast = pii.find_pii(text, source)
        assert fast == pii.find_pii(text, source, scan_all=True), (source, text)
    return fast


@pytest.mark.parametrize(("value", "kind"), VALUES)
def test_every_kind_is_found_the_same_in_every_context(value: str, kind: str) -> None:
    # (digit values are looked for only in texts holding three digits in a row)
    assert [(m.kind, m.value) for m in pii.find_pii(value + "\nref = 123")] == [(kind, value)]
    for text in _contexts(value):
        _same_pii(text)
    assert [m.kind for m in _same_pii(f"{FILLER}{value}\n{FILLER}ref = 123\n")] == [kind]


@pytest.mark.parametrize("value", NEAR_MISSES)
def test_near_misses_are_judged_the_same(value: str) -> None:
    for text in _contexts(value):
        _same_pii(text)


@pytest.mark.parametrize("char", "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
def test_addresses_are_found_next_to_every_user_and_domain_character(char: str) -> None:
    domain = ("x" if char == "_" else char) + "posteo.de"
    for text in (f"mail ana.lima{char}@{domain}", f"ana.lima{char}@{domain}", f"({char}@{domain}) @{char}@ {char}@"):
        found = _same_pii(text)
        assert found or not text.startswith(("mail", "ana"))


def test_the_digit_detectors_scan_few_lines() -> None:
    text = f"{FILLER}ssn = '536-22-8714'\n{FILLER}iban = '{LETTERS_IBAN}'\n{FILLER}total = 12"
    regions = pii.digit_regions(text)
    assert [text[start:end] for start, end in regions] == ["ssn = '536-22-8714'\n", f"iban = '{LETTERS_IBAN}'\n"]
    assert [m.kind for m in _same_pii(text)] == [pii.SSN, pii.IBAN]
    assert pii.digit_regions("no digits\n12 34 5 6\n") == ()


def _covered(text: str, regions: pii.Regions) -> bool:
    """Whether every line holding a digit candidate lies in a region, and regions are whole lines."""
    for start, end in regions:
        assert start == 0 or text[start - 1] == "\n"
        assert end == len(text) or text[end - 1] == "\n"
    offset = 0
    for line in text.split("\n"):
        if pii._DIGIT_CANDIDATE.search(line):
            if not any(start <= offset and offset + len(line) <= end for start, end in regions):
                return False
        offset += len(line) + 1
    return True


# pieces of texts: digits of several scripts, separators, capitals, values and blockers
PIECES = st.sampled_from(
    [
        "0",
        "1",
        "4",
        "9",
        "12",
        "536",
        "2671",
        "4532",
        "0151",
        "\u0665",
        "\u0662\u0662",
        "\uff14",
        "\u096a",
        " ",
        "-",
        ".",
        "(",
        ")",
        "+",
        ",",
        "/",
        ":",
        "*",
        "\n",
        "\r\n",
        "\t",
        "x",
        "GB",
        "DE",
        "A",
        "Z",
        "WEST",
        "@",
        "_",
        "a",
        "gmail.com",
        "seed=",
        "\u00e9",
        "# ",
        '"',
        *(value for value, _ in VALUES),
        *NEAR_MISSES,
    ]
)
TEXTS = st.lists(st.one_of(PIECES, st.text(max_size=4)), max_size=40).map("".join)


@PROPERTY
@given(TEXTS)
@example("536-22-8714")
@example("\u0665\u0663\u0666-\u0662\u0662-\u0668\u0667\u0661\u0664\n\u00e9")
@example(f"12\n{LETTERS_IBAN}\n123")
def test_prefilters_find_what_the_full_scan_finds(text: str) -> None:
    _same_pii(text)
    assert _covered(text, pii.digit_regions(text))


@PROPERTY
@given(TEXTS)
@example(f"12\n{LETTERS_IBAN}\n123")
def test_the_shape_selects_the_lines_the_regex_selects(text: str) -> None:
    """In ASCII text without ``?`` (which the shape counts as a digit, like any character outside
    ASCII) the shape's searches select exactly the lines holding a digit candidate; elsewhere they
    may select more (checked: never fewer, by the test above)."""
    plain = text.encode("ascii", "replace").decode("ascii").replace("?", "")
    regions = pii.digit_regions(plain)
    assert _covered(plain, regions)
    for start, end in regions:  # each region starts and ends with a candidate line
        lines = plain[start:end].removesuffix("\n").split("\n")
        assert pii._DIGIT_CANDIDATE.search(lines[0]) and pii._DIGIT_CANDIDATE.search(lines[-1])


# ----------------------------------------------------------------------------------------------
# Provider tokens


def _without_hint_search(text: str, monkeypatch: pytest.MonkeyPatch) -> list[secrets.SecretMatch]:
    with monkeypatch.context() as patch:
        patch.setattr(secrets, "HINT_SEARCHES", (re.compile(""),))
        return secrets.find_tokens(text)


def _token_texts() -> list[str]:
    texts = [PEM, PEM.replace("\n", "\\n")]
    for token in (*TOKENS.values(), *SAMPLE_TOKENS.values()):
        texts += [
            token,
            f'key = "{token}"\n',
            f"aws_secret_access_key = {token}",
            f"AccountKey={token};",
            f"?sv=1&sig={token}",
            f"x{token}",
            f"{token}_",
        ]
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


HINT_PIECES = st.sampled_from(
    [
        *{hint for provider in secrets.PROVIDERS for hint in provider.hints},
        *{hint[:-1] for provider in secrets.PROVIDERS for hint in provider.hints},
        "a",
        "A",
        "s",
        "g",
        "_",
        "-",
        "=",
        " ",
        "\n",
        "0123456789",
        *TOKENS.values(),
    ]
)


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
    documents += [
        document_from_text(p.read_text(), str(p)) for p in sorted(SAMPLES.iterdir()) if p.suffix in (".py", ".ipynb")
    ]
    return documents


def test_examples_and_samples_are_scanned_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [block.text for d in _documents() for block in text_blocks(d)]
    texts += [output.text for d in _documents() for cell in d.cells for output in cell.outputs]
    pii_found = [_same_pii(text) for text in texts]
    tokens = [secrets.find_tokens(text) for text in texts]
    assert sum(map(bool, pii_found)) >= 10 and sum(map(bool, tokens)) >= 10
    assert tokens == [_without_hint_search(text, monkeypatch) for text in texts]
