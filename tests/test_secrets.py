"""The secret rules (MLS201-MLS204) beyond their examples: no output format ever holds a secret,
one finding per secret, suppressions in notebook cells, JSON-escaped sources, silent widgets and
images, and the trigger filter changing nothing."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from linter.api import lint_notebook, lint_paths, lint_source
from linter.cli import main
from linter.config import Config
from linter.engine.ruleset import RuleSet
from linter.engine.run import lint_document
from linter.kit.examples import code_cell, markdown_cell, notebook, stream_output
from linter.kit.redaction import fingerprint
from linter.registry import all_rules, select_rules
from linter.report import formats
from linter.rules.secrets._examples import SAMPLE_TOKENS, TOKENS
from linter.sources.reading import document_from_text

SAMPLES = Path(__file__).resolve().parent.parent / "test_notebooks"
SECRET_SAMPLES = sorted(SAMPLES.glob("secrets_*"))
SECRET_SAMPLES = [p for p in SECRET_SAMPLES if not p.name.endswith(".expected")]
PASSWORD = "Hx4" + "nB8qLr2" + "kS6"
WANDB_KEY = "7a1d" + "c4e90b3f62" + "8e5a17d0c9" + "b2f4e6a813" + "d05c7e"
SECRETS = [*SAMPLE_TOKENS.values(), PASSWORD, WANDB_KEY]  # what the bundled samples hold
ALL = Config()
SECRET_RULES = Config(select=("MLS2",))


def _where(result) -> list[tuple[str, int | None, int | None, int, int]]:
    return [(f.code, f.location.cell, f.location.output, f.location.line, f.location.column) for f in result.findings]


# ----------------------------------------------------------------------------------------------
# Redaction in every output format


@pytest.mark.parametrize("fmt", formats())
def test_no_output_format_holds_a_secret(fmt: str) -> None:
    out, err = io.StringIO(), io.StringIO()
    code = main(["check", "--format", fmt, "--no-color", *map(str, SECRET_SAMPLES)], stdout=out, stderr=err)
    report = out.getvalue() + err.getvalue()
    assert code == 1 and "MLS201" in report and "MLS204" in report
    for secret in SECRETS:
        quarter = secret[: len(secret) // 4 + 1]
        assert quarter not in report, f"{fmt} shows more than a quarter of a secret"


def test_output_file_holds_no_secret(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    main(["check", "--format", "json", "-o", str(target), *map(str, SECRET_SAMPLES)], stdout=io.StringIO())
    data = target.read_bytes()
    assert b"MLS203" in data
    for secret in SECRETS:
        assert secret[: len(secret) // 4 + 1].encode() not in data


def test_messages_redact_and_fingerprints_are_stable() -> None:
    token = TOKENS["huggingface"]
    source = notebook(
        code_cell(f'from huggingface_hub import login\nlogin("{token}")'),
        code_cell("print(token)", outputs=[stream_output(f"{token}\n")]),
    )
    findings = lint_source(source, "demo.ipynb", SECRET_RULES).findings
    assert [(f.code, f.location.cell) for f in findings] == [("MLS201", 1), ("MLS204", 2)]
    for finding in findings:
        assert token not in finding.message and "hf_M…" in finding.message
        assert finding.fingerprint == fingerprint(token, "secret")
        assert token not in (finding.fingerprint or "")


# ----------------------------------------------------------------------------------------------
# One finding per secret, under the most specific code


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (f'api_key = "{TOKENS["openai"]}"\n', [("MLS201", None, None, 1, 12)]),
        (f'client = OpenAI(api_key="{TOKENS["anthropic"]}")\n', [("MLS201", None, None, 1, 26)]),
        (f'aws_secret_access_key = "{TOKENS["aws-secret"]}"\n', [("MLS201", None, None, 1, 26)]),
        (f'headers = {{"Authorization": "Bearer {TOKENS["github"]}"}}\n', [("MLS201", None, None, 1, 37)]),
        (f'url = "https://oauth2:{TOKENS["gitlab"]}@gitlab.com/team/repo.git"\n', [("MLS201", None, None, 1, 23)]),
        (
            f'conn = "DefaultEndpointsProtocol=https;AccountName=a;AccountKey={TOKENS["azure-storage"]}"\n',
            [("MLS201", None, None, 1, 65)],
        ),
        (f'password = "{PASSWORD}"\n', [("MLS202", None, None, 1, 12)]),
        (f'db = "postgresql://etl:{PASSWORD}@db.internal/dw"\n', [("MLS203", None, None, 1, 6)]),
    ],
)
def test_one_finding_per_secret(source: str, expected: list[tuple]) -> None:
    assert _where(lint_source(source, "job.py", ALL)) == expected


def test_escaped_token_in_a_script_is_found_once() -> None:
    escaped = "".join(f"\\x{ord(c):02x}" for c in TOKENS["openai"][:3]) + TOKENS["openai"][3:]
    source = f'key = "{escaped}"\nother = "{TOKENS["openai"]}"\n'
    assert _where(lint_source(source, "job.py", ALL)) == [("MLS201", None, None, 1, 7), ("MLS201", None, None, 2, 10)]


# ----------------------------------------------------------------------------------------------
# Notebooks: JSON-escaped sources, suppressions in cells, widgets and images


def test_json_escaped_secret_in_a_cell_is_found() -> None:
    token = TOKENS["openai"]
    escaped = "".join(f"\\u{ord(c):04x}" for c in token)
    text = notebook(code_cell("x = 1"), code_cell('key = "PLACEHOLDER"')).replace("PLACEHOLDER", escaped)
    assert token not in text  # a scanner of the raw bytes would see nothing
    result = lint_source(text, "escaped.ipynb", ALL)
    assert _where(result) == [("MLS201", 2, None, 1, 8)]


def test_suppressions_in_notebook_cells() -> None:
    token, demo = TOKENS["openai"], "Zq8" + "v2LmT4" + "wX9rK7pN3"
    cells = [
        code_cell(f'key = "{token}"  # pragma: allowlist secret\npassword = "{demo}"  # noqa: MLS202'),
        code_cell(f'secret = "{demo}"  # noqa: MLS2\nkey2 = "{token}"  # NOQA: MLS201, MLS202'),
        code_cell(f'token = "{demo}"  # noqa: MLS201\nkey3 = "{token}"'),
        markdown_cell(f"token: {token}"),
    ]
    result = lint_notebook(json.loads(notebook(*cells)), "suppress.ipynb", SECRET_RULES)
    assert _where(result) == [("MLS202", 3, None, 1, 9), ("MLS201", 3, None, 2, 9), ("MLS201", 4, None, 1, 8)]


def test_widget_state_and_images_stay_silent() -> None:
    path = SAMPLES / "secrets_widgets_and_images.ipynb"
    raw = path.read_text()
    assert SAMPLE_TOKENS["openai"] in raw and SAMPLE_TOKENS["github"] in raw  # the bytes hold token-shaped text
    assert _where(lint_paths([path], ALL)) == []


# ----------------------------------------------------------------------------------------------
# Names, placeholders and literal evaluation


@pytest.mark.parametrize(
    "name",
    [
        "api_key",
        "apiKey",
        "OPENAI_API_KEY",
        "token",
        "hf_token",
        "access_token",
        "client_secret",
        "password",
        "db_password",
        "passwd",
        "pwd",
        "db_pass",
        "aws_secret_access_key",
        "X-API-Key",
        "use_auth_token",
        "SECRET",
    ],
)
def test_credential_names(name: str) -> None:
    source = f'{name} = "Zq8v2LmT4wX9rK7pN3"\n' if name.isidentifier() else f'h = {{"{name}": "Zq8v2LmT4wX9rK7pN3"}}\n'
    assert [w[0] for w in _where(lint_source(source, "a.py", SECRET_RULES))] == ["MLS202"]


@pytest.mark.parametrize(
    "name",
    [
        "max_tokens",
        "tokenizer",
        "token_count",
        "password_field",
        "pad_token",
        "eos_token",
        "cache_key",
        "secret_name",
        "sort_key",
        "tokens",
        "key",
        "token_type",
        "password_prompt",
        "num_tokens",
    ],
)
def test_names_that_are_not_credentials(name: str) -> None:
    assert _where(lint_source(f'{name} = "Zq8v2LmT4wX9rK7pN3"\n', "a.py", SECRET_RULES)) == []


@pytest.mark.parametrize(
    "value",
    [
        "",
        "YOUR_API_KEY",
        "<token>",
        "xxx",
        "changeme",
        "***",
        "${VAR}",
        "{api_key}",
        "sk-...",
        "hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "aaaaaaaaaaaaaaaa",
        "None",
        "your-token-here",
        "OPENAI_API_KEY",
        "~/.config/key.json",
        "1234567890abcdef",
    ],
)
def test_placeholders_are_not_reported(value: str) -> None:
    assert _where(lint_source(f'api_key = "{value}"\ntoken = "{value}"\n', "a.py", SECRET_RULES)) == []


def test_literal_evaluation() -> None:
    import libcst as cst

    from linter.kit.literals import HOLE, raw_source, string_value

    def value(expr: str) -> str | None:
        return string_value(cst.parse_expression(expr))

    assert value(r'"\x73k-\u0070roj"') == "sk-proj"
    assert value('"sk-" "proj-" \'abc\'') == "sk-proj-abc"
    assert value('"sk-" + "proj" + "-x"') == "sk-proj-x"
    assert value('f"Bearer {token} end"') == f"Bearer {HOLE} end"
    assert value(r'rb"\x41"') == r"\x41" and value(r'b"\x41"') == "A"
    assert value('"a" + name') is None and value("42") is None
    assert value('f"{{literal}}"') == "{literal}"
    assert raw_source(cst.parse_expression('"a" "b"')) == '"a" "b"'


# ----------------------------------------------------------------------------------------------
# The trigger filter is only an optimisation


def _sources() -> list[tuple[str, str]]:
    found = [
        (example.source, example.path)
        for rule in all_rules()
        if rule.code.startswith("MLS2")
        for example in (*rule.VALID, *rule.INVALID)
    ]
    found.extend((p.read_text(), p.name) for p in SECRET_SAMPLES)
    return found


def test_results_identical_without_trigger_filter() -> None:
    filtered = RuleSet.build(select_rules(("MLS2",), ()))
    unfiltered = RuleSet.build(select_rules(("MLS2",), ()), use_triggers=False)
    for source, path in _sources():
        document = document_from_text(source, path)
        assert lint_document(document, filtered) == lint_document(document, unfiltered), path


TRICKY = [  # (source, code, line of the finding)
    ('settings = {\n    "api_key":\n        "Zq8v2LmT4wX9rK7pN3",\n}\n', "MLS202", 3),
    ('class C:\n    password: "str" = (\n        "Zq8v2LmT4wX9rK7pN3"\n    )\n', "MLS202", 3),
    ('os.environ[ "WANDB_API_KEY" ] = \\\n    "Zq8v2LmT4wX9rK7pN3"\n', "MLS202", 2),
    ('client = make(api_key = rb"Zq8v2LmT4wX9rK7pN3")\n', "MLS202", 1),
    ('f = lambda token="Zq8v2LmT4wX9rK7pN3": token\n', "MLS202", 1),
    ('requests.get(u, auth = (\n    "me", "Zq8v2LmT4wX9rK7pN3"))\n', "MLS202", 2),
    ('url = ("postgresql://etl:"\n       "Hx4nB8qLr2kS6@db.internal/dw")\n', "MLS203", 1),
    ('odbc = "Server=sql.internal;UID=etl;" + "PWD=Hx4nB8qLr2kS6;"\n', "MLS203", 1),
]


@pytest.mark.parametrize(("source", "code", "line"), TRICKY)
def test_tricky_layouts_are_found_with_and_without_triggers(source: str, code: str, line: int) -> None:
    document = document_from_text(source, "job.py")
    filtered = lint_document(document, RuleSet.build(select_rules(("MLS2",), ())))
    unfiltered = lint_document(document, RuleSet.build(select_rules(("MLS2",), ()), use_triggers=False))
    assert filtered == unfiltered
    assert [(f.code, f.location.line) for f in filtered] == [(code, line)]


def _split_tokens() -> list[tuple[str, str]]:
    from linter.rules.secrets._examples import TOKENS
    from linter.rules.secrets._patterns import TOKEN_PREFIXES

    cases = []
    for kind, token in sorted(TOKENS.items()):
        prefix = next((p for p in TOKEN_PREFIXES if p in token), None)
        if prefix is None:
            continue
        end = token.index(prefix) + len(prefix)
        for cut in sorted({end, (end + len(token)) // 2, len(token) - 1}):
            head, tail = token[:cut], token[cut:]
            cases += [
                (kind, f'key = "{head}" "{tail}"\n'),
                (kind, f"key = '{head}' + '{tail}'\n"),
                (kind, f'key = ("{head}"\n       "{tail}")\n'),
                (kind, f'key = f"{head}" f"{tail}"\n'),
            ]
    return cases


@pytest.mark.parametrize(("kind", "source"), _split_tokens())
def test_tokens_split_after_their_prefix_are_found_with_the_trigger_filter(kind: str, source: str) -> None:
    """MLS201's CST hooks run only where a prefix is followed by token characters and a quote: every
    way of splitting a token after its prefix still reaches them."""
    document = document_from_text(source, "job.py")
    filtered = lint_document(document, RuleSet.build(select_rules(("MLS201",), ())))
    unfiltered = lint_document(document, RuleSet.build(select_rules(("MLS201",), ()), use_triggers=False))
    assert filtered == unfiltered
    assert [(f.code, f.location.line) for f in filtered] == [("MLS201", 1)], kind


@pytest.mark.parametrize(
    "name", ["pad_token", "eos_token", "MASK_TOKEN", "unk_token", "cls_token", "bos_token", "sep_token"]
)
def test_special_token_names_are_neither_credentials_nor_triggers(name: str) -> None:
    from linter.rules.secrets._patterns import TOKEN_QUALIFIERS, is_credential_name
    from linter.rules.secrets.hardcoded_credential import SPECIAL_TOKEN_WORDS, HardcodedCredential

    assert not set(SPECIAL_TOKEN_WORDS) & TOKEN_QUALIFIERS
    assert not is_credential_name(name)
    source = f'{name} = "Zq8v2LmT4wX9rK7pN3"\nhf_{name} = "Zq8v2LmT4wX9rK7pN3"\n'
    scanner = RuleSet.build([HardcodedCredential()]).scanner
    assert scanner.hits(source) == []
    assert scanner.hits('token = "Zq8v2LmT4wX9rK7pN3"\n') == [0]


# ----------------------------------------------------------------------------------------------
# Signed URLs: reported once, at the signature, only while live; their credential field is a scope

_SIG_HEX = "7c4e" + "91ab3f0d" + "58e2c6a1" + "b7d94f03" + "e2a8c51b" + "6f0d93e7" + "a4c218b5" + "d09e3f7a"
_SIG_B64 = "Qm9" + "vTl3xR7" + "pLk2Wv8" + "sZe5Hj0" + "cYa4Fq6" + "Ud1GnT" + "8bKw2Ma"


def _gcs(date: str) -> str:
    return (
        "https://storage.googleapis.com/demo-bucket/report.pdf?X-Goog-Algorithm=GOOG4-RSA-SHA256"
        "&X-Goog-Credential=signer%40demo-project.iam.gserviceaccount.com%2F20240101%2Fauto%2Fstorage%2Fgoog4_request"
        f"&X-Goog-Date={date}T101500Z&X-Goog-Expires=3600&X-Goog-SignedHeaders=host&X-Goog-Signature={_SIG_HEX * 2}"
    )


def _s3(date: str) -> str:
    key_id = "AKIA" + "Q7MZ3RT5VWX2YB4N"
    return (
        "https://demo-bucket.s3.amazonaws.com/data.json?X-Amz-Algorithm=AWS4-HMAC-SHA256"
        f"&X-Amz-Credential={key_id}%2F{date}%2Fus-west-2%2Fs3%2Faws4_request&X-Amz-Date={date}T160942Z"
        f"&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature={_SIG_HEX}"
    )


def _sas(expiry: str, permissions: str = "rl") -> str:
    return (
        "https://demoacct.blob.core.windows.net/data/train.csv?sv=2022-11-02&sr=b"
        f"&sp={permissions}&se={expiry}&sig={_SIG_B64}%3D"
    )


def _printed(url: str) -> str:
    return notebook(code_cell("files[0]", outputs=[stream_output(f"{{'signed_url': '{url}', 'size': 1024}}\n")]))


@pytest.mark.parametrize(
    ("url", "label", "until"),
    [
        (_gcs("20990101"), "signed Google Cloud Storage URL", "until 2099-01-01 11:15 UTC"),
        (_s3("20990101"), "presigned AWS URL", "until 2099-01-02 16:09 UTC"),
        (_sas("2099-01-01T00%3A00%3A00Z"), "Azure SAS URL", "grants read, list access to the blob until 2099-01-01"),
    ],
)
def test_a_live_signed_url_in_an_output_is_reported_once_at_its_signature(url: str, label: str, until: str) -> None:
    findings = lint_source(_printed(url), "files.ipynb", ALL).findings
    line = f"{{'signed_url': '{url}', 'size': 1024}}"
    signature_at = max(line.rfind("Signature="), line.rfind("sig=")) + len(
        "Signature=" if "Signature=" in line else "sig="
    )
    assert [(f.code, f.location.cell, f.location.output, f.location.line, f.location.column) for f in findings] == [
        ("MLS204", 1, 0, 1, signature_at + 1)
    ]
    message = findings[0].message
    assert message.startswith(label) and until in message and "revoke" not in message
    assert _SIG_HEX[:8] not in message and _SIG_B64[:8] not in message


@pytest.mark.parametrize("url", [_gcs("20240101"), _s3("20210416"), _sas("2021-04-17T00:00:00Z", "rwdl")])
def test_an_expired_signed_url_is_not_reported(url: str) -> None:
    assert _where(lint_source(_printed(url), "files.ipynb", ALL)) == []


def test_the_credential_scope_of_a_signed_url_is_no_secret_even_when_the_url_is_split() -> None:
    url = _s3("20210416")
    cut = url.index("-HMAC")
    source = f'mock = {{"url": "{url[:cut]}"\n        "{url[cut:]}"}}\n'
    assert _where(lint_source(source, "mock_objects.py", ALL)) == []
    # the scope alone, outside any URL, names a key id and a date: still not a secret
    scope = _s3("20210416").split("X-Amz-Credential=")[1].split("&")[0]
    assert _where(lint_source(f'scope = "Credential={scope}"\n', "sign.py", ALL)) == []


def test_a_live_signed_url_hardcoded_in_code_is_mls201_and_an_access_key_id_alone_still_is() -> None:
    url = _sas("2099-01-01", "rwd")
    result = lint_source(f'blob = "{url}"\nkey_id = "{"AKIA" + "Q7MZ3RT5VWX2YB4N"}"\n', "upload.py", ALL)
    assert _where(result) == [("MLS201", None, None, 1, 9 + url.index("sig=") + 4), ("MLS201", None, None, 2, 11)]
    assert "grants read, write, delete access" in result.findings[0].message


def test_a_sas_signature_outside_a_recognised_url_is_still_a_token() -> None:
    source = f'conn = "BlobEndpoint=https://demoacct.blob.core.windows.net/;sig={_SIG_B64}%3D"\n'
    assert _where(lint_source(source, "conn.py", ALL)) == [("MLS201", None, None, 1, source.index("sig=") + 5)]


# ----------------------------------------------------------------------------------------------
# Keys and tokens need a machine-made shape; passwords do not


@pytest.mark.parametrize(
    "source",
    [
        'pipe.load_textual_inversion("owner/neg", weight_name="neg.safetensors", token="EasyNegative")\n',
        'login(token="MyTrigger")\n',
        'api_key = "NotARealKeyAtAll"\n',
        'secret = "sentence with spaces in it"\n',
        'hf_token = "tensor([[1.5, 2.5]])"\n',
    ],
)
def test_keys_and_tokens_that_are_words_are_not_credentials(source: str) -> None:
    assert _where(lint_source(source, "adapters.py", ALL)) == []


@pytest.mark.parametrize(
    ("source", "column"),
    [
        ('login(token="Zq8v2LmT4wX9rK7pN3")\n', 13),
        ('headers = {"X-Api-Key": "' + "630b" + "7241958655d4bbb84b649ff47680" + '"}\n', 25),
        ('db_password = "TempPassword2026!"\n', 15),
        ('pwd = "Summer"\n', 7),
    ],
)
def test_generated_keys_and_any_password_are_reported(source: str, column: int) -> None:
    assert _where(lint_source(source, "client.py", ALL)) == [("MLS202", None, None, 1, column)]


def test_printed_tensors_and_shell_references_are_not_credentials() -> None:
    source = notebook(
        code_cell(
            "print('Last token:', t)", outputs=[stream_output("Last output token: tensor([[-3.5983,  3.9902]])\n")]
        ),
        code_cell(
            "%%bash\nAUTH_TOKEN=$(gcloud auth print-identity-token -q)\n"
            'SECRET_TOKEN="$$HF_TOKEN" docker build .\nexport API_TOKEN=$api_token_from_vault'
        ),
        code_cell("!export AWS_SECRET_ACCESS_KEY=<Update here>\n!export AWS_SESSION_TOKEN=<paste>"),
        code_cell("print(creds)", outputs=[stream_output("{'access_token': '54100389393-QvR7mXk2Lp9Tz4Bw8Nc'}\n")]),
    )
    assert _where(lint_source(source, "auth.ipynb", ALL)) == [("MLS204", 4, 0, 1, 19)]


def test_a_keyword_argument_passing_a_variable_is_no_connection_string() -> None:
    source = (
        'answer = """Use `pysftp.Connection(hostname, username=username, password=password)` over FTP;\n'
        'or connect with "Server=db.internal;Database=dw;User Id=etl;Password=Hx4nB8qLr2kS6;"."""\n'
    )
    # a multi-line literal is reported at its start
    assert _where(lint_source(source, "review.py", ALL)) == [("MLS203", None, None, 1, 10)]
    assert _where(lint_source(source.split("\n")[0] + '"""\n', "review.py", ALL)) == []
