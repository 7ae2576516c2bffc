"""Masking secrets and personal data in saved outputs: MLS204's unsafe fix (byte-stable, like
MLS502's) and :mod:`linter.fix.redaction` (the Jupyter extension's Redact action)."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from linter.cli import main
from linter.config import Config
from linter.fix.apply import fix_text
from linter.fix.redaction import mask_text, output_values, redact_output
from linter.kit.examples import code_cell, error_output, result_output, stream_output
from linter.kit.redaction import redact
from linter.rules.secrets._examples import TOKENS

TOKEN = TOKENS["openai"]
EMAIL = "jose.ortega@outlook.es"


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


def saved_by_jupyter(*cells: dict[str, object]) -> str:
    """A notebook as Jupyter writes it: one-space indent, raw UTF-8, a final newline."""
    numbered = [{"id": f"c{i}", **cell} for i, cell in enumerate(cells)]
    document = {"cells": numbered, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


def test_mls204_unsafe_fix_masks_the_token_and_keeps_every_other_byte(tmp_path: Path) -> None:
    raw = saved_by_jupyter(
        code_cell("print(key)  # clé", outputs=[stream_output(f"using {TOKEN}\nready…\n")]),
        code_cell("x = 1", outputs=[result_output({"text/plain": "1"})]),
    )
    path = tmp_path / "nb.ipynb"
    path.write_text(raw, encoding="utf-8")

    # Unsafe: --fix leaves it; --diff never shows the token.
    assert run("check", "--select", "MLS204", "--fix", str(path))[0] == 1
    assert path.read_text(encoding="utf-8") == raw
    code, out, _ = run("check", "--select", "MLS204", "--unsafe-fixes", "--diff", str(path))
    assert code == 1 and TOKEN not in out and TOKEN[:8] not in out

    assert run("check", "--select", "MLS204", "--unsafe-fixes", str(path))[0] == 0
    fixed = path.read_text(encoding="utf-8")
    assert fixed == raw.replace(TOKEN, redact(TOKEN))  # only the token's bytes changed
    assert json.loads(fixed)["cells"][0]["outputs"][0]["text"] == [f"using {redact(TOKEN)}\n", "ready…\n"]


def test_mls204_fix_only_where_the_output_is_stored_as_editable_text() -> None:
    """A secret in a traceback or an HTML table is reported without a fix (Redact in JupyterLab
    handles those); the same secret in text/plain is fixed."""
    raw = saved_by_jupyter(
        code_cell("call()", outputs=[error_output("AuthError", "bad", [f"AuthError: key {TOKEN}"])]),
        code_cell("t", outputs=[result_output({"text/html": f"<td>{TOKEN}</td>", "text/plain": f"'{TOKEN}'"})]),
    )
    result = fix_text(raw, "nb.ipynb", Config(select=("MLS204",)), unsafe=True)
    left = [(f.location.cell, f.location.output, f.fix is not None) for f in result.findings]
    assert left == [(1, 0, False), (2, 0, False)]
    data = json.loads(result.fixed)
    assert data["cells"][1]["outputs"][0]["data"]["text/plain"] == [f"'{redact(TOKEN)}'"]
    assert TOKEN in "".join(data["cells"][1]["outputs"][0]["data"]["text/html"])
    assert TOKEN in data["cells"][0]["outputs"][0]["traceback"][0]


def test_redact_output_masks_every_representation_and_keeps_the_rest() -> None:
    output = result_output(
        {
            "text/plain": f"{{'key': '{TOKEN}', 'owner': '{EMAIL}'}}",
            "text/html": f"<table><tr><td>{TOKEN}</td><td>{EMAIL}</td></tr></table>",
            "image/png": "iVBORw0KGgo=",
        }
    )
    redacted = redact_output(output)
    data = redacted.output["data"]
    assert redacted.masked == 4
    assert data["text/plain"] == f"{{'key': '{redact(TOKEN)}', 'owner': '{redact(EMAIL)}'}}"
    assert data["text/html"] == f"<table><tr><td>{redact(TOKEN)}</td><td>{redact(EMAIL)}</td></tr></table>"
    assert data["image/png"] == output["data"]["image/png"]
    assert {k: v for k, v in redacted.output.items() if k != "data"} == {k: v for k, v in output.items() if k != "data"}
    assert output["data"]["text/plain"] != data["text/plain"]  # the input is not modified


def test_redact_output_in_a_traceback_keeps_frames_apart() -> None:
    frames = ["Traceback (most recent call last)", f"\x1b[0;31mAuthError\x1b[0m: bad key {TOKEN}"]
    redacted = redact_output(error_output("AuthError", f"bad key {TOKEN}", frames))
    assert redacted.masked == 2
    assert redacted.output["traceback"] == [frames[0], f"\x1b[0;31mAuthError\x1b[0m: bad key {redact(TOKEN)}"]
    assert redacted.output["evalue"] == f"bad key {redact(TOKEN)}"
    assert redacted.output["ename"] == "AuthError"


def test_redact_output_without_values_is_unchanged_and_ignores_are_kept() -> None:
    plain = stream_output("epoch 1 loss 0.25\nsupport@example.com\n")
    assert redact_output(plain).masked == 0
    assert redact_output(plain).output == plain
    both = stream_output(f"{TOKEN} {EMAIL}\n")
    assert output_values(both) == tuple(sorted((TOKEN, EMAIL), key=len, reverse=True))
    assert output_values(both, Config(ignore=("MLS5",))) == (TOKEN,)
    assert redact_output(both, Config(ignore=("MLS2", "MLS5"))).masked == 0


def test_mask_text_html_escaped_values() -> None:
    value = "R&D-" + "Zq8v2LmT4wX9rK7pN3"
    assert mask_text(f"<td>R&amp;D-{value[4:]}</td>", (value,), escaped=True) == (f"<td>{redact(value)}</td>", 1)
    assert mask_text(f"<td>R&amp;D-{value[4:]}</td>", (value,)) == (f"<td>R&amp;D-{value[4:]}</td>", 0)
