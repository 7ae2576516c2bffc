"""Shared by the verbose-error rules (MLS3xx): which code serves users, where its values reach
them, and which values carry exception details.

Served code is a Flask/FastAPI/Django/Dash route or error handler (by decorator), a Django view
(a function taking ``request`` in a module importing django), a function registered as a gradio
callback or route by a call anywhere in the document (``Facts.served_functions``). Values reach
the user when a served function returns or yields them, or when they are passed to a response or UI
call (``jsonify``, ``JSONResponse``, ``HttpResponse``, ``HTTPException(detail=...)``, ``gr.Error``,
and streamlit's ``st.error``/``st.write``... which render on the page of every streamlit script),
wherever that call is. Printing (``traceback.print_exc()``) counts, at low severity, only inside a
served function.

Exception details are: a name bound by ``except ... as e`` used as text (``str(e)``, ``repr(e)``,
``f"{e}"``, ``e.args``, ``"..." + str(e)``, ``e`` passed on as is), a traceback formatter call
(``traceback.format_exc()``), and names assigned from either within the same function (one step:
``msg = f"failed: {e}"`` then ``return msg``).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import libcst as cst

from linter.kit import Context, dotted_name

TRACEBACK = "traceback"
EXCEPTION = "exception"

ROUTE_DECORATORS = frozenset(
    {
        "route",
        "get",
        "post",
        "put",
        "delete",
        "patch",
        "head",
        "options",
        "websocket",
        "api_route",
        "errorhandler",
        "exception_handler",
        "app_errorhandler",
        "middleware",
        "callback",
        "api",
    }
)
ERROR_HANDLER_DECORATORS = frozenset({"errorhandler", "exception_handler", "app_errorhandler"})
VIEW_DECORATORS = frozenset(
    {"api_view", "login_required", "require_http_methods", "require_GET", "require_POST", "csrf_exempt", "callback"}
)
# Calls whose arguments are sent to the user, wherever they are called.
RESPONSE_CALLS = frozenset(
    {
        "flask.jsonify",
        "flask.make_response",
        "flask.Response",
        "flask.abort",
        "flask.render_template",
        "flask.render_template_string",
        "flask.flash",
        "werkzeug.wrappers.Response",
        "fastapi.HTTPException",
        "fastapi.WebSocketException",
        "starlette.exceptions.HTTPException",
        "django.http.HttpResponse",
        "django.http.JsonResponse",
        "django.http.HttpResponseServerError",
        "django.http.HttpResponseBadRequest",
        "django.shortcuts.render",
        "rest_framework.response.Response",
        "quart.jsonify",
        "sanic.response.json",
        "sanic.response.text",
        "aiohttp.web.json_response",
        "aiohttp.web.Response",
        "bottle.HTTPResponse",
        "gradio.Error",
        "gradio.Warning",
        "gradio.Info",
    }
)
RESPONSE_MODULES = ("fastapi.responses.", "starlette.responses.")
STREAMLIT_OUTPUTS = frozenset(
    {
        "write",
        "error",
        "warning",
        "info",
        "success",
        "exception",
        "text",
        "markdown",
        "code",
        "json",
        "caption",
        "toast",
        "title",
        "header",
        "subheader",
        "write_stream",
        "latex",
        "html",
    }
)
NON_CONTENT_KEYWORDS = frozenset({"status_code", "status", "headers", "media_type", "mimetype", "content_type"})
TRACEBACK_FORMATTERS = frozenset(
    {
        "traceback.format_exc",
        "traceback.format_exception",
        "traceback.format_tb",
        "traceback.format_stack",
        "traceback.extract_tb",
        "traceback.print_exc",
        "traceback.print_exception",
        "traceback.print_tb",
    }
)
TRACEBACK_PRINTERS = frozenset({"traceback.print_exc", "traceback.print_exception", "traceback.print_tb"})
TEXT_WRAPPERS = frozenset({"str", "repr", "format"})
# Attributes of an exception that hold its message; others (status_code, detail, __class__...) do not.
TEXT_ATTRIBUTES = frozenset({"args", "message", "msg", "strerror", "filename", "filename2", "text"})
FunctionNode = cst.FunctionDef


@dataclass(frozen=True)
class Leak:
    """An expression carrying exception details: ``kind`` is TRACEBACK or EXCEPTION."""

    node: cst.CSTNode
    kind: str
    name: str | None = None  # the exception name it comes from, for EXCEPTION leaks


def _decorator_name(decorator: cst.Decorator) -> str | None:
    target = decorator.decorator
    if isinstance(target, cst.Call):
        target = target.func
    return dotted_name(target)


def is_route(function: FunctionNode) -> bool:
    """A function decorated as a route, error handler or view (``@app.get("/")``, ``@api_view``)."""
    for decorator in function.decorators:
        name = _decorator_name(decorator)
        if name is None:
            continue
        head, _, last = name.rpartition(".")
        if (head and last in ROUTE_DECORATORS) or last in VIEW_DECORATORS:
            return True
    return False


def _takes_request(function: FunctionNode) -> bool:
    params = [p.name.value for p in function.params.params[:2]]
    return bool(params) and (params[0] == "request" or params[:2] == ["self", "request"])


def is_served(function: FunctionNode, ctx: Context) -> bool:
    """Whether a function answers users' requests (see the module docstring)."""
    if function.name.value in ctx.facts.served_functions or is_route(function):
        return True
    return ctx.facts.imports("django", "rest_framework") and _takes_request(function)


def innermost_function(ctx: Context) -> FunctionNode | None:
    """The function the current node belongs to (None at module level or in a lambda)."""
    for node in ctx.enclosing(cst.FunctionDef, cst.Lambda):
        return node if isinstance(node, cst.FunctionDef) else None
    return None


def in_served_function(ctx: Context) -> bool:
    """Inside a route, view or registered callback (at any depth)."""
    return any(is_served(f, ctx) for f in ctx.enclosing(cst.FunctionDef) if isinstance(f, cst.FunctionDef))


def is_error_handler(function: FunctionNode) -> bool:
    """``@app.errorhandler(...)`` (Flask) or ``@app.exception_handler(...)`` (FastAPI/Starlette)."""
    return any((_decorator_name(d) or "").rpartition(".")[2] in ERROR_HANDLER_DECORATORS for d in function.decorators)


def _handled_type(function: FunctionNode) -> cst.BaseExpression | None:
    """The exception type an error handler is registered for (``@app.exception_handler(E)``)."""
    for decorator in function.decorators:
        call = decorator.decorator
        if (
            isinstance(call, cst.Call)
            and call.args
            and (dotted_name(call.func) or "").rpartition(".")[2] in ERROR_HANDLER_DECORATORS
        ):
            return call.args[0].value
    return None


def handlers(ctx: Context) -> dict[str, cst.BaseExpression | None]:
    """The exception names around the current node, in its function: NAME -> TYPE for ``except TYPE
    as NAME`` clauses (the innermost one wins), and the exception parameter of an error handler."""
    found: dict[str, cst.BaseExpression | None] = {}
    for node in ctx.enclosing(cst.ExceptHandler, cst.ExceptStarHandler, cst.FunctionDef, cst.Lambda):
        if isinstance(node, cst.FunctionDef) and is_error_handler(node):
            for param in node.params.params:
                if param.name.value not in ("self", "request", "req", "websocket"):
                    found.setdefault(param.name.value, _handled_type(node))
        if isinstance(node, (cst.FunctionDef, cst.Lambda)):
            break
        if (
            isinstance(node, (cst.ExceptHandler, cst.ExceptStarHandler))
            and node.name is not None
            and isinstance(node.name.name, cst.Name)
        ):
            found.setdefault(node.name.name.value, node.type)
    return found


def caught_types(expression: cst.BaseExpression | None) -> tuple[str, ...]:
    """The last names of the exception types an ``except`` clause catches (``()`` for a bare one)."""
    if expression is None:
        return ()
    items = [e.value for e in expression.elements] if isinstance(expression, cst.Tuple) else [expression]
    return tuple((dotted_name(item) or "?").rpartition(".")[2] for item in items)


def is_response_call(name: str | None) -> bool:
    if name is None:
        return False
    if name in RESPONSE_CALLS or name.startswith(RESPONSE_MODULES):
        return True
    head, _, last = name.rpartition(".")
    return (head == "streamlit" or head.startswith("streamlit.")) and last in STREAMLIT_OUTPUTS


def is_traceback_call(node: cst.CSTNode, ctx: Context) -> bool:
    return isinstance(node, cst.Call) and ctx.call_name(node) in TRACEBACK_FORMATTERS


class _Finder:
    """Finds the leaks in one expression, given the exception names in scope and tainted names."""

    def __init__(self, ctx: Context, exceptions: frozenset[str], tainted: dict[str, str]) -> None:
        self.ctx = ctx
        self.exceptions = exceptions
        self.tainted = tainted

    def find(
        self, node: cst.CSTNode, parent: cst.CSTNode | None = None, grandparent: cst.CSTNode | None = None
    ) -> Iterator[Leak]:
        if isinstance(node, (cst.Lambda, cst.FunctionDef, cst.ClassDef, cst.Comparison)):
            return  # other scopes; a comparison's value is a bool, not the exception's text
        if isinstance(node, cst.Arg) and node.keyword is not None and node.keyword.value in NON_CONTENT_KEYWORDS:
            return
        if isinstance(node, cst.IfExp):  # the condition is not part of the value
            yield from self.find(node.body, node, parent)
            yield from self.find(node.orelse, node, parent)
            return
        if is_traceback_call(node, self.ctx):
            yield Leak(node, TRACEBACK)
            return
        if isinstance(node, cst.Name):
            yield from self._name(node, parent, grandparent)
            return
        for child in node.children:
            yield from self.find(child, node, parent)

    def _name(self, node: cst.Name, parent: cst.CSTNode | None, grandparent: cst.CSTNode | None) -> Iterator[Leak]:
        if node.value in self.tainted and not _is_attribute_name(node, parent):
            yield Leak(node, self.tainted[node.value])
            return
        if node.value not in self.exceptions or _is_attribute_name(node, parent):
            return
        wrapper = _exception_text(node, parent, grandparent)
        if wrapper is not None:
            yield Leak(wrapper, EXCEPTION, node.value)


def _is_attribute_name(node: cst.Name, parent: cst.CSTNode | None) -> bool:
    """``x.e`` (the attribute name) or ``f(e=...)`` (a keyword), not a use of the name ``e``."""
    if isinstance(parent, cst.Attribute) and parent.attr is node:
        return True
    return isinstance(parent, cst.Arg) and parent.keyword is node


def _exception_text(node: cst.Name, parent: cst.CSTNode | None, grandparent: cst.CSTNode | None) -> cst.CSTNode | None:
    """The expression that turns the exception ``node`` into text shown to the user, or None when
    only its type or a non-message attribute is used (``type(e).__name__``, ``e.status_code``)."""
    if isinstance(parent, cst.Attribute):
        return parent if parent.attr.value in TEXT_ATTRIBUTES else None
    if isinstance(parent, cst.Arg) and isinstance(grandparent, cst.Call):
        # str(e) is text; any other call gets the exception object and decides what to show
        # (``error_payload(e, show_error)``); a response call's own arguments are checked directly
        return grandparent if dotted_name(grandparent.func) in TEXT_WRAPPERS else None
    if isinstance(parent, cst.FormattedStringExpression):
        return parent
    return node


def _walk_statements(body: cst.CSTNode, exceptions: frozenset[str]) -> Iterator[tuple[cst.CSTNode, frozenset[str]]]:
    """Every node of a function body with the exception names in scope there; nested functions and
    classes are left out (they have their own scope)."""
    stack: list[tuple[cst.CSTNode, frozenset[str]]] = [(body, exceptions)]
    while stack:
        node, names = stack.pop()
        yield node, names
        if (
            isinstance(node, (cst.ExceptHandler, cst.ExceptStarHandler))
            and node.name is not None
            and isinstance(node.name.name, cst.Name)
        ):
            names = names | {node.name.name.value}
        for child in node.children:
            if not isinstance(child, (cst.FunctionDef, cst.ClassDef, cst.Lambda)):
                stack.append((child, names))


def tainted_names(function: FunctionNode | None, ctx: Context) -> dict[str, str]:
    """Names assigned exception details in ``function``'s own body (``msg = str(e)``,
    ``tb = traceback.format_exc()``): name -> kind."""
    tainted: dict[str, str] = {}
    if function is None:
        return tainted
    for node, names in _walk_statements(function.body, frozenset()):
        if not isinstance(node, (cst.Assign, cst.AnnAssign, cst.AugAssign)) or node.value is None:
            continue
        targets = [t.target for t in node.targets] if isinstance(node, cst.Assign) else [node.target]
        leaks = list(_Finder(ctx, names, {}).find(node.value))
        if not leaks:
            continue
        kind = TRACEBACK if any(leak.kind == TRACEBACK for leak in leaks) else EXCEPTION
        for target in targets:
            if isinstance(target, cst.Name):
                tainted[target.value] = kind
    return tainted


def leaks_in(value: cst.CSTNode, ctx: Context) -> Iterator[Leak]:
    """The exception details in ``value``, an expression at the current node."""
    function = innermost_function(ctx)
    tainted = tainted_names(function, ctx)
    exceptions = frozenset(handlers(ctx))
    for name in exceptions:
        tainted.pop(name, None)
    return _Finder(ctx, exceptions, tainted).find(value)


def returns_to_user(ctx: Context) -> bool:
    """Whether a ``return``/``yield`` at the current node answers a served request."""
    function = innermost_function(ctx)
    return function is not None and is_served(function, ctx)


RETURN = "return"
RESPONSE = "response"
PRINT = "print"


@dataclass(frozen=True)
class Exposure:
    """A leak and how it reaches the user: RETURN (from a served function), RESPONSE (an argument of a
    response or UI call) or PRINT (printed by served code: its console, or the notebook's output)."""

    leak: Leak
    sink: str


def exposures(node: cst.CSTNode, ctx: Context) -> Iterator[Exposure]:
    """The exception details that ``node`` (a Return, a Yield or a Call) sends to the user."""
    if isinstance(node, (cst.Return, cst.Yield)):
        value = node.value.item if isinstance(node.value, cst.From) else node.value
        if value is not None and returns_to_user(ctx):
            yield from (Exposure(leak, RETURN) for leak in leaks_in(value, ctx))
        return
    if not isinstance(node, cst.Call):
        return
    name = ctx.call_name(node)
    if name == "streamlit.exception":
        yield Exposure(Leak(node, TRACEBACK), RESPONSE)
    elif name is not None and is_response_call(name):
        for arg in node.args:
            if arg.keyword is None or arg.keyword.value not in NON_CONTENT_KEYWORDS:
                yield from (Exposure(leak, RESPONSE) for leak in leaks_in(arg.value, ctx))
    elif name in TRACEBACK_PRINTERS and in_served_function(ctx):
        yield Exposure(Leak(node, TRACEBACK), PRINT)
    elif name == "print" and in_served_function(ctx):
        for arg in node.args:
            yield from (Exposure(leak, PRINT) for leak in leaks_in(arg.value, ctx) if leak.kind == TRACEBACK)
