"""Shared by the unsafe-load rules (MLS1xx): where loaded data comes from, and the severity that
follows (high when it comes from a download in the same file or notebook)."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Iterator

import libcst as cst

from linter.kit import ArtifactInfo, Context, Severity, argument, dotted_name, string_value


@functools.cache
def _fields(kind: type[cst.CSTNode]) -> tuple[str, ...]:
    return tuple(item.name for item in dataclasses.fields(kind))


def _walk(node: cst.CSTNode) -> Iterator[cst.CSTNode]:
    """Every node under ``node``, in no particular order. Reads the nodes' fields: libcst's
    ``children`` rebuilds a node to list them, which cost more than the rest of the rule."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        for name in _fields(type(current)):
            value = getattr(current, name)
            if isinstance(value, cst.CSTNode):
                stack.append(value)
            elif type(value) is tuple or type(value) is list:
                stack.extend(item for item in value if isinstance(item, cst.CSTNode))


def from_download(node: cst.CSTNode | None, ctx: Context) -> bool:
    """Whether an expression reads something downloaded earlier in the document (a name bound to a
    download, a file a download wrote, or a download call nested in the expression)."""
    if node is None:
        return False
    facts = ctx.facts
    for sub in _walk(node):
        if isinstance(sub, cst.Name) and sub.value in facts.downloaded_names:
            return True
        if isinstance(sub, cst.SimpleString) and facts.downloaded_files:
            value = string_value(sub)
            if value and value.rsplit("/", 1)[-1] in facts.downloaded_files:
                return True
        if isinstance(sub, cst.Call) and dotted_name(sub.func) is not None:
            if facts.is_download_call(ctx.qualified_name(sub.func)) or dotted_name(sub.func) in facts.download_helpers:
                return True
    return False


def download_note(ctx: Context) -> str:
    where = "notebook" if ctx.document.is_notebook else "file"
    return f"; the file comes from a download in this {where}"


def call_from_download(call: cst.Call, ctx: Context) -> bool:
    return any(from_download(arg.value, ctx) for arg in call.args)


def load_severity(call: cst.Call, ctx: Context, default: Severity = Severity.MEDIUM) -> tuple[Severity, str]:
    """(severity, message suffix) for a load call: high with a note when its input is downloaded."""
    if call_from_download(call, ctx):
        return Severity.HIGH, download_note(ctx)
    return default, ""


def shown_name(call: cst.Call, qualified: str) -> str:
    """How to name the call in a message: as written, plus what it resolves to when aliased."""
    written = dotted_name(call.func) or qualified
    return f"`{written}`" if written == qualified else f"`{written}` ({qualified})"


# Where load calls take the file: the first positional argument or one of these keywords.
_PATH_KEYWORDS = ("f", "file", "filename", "fname", "path", "filepath", "filepath_or_buffer", "filename_or_obj")


def _literal_path(node: cst.BaseExpression, ctx: Context, depth: int = 0) -> str | None:
    """The file a load argument names: a literal, ``open(literal)``, a name bound once to a literal,
    or the ``f`` of ``with open(literal) as f``."""
    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
        return string_value(node)
    if isinstance(node, cst.Name):
        return ctx.facts.opened.get(node.value) or ctx.facts.constants.get(node.value)
    if isinstance(node, cst.Call) and depth == 0 and ctx.call_name(node) in ("open", "io.open", "builtins.open"):
        first = argument(node, "file", 0)
        return _literal_path(first.value, ctx, depth + 1) if first is not None else None
    return None


def loaded_artifact(call: cst.Call, ctx: Context) -> ArtifactInfo | None:
    """What the model file a load call reads imports, when the call names a model file of the
    scanned tree (see ``Facts.artifacts``) that holds a pickle."""
    if not ctx.facts.artifacts:
        return None
    given = argument(call, "f", 0)
    for name in _PATH_KEYWORDS[1:]:
        given = given or argument(call, name)
    literal = _literal_path(given.value, ctx) if given is not None else None
    artifact = ctx.facts.artifacts.get(literal) if literal is not None else None
    return artifact if artifact is not None and artifact.holds_pickle else None
