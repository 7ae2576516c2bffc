"""libcst helpers for rules that fix: new nodes that keep the layout of the code they change.

A rule hands the result to ``Report(..., replacement=...)``; the engine renders it and turns the
difference into an edit, so only what these helpers change is ever written.
"""

from __future__ import annotations

import libcst as cst

from linter.rule import keyword

_NO_SPACE = cst.SimpleWhitespace("")


def with_keyword(call: cst.Call, name: str, value: cst.BaseExpression) -> cst.Call:
    """``call`` with ``name=value``: the value replaced when the keyword is given, else a new last
    keyword argument laid out like the arguments before it (one per line stays one per line, a
    trailing comma stays trailing)."""
    existing = keyword(call, name)
    if existing is not None:
        return call.with_changes(args=[arg.with_changes(value=value) if arg is existing else arg for arg in call.args])
    new = cst.Arg(
        value=value,
        keyword=cst.Name(name),
        equal=cst.AssignEqual(whitespace_before=_NO_SPACE, whitespace_after=_NO_SPACE),
    )
    args = list(call.args)
    if not args:
        return call.with_changes(args=[new])
    last = args[-1]
    separator = _separator(call)
    if isinstance(last.comma, cst.Comma):  # trailing comma: it moves to the new last argument
        args[-1] = last.with_changes(comma=separator)
        new = new.with_changes(comma=last.comma)
    else:
        args[-1] = last.with_changes(comma=separator)
    return call.with_changes(args=[*args, new])


def _separator(call: cst.Call) -> cst.Comma:
    """The comma between two arguments as this call writes it (``, `` or ``,`` plus a newline and
    indentation)."""
    args = call.args
    if len(args) >= 2 and isinstance(args[-2].comma, cst.Comma):
        return args[-2].comma
    if isinstance(args[-1].comma, cst.Comma) and isinstance(call.whitespace_before_args, cst.ParenthesizedWhitespace):
        return cst.Comma(whitespace_after=call.whitespace_before_args)
    return cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))


def without_arg(call: cst.Call, arg: cst.Arg) -> cst.Call:
    """``call`` without ``arg``; when it was the last argument, the one before takes its comma (so
    ``f(a, b=1)`` gives ``f(a)`` and a trailing comma stays trailing)."""
    args = list(call.args)
    index = next(i for i, candidate in enumerate(args) if candidate is arg)
    if index == len(args) - 1 and index > 0:
        args[index - 1] = args[index - 1].with_changes(comma=arg.comma)
    del args[index]
    return call.with_changes(args=args)


def with_attr(node: cst.Attribute, attr: str) -> cst.Attribute:
    """``a.b.load`` -> ``a.b.<attr>`` (the alias written before the last dot is kept)."""
    return node.with_changes(attr=cst.Name(attr))


__all__ = ["with_attr", "with_keyword", "without_arg"]
