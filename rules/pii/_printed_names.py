"""How MLS501 reads code: which expressions carry personal data (by the names of their columns,
fields and variables), and which calls show a value to whoever reads the output or the logs."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import libcst as cst

from linter.kit import Context, dotted_name, lazy_compile
from linter.rules.pii._data import pii_term

# Methods whose result still holds the values of the object they are called on.
PRESERVING_METHODS = frozenset(
    {
        "head",
        "tail",
        "sample",
        "unique",
        "value_counts",
        "to_list",
        "tolist",
        "to_string",
        "to_numpy",
        "to_frame",
        "to_dict",
        "to_markdown",
        "to_html",
        "drop_duplicates",
        "dropna",
        "fillna",
        "copy",
        "sort_values",
        "reset_index",
        "set_index",
        "nlargest",
        "nsmallest",
        "first",
        "last",
        "lower",
        "upper",
        "strip",
        "lstrip",
        "rstrip",
        "title",
        "capitalize",
        "casefold",
        "astype",
        "explode",
        "squeeze",
        "item",
        "mode",
        "min",
        "max",
        "iloc",
        "loc",
        "filter",
        "query",
        "where",
        "take",
        "get",
        "pop",
    }
)
# Attributes that keep values (``df.email.str.lower()``, ``s.values``); anything else on a PII
# value (``.shape``, ``.dtype``, ``.name``, ``.size``) is metadata.
PRESERVING_ATTRIBUTES = frozenset({"str", "values", "array", "loc", "iloc", "at", "iat", "T", "dt", "cat"})
# Functions that return their argument's values in another shape.
PASSTHROUGH_FUNCTIONS = frozenset(
    {"str", "repr", "list", "tuple", "set", "sorted", "reversed", "format", "ascii", "frozenset", "next", "iter"}
)

PRINT_CALLS = frozenset(
    {
        "print",
        "display",
        "IPython.display.display",
        "IPython.core.display.display",
        "pprint.pprint",
        "pprint.pp",
        "rich.print",
        "rich.pretty.pprint",
        "tqdm.tqdm.write",
        "tqdm.write",
        "tqdm.auto.tqdm.write",
        "click.echo",
        "typer.echo",
        "sys.stdout.write",
        "sys.stderr.write",
        "logging.debug",
        "logging.info",
        "logging.warning",
        "logging.warn",
        "logging.error",
        "logging.exception",
        "logging.critical",
        "logging.log",
        "logging.fatal",
    }
)
STREAMLIT_CALLS = frozenset(
    {
        "write",
        "text",
        "markdown",
        "dataframe",
        "table",
        "json",
        "code",
        "caption",
        "info",
        "success",
        "warning",
        "error",
        "metric",
        "data_editor",
        "header",
        "subheader",
        "title",
        "exception",
    }
)
LOG_METHODS = frozenset({"debug", "info", "warning", "warn", "error", "exception", "critical", "log", "fatal"})
_SINK_LAST_PARTS = frozenset({name.rsplit(".", 1)[-1] for name in PRINT_CALLS} | STREAMLIT_CALLS | LOG_METHODS)
_STREAM_TARGETS = frozenset({"sys.stdout", "sys.stderr"})


@dataclass(frozen=True)
class PiiUse:
    """An expression that carries personal data: the node to report, how to name it, its kind, and
    the field (variable, attribute or key) whose name makes it personal data."""

    node: cst.CSTNode
    label: str
    kind: str
    field: str = ""


def _code(node: cst.CSTNode) -> str:
    text = " ".join(cst.Module([]).code_for_node(node).split())
    return text if len(text) <= 60 else text[:57] + "..."


def _string(node: cst.BaseExpression) -> tuple[str, str] | None:
    """(raw source, value) of a plain string literal."""
    if isinstance(node, cst.SimpleString):
        try:
            value = node.evaluated_value
        except (ValueError, SyntaxError, MemoryError):  # an unusual literal: not a column key
            return None
        return (node.value, value) if isinstance(value, str) else None
    return None


def _string_term(node: cst.BaseExpression) -> str | None:
    """The PII kind named by a string literal used as a key (``"email"``, ``"Phone Number"``)."""
    found = _string(node)
    if found is None:
        return None
    raw, value = found
    # the source must spell a trigger word (escapes like "\x65mail" do not count)
    return pii_term(value, source=raw)


def _key_value(node: cst.BaseExpression) -> str:
    found = _string(node)
    return found[1] if found else ""


def _key_terms(node: cst.BaseExpression) -> tuple[str, str] | None:
    """A PII kind among column keys, and that key: a string or a list/tuple of strings."""
    if isinstance(node, (cst.List, cst.Tuple, cst.Set)):
        for element in node.elements:
            kind = _string_term(element.value)
            if kind is not None:
                return kind, _key_value(element.value)
        return None
    kind = _string_term(node)
    return (kind, _key_value(node)) if kind is not None else None


def _subscript(node: cst.Subscript) -> PiiUse | None:
    inner = pii_use(node.value)
    if inner is not None:
        return inner
    for element in node.slice:
        if isinstance(element.slice, cst.Index):
            found = _key_terms(element.slice.value)
            if found is not None:
                return PiiUse(node, _code(node), found[0], found[1])
    return None


def _call(node: cst.Call) -> PiiUse | None:
    func = node.func
    if isinstance(func, cst.Attribute):
        method = func.attr.value
        if method in ("get", "pop") and node.args:
            kind = _string_term(node.args[0].value)
            if kind is not None:
                return PiiUse(node, _code(node), kind, _key_value(node.args[0].value))
        if method in PRESERVING_METHODS:
            return pii_use(func.value)
        if method in ("format", "join") and isinstance(func.value, (cst.SimpleString, cst.ConcatenatedString)):
            return _first(arg.value for arg in node.args)
        return None
    if isinstance(func, cst.Name):
        if func.value == "getattr" and len(node.args) >= 2:
            kind = _string_term(node.args[1].value)
            return PiiUse(node, _code(node), kind, _key_value(node.args[1].value)) if kind is not None else None
        if func.value in PASSTHROUGH_FUNCTIONS:
            return _first(arg.value for arg in node.args if arg.keyword is None)
    return None


def _first(nodes: Iterator[cst.CSTNode] | list[cst.CSTNode]) -> PiiUse | None:
    for sub in nodes:
        found = pii_use(sub)
        if found is not None:
            return found
    return None


def _fstring_parts(node: cst.FormattedString) -> Iterator[cst.CSTNode]:
    for part in node.parts:
        if isinstance(part, cst.FormattedStringExpression):
            yield part.expression


def pii_use(node: cst.CSTNode) -> PiiUse | None:
    """The first sub-expression of ``node`` whose value is personal data by its name, or None.

    Values keep their PII-ness through subscripts, slicing, value-preserving methods (``head``,
    ``unique``, ``str.lower``...), ``str()``/``list()``, f-strings, ``+``/``%`` and containers; they
    lose it through anything else (``len``, ``nunique``, ``isna().sum()``, comparisons, unknown
    functions such as ``mask_email``)."""
    if isinstance(node, cst.Name):
        kind = pii_term(node.value, variable=True)
        return PiiUse(node, node.value, kind, node.value) if kind is not None else None
    if isinstance(node, cst.Attribute):
        kind = pii_term(node.attr.value, variable=True, owner=dotted_name(node.value) or "")
        if kind is not None:
            return PiiUse(node, _code(node), kind, node.attr.value)
        return pii_use(node.value) if node.attr.value in PRESERVING_ATTRIBUTES else None
    if isinstance(node, cst.Subscript):
        return _subscript(node)
    if isinstance(node, cst.Call):
        return _call(node)
    if isinstance(node, cst.FormattedString):
        return _first(_fstring_parts(node))
    if isinstance(node, cst.ConcatenatedString):
        return _first([node.left, node.right])
    if isinstance(node, cst.BinaryOperation):
        return _first([node.left, node.right])
    if isinstance(node, (cst.Tuple, cst.List, cst.Set)):
        return _first(element.value for element in node.elements)
    if isinstance(node, cst.Dict):
        return _first(element.value for element in node.elements)
    if isinstance(node, cst.IfExp):
        return _first([node.body, node.orelse])
    if isinstance(node, cst.NamedExpr):
        return pii_use(node.value)
    return None


_LITERAL_VALUE = lazy_compile(r"""\s*[rRuU]?(['"])(?:(?!\1)[^\\\n{}])*\1\s*(?:[,)}\];#]|$)""")


def set_to_literals_only(field: str, code: str) -> bool:
    """Whether the document gives ``field`` values only as string literals it holds itself
    (``email = "a@b.com"``, ``User(email="a@b.com")``, ``{"email": "a@b.com"}``), at least once:
    printing such a value shows what the source already shows (MLS503 reads the source)."""
    if not field:
        return False
    name = re.escape(field)
    settings = re.compile(
        rf"""(?:(?<![\w'"]){name}(?![\w'"])\s*(?::\s*[\w.\[\], |]+)?\s*=(?!=)|(['"]){name}\1\s*(?::|\]\s*=(?!=)))"""
        r"(?P<v>[^\n]*)",
        re.MULTILINE,
    )
    found = False
    for match in settings.finditer(code):
        if not _LITERAL_VALUE.match(match.group("v")):
            return False
        found = True
    return found


def _writes_to_stream(call: cst.Call) -> bool:
    """False for ``print(..., file=f)`` with a file other than stdout/stderr."""
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == "file":
            return dotted_name(arg.value) in _STREAM_TARGETS
    return True


def _is_logger(receiver: cst.BaseExpression) -> bool:
    if isinstance(receiver, cst.Call):  # logging.getLogger(__name__).info(...)
        return (dotted_name(receiver.func) or "").endswith("getLogger")
    name = dotted_name(receiver)
    if name is None:
        return False
    last = name.rsplit(".", 1)[-1].lower().strip("_")
    return last in ("log", "logger", "logs", "lgr") or last.endswith("logger")


def sink_name(call: cst.Call, ctx: Context) -> str | None:
    """How a call that shows its arguments is named in a message (``print``, ``logger.info``,
    ``st.write``), or None when the call does not show them."""
    func = call.func
    if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Call):
        if func.attr.value in LOG_METHODS and _is_logger(func.value):
            return f"{dotted_name(func.value.func)}(...).{func.attr.value}"
        return None
    written = dotted_name(func)
    if written is None or written.rsplit(".", 1)[-1] not in _SINK_LAST_PARTS:
        return None
    qualified = ctx.call_name(call)
    if qualified in PRINT_CALLS:
        return written if _writes_to_stream(call) else None
    if qualified is not None and qualified.startswith("streamlit."):
        if qualified.rsplit(".", 1)[-1] in STREAMLIT_CALLS:
            return written
    if isinstance(call.func, cst.Attribute) and call.func.attr.value in LOG_METHODS:
        return written if _is_logger(call.func.value) else None
    return None


def shown_arguments(call: cst.Call) -> Iterator[cst.BaseExpression]:
    """The arguments a sink shows (not ``sep=``, ``end=``, ``file=``, ``flush=``, ``exc_info=``...)."""
    for arg in call.args:
        if arg.keyword is None and arg.star != "**":
            yield arg.value
