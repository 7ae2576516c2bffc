"""MLS202 hardcoded-credential."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace

import libcst as cst

from linter.kit import (
    UNSAFE,
    Category,
    Context,
    Example,
    MagicLine,
    Report,
    Rule,
    Severity,
    at,
    code_cell,
    dotted_name,
    import_edit,
    is_test_path,
    lazy_compile,
    notebook_example,
    string_value,
)
from linter.rules.secrets._examples import TOKENS
from linter.rules.secrets._patterns import (
    AUTH_HEADERS,
    NAME_ENDINGS,
    SecretMatch,
    credential_shaped,
    credential_value,
    find_tokens,
    header_credential,
    is_credential_name,
    name_of_a_thing,
)
from linter.rules.secrets._reports import ADVICE, context_text, covered_by_tokens, magic_report, node_report, shown

# Every credential name ends with one of these words (see ``is_credential_name``) and, where this rule
# reports, is followed by ``=`` (assignment, keyword, default), ``:`` (dict key), ``: T =``
# (annotation) or ``,`` (``os.environ.setdefault``), then by a string literal or a parenthesis. One
# trigger per word and spelling (``key``, ``Key``, ``KEY``), so the engine finds each with
# ``str.find``; the hooks report only names ending with one of the same spellings.
# The endings the free-text search looks for (``_patterns.NAME_ENDINGS``), and ``auth``, which that
# search leaves out.
NAME_END_WORDS = (*NAME_ENDINGS, "auth")
NAME_ENDS = tuple(dict.fromkeys(form for word in NAME_END_WORDS for form in (word, word.capitalize(), word.upper())))
NAME_TAIL = r"['\"]?\s*\]?[\s\\]*(?:[:=,]|:[^=\n]*=)[\s\\]*(?:[rRbBuUfF]{0,2}['\"]|\()"
# Tokenizers' special tokens (``pad_token = "<pad>"``): a word before ``token`` that is not one of
# TOKEN_QUALIFIERS makes a name that is not a credential (``is_credential_name``), so an assignment to
# these is no reason to visit a statement (thousands of them in a model library).
SPECIAL_TOKEN_WORDS = ("pad", "unk", "cls", "eos", "bos", "sep", "mask")


def _name_lookbehind(form: str) -> str:
    """Lookbehinds that rule out names the lexicon never reports, for the spelling ``form``."""
    if form.lower() != "token":
        return ""
    return "".join(f"(?<!{word}_)(?<!{word.upper()}_)" for word in SPECIAL_TOKEN_WORDS)


_NAME_END = lazy_compile("(?:" + "|".join(NAME_ENDS) + ")$")
KEY_KWARG_CALLS = lazy_compile(r"(?:^|\.)login$|^wandb\.")
ENV_SETTERS = frozenset({"os.environ.setdefault", "os.putenv", "environ.setdefault"})
ENV_ASSIGNMENT = lazy_compile(
    r"^(?:(?P<env>env|set_env)\s+|(?:export\s+)?)(?P<name>[A-Za-z_][A-Za-z0-9_]*)"
    r"(?:=|(?(env)\s+|=))(?P<q>['\"]?)(?P<v>[^\s'\"]+)"
)

_DEMO = "Zq8" + "v2LmT4" + "wX9rK7pN3"  # a synthetic 15-character secret for the examples

Owner = Callable[[], "str | None"] | None  # the qualified name a credential belongs to, resolved on demand
# Environment variables the providers' own clients read, by (package, credential name).
PROVIDER_VARIABLES = {("wandb", "KEY"): "WANDB_API_KEY", ("huggingface_hub", "TOKEN"): "HF_TOKEN"}
PROVIDER_PREFIXES = {
    "openai": "OPENAI",
    "anthropic": "ANTHROPIC",
    "cohere": "COHERE",
    "wandb": "WANDB",
    "huggingface_hub": "HF",
    "replicate": "REPLICATE",
    "pinecone": "PINECONE",
    "groq": "GROQ",
    "mistralai": "MISTRAL",
    "comet_ml": "COMET",
    "neptune": "NEPTUNE",
    "kaggle": "KAGGLE",
}


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

    A key, token or secret must look machine-made: 8 or more characters of a credential alphabet
    mixing lower case, upper case or digits, and not a run of words (`token="EasyNegative"`, a
    textual-inversion trigger word), a repr (`tensor([[...]])`) or a sentence. Passwords are
    whatever a person chose, and are not judged by their shape.

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
    `mlsafe check --unsafe-fixes` replaces the literal with `os.environ["NAME"]` (the name the
    provider's client reads where known, `OPENAI_API_KEY`, `HF_TOKEN`, `WANDB_API_KEY`; else the
    credential's name in capitals) and adds `import os` where it is missing. Unsafe: the code then
    needs that variable set, and the credential must still be revoked. Headers, basic-auth tuples,
    parameter defaults, environment writes and magics are left to you.
    """

    code = "MLS202"
    name = "hardcoded-credential"
    category = Category.SECRET
    severity = Severity.MEDIUM
    summary = "A literal credential is stored under a credential-like name"
    cwe = (798, 259)
    triggers = frozenset(_name_lookbehind(form) + form + NAME_TAIL for form in NAME_ENDS)
    fix_title = "Read it from the environment (`os.environ[...]`)"
    fix_applicability = UNSAFE

    VALID = (
        Example(
            """
            import os
            from getpass import getpass
            import keyring

            api_key = os.environ["OPENAI_API_KEY"]
            password = getpass()
            token = keyring.get_password("hf", "me")
            secret = os.getenv("CLIENT_SECRET", "")
            """,
            title="values read at run time",
        ),
        Example(
            """
            api_key = ""
            token = "YOUR_API_KEY"
            secret = "<token>"
            password = "xxx"
            db_password = "changeme"
            OPENAI_API_KEY = "***"
            pwd = "${DB_PASSWORD}"
            auth_token = "{api_key}"
            hf_token = "HF_TOKEN"
            client_secret = "your-client-secret-here"
            """,
            title="placeholders and environment variable names",
        ),
        Example(
            """
            max_tokens = "4096abc"
            tokenizer = "bert-base-uncased"
            token_count = "12ab34cd"
            password_field = "pw_input_1"
            pad_token = "[PAD]"
            cache_key = "f3a9c2e1d0"
            private_key = "id_rsa"
            access_token = "input_ids"
            config = dict(pad_token="<pad>", eos_token="</s>")
            """,
            title="names that are not credentials",
        ),
        Example(
            """
            credentials_file = "~/.aws/credentials"
            key_path = "secrets/key.pem"
            token_url = "https://oauth2.googleapis.com/token"
            secret = "Enter the secret from the console"
            """,
            title="paths, URLs and sentences",
        ),
        Example(
            """
            pipe.load_textual_inversion("owner/negative", weight_name="neg.safetensors", token="EasyNegative")
            api_key = "NotARealKey"
            token = "tensor([[0.25, 0.75]])"
            """,
            title="keys and tokens need a machine-made shape: not a trigger word, CamelCase or a repr",
        ),
        notebook_example(
            code_cell(
                """
                %%bash
                AUTH_TOKEN=$(gcloud auth print-identity-token -q)
                SECRET_TOKEN="$$HF_TOKEN" docker build .
                export AWS_SECRET_ACCESS_KEY=<Update here>"""
            ),
            title="shell substitutions, escaped variables and placeholders",
        ),
        Example(
            f"""
            api_key = "{_DEMO}"  # pragma: allowlist secret
            password = "{_DEMO}"  # noqa: MLS202
            """,
            title="suppressed on the line",
        ),
        Example(
            f"""
            headers = {{"Authorization": f"Bearer {{token}}"}}
            openai.api_key = "{TOKENS["openai"]}"
            """,
            title="an f-string header, and a provider key (reported as MLS201)",
        ),
    )
    INVALID = (
        Example(
            f"""
            api_key = "{_DEMO}"
            """,
            expect=(at(1, 11),),
            fixed="""
            import os
            api_key = os.environ["API_KEY"]
            """,
        ),
        Example(
            f"""
            import openai

            openai.api_key = "{_DEMO}"
            """,
            expect=(at(3, 18),),
            title="an attribute",
            fixed="""
            import os
            import openai

            openai.api_key = os.environ["OPENAI_API_KEY"]
            """,
        ),
        Example(
            f"""
            from openai import OpenAI
            import boto3
            import wandb
            from huggingface_hub import login

            client = OpenAI(api_key="{_DEMO}")
            s3 = boto3.client("s3", aws_access_key_id=KEY_ID, aws_secret_access_key="{_DEMO}")
            wandb.login(key="{_DEMO}")
            login(token="{_DEMO}")
            """,
            expect=(at(6, 25), at(7, 73), at(8, 17), at(9, 13)),
            title="keyword arguments of clients",
            fixed="""
            import os
            from openai import OpenAI
            import boto3
            import wandb
            from huggingface_hub import login

            client = OpenAI(api_key=os.environ["OPENAI_API_KEY"])
            s3 = boto3.client("s3", aws_access_key_id=KEY_ID, aws_secret_access_key=os.environ["AWS_SECRET_ACCESS_KEY"])
            wandb.login(key=os.environ["WANDB_API_KEY"])
            login(token=os.environ["HF_TOKEN"])
            """,
        ),
        Example(
            f"""
            import requests

            headers = {{"Authorization": "Bearer {_DEMO}", "x-api-key": "{_DEMO}"}}
            requests.get(URL, auth=("admin", "{_DEMO}"))
            """,
            expect=(at(3, 29), at(3, 71), at(4, 34)),
            title="headers and basic auth (only the API key is fixed)",
            fixed=f"""
            import os
            import requests

            headers = {{"Authorization": "Bearer {_DEMO}", "x-api-key": os.environ["X_API_KEY"]}}
            requests.get(URL, auth=("admin", "{_DEMO}"))
            """,
        ),
        Example(
            f"""
            import os

            os.environ["WANDB_API_KEY"] = "{_DEMO}"
            os.environ.setdefault("DB_PASSWORD", "{_DEMO}")
            """,
            expect=(at(3, 31), at(4, 38)),
            title="the environment (no fix: that is where it goes)",
            fixed=f"""
            import os

            os.environ["WANDB_API_KEY"] = "{_DEMO}"
            os.environ.setdefault("DB_PASSWORD", "{_DEMO}")
            """,
        ),
        Example(
            f"""
            def connect(host, password="{_DEMO}"):
                ...

            class Settings:
                client_secret: str = "{_DEMO[:8]}" "{_DEMO[8:]}"
            """,
            expect=(at(1, 28), at(5, 26)),
            title="defaults, annotations and adjacent literals",
            fixed=f"""
            import os
            def connect(host, password="{_DEMO}"):
                ...

            class Settings:
                client_secret: str = os.environ["CLIENT_SECRET"]
            """,
        ),
        Example(
            f"""
            api_key = "{_DEMO}"
            """,
            path="tests/test_client.py",
            expect=(at(1, 11, severity=Severity.LOW),),
            title="a test fixture",
        ),
        notebook_example(
            code_cell(
                f"""
                %env WANDB_API_KEY={_DEMO}
                !export DB_PASSWORD={_DEMO}
                import wandb"""
            ),
            code_cell(f'token = "{_DEMO}"  # noqa: MLS201'),
            expect=(at(1, 20, cell=1), at(2, 21, cell=1), at(1, 9, cell=2)),
            title="magics and a noqa for another code",
            fixed=(
                code_cell(
                    f"""
                    import os
                    %env WANDB_API_KEY={_DEMO}
                    !export DB_PASSWORD={_DEMO}
                    import wandb"""
                ),
                code_cell('token = os.environ["TOKEN"]  # noqa: MLS201'),
            ),
        ),
        notebook_example(
            code_cell(
                f"""
                %%writefile .env
                OPENAI_API_KEY=sk-...
                WANDB_API_KEY={_DEMO}
                DEBUG=1"""
            ),
            code_cell(
                f"""
                %%bash
                export DB_PASSWORD="{_DEMO}"
                psql -h db.internal"""
            ),
            expect=(at(3, 15, cell=1), at(2, 21, cell=2)),
            title="a .env file written by a cell, and a bash cell",
        ),
    )

    # -- value checks -------------------------------------------------------------------------

    def _report(
        self,
        name: str,
        value_node: cst.CSTNode,
        ctx: Context,
        header: bool = False,
        label: str | None = None,
        owner: Owner = None,
        fix: bool = True,
    ) -> Iterator[Report]:
        if not _NAME_END.search(name):
            return
        value = string_value(value_node)
        if value is None:
            return
        secret = credential_value(header_credential(value) if header else value)
        if secret is None or (not header and name_of_a_thing(name, secret)) or not credential_shaped(name, secret):
            return
        if find_tokens(value) or covered_by_tokens(secret, find_tokens(context_text(ctx))):
            return  # a provider format: MLS201 reports it
        severity = Severity.LOW if is_test_path(ctx.path) else None
        message = f"hardcoded credential in `{label or name}` ({shown(secret)}); {ADVICE}"
        report = node_report(value_node, secret, message, severity)
        yield _from_environment(report, name, owner, ctx) if fix and not header else report

    def _pair(
        self, name: str | None, value_node: cst.CSTNode, ctx: Context, owner: Owner = None, fix: bool = True
    ) -> Iterator[Report]:
        if name is None:
            return
        if name.lower() in AUTH_HEADERS:
            yield from self._report(name, value_node, ctx, header=True)
        elif is_credential_name(name):
            yield from self._report(name, value_node, ctx, owner=owner, fix=fix)

    # -- hooks ----------------------------------------------------------------------------------

    def visit_Assign(self, node: cst.Assign, ctx: Context) -> Iterable[Report]:
        reports: list[Report] = []
        for target in node.targets:
            reports.extend(
                self._pair(
                    _target_name(target.target),
                    node.value,
                    ctx,
                    _owner(target.target, ctx),
                    fix=len(node.targets) == 1 and not _environment_entry(target.target),
                )
            )
        return reports[:1]

    def visit_AnnAssign(self, node: cst.AnnAssign, ctx: Context) -> Iterable[Report]:
        if node.value is None:
            return ()
        return self._pair(_target_name(node.target), node.value, ctx, _owner(node.target, ctx))

    def visit_Param(self, node: cst.Param, ctx: Context) -> Iterable[Report]:
        if node.default is None:
            return ()
        return self._pair(node.name.value, node.default, ctx, fix=False)  # a default is read at import

    def visit_DictElement(self, node: cst.DictElement, ctx: Context) -> Iterable[Report]:
        key = string_value(node.key)
        return self._pair(key, node.value, ctx) if key else ()

    def visit_Call(self, node: cst.Call, ctx: Context) -> Iterator[Report]:
        dotted = dotted_name(node.func) or ""
        if dotted.endswith(("setdefault", "putenv")):
            call = ctx.call_name(node) or dotted
            if (
                (call in ENV_SETTERS or call.endswith("environ.setdefault"))
                and len(node.args) >= 2
                and not node.args[0].keyword
            ):
                yield from self._pair(string_value(node.args[0].value), node.args[1].value, ctx, fix=False)
        for arg in node.args:
            if arg.keyword is None:
                continue
            name = arg.keyword.value
            if name == "key":
                if isinstance(arg.value, (cst.SimpleString, cst.ConcatenatedString, cst.BinaryOperation)):
                    call = ctx.call_name(node) or dotted  # resolved only when it can matter
                    if KEY_KWARG_CALLS.search(call):
                        yield from self._report("key", arg.value, ctx, label=f"{call}(key=)", owner=_known_owner(call))
            elif name == "auth" and isinstance(arg.value, cst.Tuple) and len(arg.value.elements) == 2:
                yield from self._report("auth", arg.value.elements[1].value, ctx, fix=False)
            else:
                yield from self._pair(name, arg.value, ctx, lambda: ctx.call_name(node))

    def check_magic(self, magic: MagicLine, ctx: Context) -> Iterator[Report]:
        text = magic.text
        if magic.kind == "line-magic" and magic.magic not in ("env", "set_env"):
            return
        match = ENV_ASSIGNMENT.match(text)
        if match is None or not is_credential_name(match.group("name")):
            return
        secret = credential_value(match.group("v"))
        if (
            secret is None
            or not credential_shaped(match.group("name"), secret)
            or find_tokens(secret)
            or covered_by_tokens(secret, find_tokens(text))
        ):
            return
        found = SecretMatch("credential", match.group("name"), secret, *match.span("v"))
        message = f"hardcoded credential in `{match.group('name')}` ({shown(secret)}); {ADVICE}"
        yield magic_report(magic, found, message, Severity.LOW if is_test_path(ctx.path) else None)


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


def _owner(target: cst.BaseExpression, ctx: Context) -> Owner:
    """``openai`` for ``openai.api_key = ...`` (the module an attribute is set on)."""
    if isinstance(target, cst.Attribute):
        receiver = target.value
        return lambda: ctx.qualified_name(receiver)
    return None


def _known_owner(name: str) -> Owner:
    """The owner of a credential whose owner is already resolved."""
    return lambda: name


def _environment_entry(target: cst.BaseExpression) -> bool:
    """``os.environ["X"] = ...`` sets the environment: reading it back from there is no fix."""
    return isinstance(target, cst.Subscript) and (dotted_name(target.value) or "").endswith("environ")


def environment_variable(name: str, owner: str | None) -> str:
    """``OPENAI_API_KEY`` for ``api_key`` of ``openai``; ``HF_TOKEN`` for huggingface_hub's
    ``login(token=)``; ``DB_PASSWORD`` for ``db_password``."""
    base = re.sub(r"\W+|(?<=[a-z0-9])(?=[A-Z])", "_", name).strip("_").upper() or "SECRET"
    package = (owner or "").partition(".")[0]
    if (package, base) in PROVIDER_VARIABLES:
        return PROVIDER_VARIABLES[(package, base)]
    prefix = PROVIDER_PREFIXES.get(package)
    return f"{prefix}_{base}" if prefix and not base.startswith(prefix) else base


def _from_environment(report: Report, name: str, owner: Owner, ctx: Context) -> Report:
    """The report with its unsafe fix: the literal becomes ``os.environ["NAME"]``, and ``import os``
    is added where the module does not import it (no fix when there is no place for it)."""
    imported = any(binding.target == "os" for binding in ctx.facts.bindings.get("os", ()))
    extra = () if imported else (import_edit(ctx.document, "import os"),)
    if None in extra:
        return report
    variable = environment_variable(name, owner() if owner is not None else None)
    expression = cst.parse_expression(f'os.environ["{variable}"]')
    return replace(report, replacement=expression, extra_edits=extra)  # type: ignore[arg-type]
