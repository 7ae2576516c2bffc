from linter.kit.redaction import fingerprint, redact


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


def test_url_credentials_are_redacted() -> None:
    from linter.kit.redaction import redact_url_credentials

    assert redact_url_credentials("https://ml:hunter2hunter2@pkgs.corp/simple") == "https://ml:hun…@pkgs.corp/simple"
    assert (
        redact_url_credentials("git+https://glpat-aaaabbbbccccdddd@gitlab.com/x.git")
        == "git+https://glpa…@gitlab.com/x.git"
    )
    assert redact_url_credentials("https://pypi.org/simple") == "https://pypi.org/simple"


def test_install_messages_never_show_url_credentials() -> None:
    from linter.api import lint_source
    from linter.kit.examples import code_cell, notebook

    token = "glpat-" + "Zq8" * 7
    password = "Pw-" + "x7Y" * 5
    text = notebook(
        code_cell(
            f"!pip install git+https://{token}@gitlab.com/acme/tools.git\n"
            f"!pip install --extra-index-url https://ml:{password}@pkgs.acme.io/simple torch==2.4.1"
        )
    )
    findings = lint_source(text, "nb.ipynb").findings
    assert {"MLS403", "MLS404"} <= {f.code for f in findings}
    for finding in findings:
        assert token[6:] not in finding.message and password not in finding.message, finding.message
