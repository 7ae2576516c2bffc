"""Document-wide facts from one cheap statement-level pass over the ``ast``: the import/alias table
which names and files come from a download, which packages are imported, and which functions
are registered as request handlers by a call (``gr.Interface(fn=predict)``, ``btn.click(predict)``,
``app.add_url_rule(..., view_func=index)``); the last only in documents that import a web or demo
framework (gradio, flask, fastapi, django...), so other documents pay nothing for it.

Name resolution does not use libcst's QualifiedNameProvider or ScopeProvider (measured at 165x the
cost of ``ast.parse``). It records, per name, every binding with its line: imports (``import x as
y``, ``from x import y as z``, also inside functions), local ``def``/``class`` (which shadow an
import), and plain assignments (an alias ``loader = pickle.load`` resolves; anything else makes the
name unknown). A use resolves to the latest binding at or before its line, else the first one after
(an import in a later cell used inside a function defined earlier); an assignment binds after its
own statement, so the right-hand ``pipeline`` of ``pipeline = pipeline("ner")`` is the import. A
name with no binding at all resolves to itself, so ``torch.load`` after ``from fastai.vision.all import *`` is still seen.
"""

from __future__ import annotations

import ast
import bisect
import posixpath
import shlex
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from linter.engine.spans import statement_lines
from linter.sources.artifacts import ArtifactInfo, read_artifact, referenced_model_files
from linter.sources.document import Document, MagicLine
from linter.sources.project_pins import torch_pin
from linter.startup.lazy_pattern import lazy_compile

DOWNLOAD_FUNCTIONS = frozenset(
    {
        "urllib.request.urlretrieve",
        "urllib.request.urlopen",
        "urllib.urlretrieve",
        "urllib.urlopen",
        "requests.get",
        "requests.request",
        "requests.Session.get",
        "httpx.get",
        "huggingface_hub.hf_hub_download",
        "huggingface_hub.snapshot_download",
        "huggingface_hub.file_download.hf_hub_download",
        "gdown.download",
        "gdown.cached_download",
        "wget.download",
        "torch.hub.download_url_to_file",
        "tensorflow.keras.utils.get_file",
        "keras.utils.get_file",
        "keras.utils.data_utils.get_file",
        "fsspec.open",
    }
)
# The argument naming the file a download function writes: (position, keyword).
OUTPUT_ARGUMENTS: Mapping[str, tuple[int, str]] = MappingProxyType(
    {
        "urllib.request.urlretrieve": (1, "filename"),
        "urllib.urlretrieve": (1, "filename"),
        "gdown.download": (1, "output"),
        "gdown.cached_download": (1, "path"),
        "wget.download": (1, "out"),
        "torch.hub.download_url_to_file": (1, "dst"),
    }
)
DOWNLOAD_COMMANDS = frozenset({"wget", "curl", "gdown", "aria2c"})
# The last parts of DOWNLOAD_FUNCTIONS: code without any of them cannot download.
DOWNLOAD_HINT = lazy_compile(
    r"urlretrieve|urlopen|\bget\b|\brequest\b|hf_hub_download|snapshot_download|"
    r"\bdownload\b|cached_download|download_url_to_file|get_file|\bopen\b"
)
# The same test, split so that each part is quick to look for: ``re`` scans fast for a literal a
# pattern starts with, but not for an alternation or a leading ``\b`` (``DOWNLOAD_HINT.search`` was
# ~2 s over the 49 MB benchmark corpus, these ~0.2 s); see :func:`mentions_download`.
_HINT_WORDS = tuple(lazy_compile(rf"{word}(?!\w)(?<!\w{word})") for word in ("get", "open", "request", "download"))
_HINT_PARTS = (
    "urlretrieve",
    "urlopen",
    "hf_hub_download",
    "snapshot_download",
    "cached_download",
    "download_url_to_file",
    "get_file",
)
# Calls that register a function to serve user requests: the function named by keyword, else the
# positional argument at the index (gradio apps, Flask/FastAPI/Django routes added without decorators).
CALLBACK_REGISTRARS: Mapping[str, tuple[str, int]] = MappingProxyType(
    {
        "gradio.Interface": ("fn", 0),
        "gradio.ChatInterface": ("fn", 0),
        "gradio.interface.Interface": ("fn", 0),
        "gradio.chat_interface.ChatInterface": ("fn", 0),
        "django.urls.path": ("view", 1),
        "django.urls.re_path": ("view", 1),
        "django.conf.urls.url": ("view", 1),
        "fastapi.routing.APIRoute": ("endpoint", 1),
        "fastapi.APIRoute": ("endpoint", 1),
        "starlette.routing.Route": ("endpoint", 1),
    }
)
REGISTRAR_NAMES = frozenset(name.rpartition(".")[2] for name in CALLBACK_REGISTRARS)
# Web frameworks: a document importing one (or something from one) is a web app or serves one, so
# an object's ``run(debug=True)`` there is a development server (MLS303 debug-server).
WEB_FRAMEWORKS = frozenset(
    {
        "flask",
        "fastapi",
        "starlette",
        "django",
        "rest_framework",
        "dash",
        "quart",
        "sanic",
        "aiohttp",
        "bottle",
        "tornado",
        "werkzeug",
        "litestar",
    }
)
# Packages whose documents may register functions to serve users (``served_functions``): the web
# frameworks and gradio, a UI toolkit that serves its callbacks too but is not one of them (its apps
# are started by ``launch``, whose keywords MLS303 checks apart, not by a framework's ``run``).
SERVING_PACKAGES = WEB_FRAMEWORKS | {"gradio"}
# Methods that register a callback: gradio component events (when gradio is imported) and route
# registration on web apps.
GRADIO_EVENTS = frozenset(
    {
        "click",
        "submit",
        "change",
        "input",
        "select",
        "upload",
        "then",
        "success",
        "blur",
        "focus",
        "release",
        "stream",
        "clear",
        "like",
        "edit",
        "play",
        "stop",
        "tick",
    }
)
ROUTE_METHODS: Mapping[str, tuple[str, int]] = MappingProxyType(
    {
        "add_url_rule": ("view_func", 2),
        "add_api_route": ("endpoint", 1),
        "add_route": ("endpoint", 1),
        "add_api_websocket_route": ("endpoint", 1),
    }
)
# A shell word that is a Python variable expanded by IPython: ``{output}`` or ``$output``.
_VARIABLE = lazy_compile(r"\{([A-Za-z_]\w*)\}|\$([A-Za-z_]\w*)")
_OUTPUT_FLAGS = frozenset({"-O", "-o", "--output", "--output-document", "--out", "-out"})


@dataclass(frozen=True)
class Binding:
    """A name bound at ``line`` to ``target`` (None: not a known module or function). ``after``: the
    binding takes effect after its statement (an assignment's targets bind after its value is
    evaluated, so ``pipeline = pipeline(...)`` calls the imported ``pipeline``)."""

    line: int
    target: str | None
    after: bool = False


@dataclass(frozen=True)
class Facts:
    """What the engine knows about a whole document before rules run."""

    bindings: Mapping[str, tuple[Binding, ...]] = field(default_factory=lambda: MappingProxyType({}))
    downloaded_names: frozenset[str] = frozenset()
    downloaded_files: frozenset[str] = frozenset()
    # functions of the document that download to a file named by one of their parameters
    download_helpers: frozenset[str] = frozenset()
    served_functions: frozenset[str] = frozenset()
    imported_packages: frozenset[str] = frozenset()
    # (first, last) lines of statements that are nothing but a string (docstrings): no call, name
    # or argument can be inside them, and no other statement shares their lines.
    string_statements: tuple[tuple[int, int], ...] = ()
    # Names bound once, in the whole document, to a string literal (``MODEL = "w.pt"``), and names
    # bound by ``with open("w.pt", "rb") as f`` to the file they open.
    constants: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    opened: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    # Model files the code names by a literal path that resolves to a file next to the document
    # (the literal as written -> what its pickles import; see :func:`with_artifacts`).
    artifacts: Mapping[str, ArtifactInfo] = field(default_factory=lambda: MappingProxyType({}))
    # Where the project requires torch>=2.6 (``requirements.txt requires torch>=2.6``), for
    # documents that call ``torch.load`` (see linter.sources.project_pins).
    torch_pin: str | None = None
    # Names whose bindings are not in line order (visiting order differs): resolved by a scan, the
    # others by a binary search (a notebook importing pickle in each of 20,000 cells has 20,000).
    unordered: frozenset[str] = frozenset()

    def resolve(self, dotted: str, line: Callable[[], int]) -> str | None:
        """The qualified name of a dotted name used at ``line()`` (called only when needed)."""
        head = dotted.partition(".")[0]
        return resolve_with(self.bindings.get(head), dotted, line, ordered=head not in self.unordered)

    def is_download_call(self, dotted: str | None) -> bool:
        return dotted is not None and dotted in DOWNLOAD_FUNCTIONS

    def imports(self, *packages: str) -> bool:
        """Whether the document imports any of the top-level ``packages`` (or something from one)."""
        return not self.imported_packages.isdisjoint(packages)


def resolve_with(
    bindings: Sequence[Binding] | None, dotted: str, line: Callable[[], int], ordered: bool = False
) -> str | None:
    """Resolve ``dotted`` given the bindings of its first part (see the module docstring);
    ``ordered``: the bindings' lines never decrease, so a binary search finds the binding."""
    if not bindings:
        return dotted
    if len(bindings) == 1:
        binding = bindings[0]
    elif ordered:
        binding = _pick_ordered(bindings, line())
    else:
        binding = _pick(bindings, line())
    if binding.target is None:
        return None
    rest = dotted.partition(".")[2]
    return f"{binding.target}.{rest}" if rest else binding.target


def _pick(bindings: Sequence[Binding], line: int) -> Binding:
    """The last binding in effect at ``line`` (in visiting order): made on an earlier line, or on
    that line by a statement that binds before its end (an import, a ``def``); else the first one
    made by another statement. Looked for from the end: a name bound many times is mostly used
    after its latest binding."""
    for binding in reversed(bindings):
        if binding.line < line or (binding.line == line and not binding.after):
            return binding
    return next((binding for binding in bindings if binding.line != line), bindings[0])


def _pick_ordered(bindings: Sequence[Binding], line: int) -> Binding:
    """:func:`_pick` for bindings whose lines never decrease, in logarithmic time."""
    end = bisect.bisect_right(bindings, line, key=_binding_line)
    start = bisect.bisect_left(bindings, line, key=_binding_line)
    for index in range(end - 1, start - 1, -1):  # made on this line: in effect unless it binds after
        if not bindings[index].after:
            return bindings[index]
    if start:
        return bindings[start - 1]
    return bindings[end] if end < len(bindings) else bindings[0]


def _binding_line(binding: Binding) -> int:
    return binding.line


def in_line_order(bindings: Sequence[Binding]) -> bool:
    return all(a.line <= b.line for a, b in zip(bindings, bindings[1:], strict=False))


def ast_dotted(node: ast.AST) -> str | None:
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    parts.append(node.id)
    return ".".join(reversed(parts))


class _Collector:
    """Walks statements only (never every expression) in source order."""

    def __init__(self, track_downloads: bool = True, code: str = "") -> None:
        self.track_downloads = track_downloads
        self.code = code
        self.lines: list[str] | None = None
        self.string_lines: list[tuple[int, int]] = []
        self.bindings: dict[str, list[Binding]] = {}
        self.constants: dict[str, str | None] = {}
        self.opened: dict[str, str] = {}
        self.downloaded_names: set[str] = set()
        self.downloaded_files: set[str] = set()
        # names last assigned a string literal (``output = "model.pt"``), while tracking downloads
        self.strings: dict[str, str] = {}
        # download helpers: function name -> (position, name) of the parameter naming the file
        self.helpers: dict[str, tuple[int, str]] = {}
        # parameters of the functions around the statement visited (local to them, so a download
        # to a parameter makes a helper, not a downloaded name)
        self.parameters: frozenset[str] = frozenset()
        self.callbacks: set[str] = set()
        self.event_callbacks: set[str] = set()
        # expressions that may register callbacks, looked at only when a web framework is imported
        self.registrations: list[tuple[ast.expr, int]] = []

    def resolve(self, node: ast.AST, line: int) -> str | None:
        dotted = ast_dotted(node)
        if dotted is None:
            return None
        return resolve_with(self.bindings.get(dotted.partition(".")[0]), dotted, lambda: line)

    def bind(self, name: str, line: int, target: str | None, after: bool = False) -> None:
        known = self.bindings.get(name)
        if known is None:
            self.bindings[name] = [Binding(line, target, after)]
        else:
            known.append(Binding(line, target, after))

    def statements(self, body: Sequence[ast.stmt]) -> None:
        """Visit ``body`` and the bodies nested in it, in source order (the bindings, registrations
        and downloads seen so far depend on it). Dispatches on the exact node type, most common
        first: this loop runs for every statement of every document (``type(x) is``, which mypy
        narrows as well as ``isinstance``, is more than twice as fast here)."""
        track = self.track_downloads
        registrations = self.registrations
        for index, stmt in enumerate(body):
            if type(stmt) is ast.Assign or type(stmt) is ast.AnnAssign:
                # ``x = f(); x.load()``: uses on the line are read from the line's start (rules see
                # statements sharing a line as one), so there the assignment binds at once
                shared = index + 1 < len(body) and body[index + 1].lineno == stmt.end_lineno
                self.assignment(stmt, after=not shared)
                if stmt.value is not None and type(stmt.value) in _REGISTERING:
                    registrations.append((stmt.value, stmt.lineno))
            elif type(stmt) is ast.Expr:
                value = stmt.value
                if type(value) is ast.Call:
                    if track:
                        self.download_files(value, stmt.lineno)
                    registrations.append((value, stmt.lineno))
                elif type(value) is ast.Constant:
                    self.string_statement(body, index)
            elif type(stmt) is ast.ImportFrom:
                module = "." * (stmt.level or 0) + (stmt.module or "")
                for alias in stmt.names:
                    if alias.name != "*":
                        self.bind(alias.asname or alias.name, stmt.lineno, f"{module}.{alias.name}")
            elif type(stmt) is ast.Import:
                for alias in stmt.names:
                    if alias.asname:
                        self.bind(alias.asname, stmt.lineno, alias.name)
                    else:
                        head = alias.name.partition(".")[0]
                        self.bind(head, stmt.lineno, head)
            elif type(stmt) is ast.FunctionDef or type(stmt) is ast.ClassDef or type(stmt) is ast.AsyncFunctionDef:
                self.bind(stmt.name, stmt.lineno, None)
                if track and (type(stmt) is ast.FunctionDef or type(stmt) is ast.AsyncFunctionDef):
                    self.download_helper(stmt)
            elif type(stmt) is ast.AugAssign:
                if type(stmt.value) in _REGISTERING:
                    registrations.append((stmt.value, stmt.lineno))
            elif type(stmt) is ast.With or type(stmt) is ast.AsyncWith:
                for item in stmt.items:
                    if not isinstance(item.optional_vars, ast.Name):
                        continue
                    opened = _opened_file(item.context_expr)
                    if opened is not None:
                        self.opened[item.optional_vars.id] = opened
                    if track and self.from_download(item.context_expr, stmt.lineno):
                        self.downloaded_names.add(item.optional_vars.id)
            kind = type(stmt)
            nested = _NESTED.get(kind)
            if nested is not None:
                outer = self.parameters
                if track and (kind is ast.FunctionDef or kind is ast.AsyncFunctionDef):
                    self.parameters = outer | _parameters(stmt)  # type: ignore[arg-type]
                for name in nested:
                    self.statements(getattr(stmt, name))
                self.parameters = outer
                clauses = _CLAUSES.get(kind)
                if clauses is not None:
                    for clause in getattr(stmt, clauses):
                        self.statements(clause.body)

    def string_statement(self, body: Sequence[ast.stmt], index: int) -> None:
        """Record a string-only statement that holds its lines alone: only indentation before it
        on its first line (not ``def f(): "doc"``), no sibling after it on its last (``; x()``)."""
        stmt = body[index]
        first, last = statement_lines(stmt)
        after = body[index + 1].lineno if index + 1 < len(body) else None
        if after is not None and after <= last:
            return
        line = self.line_text(first)
        if line[: stmt.col_offset].strip() == "":
            self.string_lines.append((first, last))

    def line_text(self, number: int) -> str:
        if self.lines is None:
            self.lines = self.code.split("\n")
        return self.lines[number - 1] if 0 < number <= len(self.lines) else ""

    def assignment(self, stmt: ast.Assign | ast.AnnAssign, after: bool = True) -> None:
        targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
        value = stmt.value
        line = stmt.lineno
        first = targets[0]
        if len(targets) == 1 and type(first) is ast.Name:
            names = [first.id]
        else:
            names = [n for t in targets for n in _target_names(t)]
        alias = self.resolve(value, line) if isinstance(value, _DOTTED) else None
        downloaded = self.track_downloads and value is not None and self.from_download(value, line)
        if self.track_downloads and type(value) is ast.Call:
            self.download_files(value, line)
        if self.track_downloads and len(names) == 1:
            if type(value) is ast.Constant and isinstance(value.value, str):
                self.strings[names[0]] = value.value
            else:
                self.strings.pop(names[0], None)
        literal = value.value if type(value) is ast.Constant and isinstance(value.value, str) else None
        for name in names:
            self.bind(name, line, alias, after)
            if name in self.constants or literal is not None:
                self.constants[name] = literal if name not in self.constants else None
            if downloaded:
                self.downloaded_names.add(name)

    def download_files(self, call: ast.Call, line: int) -> None:
        """Files a download call writes: literal names (``urlretrieve(url, "m.pkl")``), and for a
        download function whose output argument is known (``gdown.download(url, output)``) or a
        download helper of the document (``fetch(url, "m.pkl")``), the variable or path given."""
        helper = self.helpers.get(call.func.id) if type(call.func) is ast.Name else None
        if helper is None and not self.calls_download(call.func, line):
            return
        if helper is None:
            candidates = [
                *call.args[1:2],
                *(k.value for k in call.keywords if k.arg in ("filename", "output", "dst", "out", "fname")),
            ]
            for node in candidates:
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    self.downloaded_files.add(posixpath.basename(node.value))
        output = helper or OUTPUT_ARGUMENTS.get(self.resolve(call.func, line) or "")
        if output is not None:
            for node in _argument(call, *output):
                self.output_file(node)

    def output_file(self, node: ast.expr) -> None:
        """Record the file an output argument names: a variable (and the literal it holds), a
        literal, or a path joined from parts (``os.path.join(d, "m.pt")``, ``root / "m.pt"``)."""
        if type(node) is ast.Name:
            if node.id in self.parameters:
                return
            self.downloaded_names.add(node.id)
            known = self.strings.get(node.id)
            if known:
                self.downloaded_files.add(posixpath.basename(known))
            return
        last = _last_path_part(node)
        if last:
            self.downloaded_files.add(posixpath.basename(last))

    def download_helper(self, function: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        """Record ``function`` as a download helper when a parameter names the file it downloads
        to: passed as a download function's output (``urlretrieve(url, filename)``), or opened for
        writing in a function that downloads (``open(path, "wb").write(requests.get(u).content)``)."""
        params = [a.arg for a in (*function.args.posonlyargs, *function.args.args)]
        downloads = False
        written: list[str] = []
        for node in ast.walk(function):
            if type(node) is not ast.Call:
                continue
            if self.calls_download(node.func, function.lineno):
                downloads = True
                output = OUTPUT_ARGUMENTS.get(self.resolve(node.func, function.lineno) or "")
                written.extend(a.id for a in (_argument(node, *output) if output else ()) if type(a) is ast.Name)
            elif type(node.func) is ast.Name and node.func.id == "open" and _opens_for_writing(node):
                written.extend(a.id for a in node.args[:1] if type(a) is ast.Name)
        target = next((name for name in written if name in params), None) if downloads else None
        if target is not None:
            self.helpers[function.name] = (params.index(target), target)

    def registered_callbacks(self, expression: ast.expr, line: int) -> None:
        """Functions a statement's calls register to serve users: ``gr.Interface(fn=predict)``,
        ``btn.click(predict, ...)``, ``app.add_url_rule("/", view_func=index)``, ``path("", index)``."""
        for sub in ast.walk(expression):
            if not isinstance(sub, ast.Call):
                continue
            func = sub.func
            method = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None
            if method is None:
                continue
            registrar = CALLBACK_REGISTRARS.get(self.resolve(func, line) or "") if method in REGISTRAR_NAMES else None
            if registrar is not None:
                self.callbacks.update(_callback_names(sub, *registrar))
            elif method in ROUTE_METHODS:
                self.callbacks.update(_callback_names(sub, *ROUTE_METHODS[method]))
            elif method in GRADIO_EVENTS:
                self.event_callbacks.update(_callback_names(sub, "fn", 0))

    def from_download(self, node: ast.expr, line: int) -> bool:
        """Whether an expression is (or reads) something downloaded, as far as seen so far. Looks
        along the expression's spine (``requests.get(u).content``, ``open(path).read()``, ``x[0]``)
        and at the direct arguments of the calls on it, not into every sub-expression."""
        current = node
        while True:
            if type(current) is ast.Call:
                if self.calls_download(current.func, line):
                    return True
                for arg in current.args:
                    if self.is_downloaded(arg, line):
                        return True
                for keyword in current.keywords:
                    if self.is_downloaded(keyword.value, line):
                        return True
                current = current.func
            elif isinstance(current, _SPINE_LINKS):
                current = current.value
            else:
                return self.is_downloaded(current, line)

    def is_downloaded(self, node: ast.AST, line: int) -> bool:
        """Whether a name, file name or call is (as far as seen so far) something downloaded."""
        if type(node) is ast.Name:
            return node.id in self.downloaded_names
        if type(node) is ast.Constant:
            return isinstance(node.value, str) and posixpath.basename(node.value) in self.downloaded_files
        return type(node) is ast.Call and self.calls_download(node.func, line)

    def calls_download(self, func: ast.expr, line: int) -> bool:
        """Whether ``func`` resolves to a download function or is a download helper. Resolving
        only ever replaces the first part of a dotted name, so ``x.y.get`` cannot be one unless
        ``get`` is a last part."""
        if type(func) is ast.Attribute:
            if func.attr not in _DOWNLOAD_LAST_PARTS:
                return False
        elif type(func) is not ast.Name:
            return False
        elif func.id in self.helpers:
            return True
        return self.resolve(func, line) in DOWNLOAD_FUNCTIONS


def _opened_file(node: ast.expr) -> str | None:
    """The literal file name of ``open("w.pt", ...)``, else None."""
    if type(node) is ast.Call and type(node.func) is ast.Name and node.func.id == "open" and node.args:
        first = node.args[0]
        if type(first) is ast.Constant and isinstance(first.value, str):
            return first.value
    return None


def _callback_names(call: ast.Call, keyword: str, index: int) -> list[str]:
    """The function name passed as ``keyword=`` or at position ``index`` (``predict``,
    ``self.predict`` and ``views.index`` give their last name)."""
    given = [k.value for k in call.keywords if k.arg == keyword]
    if not given and len(call.args) > index and not any(isinstance(a, ast.Starred) for a in call.args[: index + 1]):
        given = [call.args[index]]
    names = []
    for node in given:
        if isinstance(node, ast.Name):
            names.append(node.id)
        elif isinstance(node, ast.Attribute):
            names.append(node.attr)
    return names


def _argument(call: ast.Call, position: int, keyword: str) -> list[ast.expr]:
    """The argument given by ``keyword=`` or at ``position`` (no ``*args`` before it)."""
    given = [k.value for k in call.keywords if k.arg == keyword]
    if given:
        return given
    args = call.args
    if len(args) > position and not any(type(a) is ast.Starred for a in args[: position + 1]):
        return [args[position]]
    return []


def _parameters(function: ast.FunctionDef | ast.AsyncFunctionDef) -> frozenset[str]:
    args = function.args
    every = (*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg)
    return frozenset(a.arg for a in every if a is not None)


def _last_path_part(node: ast.expr) -> str | None:
    """The literal a path expression ends with: ``"m.pt"``, ``os.path.join(d, "m.pt")``,
    ``Path(d) / "m.pt"``, ``f"{d}/m.pt"``."""
    if type(node) is ast.Constant:
        return node.value if isinstance(node.value, str) else None
    if type(node) is ast.Call and node.args and type(node.func) is ast.Attribute and node.func.attr == "join":
        return _last_path_part(node.args[-1])
    if type(node) is ast.BinOp and type(node.op) is ast.Div:
        return _last_path_part(node.right)
    if type(node) is ast.JoinedStr and node.values:
        return _last_path_part(node.values[-1])
    return None


def _opens_for_writing(call: ast.Call) -> bool:
    mode = [k.value for k in call.keywords if k.arg == "mode"] or call.args[1:2]
    return bool(mode) and type(mode[0]) is ast.Constant and isinstance(mode[0].value, str) and "w" in mode[0].value


def _target_names(target: ast.AST) -> list[str]:
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, (ast.Tuple, ast.List)):
        return [n for elt in target.elts for n in _target_names(elt)]
    return []


def _nested_fields() -> tuple[Mapping[type, tuple[str, ...]], Mapping[type, str]]:
    """Per statement type of this Python version: its lists of nested statements in visiting order
    (``body``, ``orelse``, ``finalbody``), and the field of clauses holding more statements
    (``handlers`` of ``try``, ``cases`` of ``match``), visited after those lists."""
    nested: dict[type, tuple[str, ...]] = {}
    clauses: dict[type, str] = {}
    for kind in ast.stmt.__subclasses__():
        fields = tuple(name for name in ("body", "orelse", "finalbody") if name in kind._fields)
        clause = next((name for name in ("handlers", "cases") if name in kind._fields), None)
        if fields or clause:
            nested[kind] = fields
        if clause:
            clauses[kind] = clause
    return MappingProxyType(nested), MappingProxyType(clauses)


_NESTED, _CLAUSES = _nested_fields()
# Statement values that may register callbacks (looked at later); values that may be aliases.
_REGISTERING = frozenset({ast.Call, ast.List, ast.Tuple})
_DOTTED = (ast.Name, ast.Attribute)
# Nodes whose ``value`` an expression reads through (``x.y``, ``x[0]``, ``await x``, ``*x``).
_SPINE_LINKS = (ast.Attribute, ast.Subscript, ast.Await, ast.Starred)
_DOWNLOAD_LAST_PARTS = frozenset(name.rpartition(".")[2] for name in DOWNLOAD_FUNCTIONS)


def downloaded_files_of(magic: MagicLine) -> Iterable[str]:
    """File names a ``!wget``/``!curl``/``!gdown`` command writes."""
    try:
        words = shlex.split(magic.text.replace("\\\n", " "), comments=True)
    except ValueError:
        return ()
    if not words or posixpath.basename(words[0]) not in DOWNLOAD_COMMANDS:
        return ()
    found: list[str] = []
    urls: list[str] = []
    for i, word in enumerate(words[1:], start=1):
        if word in _OUTPUT_FLAGS and i + 1 < len(words):
            found.append(posixpath.basename(words[i + 1]))
        elif word.startswith(("--output-document=", "--output=", "-O")) and len(word) > 2:
            found.append(posixpath.basename(word.split("=", 1)[-1].removeprefix("-O")))
        elif "://" in word:
            urls.append(word)
    if not found:
        found = [posixpath.basename(u.split("?", 1)[0].rstrip("/")) for u in urls]
    return tuple(name for name in found if name)


def mentions_download(code: str) -> bool:
    """Whether ``DOWNLOAD_HINT`` is found in ``code`` (``\\bget\\b`` written as ``get`` not
    preceded nor followed by a word character)."""
    return any(word.search(code) is not None for word in _HINT_WORDS) or any(part in code for part in _HINT_PARTS)


def collect_facts(module: ast.Module | None, code: str = "", magics: Iterable[MagicLine] = ()) -> Facts:
    """Facts of a document; download tracking is skipped when ``code`` names no download function
    and no magic downloads anything (most files)."""
    magic_files = [name for magic in magics for name in downloaded_files_of(magic)]
    collector = _Collector(track_downloads=bool(magic_files) or mentions_download(code), code=code)
    collector.downloaded_files.update(name for name in magic_files if not _VARIABLE.fullmatch(name))
    # ``!gdown --id ID -O {output}`` writes to the file a Python variable names
    collector.downloaded_names.update(
        m.group(1) or m.group(2) for name in magic_files if (m := _VARIABLE.fullmatch(name))
    )
    if module is not None:
        collector.statements(module.body)
    packages = frozenset(
        b.target.partition(".")[0] for bindings in collector.bindings.values() for b in bindings if b.target
    )
    if not SERVING_PACKAGES.isdisjoint(packages):
        for expression, line in collector.registrations:
            collector.registered_callbacks(expression, line)
    served = set(collector.callbacks)
    if "gradio" in packages:
        served |= collector.event_callbacks
    return Facts(
        bindings=MappingProxyType({k: tuple(v) for k, v in collector.bindings.items()}),
        unordered=frozenset(name for name, found in collector.bindings.items() if not in_line_order(found)),
        downloaded_names=frozenset(collector.downloaded_names),
        downloaded_files=frozenset(collector.downloaded_files),
        download_helpers=frozenset(collector.helpers),
        served_functions=frozenset(served),
        imported_packages=packages,
        string_statements=tuple(sorted(collector.string_lines)),
        constants=MappingProxyType({k: v for k, v in collector.constants.items() if v is not None}),
        opened=MappingProxyType(dict(collector.opened)),
    )


def with_artifacts(facts: Facts, document: Document) -> Facts:
    """``facts`` with what the model files the document names import (read statically), and the
    project's torch pin when the code loads with torch."""
    files = referenced_model_files(document.path, document.code)
    if files:
        read = {literal: read_artifact(path, literal) for literal, path in sorted(files.items())}
        facts = replace(facts, artifacts=MappingProxyType(read))
    if "torch" in document.code and "load" in document.code:
        facts = replace(facts, torch_pin=torch_pin(document.path, document.magics))
    return facts
