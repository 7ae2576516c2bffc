"""Evaluate Python string literals in a libcst tree the way Python would, without running anything.

Pure functions over libcst nodes, shared by the secret and PII rules:

- :func:`string_value` gives the text of a string expression after escapes (``"\\x73k-"`` is
  ``sk-``), implicit concatenation of adjacent literals (``"sk-" "proj-..."``), a simple ``+`` of
  literals, and the literal parts of f-strings (each ``{...}`` becomes :data:`HOLE`);
- :func:`raw_source` gives the same expression's source text (quotes and prefixes kept), so a caller
  can tell whether a match was already visible in the raw text;
- :func:`is_string_part` tells whether a node is a piece of a larger string expression (callers
  then handle only the outermost expression, once).

Bytes literals are decoded as Latin-1 so every byte maps to one character.
"""

from __future__ import annotations

import ast
import warnings

import libcst as cst

HOLE = "\ufffc"  # stands for an f-string replacement field: it breaks any token pattern


def _simple(node: cst.SimpleString) -> str | None:
    prefix = node.prefix.lower()
    body = node.raw_value
    if "\\" not in body or "r" in prefix:
        return body  # nothing to unescape (bytes without escapes are already their Latin-1 text)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            value = ast.literal_eval(node.value)
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return None
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return value if isinstance(value, str) else None


def _fstring_text(part: cst.FormattedStringText, prefix: str) -> str:
    text = part.value.replace("{{", "{").replace("}}", "}")
    if "\\" not in text or "r" in prefix:
        return text
    plain = prefix.replace("f", "").replace("F", "")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            value = ast.literal_eval(f'{plain}"""{text}"""')
    except (ValueError, SyntaxError, MemoryError, RecursionError):
        return text
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return value if isinstance(value, str) else text


def _formatted(node: cst.FormattedString) -> str:
    prefix = node.prefix.lower()
    pieces: list[str] = []
    for part in node.parts:
        if isinstance(part, cst.FormattedStringText):
            pieces.append(_fstring_text(part, prefix))
        else:
            pieces.append(HOLE)
    return "".join(pieces)


def is_string_expression(node: cst.CSTNode) -> bool:
    """A literal string, an implicit concatenation, an f-string, or a ``+`` of those."""
    if isinstance(node, (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)):
        return True
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        return is_string_expression(node.left) and is_string_expression(node.right)
    return False


def string_value(node: cst.CSTNode) -> str | None:
    """The value of a string expression (f-string fields as :data:`HOLE`), None for anything else
    or for a literal Python itself would reject."""
    if isinstance(node, cst.SimpleString):
        return _simple(node)
    if isinstance(node, cst.FormattedString):
        return _formatted(node)
    if isinstance(node, cst.ConcatenatedString) or (
        isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add)
    ):
        if not is_string_expression(node):
            return None
        left = string_value(node.left)
        right = string_value(node.right)
        return None if left is None or right is None else left + right
    return None


def raw_source(node: cst.CSTNode) -> str:
    """The source text of the string pieces of an expression (quotes and prefixes included)."""
    if isinstance(node, cst.SimpleString):
        return node.value
    if isinstance(node, cst.FormattedString):
        inner = "".join(p.value if isinstance(p, cst.FormattedStringText) else HOLE for p in node.parts)
        return f"{node.prefix}{node.start}{inner}{node.end}"
    if isinstance(node, (cst.ConcatenatedString, cst.BinaryOperation)):
        return raw_source(node.left) + " " + raw_source(node.right)
    return ""


def is_string_part(node: cst.CSTNode, parent: cst.CSTNode | None) -> bool:
    """True when ``node`` is a piece of the larger string expression ``parent``."""
    if isinstance(parent, cst.ConcatenatedString):
        return True
    return isinstance(parent, cst.BinaryOperation) and is_string_expression(parent)


def has_hole(value: str) -> bool:
    return HOLE in value


def literal_parts(value: str) -> list[str]:
    """The literal pieces of an evaluated f-string (split at its replacement fields)."""
    return [part for part in value.split(HOLE) if part]
