"""MLS208 cli-login-secret."""

from __future__ import annotations

import shlex
from collections.abc import Iterator, Mapping
from types import MappingProxyType

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
    fingerprint,
    notebook_example,
)
from linter.rules.secrets._patterns import credential_value, find_tokens
from linter.rules.secrets._reports import ADVICE, FINGERPRINT_KIND, shown

# Login commands and the options that take the secret on the command line; ``0`` stands for the
# first positional argument after the command words (``wandb login <key>``).
LOGINS: Mapping[tuple[str, ...], frozenset[str | int]] = MappingProxyType(
    {
        ("huggingface-cli", "login"): frozenset({"--token"}),
        ("hf", "auth", "login"): frozenset({"--token"}),
        ("docker", "login"): frozenset({"-p", "--password"}),
        ("podman", "login"): frozenset({"-p", "--password"}),
        ("wandb", "login"): frozenset({0}),
        ("az", "login"): frozenset({"-p", "--password"}),
        ("ngrok", "authtoken"): frozenset({0}),
        ("ngrok", "config", "add-authtoken"): frozenset({0}),
        ("sshpass",): frozenset({"-p"}),
        ("aws", "configure", "set", "aws_secret_access_key"): frozenset({0}),
        ("kaggle", "config", "set"): frozenset({"-v"}),
        ("npm", "config", "set", "//registry.npmjs.org/:_authToken"): frozenset({0}),
        ("gh", "auth", "login"): frozenset({"--with-token"}),
        ("mlflow", "login"): frozenset({"--password"}),
    }
)
_SHOWN_SHELLS = frozenset({"", "bash", "sh", "script"})


def _command(words: list[str]) -> tuple[tuple[str, ...], list[str]] | None:
    """The LOGINS key a command starts with (after ``sudo``/``!``) and the words after it."""
    while words and words[0] in ("sudo", "exec", "time"):
        words = words[1:]
    if not words:
        return None
    words = [words[0].rsplit("/", 1)[-1], *words[1:]]
    for key in LOGINS:
        if tuple(words[: len(key)]) == key:
            return key, words[len(key) :]
    return None


def login_secrets(text: str) -> Iterator[tuple[str, str]]:
    """(command, secret) of each login line in ``text`` that carries a secret on the command line."""
    try:
        words = shlex.split(text.replace("\\\n", " "), comments=True)
    except ValueError:
        return
    found = _command(words)
    if found is None:
        return
    key, rest = found
    options = LOGINS[key]
    positional = 0
    i = 0
    while i < len(rest):
        word = rest[i]
        value: str | None = None
        name, eq, attached = word.partition("=")
        if eq and name in options:
            value = attached
        elif word in options and i + 1 < len(rest):
            value = rest[i + 1]
            i += 1
        elif word.startswith("-p") and len(word) > 2 and "-p" in options and not word.startswith("--"):
            value = word[2:]
        elif not word.startswith("-"):
            if positional in options:
                value = word
            positional += 1
        i += 1
        secret = credential_value(value, minimum=6) if value is not None else None
        if secret is not None and not secret.startswith("$"):
            yield " ".join(key), secret


class CliLoginSecret(Rule):
    """
    ## What it does
    Flags passwords and tokens given on the command line of login commands in shell lines, shell
    cells and shell scripts: `huggingface-cli login --token <t>`, `hf auth login --token <t>`,
    `docker login -p <pw>` / `--password`, `wandb login <key>`, `az login -p <pw>`,
    `ngrok authtoken <t>`, `sshpass -p <pw>`, `aws configure set aws_secret_access_key <k>`,
    `kaggle config set -n key -v <k>` and similar. Values read from the environment
    (`--token $HF_TOKEN`), placeholders (`<token>`, `YOUR_TOKEN`) and values in a known provider
    format (MLS201's) are not flagged.

    ## Why is this bad?
    The secret is saved in the notebook or script, and a command-line argument is also visible
    to every user of the machine (`ps`), kept in shell history and often echoed into the saved
    output.

    ## Fix
    Revoke it; then pass it through the environment or standard input: `huggingface-cli login`
    reads `HF_TOKEN`, `docker login --password-stdin`, `wandb login` reads `WANDB_API_KEY`,
    `notebook_login()` prompts for the token.
    """

    code = "MLS208"
    name = "cli-login-secret"
    category = Category.SECRET
    severity = Severity.HIGH
    summary = "A password or token is given on a CLI login line"
    cwe = (798, 214)

    VALID = (
        notebook_example(
            code_cell(
                """
                !huggingface-cli login --token $HF_TOKEN
                !echo "$DOCKER_PASSWORD" | docker login -u ci --password-stdin registry.example.com
                !wandb login
                !docker login -u ci -p <password> registry.example.com"""
            )
        ),
    )
    INVALID = (
        notebook_example(
            code_cell(
                """
                !huggingface-cli login --token Qm4Rt8Wz2Kx6Vb9Np3Ls7Jd
                !docker login -u ci -p 'S3cure-Pa55word' registry.example.com
                !wandb login 0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c"""
            ),
            expect=(at(1, 32, cell=1), at(2, 25, cell=1), at(3, 14, cell=1)),
        ),
        Example(
            """
            #!/bin/bash
            sshpass -p Tr0ub4dor-3 ssh deploy@10.0.0.5
            """,
            path="deploy.sh",
            expect=(at(2, 12),),
            title="a shell script",
        ),
    )

    def check_magic(self, magic: MagicLine, ctx: Context) -> Iterator[Report]:
        if magic.kind == "line-magic" or magic.magic not in _SHOWN_SHELLS:
            return
        for command, secret in login_secrets(magic.text):
            if find_tokens(secret):
                continue  # a provider-format token is MLS201's
            offset = magic.text.find(secret)
            line, column = magic.position(max(offset, 0))
            end_line, end_column = magic.position(max(offset, 0) + len(secret))
            yield Report(
                f"`{command}` gets a secret on its command line ({shown(secret)}); {ADVICE}",
                line=line,
                column=column,
                end_line=end_line,
                end_column=end_column,
                fingerprint=fingerprint(secret, FINGERPRINT_KIND),
            )
