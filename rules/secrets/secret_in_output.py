"""MLS204 secret-in-output."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from linter.kit import (
    UNSAFE,
    Category,
    Context,
    OutputText,
    Report,
    Rule,
    Severity,
    at,
    code_cell,
    error_output,
    notebook_example,
    redact,
    result_output,
    stream_output,
)
from linter.rules.secrets._examples import TOKENS
from linter.rules.secrets._patterns import SecretMatch, find_all
from linter.rules.secrets._reports import shown, signed_url_message, span_report

_PW = "Tq7" + "mW2xLp9" + "vR4"
_PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk" + TOKENS["openai"] + "AAAABJRU5ErkJggg=="
_SIGNATURE = "7c4e91ab3f0d58e2c6a1b7d94f03e2a8c51b6f0d93e7a4c218b5d09e3f7a" + "2b61"
_SIGNED = (
    "https://storage.googleapis.com/demo-bucket/report.pdf?X-Goog-Algorithm=GOOG4-RSA-SHA256"
    "&X-Goog-Credential=signer%40demo-project.iam.gserviceaccount.com%2F{day}%2Fauto%2Fstorage%2Fgoog4_request"
    "&X-Goog-Date={day}T101500Z&X-Goog-Expires=3600&X-Goog-SignedHeaders=host&X-Goog-Signature=" + _SIGNATURE
)
# Outputs stored as JSON text the fix edits in place (HTML and tracebacks are decoded before scanning).
_REDACTABLE = frozenset({"stream", "text/plain"})
_WIDGET = {"model_id": "2f5e0c3a9b8d4e7f9a1b2c3d4e5f6a7b", "version_major": 2, "version_minor": 0}


def _message(match: SecretMatch) -> str:
    if match.kind == "signed-url":
        return signed_url_message(match, "is saved in a cell output")
    return (
        f"{match.label} {shown(match.value)} is saved in a cell output; clear the output, "
        "revoke the credential and stop printing it"
    )


class SecretInOutput(Rule):
    """
    ## What it does
    Finds secrets in the saved outputs of notebook cells: everything MLS201 finds (provider
    tokens), connection strings with a password (MLS203), and credential-named values such as
    `API_KEY=...` or `{'password': '...'}` printed by the code. It reads what a person could see:
    `stream` text, `text/plain`, `text/html` (reduced to its text), `text/markdown`, JSON and error
    tracebacks (ANSI colours stripped). Findings carry the output's index and the line within it.

    A cloud signed URL (Google Cloud Storage `X-Goog-Signature`, AWS `X-Amz-Signature`, Azure SAS
    `sig=`) is reported once, at its signature, while it is live: the message says what it grants
    and until when, read from the URL (`X-Goog-Date` + `X-Goog-Expires`, `X-Amz-Date` +
    `X-Amz-Expires`, `se=`, `Expires=`). An expired URL grants nothing and is not reported; its
    credential field (`X-Goog-Credential`, `X-Amz-Credential`) is a scope (account and date), never
    a secret. Values after a key or token name must look machine-made (8+ characters mixing
    letters and digits or cases, no spaces, not a run of words or a printed `tensor(...)`).

    Not scanned: images and other binary data (base64 PNGs), widget state and model ids,
    execution metadata and cell ids; these are random strings that flood other secret scanners
    with false positives. Placeholders and documentation examples are skipped as in MLS201.

    ## Why is this bad?
    Outputs are saved in the `.ipynb` file and shared with it. A token printed by
    `print(os.environ)`, by a debug log or inside a traceback is as exposed as one typed in a cell,
    and the code that printed it often looks harmless.

    ## Fix
    Clear the output (`jupyter nbconvert --clear-output`, or "Clear All Outputs"), revoke the
    credential (a signed URL cannot be revoked alone: let it expire, and hand out short-lived
    ones), and stop printing it (print `redacted` values or only their length). Strip outputs
    before committing (`nbstripout`). `mlsafe check --unsafe-fixes` replaces each secret in stream
    and `text/plain` outputs with the mask the reports show (`hf_a…`), keeping every other byte of
    the notebook (unsafe because the saved output no longer shows what the code printed; the
    credential must be revoked all the same); HTML and tracebacks are left to you. In JupyterLab,
    the finding's *Redact* action masks the output's values in every representation.
    """

    code = "MLS204"
    name = "secret-in-output"
    category = Category.SECRET
    severity = Severity.HIGH
    summary = "A secret is saved in a notebook cell output"
    cwe = (532, 798)
    fix_title = "Mask the secret in the saved output"
    fix_applicability = UNSAFE

    VALID = (
        notebook_example(
            code_cell(
                "plot(history)",
                outputs=[
                    {
                        "output_type": "display_data",
                        "metadata": {},
                        "data": {"image/png": _PNG, "text/plain": ["<Figure size 640x480 with 1 Axes>"]},
                    }
                ],
            ),
            code_cell(
                "slider",
                outputs=[
                    {
                        "output_type": "display_data",
                        "metadata": {},
                        "data": {
                            "application/vnd.jupyter.widget-view+json": _WIDGET,
                            "text/plain": ["IntSlider(value=0)"],
                        },
                    }
                ],
            ),
            title="an image and a widget",
        ),
        notebook_example(
            code_cell(
                "print(os.environ.get('OPENAI_API_KEY', 'sk-...'))",
                outputs=[
                    stream_output(
                        """
                        sk-...
                        api_key=YOUR_API_KEY
                        password: ********
                        """
                    )
                ],
            ),
            title="placeholders",
        ),
        notebook_example(
            code_cell(
                "print(config)",
                outputs=[
                    stream_output(
                        """
                        max_tokens=4096
                        token_count: 1532
                        tokenizer: bert-base-uncased
                        pad_token: [PAD]
                        """
                    )
                ],
            ),
            title="names that are not credentials",
        ),
        notebook_example(
            code_cell(
                "print('Last output token:', logits[:, -1, :])",
                outputs=[
                    stream_output(
                        """
                            Last output token: tensor([[-3.5983,  3.9902]])
                        """
                    )
                ],
            ),
            code_cell(
                "pipe.load_textual_inversion(repo, token=trigger)",
                outputs=[
                    stream_output(
                        """
                            loaded: {'token': 'EasyNegative', 'access_token': 'NotPrinted'}
                        """
                    )
                ],
            ),
            title="a tensor and a trigger word after a token name",
        ),
        notebook_example(
            code_cell(
                "files[0]",
                outputs=[result_output({"text/plain": "{'signed_url': '" + _SIGNED.format(day="20240101") + "'}"})],
            ),
            title="an expired signed URL (its credential field is a scope, not a secret)",
        ),
    )
    INVALID = (
        notebook_example(
            code_cell(
                """
                import os
                print(os.environ['HF_TOKEN'])""",
                outputs=[
                    stream_output(
                        f"""
                        {TOKENS["huggingface"]}
                        done…
                        """
                    )
                ],
            ),
            expect=(at(1, 1, cell=1, output=0),),
            title="a printed token",
            fixed=(
                code_cell(
                    """
                    import os
                    print(os.environ['HF_TOKEN'])""",
                    outputs=[
                        stream_output(
                            f"""
                            {redact(TOKENS["huggingface"])}
                            done…
                            """
                        )
                    ],
                ),
            ),
        ),
        notebook_example(
            code_cell(
                "config",
                outputs=[
                    result_output(
                        {
                            "text/plain": """
                            {'model': 'gpt-4o',
                             'api_key': 'Zq8v2LmT4wX9rK7pN3'}"""
                        }
                    )
                ],
            ),
            code_cell(
                "engine.url",
                outputs=[
                    result_output(
                        {
                            "text/html": "<table><tr><td>url</td>"
                            f"<td>postgresql://etl:{_PW}@warehouse.internal/dw</td></tr></table>"
                        }
                    )
                ],
            ),
            expect=(at(2, 14, cell=1, output=0), at(1, 22, cell=2, output=0)),
            title="a repr and an HTML table",
        ),
        notebook_example(
            code_cell(
                "client.chat()",
                outputs=[
                    stream_output(
                        """
                        connecting...
                        """
                    ),
                    error_output(
                        "AuthenticationError",
                        "invalid key",
                        [f"\x1b[0;31mAuthenticationError\x1b[0m: Incorrect API key provided: {TOKENS['openai']}"],
                    ),
                ],
            ),
            expect=(at(1, 50, cell=1, output=1),),
            title="a traceback (ANSI colours stripped)",
        ),
        notebook_example(
            code_cell(
                "files[0]",
                outputs=[result_output({"text/plain": "{'signed_url': '" + _SIGNED.format(day="20990101") + "'}"})],
            ),
            expect=(
                at(1, 17 + _SIGNED.format(day="20990101").index("Signature=") + len("Signature="), cell=1, output=0),
            ),
            title="a live signed URL: reported once, at its signature, with its expiry",
        ),
    )

    def check_output(self, output: OutputText, ctx: Context) -> Iterator[Report]:
        editable = output.mime in _REDACTABLE
        for match in find_all(output.text):
            report = span_report(output.text, match, _message(match), Severity.LOW if match.low else None)
            yield replace(report, replacement=redact(match.value)) if editable else report
