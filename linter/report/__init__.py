"""Reporters: pure functions from findings to text. They never see unredacted values."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from linter.model import Finding, Result
from linter.report import machine, text

Reporter = Callable[[Result, bool], str]

REPORTERS: dict[str, Reporter] = {
    "text": text.render,
    "json": machine.render_json,
    "json-lines": machine.render_json_lines,
}


def formats() -> Sequence[str]:
    return tuple(REPORTERS)


def render(name: str, result: Result, color: bool = False) -> str:
    return REPORTERS[name](result, color)


__all__ = ["Finding", "Result", "formats", "render"]
