"""Expressions compiled on first use behave as ``re.compile``'s, and every one mlsafe holds compiles."""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
import re
from collections.abc import Iterator
from typing import Any

import pytest

from linter.startup.lazy_pattern import LazyPattern, lazy_compile


def test_compiles_on_first_use_only() -> None:
    broken = lazy_compile("(unclosed")  # no error until it is used
    with pytest.raises(re.error):
        broken.search("x")


@pytest.mark.parametrize("text", ["", "a1 b22 c333", "no digits", "x9\ny8"])
def test_methods_match_re_compile(text: str) -> None:
    lazy, eager = lazy_compile(r"(?P<w>[a-z])(\d+)", re.MULTILINE), re.compile(r"(?P<w>[a-z])(\d+)", re.MULTILINE)
    assert lazy.groupindex == eager.groupindex
    assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in eager.finditer(text)]
    assert lazy.findall(text) == eager.findall(text)
    assert lazy.split(text) == eager.split(text)
    assert lazy.sub("#", text) == eager.sub("#", text)
    assert lazy.subn(lambda m: m.group("w"), text) == eager.subn(lambda m: m.group("w"), text)
    for method in ("search", "match", "fullmatch"):
        found, expected = getattr(lazy, method)(text, 1), getattr(eager, method)(text, 1)
        assert (found and found.span()) == (expected and expected.span())


def _held(value: Any, depth: int = 0) -> Iterator[LazyPattern]:
    if isinstance(value, LazyPattern):
        yield value
    elif depth < 2 and isinstance(value, (tuple, list, frozenset, set)):
        for item in value:
            yield from _held(item, depth + 1)
    elif depth < 2 and isinstance(value, dict):
        for item in value.values():
            yield from _held(item, depth + 1)
    elif depth < 2 and dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from _held(getattr(value, field.name), depth + 1)


def _modules() -> Iterator[str]:
    import linter.rules

    for package in (linter, linter.rules):
        for info in pkgutil.walk_packages(package.__path__, f"{package.__name__}."):
            if not info.name.endswith("__main__"):  # importing it runs the command line
                yield info.name


def test_every_expression_mlsafe_holds_compiles() -> None:
    """A typo in an expression would otherwise surface only when a document first needs it."""
    patterns = [
        p for name in _modules() for value in vars(importlib.import_module(name)).values() for p in _held(value)
    ]
    assert len(patterns) > 140
    for pattern in patterns:
        assert isinstance(pattern.compiled, re.Pattern), pattern
