"""MLS202 hardcoded-credential."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import libcst as cst

from linter.document import MagicLine
from linter.examples import code_cell, notebook_example
from linter.literals import string_value
from linter.model import Category, Example, Severity, at
from linter.rule import Context, Report, Rule, dotted_name

from ._secret_examples import TOKENS
from ._secret_patterns import (
    AUTH_HEADERS,
    SecretMatch,
    credential_value,
    find_tokens,
    header_credential,
    is_credential_name,
    name_of_a_thing,
)
from ._secrets import ADVICE, context_text, covered_by_tokens, in_tests, magic_report, node_report, shown

# Every credential name ends with one of these words (see ``is_credential_name``) and, where this rule
# reports, is followed by ``=`` (assignment, keyword, default), ``:`` (dict key), ``: T =``
# (annotation) or ``,`` (``os.environ.setdefault``), then by a string literal or a parenthesis. One
# trigger per word and spelling (``key``, ``Key``, ``KEY``), so the engine finds each with
# ``str.find``; the hooks report only names ending with one of the same spellings.
NAME_END_WORDS = ("key", "token", "secret", "password", "passwd", "pwd", "passphrase", "pass", "credential",
                  "credentials", "creds", "auth", "authorization")
NAME_ENDS = tuple(dict.fromkeys(form for word in NAME_END_WORDS
                                for form in (word, word.capitalize(), word.upper())))
NAME_TAIL = r"['\"]?\s*\]?[\s\\]*(?:[:=,]|:[^=\n]*=)[\s\\]*(?:[rRbBuUfF]{0,2}['\"]|\()"
_NAME_END = re.compile("(?:" + "|".join(NAME_ENDS) + ")$")
KEY_KWARG_CALLS = re.compile(r"(?:^|\.)login$|^wandb\.")
ENV_SETTERS = frozenset({"os.environ.setdefault", "os.putenv", "environ.setdefault"})
ENV_ASSIGNMENT = re.compile(r"^(?:(?P<env>env|set_env)\s+|(?:export\s+)?)(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
                            r"(?:=|(?(env)\s+|=))(?P<q>['\"]?)(?P<v>[^\s'\"]+)")

_DEMO = "Zq8" + "v2LmT4" + "wX9rK7pN3"  # a synthetic 15-character secret for the examples


class HardcodedCredential(Rule):
    """
    ## What it does
    Flags a string literal stored under a credential-like name: assigned to a variable or attribute
    (`api_key = "..."`, `openai.api_key = "..."`, `self.password = "..."`), passed as a keyword
    argument (`OpenAI(api_key="...")`, `boto3.client(aws_secret_access_key="...")`,
    `login(token="...")`, `wandb.login(key="...")`, `connect(password="...")`), used as a parameter
    default, stored under a dict key or header (`{"Authorization": "Bearer ..."}`,
    `{"x-api-key": "..."}`), or put in the environment (`os.environ["WANDB_API_KEY"] = "..."`,
    `%env HF_TOKEN=...`, `!export ...`). Literals are evaluated first (escapes, adjacent literals,
    `+`). Names are split into words: `api_key`, `client_secret`, `hf_token`, `db_pass` are
    credentials; `max_tokens`, `tokenizer`, `pad_token`, `token_count`, `password_field`,
    `cache_key` are not.

    Not flagged: placeholders (`""`, `"YOUR_API_KEY"`, `"<token>"`, `"xxx"`, `"changeme"`,
    `"***"`, `"${VAR}"`, `"{api_key}"`), the name of an environment variable (`"HF_TOKEN"`), file
    paths and URLs, sentences, and values read at run time (`os.environ`, `os.getenv`, `getpass`,
    `keyring`, `userdata.get`, config files), which are not literals. Files under `tests/` are
    reported at low severity. A value in a known provider format is reported once, as MLS201.

    ## Why is this bad?
    Whoever can read the notebook or script (a shared link, a public repository, a Kaggle kernel)
    can use the credential. Deleting it later does not remove it from version history.

    ## Fix
    Revoke the credential and read it at run time, e.g. `api_key=os.environ["OPENAI_API_KEY"]` or
    `password=getpass.getpass()`; mark a deliberate test value with `# pragma: allowlist secret`.
    """

    code = "MLS202"
    name = "hardcoded-credential"
    category = Category.SECRET
    severity = Severity.MEDIUM
    summary = "A literal credential is stored under a credential-like name"
    cwe = (798, 259)
    triggers = frozenset(form + NAME_TAIL for form in NAME_ENDS)

    VALID = (
        Example('import os\nfrom getpass import getpass\nimport keyring\n\n'
                'api_key = os.environ["OPENAI_API_KEY"]\npassword = getpass()\n'
                'token = keyring.get_password("hf", "me")\nsecret = os.getenv("CLIENT_SECRET", "")\n',
                title="values read at run time"),
        Example('api_key = ""\ntoken = "YOUR_API_KEY"\nsecret = "<token>"\npassword = "xxx"\n'
                'db_password = "changeme"\nOPENAI_API_KEY = "***"\npwd = "${DB_PASSWORD}"\n'
                'auth_token = "{api_key}"\nhf_token = "HF_TOKEN"\nclient_secret = "your-client-secret-here"\n',
                title="placeholders and environment variable names"),
        Example('max_tokens = "4096abc"\ntokenizer = "bert-base-uncased"\ntoken_count = "12ab34cd"\n'
                'password_field = "pw_input_1"\npad_token = "[PAD]"\ncache_key = "f3a9c2e1d0"\n'
                'private_key = "id_rsa"\naccess_token = "input_ids"\n'
                'config = dict(pad_token="<pad>", eos_token="</s>")\n', title="names that are not credentials"),
        Example('credentials_file = "~/.aws/credentials"\nkey_path = "secrets/key.pem"\n'
                'token_url = "https://oauth2.googleapis.com/token"\nsecret = "Enter the secret from the console"\n',
                title="paths, URLs and sentences"),
        Example(f'api_key = "{_DEMO}"  # pragma: allowlist secret\npassword = "{_DEMO}"  # noqa: MLS202\n',
                title="suppressed on the line"),
        Example(f'headers = {{"Authorization": f"Bearer {{token}}"}}\n'
                f'openai.api_key = "{TOKENS["openai"]}"\n',
                title="an f-string header, and a provider key (reported as MLS201)"),
    )
    INVALID = (
        Example(f'api_key = "{_DEMO}"\n', expect=(at(1, 11),)),
        Example(f'import openai\n\nopenai.api_key = "{_DEMO}"\n', expect=(at(3, 18),), title="an attribute"),
        Example(f'from openai import OpenAI\nimport boto3\nimport wandb\nfrom huggingface_hub import login\n\n'
                f'client = OpenAI(api_key="{_DEMO}")\n'
                f's3 = boto3.client("s3", aws_access_key_id=KEY_ID, aws_secret_access_key="{_DEMO}")\n'
                f'wandb.login(key="{_DEMO}")\nlogin(token="{_DEMO}")\n',
                expect=(at(6, 25), at(7, 73), at(8, 17), at(9, 13)), title="keyword arguments of clients"),
        Example(f'import requests\n\nheaders = {{"Authorization": "Bearer {_DEMO}", "x-api-key": "{_DEMO}"}}\n'
                f'requests.get(URL, auth=("admin", "{_DEMO}"))\n',
                expect=(at(3, 29), at(3, 71), at(4, 34)), title="headers and basic auth"),
        Example(f'import os\n\nos.environ["WANDB_API_KEY"] = "{_DEMO}"\n'
                f'os.environ.setdefault("DB_PASSWORD", "{_DEMO}")\n',
                expect=(at(3, 31), at(4, 38)), title="the environment"),
        Example(f'def connect(host, password="{_DEMO}"):\n    ...\n\n'
                f'class Settings:\n    client_secret: str = "{_DEMO[:8]}" "{_DEMO[8:]}"\n',
                expect=(at(1, 28), at(5, 26)), title="defaults, annotations and adjacent literals"),
        Example(f'api_key = "{_DEMO}"\n', path="tests/test_client.py", expect=(at(1, 11, severity=Severity.LOW),),
                title="a test fixture"),
        notebook_example(
            code_cell(f"%env WANDB_API_KEY={_DEMO}\n!export DB_PASSWORD={_DEMO}\nimport wandb"),
            code_cell(f'token = "{_DEMO}"  # noqa: MLS201'),
            expect=(at(1, 20, cell=1), at(2, 21, cell=1), at(1, 9, cell=2)),
            title="magics and a noqa for another code",
        ),
        notebook_example(
            code_cell(f"%%writefile .env\nOPENAI_API_KEY=sk-...\nWANDB_API_KEY={_DEMO}\nDEBUG=1"),
            code_cell(f'%%bash\nexport DB_PASSWORD="{_DEMO}"\npsql -h db.internal'),
            expect=(at(3, 15, cell=1), at(2, 21, cell=2)),
            title="a .env file written by a cell, and a bash cell",
        ),
    )

    # -- value checks -------------------------------------------------------------------------

    def _report(self, name: str, value_node: cst.CSTNode, ctx: Context, header: bool = False,
                label: str | None = None) -> Iterator[Report]:
        if not _NAME_END.search(name):
            return
        value = string_value(value_node)
        if value is None:
            return
        secret = credential_value(header_credential(value) if header else value)
        if secret is None or (not header and name_of_a_thing(name, secret)):
            return
        if find_tokens(value) or covered_by_tokens(secret, find_tokens(context_text(ctx))):
            return  # a provider format: MLS201 reports it
        severity = Severity.LOW if in_tests(ctx) else None
        message = f"hardcoded credential in `{label or name}` ({shown(secret)}); {ADVICE}"
        yield node_report(value_node, secret, message, severity)

    def _pair(self, name: str | None, value_node: cst.CSTNode, ctx: Context) -> Iterator[Report]:
        if name is None:
            return
        if name.lower() in AUTH_HEADERS:
            yield from self._report(name, value_node, ctx, header=True)
        elif is_credential_name(name):
            yield from self._report(name, value_node, ctx)

    # -- hooks ----------------------------------------------------------------------------------

    def visit_Assign(self, node: cst.Assign, ctx: Context) -> Iterable[Report]:
        reports: list[Report] = []
        for target in node.targets:
            reports.extend(self._pair(_target_name(target.target), node.value, ctx))
        return reports[:1]

    def visit_AnnAssign(self, node: cst.AnnAssign, ctx: Context) -> Iterable[Report]:
        if node.value is None:
            return ()
        return self._pair(_target_name(node.target), node.value, ctx)

    def visit_Param(self, node: cst.Param, ctx: Context) -> Iterable[Report]:
        if node.default is None:
            return ()
        return self._pair(node.name.value, node.default, ctx)

    def visit_DictElement(self, node: cst.DictElement, ctx: Context) -> Iterable[Report]:
        key = string_value(node.key)
        return self._pair(key, node.value, ctx) if key else ()

    def visit_Call(self, node: cst.Call, ctx: Context) -> Iterator[Report]:
        dotted = dotted_name(node.func) or ""
        if dotted.endswith(("setdefault", "putenv")):
            call = ctx.call_name(node) or dotted
            if (call in ENV_SETTERS or call.endswith("environ.setdefault")) and len(node.args) >= 2 \
                    and not node.args[0].keyword:
                yield from self._pair(string_value(node.args[0].value), node.args[1].value, ctx)
        for arg in node.args:
            if arg.keyword is None:
                continue
            name = arg.keyword.value
            if name == "key":
                if isinstance(arg.value, (cst.SimpleString, cst.ConcatenatedString, cst.BinaryOperation)):
                    call = ctx.call_name(node) or dotted  # resolved only when it can matter
                    if KEY_KWARG_CALLS.search(call):
                        yield from self._report("key", arg.value, ctx, label=f"{call}(key=)")
            elif name == "auth" and isinstance(arg.value, cst.Tuple) and len(arg.value.elements) == 2:
                yield from self._report("auth", arg.value.elements[1].value, ctx)
            else:
                yield from self._pair(name, arg.value, ctx)

    def check_magic(self, magic: MagicLine, ctx: Context) -> Iterator[Report]:
        text = magic.text
        if magic.kind == "line-magic" and magic.magic not in ("env", "set_env"):
            return
        match = ENV_ASSIGNMENT.match(text)
        if match is None or not is_credential_name(match.group("name")):
            return
        secret = credential_value(match.group("v"))
        if secret is None or find_tokens(secret) or covered_by_tokens(secret, find_tokens(text)):
            return
        found = SecretMatch("credential", match.group("name"), secret, *match.span("v"))
        message = f"hardcoded credential in `{match.group('name')}` ({shown(secret)}); {ADVICE}"
        yield magic_report(magic, found, message, Severity.LOW if in_tests(ctx) else None)


def _target_name(target: cst.BaseExpression) -> str | None:
    """``api_key`` for ``api_key``, ``self.api_key``, ``openai.api_key``, ``os.environ["API_KEY"]``
    and ``config["api_key"]``."""
    if isinstance(target, cst.Name):
        return target.value
    if isinstance(target, cst.Attribute):
        return target.attr.value
    if isinstance(target, cst.Subscript) and len(target.slice) == 1:
        index = target.slice[0].slice
        if isinstance(index, cst.Index):
            return string_value(index.value)
    return None
