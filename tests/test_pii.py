"""The PII lexicon and validated detectors (rules/pii/_data.py), and MLS501's trigger words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from linter.api import lint_source
from linter.config import Config
from linter.rules.pii._data import (
    CARD,
    EMAIL,
    IBAN,
    PHONE,
    SSN,
    TRIGGER_WORDS,
    find_pii,
    line_column,
    luhn_valid,
    pii_term,
    valid_iban,
)
from linter.rules.pii.pii_printed import PiiPrinted

SAMPLES = Path(__file__).resolve().parent.parent / "test_notebooks"


def kinds(text: str) -> list[tuple[str, str]]:
    return [(m.kind, m.value) for m in find_pii(text)]


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("customer_email", "email"),
        ("customerEmail", "email"),
        ("E-mail Address", "email"),
        ("emails", "email"),
        ("PHONE_NUMBER", "phone"),
        ("cellNumber", "phone"),
        ("ssn", "ssn"),
        ("date_of_birth", "birth"),
        ("DOB", "birth"),
        ("zip_code", "address"),
        ("Post Code", "address"),
        ("home_address", "address"),
        ("first_name", "name"),
        ("customer_name", "name"),
        ("client_ip", "ip"),
        ("ip_address", "ip"),
        ("patient_id", "medical"),
        ("cc_num", "card"),
        ("iban", "iban"),
        ("passport_no", "passport"),
        ("bank_account_number", "bank"),
    ],
)
def test_pii_names(name: str, kind: str) -> None:
    assert pii_term(name) == kind


@pytest.mark.parametrize(
    "name",
    [
        "email_hash",
        "masked_phone",
        "hashed_email",
        "num_emails",
        "n_emails",
        "email_domain",
        "email_col",
        "is_valid_email",
        "PhoneService",
        "mac_address",
        "server_address",
        "name",
        "model_name",
        "user_name",
        "zip",
        "mobile",
        "last_hidden_state",
        "card_game_id",
        "ip",
        "phone_count",
        "pho_ne",
    ],
)
def test_not_pii_names(name: str) -> None:
    assert pii_term(name) is None


def test_names_need_a_trigger_spelling() -> None:
    """Soundness of MLS501's triggers: a name is PII only if its source holds a trigger word."""
    assert pii_term("zip", source='"zip"') == "address"
    assert pii_term("email", source='"e\\x6dail"') is None
    for name in ("customer_email", "first_name", "Post Code", "client_ip", "ZIP_CODE"):
        assert any(word in name for word in TRIGGER_WORDS)


def test_emails_validated() -> None:
    text = (
        "jane.roe@corp-mail.co.uk; user@example.com, a@example.org, x@test, me@localhost, "
        "support@acme-analytics.com, noreply@bank.de, john.doe@gmail.com, x@self.weight, "
        "https://bob:pw@db.host.com/x, git@github.com:org/repo.git, img@2x.png, pkg@1.2.3"
    )
    assert kinds(text) == [(EMAIL, "jane.roe@corp-mail.co.uk")]


def test_phones_validated() -> None:
    text = (
        "(415) 832-2671, 415.832.2671, +44 20 7183 9265, +1 646-219-8830; not: 555-0142, "
        "(202) 555-0199, 1-800-832-2671, 123-456-7890, 415 832 2671, +0.12345678, +12.3456789, "
        "+1 234 567 8901, +999 123456789, +44 20 7946 0958, +447700900550 (Ofcom drama ranges)"
    )
    assert kinds(text) == [
        (PHONE, "(415) 832-2671"),
        (PHONE, "415.832.2671"),
        (PHONE, "+44 20 7183 9265"),
        (PHONE, "+1 646-219-8830"),
    ]


def test_ssns_validated() -> None:
    text = "536-22-8714 000-12-3456 666-12-3456 923-12-3456 536-00-8714 536-22-0000 078-05-1120 x536-22-8714"
    assert kinds(text) == [(SSN, "536-22-8714")]


def test_cards_need_luhn_issuer_and_length() -> None:
    assert luhn_valid("4532015112830366") and not luhn_valid("4532015112830367")
    text = (
        "4532 0151 1283 0366 | 4532-0151-1283-0366 | 3782 822463 10005 | 4532015112830367 | "
        "9532015112830369 | 4111111111111111 | 0.4532015112830366 | 4532015112830366.5 | "
        "[4 5 3 2 0 1 5 1 1 2 8 3 0 3 6 6]"
    )
    assert kinds(text) == [(CARD, "4532 0151 1283 0366"), (CARD, "4532-0151-1283-0366")]


def test_ibans_need_country_length_and_mod97() -> None:
    assert valid_iban("DE44500105175407324931")
    assert not valid_iban("DE44500105175407324932")  # mod-97 fails
    assert not valid_iban("DE4450010517540732493")  # Germany has 22 characters
    assert not valid_iban("DE89370400440532013000")  # the standard's documentation example
    assert kinds("pay DE44 5001 0517 5407 3249 31 or NL02ABNA0123456789.") == [
        (IBAN, "DE44 5001 0517 5407 3249 31"),
        (IBAN, "NL02ABNA0123456789"),
    ]


def test_quiet_on_hashes_uuids_versions_timestamps() -> None:
    text = (
        "550e8400-e29b-41d4-a716-446655440000 3f786850e387550fdab836ed7e6dc881de23001b "
        "sha256:4532015112830366ab torch==2.4.1 2024-03-15T12:34:56.123456 1710505496123 "
        "v536-22-8714 r'^\\d{3}-\\d{2}-\\d{4}$' [\\w.+-]+@[\\w-]+\\.com 1000000000000000019884624838656"
    )
    assert kinds(text) == []


def test_overlaps_keep_one_match_and_positions() -> None:
    text = "row\n  mail maria.k@posteo.de tel +49 171 3948 562"
    found = find_pii(text)
    assert [m.kind for m in found] == [EMAIL, PHONE]
    assert [text[m.start : m.end] for m in found] == [m.value for m in found]
    assert line_column(text, found[0].start) == (2, 7)


def _findings(source: str, path: str) -> list[tuple]:
    result = lint_source(source, path=path, config=Config(select=("MLS501",)))
    return [(f.location, f.message) for f in result.findings]


def test_trigger_words_change_no_result(monkeypatch: pytest.MonkeyPatch) -> None:
    """MLS501 finds exactly the same with and without its trigger filter."""
    sources = [(e.source, e.path) for e in (*PiiPrinted.VALID, *PiiPrinted.INVALID)]
    sources += [(p.read_text(), p.name) for p in sorted(SAMPLES.glob("*.ipynb"))]
    sources.append(
        (
            "import logging as lg\nlog = lg.getLogger()\nx = 1\nlog.info(x, client_ip)\n"
            "print(df['Zip Code'], df.iloc[0]['First Name'])\n",
            "x.py",
        )
    )
    with_triggers = [_findings(s, p) for s, p in sources]
    assert any(with_triggers)
    monkeypatch.setattr(PiiPrinted, "triggers", frozenset())
    assert [_findings(s, p) for s, p in sources] == with_triggers


def test_trigger_words_are_searched_as_plain_words() -> None:
    """MLS501's triggers are its words, escaped: each is found as written (a quote, a space, a
    hyphen taken literally), and nothing else is."""
    from linter.engine.triggers import Needle, TriggerScanner

    scanner = TriggerScanner.build(Needle.of(trigger) for trigger in PiiPrinted.triggers)
    assert all(needle.pattern is None for needle in scanner.needles)
    assert sorted(needle.text for needle in scanner.needles) == sorted(TRIGGER_WORDS)
    text = " ".join(sorted(TRIGGER_WORDS)) + " load_model CLIPModel mobilenet placeholder x.zip"
    expected = sorted(m.start() for word in TRIGGER_WORDS for m in re.finditer(f"(?={re.escape(word)})", text))
    assert sorted(scanner.hits(text)) == expected
    assert not scanner.search("load_model(CLIPModel, mobilenet, 'x.zip', zipfile)")


def test_quiet_on_credits_lists_ids_and_urls() -> None:
    text = (
        '__author__ = ("Guido van Rossum <guido@python.org>, "\n'
        '              "Mark Russell <mark.russell@zen.co.uk>")\n'
        "authors = {'Thomas': ('Thomas A. Kluyver', 'takowl@gmail.com'),\n"
        "           'Min': ('Min Ragan-Kelley', 'benjaminrk@gmail.com')}\n"
        '"Last-Translator: J. David Ibanez <j-david@noos.fr>"\n'
        "write to python-dev@python.org or scikit-learn-users@googlegroups.com\n"
        'tolist = ["one@one.org", "two@two.org"]\n'
        "<4c90ec87$0$32425$ba4acef3@reader.news.orange.fr> sk-ecdsa-sha2-nistp256@openssh.com\n"
        "splituser('User@example.com:Pass@www.python.org:080')\n"
        "g = 4828147466240000*t**12 + 4532015112830366*t\n"
    )
    assert kinds(text) == []
    assert kinds("mailto:ana.lima@gmail.com") == [(EMAIL, "ana.lima@gmail.com")]


def test_data_with_an_author_column_is_still_reported() -> None:
    table = "author\temail\n0\tJane Roe\tjane.roe@gmail.com\nAuthor-email: k.mori@yahoo.co.jp"
    assert [m.value for m in find_pii(table, source=False)] == ["jane.roe@gmail.com"]
    assert find_pii(table) == []  # as source text, a header with credits


def test_quiet_on_pattern_ssns_seeds_and_simulators() -> None:
    text = (
        'parse("22 111-22-3333 #221B")\nrng = np.random.default_rng(6581432544381372042)\n'
        '"success@simulator.amazonses.com"\n'
    )
    assert kinds(text) == []


def test_prose_credits_in_source() -> None:
    text = (
        "# Long option support added by Lars Wirzenius <liw@iki.fi>.\n"
        "# Thanks to Masazumi Yoshikawa (yosi@isi.edu)\n"
        "by the way, mail ana.lima@gmail.com\n"
    )
    assert kinds(text) == [(EMAIL, "ana.lima@gmail.com")]
