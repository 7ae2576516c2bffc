"""MLS206 webhook-url."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from linter.kit import (
    Category,
    Context,
    Example,
    OutputText,
    Report,
    Rule,
    Severity,
    TextBlock,
    at,
    code_cell,
    lazy_compile,
    markdown_cell,
    notebook_example,
    stream_output,
)
from linter.rules.secrets._patterns import SecretMatch, not_a_secret
from linter.rules.secrets._reports import ADVICE, shown, span_report

# Incoming webhook URLs: the whole URL is the credential (whoever has it can post as the app).
WEBHOOKS = (
    (
        "Slack",
        lazy_compile(
            r"https://hooks\.slack\.com/(?:services|workflows|triggers)/"
            r"(?P<secret>T[A-Z0-9]{6,12}/[A-Z0-9]{6,14}/[A-Za-z0-9]{16,40}(?:/[A-Za-z0-9]+)?)"
        ),
    ),
    (
        "Discord",
        lazy_compile(
            r"https://(?:ptb\.|canary\.)?discord(?:app)?\.com/api/webhooks/"
            r"(?P<secret>\d{15,21}/[A-Za-z0-9_-]{40,90})"
        ),
    ),
    (
        "Microsoft Teams",
        lazy_compile(
            r"https://(?:[a-z0-9-]+\.webhook\.office\.com/webhookb2|outlook\.office(?:365)?\.com/webhook)/"
            r"(?P<secret>[0-9a-f-]{36}@[0-9a-f-]{36}/IncomingWebhook/[0-9a-f]{32}/[0-9a-f-]{36}(?:/[A-Za-z0-9_-]+)?)",
            re.IGNORECASE,
        ),
    ),
    (
        "Power Automate (Teams workflow)",
        lazy_compile(
            r"https://[a-z0-9.-]+\.logic\.azure\.com(?::443)?/workflows/[0-9a-f]{32}/triggers/[^\s'\"]*?"
            r"[?&]sig=(?P<secret>[A-Za-z0-9_-]{30,})",
            re.IGNORECASE,
        ),
    ),
)
_TRIGGERS = ("hooks.slack.com", "discord", "webhook.office.com", "office.com/webhook", "logic.azure.com")


@dataclass(frozen=True)
class Webhook:
    service: str
    match: SecretMatch


def find_webhooks(text: str) -> Iterator[Webhook]:
    if not any(trigger in text for trigger in _TRIGGERS):
        return
    for service, pattern in WEBHOOKS:
        for found in pattern.finditer(text):
            secret = found.group("secret")
            parts = re.split(r"[/@]", secret)
            if any(not_a_secret(part) for part in parts if len(part) >= 16) or "XXXX" in secret.upper():
                continue
            yield Webhook(service, SecretMatch("webhook", service, found.group(0), found.start(), found.end()))


def _message(hook: Webhook) -> str:
    return (
        f"a {hook.service} incoming webhook URL ({shown(hook.match.value)}) is hardcoded: anyone who has it can "
        f"post to that channel as your app; {ADVICE}"
    )


_SLACK = "https://hooks.slack.com/services/" + "T04K2M7QZ" + "/B06F3N9RX" + "/q8Z3xVtL0kWm7pR2sN5yHc1D"
_DISCORD = (
    "https://discord.com/api/webhooks/1187452296314183760/" + "fQ8z-Lr2Kp0WnVb7Xy3TcM9dJh5Se1AgUo6Pi4Nk" + "Ry2wE_ZqB8v"
)
_TEAMS = (
    "https://contoso.webhook.office.com/webhookb2/"
    "5d3f1c2a-8b7e-4f6d-9a0c-1e2b3c4d5e6f@72f988bf-86f1-41af-91ab-2d7cd011db47/IncomingWebhook/"
    "9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a49/0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
)


class WebhookUrl(Rule):
    """
    ## What it does
    Finds incoming webhook URLs of Slack (`hooks.slack.com/services/...`), Discord
    (`discord.com/api/webhooks/...`), Microsoft Teams (`*.webhook.office.com/webhookb2/...`) and
    Power Automate workflows (`*.logic.azure.com/workflows/...&sig=...`) in code, markdown, shell
    lines, requirements files and saved outputs. Documentation placeholders
    (`T00000000/B00000000/XXXXXXXX`) are not reported. Unlike the other secret rules, a webhook in
    a saved output is reported under this code too.

    ## Why is this bad?
    The URL is the credential: anyone who finds it in a notebook or a repository can post
    messages into that channel as your app (phishing links included), and Slack and GitHub
    secret scanning revoke leaked ones, breaking the alerts that relied on them.

    ## Fix
    Revoke the webhook (create a new one), and read the URL at run time:
    `os.environ["SLACK_WEBHOOK_URL"]` or a secrets manager.
    """

    code = "MLS206"
    name = "webhook-url"
    category = Category.SECRET
    severity = Severity.HIGH
    summary = "An incoming webhook URL (Slack, Discord, Teams) is hardcoded"
    cwe = (798,)

    VALID = (
        Example(
            """
            import os

            webhook = os.environ["SLACK_WEBHOOK_URL"]
            # e.g. https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX
            docs = "https://discord.com/developers/docs/resources/webhook"
            """
        ),
    )
    INVALID = (
        Example(
            f"""
            import requests

            SLACK = "{_SLACK}"
            requests.post("{_DISCORD}", json={{"content": "done"}})
            """,
            expect=(at(3, 10), at(4, 16)),
        ),
        notebook_example(
            markdown_cell(f"Alerts go to {_TEAMS}"),
            code_cell(
                "print(cfg)",
                outputs=[
                    stream_output(f"""
                webhook: {_SLACK}
                """)
                ],
            ),
            expect=(at(1, 14, cell=1), at(1, 10, cell=2, output=0)),
            title="markdown and a saved output",
        ),
    )

    def check_text(self, block: TextBlock, ctx: Context) -> Iterator[Report]:
        for hook in find_webhooks(block.text):
            yield span_report(block.text, hook.match, _message(hook))

    def check_output(self, output: OutputText, ctx: Context) -> Iterator[Report]:
        for hook in find_webhooks(output.text):
            yield span_report(output.text, hook.match, _message(hook))
