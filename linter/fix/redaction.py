"""Masking the secrets and personal data of one saved notebook output (the Jupyter extension's
*Redact*): every value a secret (MLS2xx) or personal-data (MLS5xx) rule finds in the output is
replaced, wherever the output holds it (stream text, each text MIME representation, traceback
frames, the error value), by the mask the reports show (``sk-p…``); everything else of the output
is kept, binary representations included.

The values are found by linting each representation's decoded text alone, as the stream of a
one-cell notebook, so a finding's span is an exact span of that text (the engine's findings in a
notebook with several representations of one output do not say which representation they are in).
"""

from __future__ import annotations

import functools
import html
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from linter.config import Config
from linter.fix.edits import line_starts, offset_of
from linter.report.excerpts import redact  # the reports' mask (linter.kit.redaction)
from linter.sources.outputs import decode_output, joined

#: Output fields that hold text a person reads (the rest: metadata, names, counts, widget ids).
TEXT_FIELDS = ("text", "evalue", "traceback")


@dataclass(frozen=True)
class RedactedOutput:
    """The output with its values masked, and how many places were masked (0: nothing found)."""

    output: dict[str, Any]
    masked: int


def output_values(output: Mapping[str, Any], config: Config = Config()) -> tuple[str, ...]:
    """The secret and personal-data values found in ``output`` (the rules ``config`` ignores are
    left out), longest first."""
    from linter.api import SENSITIVE_PREFIXES, lint
    from linter.registry import all_rules, is_selected
    from linter.sources.reading import notebook_document

    select, ignore = config.selection("")
    codes = tuple(
        rule.code
        for rule in all_rules()
        if rule.code.startswith(SENSITIVE_PREFIXES) and is_selected(rule.code, select, ignore)
    )
    if not codes:
        return ()
    wanted = Config(select=codes)
    values: dict[str, None] = {}
    for shown in decode_output(0, 0, output):
        text = shown.text
        stream = {"output_type": "stream", "name": "stdout", "text": text}
        cell = {"cell_type": "code", "id": "redact", "metadata": {}, "source": "", "outputs": [stream]}
        document = notebook_document({"cells": [cell], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, "")
        starts = line_starts(text)
        for finding in lint(document, wanted):
            loc = finding.location
            if loc.output is None:
                continue
            begin = offset_of(starts, len(text), loc.line, loc.column - 1)
            end = offset_of(starts, len(text), loc.end_line, loc.end_column - 1)
            if begin is not None and end is not None and end > begin:
                values[text[begin:end]] = None
    return tuple(sorted(values, key=len, reverse=True))


def mask_text(text: str, values: tuple[str, ...], escaped: bool = False) -> tuple[str, int]:
    """``text`` with each value (longest first; also HTML-escaped when ``escaped``) replaced by
    its mask, and the number of replacements."""
    count = 0
    for value in values:
        forms = dict.fromkeys((value, html.escape(value, quote=False), html.escape(value)) if escaped else (value,))
        for form in forms:
            found = text.count(form)
            if found:
                text = text.replace(form, redact(value))
                count += found
    return text, count


def _mask(text: str, *, values: tuple[str, ...], escaped: bool) -> tuple[str, int]:
    return mask_text(text, values, escaped)


def _masked(value: object, mask: Callable[[str], tuple[str, int]]) -> tuple[object, int]:
    """A JSON value with every string masked (nbformat's multiline lists are joined first)."""
    if isinstance(value, list) and all(isinstance(part, str) for part in value):
        if not value:
            return value, 0
        return mask(joined(value))
    if isinstance(value, str):
        return mask(value)
    if isinstance(value, list):
        parts = [_masked(item, mask) for item in value]
        return [part for part, _ in parts], sum(count for _, count in parts)
    if isinstance(value, Mapping):
        items = {key: _masked(item, mask) for key, item in value.items()}
        return {key: part for key, (part, _) in items.items()}, sum(count for _, count in items.values())
    return value, 0


def redact_output(output: Mapping[str, Any], config: Config = Config()) -> RedactedOutput:
    """``output`` with the values of :func:`output_values` masked in its text fields and text
    representations; an output without such values comes back equal, with ``masked == 0``."""
    values = output_values(output, config)
    result = dict(output)
    if not values:
        return RedactedOutput(result, 0)
    masked = 0
    plain = functools.partial(_mask, values=values, escaped=False)
    for key in TEXT_FIELDS:
        if key in output:
            if key == "traceback" and isinstance(output[key], list):  # frames are lines: keep them apart
                frames = [_masked(frame, plain) for frame in output[key]]
                result[key] = [frame for frame, _ in frames]
                masked += sum(count for _, count in frames)
            else:
                result[key], count = _masked(output[key], plain)
                masked += count
    data = output.get("data")
    if isinstance(data, Mapping):
        new_data = dict(data)
        for mime, value in data.items():
            if mime.startswith(("text/", "application/json")):
                new_data[mime], count = _masked(
                    value, functools.partial(_mask, values=values, escaped=mime == "text/html")
                )
                masked += count
        result["data"] = new_data
    return RedactedOutput(result, masked)


__all__ = ["RedactedOutput", "mask_text", "output_values", "redact_output"]
