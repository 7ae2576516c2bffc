"""MLS201 provider-token."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

import libcst as cst

from linter.kit import (
    UNSAFE,
    Category,
    Context,
    Edit,
    Example,
    Fix,
    Report,
    Severity,
    TextBlock,
    at,
    code_cell,
    import_edit,
    is_string_expression,
    is_string_part,
    lazy_compile,
    markdown_cell,
    notebook_example,
    raw_source,
    string_value,
)
from linter.rules.secrets._examples import PEM, TOKENS
from linter.rules.secrets._patterns import DOC_EXAMPLES, TOKEN_HOOK_TRIGGERS, TOKEN_TRIGGERS, SecretMatch, find_tokens
from linter.rules.secrets._reports import (
    ADVICE,
    StringExpressionHooks,
    node_report,
    shown,
    signed_url_message,
    span_report,
)


def _message(match: SecretMatch) -> str:
    if match.kind == "signed-url":
        return signed_url_message(match, "is hardcoded")
    return f"{match.label} {shown(match.value)} is hardcoded; {ADVICE}"


def _line(kind: str, token: str) -> str:
    """A realistic line of code holding ``token`` of provider ``kind``."""
    lines = {
        "aws-secret": f'aws_secret_access_key = "{token}"',
        "azure-storage": f'conn_str = "DefaultEndpointsProtocol=https;AccountName=mlsafedemo;AccountKey={token};'
        'EndpointSuffix=core.windows.net"',
        "azure-sas": 'blob_url = "https://mlsafedemo.blob.core.windows.net/data/train.csv'
        f'?sv=2022-11-02&sp=r&sig={token}"',
    }
    return lines.get(kind, f'credential = "{token}"')


def _doc_example(kind: str, token: str) -> str:
    """The provider's documentation sample when one is known, else the token marked as an example."""
    known = {
        "aws": "AKIAIOSFODNN7EXAMPLE",
        "aws-secret": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "github": "ghp_16C7e42F292c6912E7710c838347Ae178B4a",
        "slack": "xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy",
        "stripe": "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
        "databricks": "dapi1234567890ab1cde2f3ab456c7d89efa",
        "azure-storage": next(v for v in DOC_EXAMPLES if v.startswith("Eby8")),
        "jwt": next(v for v in DOC_EXAMPLES if v.startswith("eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9")),
    }
    if kind in known:
        return known[kind]
    if kind == "azure-sas":
        return "EXAMPLE" + token[7:]
    return token[: len(token) - 12] + "EXAMPLEvalue"


def _placeholder(kind: str, token: str) -> str:
    if kind in ("aws", "aws-secret", "azure-storage", "azure-sas", "google"):
        return token[:4] + "X" * (len(token) - 4) if kind in ("aws", "google") else "x" * len(token)
    if kind == "jwt":
        return "eyJ" + "x" * 20 + ".eyJ" + "x" * 20 + "." + "x" * 30
    if kind == "databricks":
        return "dapi" + "0" * 32
    prefix_end = max(token.rfind("-", 0, 16), token.rfind("_", 0, 16)) + 1
    return token[:prefix_end] + "x" * (len(token) - prefix_end)


def _provider_examples() -> tuple[tuple[Example, ...], tuple[Example, ...]]:
    valid: list[Example] = []
    invalid: list[Example] = []
    for kind, token in TOKENS.items():
        line = _line(kind, token)
        invalid.append(
            Example(
                f"""
                {line}
                """,
                expect=(at(1, line.index(token) + 1),),
                title=f"{kind} token",
            )
        )
        negatives = (
            _line(kind, _placeholder(kind, token)),
            _line(kind, _doc_example(kind, token)),
            _line(kind, "sk-..." if kind.startswith("openai") else "<your token>"),
        )
        valid.append(Example("\n".join(negatives) + "\n", title=f"{kind}: placeholder and documentation example"))
    return tuple(valid), tuple(invalid)


_PROVIDER_VALID, _PROVIDER_INVALID = _provider_examples()
_OPENAI = TOKENS["openai"]
_HF = TOKENS["huggingface"]
_PEM_ESCAPED = PEM.rstrip().replace("\n", "\\n")
_KEY_ID = TOKENS["aws"]
_SIGNATURE = "7c4e91ab3f0d58e2c6a1b7d94f03e2a8c51b6f0d93e7a4c218b5d09e3f7a" + "2b61"
_SAS = TOKENS["azure-sas"]
_ESCAPED = "".join(f"\\x{ord(c):02x}" if i < 3 else c for i, c in enumerate(_OPENAI))


# The environment variable each provider's clients read (the fix reads the token from it).
ENVIRONMENT_VARIABLES = {
    "openai": "OPENAI_API_KEY",
    "openai-legacy": "OPENAI_API_KEY",
    "anthropic": "ANTHROPIC_API_KEY",
    "huggingface": "HF_TOKEN",
    "github": "GITHUB_TOKEN",
    "github-fine": "GITHUB_TOKEN",
    "gitlab": "GITLAB_TOKEN",
    "slack": "SLACK_BOT_TOKEN",
    "stripe": "STRIPE_API_KEY",
    "google": "GOOGLE_API_KEY",
    "aws": "AWS_ACCESS_KEY_ID",
    "aws-secret": "AWS_SECRET_ACCESS_KEY",
    "databricks": "DATABRICKS_TOKEN",
}
# ``name =`` or ``keyword=`` right before a string literal (not ``==``, not ``x[...] =``).
_ASSIGNED = lazy_compile(r"[A-Za-z_][\w.]*(?:\s*:\s*[\w.\[\], ]+)?\s*=\s*$")


def _environment_fix(block: TextBlock, match: SecretMatch, report: Report, ctx: Context) -> Fix | None:
    """MLS202's unsafe fix for a token that is a whole string literal assigned to a name or passed
    as a keyword (``api_key = "sk-..."``, ``OpenAI(api_key="sk-...")``): the literal becomes
    ``os.environ["OPENAI_API_KEY"]`` (the provider's variable), with ``import os`` where it is
    missing. None elsewhere (comments, magics, longer strings, dictionaries, ``os.environ[...] =``)."""
    variable = ENVIRONMENT_VARIABLES.get(match.kind)
    text, start, end = block.text, match.start, match.end
    if variable is None or start == 0 or end >= len(text) or text[start - 1] != text[end] or text[end] not in "'\"":
        return None
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start : start - 1]
    if before.lstrip().startswith(("!", "%", "#")) or "#" in before or not _ASSIGNED.search(before):
        return None
    imported = any(binding.target == "os" for binding in ctx.facts.bindings.get("os", ()))
    extra = () if imported else (import_edit(ctx.document, "import os"),)
    if None in extra:
        return None
    cell = None if block.cell is None else block.cell + 1
    literal = Edit(cell, None, report.line, report.column, report.line, report.column + end - start + 2)
    edit = replace(literal, text=f'os.environ["{variable}"]')
    return Fix((edit, *(e for e in extra if e is not None)), UNSAFE, ProviderToken.fix_title)


class ProviderToken(StringExpressionHooks):
    """
    ## What it does
    Finds credentials in a known provider format anywhere in the text of a file or notebook: code,
    strings, comments, markdown cells and shell/magic lines. Formats: OpenAI (`sk-`, `sk-proj-`,
    `sk-svcacct-`, `sk-admin-`), Anthropic (`sk-ant-`), Hugging Face (`hf_`, `api_org_`), AWS
    access key ids (`AKIA`/`ASIA`) and the 40-character secret next to one or under an
    `aws_secret...` label, Google API keys (`AIza`), Azure storage account keys (`AccountKey=`)
    and SAS signatures (`sig=`), GitHub (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`, `github_pat_`),
    GitLab (`glpat-`), Slack (`xoxb-`, `xoxp-`...), Stripe live keys (`sk_live_`, `rk_live_`),
    Databricks (`dapi`), PEM private key blocks and signed JWTs. A live cloud signed URL (GCS,
    AWS, Azure SAS) is reported once, at its signature, with what it grants and its expiry; an
    expired one is not, and an access key id in a signature's credential scope
    (`X-Amz-Credential=AKIA.../20240101/...`) names the signing key and is not reported. Python strings are also matched
    after evaluation (escapes, adjacent literals, `+` of literals, the literal parts of
    f-strings), and notebooks after JSON decoding. Placeholders (`sk-...`, `hf_xxx...`, one
    repeated character, `<token>`) and vendor documentation samples (`AKIAIOSFODNN7EXAMPLE`,
    jwt.io's token) are not reported.

    A value found by this rule is not reported again by MLS202 or MLS203 on the same line: the
    provider format is the most specific finding. Secrets in saved outputs are MLS204.

    ## Why is this bad?
    A key committed with a notebook is public as soon as the notebook is shared or pushed, and stays
    in the history after it is deleted. Bots scan public repositories for these formats within
    minutes and use the keys (cloud bills, data theft, model abuse).

    ## Fix
    Revoke the key at the provider, then read it at run time: `os.environ["OPENAI_API_KEY"]`,
    `getpass.getpass()`, `google.colab.userdata.get(...)`, `keyring` or a secrets manager. A
    deliberate test value can be marked with `# pragma: allowlist secret` or `# noqa: MLS201`.
    `mlsafe check --unsafe-fixes` does what MLS202's fix does for a token that is a whole string
    assigned to a name or passed as a keyword: the literal becomes `os.environ["OPENAI_API_KEY"]`
    (the provider's usual variable: `HF_TOKEN`, `ANTHROPIC_API_KEY`, `GITHUB_TOKEN`...), adding
    `import os` where it is missing. Unsafe, because the code now needs that variable set.
    """

    code = "MLS201"
    name = "provider-token"
    category = Category.SECRET
    severity = Severity.HIGH
    summary = "A credential in a known provider format is hardcoded"
    cwe = (798,)
    triggers = TOKEN_HOOK_TRIGGERS
    fix_title = "Read it from the environment (`os.environ[...]`)"
    fix_applicability = UNSAFE

    VALID = (
        Example(
            """
            import os

            client = OpenAI(api_key=os.environ['OPENAI_API_KEY'])
            # export OPENAI_API_KEY=sk-...
            """,
            title="read from the environment",
        ),
        *_PROVIDER_VALID,
        Example(
            f"""
            key = "{_OPENAI}"  # pragma: allowlist secret
            """,
            title="allow-listed on the line",
        ),
        Example(
            """
            ask = "sk-learn is not a key"
            model_id = "hf_internal_testing"
            """
        ),
        notebook_example(
            markdown_cell("Set `HF_TOKEN` to your token (`hf_...`) before running."),
            title="markdown with a placeholder",
        ),
        Example(
            f"""
            scope = "X-Amz-Credential={_KEY_ID}%2F20210416%2Fus-west-2%2Fs3%2Faws4_request"
            url = ("https://demo.s3.amazonaws.com/f.json?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential={_KEY_ID}"
                   "%2F20210416%2Fus-west-2%2Fs3%2Faws4_request&X-Amz-Date=20210416T160942Z&X-Amz-Expires=86400"
                   "&X-Amz-SignedHeaders=host&X-Amz-Signature={_SIGNATURE}")
            """,
            title="a signed URL's credential scope, and an expired signed URL",
        ),
    )
    INVALID = (
        Example(
            f"""
            from openai import OpenAI

            client = OpenAI(api_key="{_OPENAI}")
            """,
            expect=(at(3, 26),),
            title="a key passed to a client (the unsafe fix reads it from the environment)",
            fixed="""
            import os
            from openai import OpenAI

            client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])
            """,
        ),
        *_PROVIDER_INVALID,
        Example(
            f"""
            # old key: {_OPENAI}
            client = OpenAI()
            """,
            expect=(at(1, 12),),
            title="in a comment",
        ),
        Example(
            f"""
            key = "{_ESCAPED}"
            """,
            expect=(at(1, 7),),
            title="hidden by escapes",
        ),
        Example(
            f"""
            key = ("{_OPENAI[:10]}"
                   "{_OPENAI[10:]}")
            """,
            expect=(at(1, 8),),
            title="adjacent literals",
        ),
        Example(
            f"""
            token = "{_HF[:6]}" + "{_HF[6:]}"
            """,
            expect=(at(1, 9),),
            title="`+` of literals",
        ),
        Example(f"pem = '''{PEM}'''\n", expect=(at(1, 10),), title="a PEM private key"),
        Example(
            f"""
            private_key = "{_PEM_ESCAPED}"
            """,
            expect=(at(1, 16),),
            title="a PEM private key with escaped newlines",
        ),
        Example(
            f"""
            blob = "https://demoacct.blob.core.windows.net/data/train.csv?sv=2022-11-02&sr=b&sp=rw&se=2099-01-01&sig={_SAS}"
            """,
            expect=(at(1, 106),),
            title="a live signed URL (Azure SAS): what it grants and until when, no revoke advice",
        ),
        notebook_example(
            markdown_cell(f"My Hugging Face token is {_HF}, do not share"),
            code_cell(
                f"""
                %env HF_TOKEN={_HF}
                from huggingface_hub import login
                login()"""
            ),
            expect=(at(1, 26, cell=1), at(1, 15, cell=2)),
            title="markdown and a magic line",
        ),
    )

    def check_text(self, block: TextBlock, ctx: Context) -> Iterator[Report]:
        for match in find_tokens(block.text):
            report = span_report(block.text, match, _message(match))
            fix = _environment_fix(block, match, report, ctx) if block.kind in ("code", "python") else None
            yield report if fix is None else replace(report, fix=fix)

    def _string(self, node: cst.CSTNode, ctx: Context) -> Iterable[Report]:
        """Tokens that only exist once the literal is evaluated (escapes, concatenation): the text
        scan cannot see them; tokens visible in the raw source are left to ``check_text``."""
        if is_string_part(node, ctx.parent()) or not is_string_expression(node):
            return ()
        raw = raw_source(node)
        if not any(word in raw for word in TOKEN_TRIGGERS):
            return ()
        value = string_value(node)
        if value is None or value in raw:
            return ()
        visible = {seen.kind for seen in find_tokens(raw)}
        return [
            node_report(node, match.value, _message(match))
            for match in find_tokens(value)
            if match.kind not in visible and match.value not in raw
        ]
