"""MLS205 secret-printed."""

from __future__ import annotations

import shlex
from collections.abc import Iterator

import libcst as cst

from linter.kit import (
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
    lazy_compile,
    notebook_example,
    string_value,
)
from linter.rules.secrets._patterns import is_credential_name, name_words

PRINTS = frozenset(
    {
        "print",
        "display",
        "IPython.display.display",
        "IPython.display.Markdown",
        "pprint.pprint",
        "pprint.pp",
        "rich.print",
        "click.echo",
        "typer.echo",
        "sys.stdout.write",
        "sys.stderr.write",
    }
)
LOG_METHODS = frozenset({"debug", "info", "warning", "warn", "error", "exception", "critical", "log", "fatal"})
LOGGER_NAMES = lazy_compile(r"(?i)^(?:logging|_?log|_?logger|\w*_logger|\w*_log)$")
ENV_READS = frozenset({"os.getenv", "os.environ.get", "os.environ.__getitem__", "os.environ.pop"})
# Functions that return their argument's value in another shape (anything else, len(), bool(),
# a comparison, a slice, hides it).
PASSTHROUGH = frozenset({"str", "repr", "format", "ascii"})
_ENV_IN_SHELL = lazy_compile(r"\$\{?(?P<name>[A-Za-z_][A-Za-z0-9_]*)\}?")
_SHOW_COMMANDS = frozenset({"echo", "printf"})
_WHOLE_ENV = frozenset({"env", "printenv", "set", "export"})


# Names that hold a credential only with a qualifier in ML code: a bare ``token`` is a text token,
# a ``credential`` object (``DefaultAzureCredential()``) prints no secret, ``$PWD`` is a folder.
_AMBIGUOUS = frozenset({("token",), ("tokens",), ("credential",), ("credentials",), ("creds",), ("cred",), ("pwd",)})
_SHELL_NOT_SECRETS = frozenset({"PWD", "OLDPWD"})


def credential_name(name: str) -> bool:
    return is_credential_name(name) and tuple(name_words(name)) not in _AMBIGUOUS


# Triggers: a call of a sink with a credential-like word after it, or a statement that is only a
# name or expression holding one (a cell's last expression).
_SINK_WORDS: tuple[str, ...] = (
    "print",
    "display",
    "pprint",
    "pp",
    "echo",
    "write",
    "debug",
    "info",
    "warning",
    "warn",
    "error",
    "exception",
    "critical",
    "fatal",
    "log",
)
_CREDENTIAL_WORDS = "(?i:key|token|secret|pass|pwd|cred|environ|getenv)"
_LAST_EXPRESSION_WORDS = tuple(
    spelling
    for word in ("key", "token", "secret", "pass", "pwd", "cred")
    for spelling in (word, word.upper(), word.capitalize())
) + ("environ",)


def _label(node: cst.CSTNode) -> str:
    text = " ".join(cst.Module([]).code_for_node(node).split())
    return text if len(text) <= 60 else text[:57] + "..."


def shown_secret(node: cst.BaseExpression, ctx: Context, depth: int = 0) -> cst.BaseExpression | None:
    """The part of an expression that shows a credential's value: a credential-named variable or
    attribute, an environment read of a credential name, ``os.environ`` itself; followed through
    f-strings, ``+``, ``%``, ``str()`` and ``.format()``. None when nothing is shown."""
    if depth > 8:
        return None
    if isinstance(node, cst.Name):
        return node if credential_name(node.value) else None
    if isinstance(node, cst.Attribute):
        if ctx.qualified_name(node) == "os.environ":
            return node
        return node if credential_name(node.attr.value) and not _is_module(node, ctx) else None
    if isinstance(node, cst.Subscript):
        return node if _env_subscript(node, ctx) else None
    if isinstance(node, cst.Call):
        return _call_shows(node, ctx, depth)
    if isinstance(node, cst.FormattedString):
        for part in node.parts:
            if isinstance(part, cst.FormattedStringExpression):
                found = shown_secret(part.expression, ctx, depth + 1)
                if found is not None:
                    return found
        return None
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, (cst.Add, cst.Modulo)):
        return shown_secret(node.left, ctx, depth + 1) or shown_secret(node.right, ctx, depth + 1)
    if isinstance(node, (cst.Tuple, cst.List)):
        for element in node.elements:
            found = shown_secret(element.value, ctx, depth + 1)
            if found is not None:
                return found
    return None


def _is_module(node: cst.Attribute, ctx: Context) -> bool:
    """``secrets.token_hex`` is a function of a module, not a credential."""
    qualified = ctx.qualified_name(node)
    return qualified is not None and qualified.split(".", 1)[0] in ("secrets", "os", "getpass", "keyring")


def _env_subscript(node: cst.Subscript, ctx: Context) -> bool:
    if ctx.qualified_name(node.value) != "os.environ" or len(node.slice) != 1:
        return False
    index = node.slice[0].slice
    key = string_value(index.value) if isinstance(index, cst.Index) else None
    return key is not None and is_credential_name(key)


def _call_shows(node: cst.Call, ctx: Context, depth: int) -> cst.BaseExpression | None:
    name = ctx.call_name(node)
    if name in ENV_READS and node.args:
        key = string_value(node.args[0].value)
        return node if key is not None and is_credential_name(key) else None
    if name == "dict" and node.args and ctx.qualified_name(node.args[0].value) == "os.environ":
        return node
    if name in PASSTHROUGH and node.args:
        return shown_secret(node.args[0].value, ctx, depth + 1)
    func = node.func
    if isinstance(func, cst.Attribute) and func.attr.value == "format":
        for arg in node.args:
            found = shown_secret(arg.value, ctx, depth + 1)
            if found is not None:
                return found
    return None


def sink_of(call: cst.Call, ctx: Context) -> str | None:
    """How a call that prints or logs its arguments is named (``print``, ``logger.info``)."""
    func = call.func
    written = dotted_name(func)
    if written is None:
        return None
    if ctx.call_name(call) in PRINTS:
        return written if _to_screen(call) else None
    if isinstance(func, cst.Attribute) and func.attr.value in LOG_METHODS:
        owner = dotted_name(func.value) or ""
        if LOGGER_NAMES.match(owner.rsplit(".", 1)[-1]):
            return written
    return None


def _to_screen(call: cst.Call) -> bool:
    """``print(x, file=f)`` writes to a file, not to the output."""
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == "file":
            target = dotted_name(arg.value)
            return target in ("sys.stdout", "sys.stderr")
    return True


class SecretPrinted(Rule):
    """
    ## What it does
    Flags code that prints, displays or logs a credential: `print`, `display`, `pprint`,
    `logging`/`logger` calls, or a notebook cell's last expression, when what they show is a
    credential-named variable or attribute (`api_key`, `hf_token`, `openai.api_key`,
    `db_password`), an environment read of a credential name (`os.environ["OPENAI_API_KEY"]`,
    `os.getenv("HF_TOKEN")`), or `os.environ` whole; also through f-strings, `+`, `%`,
    `.format()` and `str()`. In notebooks, `!echo $HF_TOKEN` and `!env`/`!printenv` are flagged too.
    A bare `token` (in ML code mostly a text token), a `credential` object and `$PWD` are not
    credentials here; `hf_token`, `access_token`, `auth_token` are.
    What only tells whether a credential is set (`bool(api_key)`, `api_key is not None`,
    `len(token)`, `api_key[:4]`) is not, nor are names that only look like credentials
    (`max_tokens`, `tokenizer.pad_token`).

    ## Why is this bad?
    A printed value is saved in the notebook's outputs and travels with the `.ipynb` file into
    git, shared drives and public repositories; log lines go to log stores with wide access and
    long retention. A key read from the environment to keep it out of the code is leaked again
    the moment it is printed. The message never shows the value.

    ## Fix
    Print whether it is set, never the value: `print("HF_TOKEN set:", bool(os.getenv("HF_TOKEN")))`.
    Clear outputs that already hold a key, and rotate that key.
    """

    code = "MLS205"
    name = "secret-printed"
    category = Category.SECRET
    severity = Severity.MEDIUM
    summary = "A credential is printed, displayed or logged"
    cwe = (532, 200)
    triggers = frozenset(
        {
            *(rf"{sink}\([\s\S]*?{_CREDENTIAL_WORDS}" for sink in _SINK_WORDS),
            *(rf"(?m)^[ \t]*[\w.()\[\]'\"]*{word}[\w.()\[\]'\"]*[ \t]*$" for word in _LAST_EXPRESSION_WORDS),
        }
    )

    VALID = (
        Example(
            """
            import os

            api_key = os.getenv("OPENAI_API_KEY")
            print("key set:", bool(api_key), api_key is not None, len(api_key))
            print(f"using key {api_key[:4]}...")
            print(max_tokens, tokenizer.pad_token, os.environ.get("HOME"))
            for token in tokens:
                print(token, candidate.token, credential)
            print(os.environ["CUDA_VISIBLE_DEVICES"])
            """
        ),
        Example(
            """
            import secrets

            with open("token.txt", "w") as f:
                print(token, file=f)
            print(secrets.token_hex)
            """,
            title="writing to a file, a module's function",
        ),
        notebook_example(
            code_cell(
                """
                !echo $PATH $PWD
                !echo "$HF_TOKEN" | huggingface-cli login --token-stdin
                !echo $DB_PASSWORD > .pgpass"""
            ),
            code_cell("""
                api_key = load_key()
                api_key;"""),
            title="other variables; a semicolon hides the cell's value",
        ),
    )
    INVALID = (
        Example(
            """
            import os
            import logging

            logger = logging.getLogger(__name__)
            print(os.environ["OPENAI_API_KEY"])
            print(f"token: {hf_token}")
            logger.info("connecting with %s", db_password)
            print(os.environ)
            """,
            expect=(at(5, 7), at(6, 17), at(7, 35), at(8, 7)),
        ),
        Example(
            """
            import openai
            from pprint import pprint

            pprint(openai.api_key)
            print("key=" + os.getenv("HF_TOKEN"))
            """,
            expect=(at(4, 8), at(5, 16)),
            title="an attribute, concatenation",
        ),
        notebook_example(
            code_cell("""
                import os
                HF_TOKEN = os.environ['HF_TOKEN']"""),
            code_cell("HF_TOKEN"),
            code_cell("""
                !echo $HF_TOKEN
                !printenv"""),
            expect=(at(1, 1, cell=2), at(1, 7, cell=3), at(2, 2, cell=3)),
            title="a cell's last expression, !echo and !printenv",
        ),
    )

    def visit_Call(self, node: cst.Call, ctx: Context) -> Iterator[Report]:
        sink = sink_of(node, ctx)
        if sink is None:
            return
        for arg in node.args:
            if arg.keyword is not None or arg.star == "**":
                continue
            shown = shown_secret(arg.value, ctx)
            if shown is not None:
                yield Report(f"`{sink}` shows {_what(shown)}; {_FIX}", node=shown)
                return

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine, ctx: Context) -> Iterator[Report]:
        if not ctx.document.is_notebook or not isinstance(ctx.parent(), cst.Module) or not node.body:
            return
        last = node.body[-1]
        if not isinstance(last, cst.Expr) or isinstance(last.semicolon, cst.Semicolon):
            return
        shown = shown_secret(last.value, ctx)
        if shown is None or not ctx.is_last_in_cell(node):
            return
        yield Report(
            f"the cell's last expression displays {_what(shown)} and the notebook saves it; {_FIX}", node=shown
        )

    def check_magic(self, magic: MagicLine, ctx: Context) -> Iterator[Report]:
        if magic.kind == "line-magic" or magic.magic not in ("", "bash", "sh", "script"):
            return
        try:
            words = shlex.split(magic.text, comments=True, posix=True)
        except ValueError:
            return
        if not words:
            return
        raw = magic.text
        if words[0] in _SHOW_COMMANDS:
            shown_part = _shown_segment(raw)
            for match in _ENV_IN_SHELL.finditer(shown_part or ""):
                name = match.group("name")
                if name not in _SHELL_NOT_SECRETS and is_credential_name(name):
                    line, column = magic.position(match.start())
                    yield Report(
                        f"`{words[0]}` shows the environment variable `{match.group('name')}`, a credential, "
                        f"in the output; {_FIX}",
                        line=line,
                        column=column,
                        end_column=column + len(match.group(0)),
                    )
                    return
        elif words[0] in _WHOLE_ENV and len(words) == 1:
            line, column = magic.position(0)
            yield Report(
                f"`{words[0]}` prints every environment variable, credentials included, into the output; {_FIX}",
                line=line,
                column=column,
                end_column=column + len(words[0]),
            )


_FIX = "print whether it is set (`bool(...)`), never the value"
_COMMAND_END = lazy_compile(r"\|\|?|>>?|;|&&?|\n")


def _shown_segment(text: str) -> str | None:
    """The part of an ``echo ...`` line that reaches the output: up to the first ``;``/``&&``;
    None when the echo is piped or redirected (``echo "$PW" | docker login --password-stdin``)."""
    end = _COMMAND_END.search(text)
    if end is None:
        return text
    if end.group(0) in ("|", ">", ">>"):
        return None
    return text[: end.start()]


def _what(node: cst.CSTNode) -> str:
    label = _label(node)
    if label in ("os.environ", "dict(os.environ)"):
        return f"`{label}` whole (every credential in the environment)"
    return f"`{label}`, a credential"
