from linter.redact import fingerprint, redact


def test_redact_shows_at_most_four_chars_and_a_quarter() -> None:
    assert redact("sk-proj-abcdefghijklmnopqrstuvwxyz") == "sk-p…"
    assert redact("abcdefgh") == "ab…"
    assert redact("abc") == "…"
    for value in ("x" * n for n in range(0, 40)):
        shown = redact(value).rstrip("…")
        assert len(shown) <= min(4, len(value) / 4)


def test_fingerprint_is_stable_and_hides_the_value() -> None:
    value = "ghp_1234567890abcdefghijklmnopqrstuvwxyz"
    assert fingerprint(value) == fingerprint(value)
    assert fingerprint(value) != fingerprint(value + "x")
    assert value not in fingerprint(value) and fingerprint(value).startswith("sha256:")
