"""Run bandit's checks on a Document's code (scripts and notebooks alike) and map them to cells.

The checks mlsafe offers are :class:`BanditCheck` rules (``rules/bandit/``): one module per
curated bandit test, with bandit's code (``B602``), category ``bandit`` and docs (in docs/rules.md,
like every rule's) that link to bandit's own page for the test; they are selected with
``--select``/``--ignore`` like any rule. This module knows how to run them, and imports bandit only
when :func:`run_bandit` has a selected check to run on code that holds one of its triggers.

How bandit is driven, cheaply and without touching the file system: bandit's own
``BanditNodeVisitor`` walks the ``ast`` tree the engine already parsed from the virtual module
(notebook cells joined, IPython syntax neutralised, broken cells blanked), with a small test set
holding only the selected tests (the plugin functions and bandit's call blacklist, imported
directly, with bandit's default configuration). bandit's file manager, profiles and formatters are
not used, and nothing is written to disk. ``# nosec`` comments are honoured as bandit does
(``# nosec`` silences every check on the line, ``# nosec B602`` only that one); ``# noqa: B602``
works too, through mlsafe's own suppressions.

Two shortcuts, which a test proves change no result: a document goes to bandit only when it holds a
trigger of some selected check (each check declares sound ones: patterns that occur in all code the
check can report), and then bandit visits only the statements, at any depth, that can matter.
"""

from __future__ import annotations

import ast
import bisect
import copy
import functools
import importlib
import io
import re
import tokenize
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from linter.engine.bandit_triggers import compiled_triggers, fragments_triggered, lowered_code
from linter.engine.facts import Facts
from linter.engine.spans import statement_lines
from linter.model import Category, Severity
from linter.rule import Rule
from linter.sources.document import Document
from linter.startup.lazy_pattern import lazy_compile

BANDIT_DOCS = "https://bandit.readthedocs.io/en/latest/"
BLACKLIST = "blacklist"
# Blacklisted calls whose docs share one section (bandit's own docs_utils.get_url does the same).
_SHARED_SECTIONS = {**{f"B{n}": "b313-b320" for n in range(313, 321)}, "B304": "b304-b305", "B305": "b304-b305"}
_NOSEC = lazy_compile(r"#\s*nosec:?\s*(?P<tests>[^#]+)?#?", re.IGNORECASE)
_NOSEC_TEST = lazy_compile(r"(?:(B\d+|[a-z\d_]+),?)+", re.IGNORECASE)


class BanditCheck(Rule):
    """A bandit test offered as an mlsafe rule. Subclasses set ``code`` (bandit's id), ``name``
    (bandit's test name, kebab-cased), ``bandit_test`` (``"module:function"`` of the plugin, or
    ``"blacklist"`` for an entry of bandit's call blacklist), ``bandit_name`` (bandit's test name,
    also accepted in ``# nosec``) and ``bandit_triggers``: regular expressions, one of which must
    match the code for the check to run. They must be sound (match all code the check can report)
    and should start with a literal, which makes them fast; one starting with ``(?i)`` is written in
    lower case and searched in the lower-cased code."""

    category = Category.BANDIT
    bandit_test: ClassVar[str] = ""
    bandit_name: ClassVar[str] = ""
    bandit_triggers: ClassVar[tuple[str, ...]] = ()
    bandit_min_severity: ClassVar[Severity | None] = None  # bandit's findings below it are dropped
    reviews: ClassVar[bool] = False  # True: each finding goes through :meth:`review` with its site

    def review(self, hit: BanditHit, site: BanditSite) -> BanditHit | None:
        """A finding of bandit's, kept (possibly with another severity), or dropped (None) from what
        mlsafe knows and bandit does not: the document's bindings (a notebook's own ``def eval``),
        the value of a name, the statement around the node. Called only when ``reviews`` is set."""
        return hit

    @classmethod
    def docs(cls) -> str:
        """The check's docs, ending with a link to bandit's own page for it."""
        return f"{super().docs()}\n\nbandit's documentation of {cls.code} `{cls.bandit_name}`: {cls.bandit_url()}"

    @classmethod
    def bandit_url(cls) -> str:
        if cls.bandit_test != BLACKLIST:
            function = cls.bandit_test.rsplit(":", 1)[-1]
            return f"{BANDIT_DOCS}plugins/{cls.code.lower()}_{function}.html"
        section = _SHARED_SECTIONS.get(cls.code, cls.code.lower())
        name = "ciphers-and-modes" if section == "b304-b305" else cls.bandit_name.replace("_", "-")
        return f"{BANDIT_DOCS}blacklists/blacklist_calls.html#{section}-{name}".lower()  # as bandit links


@dataclass(frozen=True)
class BanditHit:
    """One bandit finding in virtual-module coordinates (line 1-based, columns 0-based characters);
    ``node_line``/``node_offset`` are the reported node's own ``lineno`` and ``col_offset`` (bytes)."""

    code: str
    message: str
    severity: Severity | None
    line: int
    column: int
    end_line: int
    end_column: int
    node_line: int = 0
    node_offset: int = -1


@dataclass(frozen=True)
class BanditSite:
    """Where bandit reported a finding, for :meth:`BanditCheck.review`: the ``ast`` node (None when
    it cannot be found), its ancestors (innermost first, up to the module), the text of its first
    line, the whole module, and the document's facts (bindings, downloads)."""

    node: ast.AST | None
    ancestors: tuple[ast.AST, ...]
    line_text: str
    module: ast.Module
    facts: Facts


class SiteFinder:
    """Finds the node of each finding in a module; indexes the module once, on first use."""

    def __init__(self, module: ast.Module, code: str, facts: Facts) -> None:
        self.module = module
        self.code_lines = code.split("\n")
        self.facts = facts
        self._nodes: dict[tuple[int, int], list[ast.AST]] | None = None
        self._parents: dict[int, ast.AST] = {}

    def _index(self) -> dict[tuple[int, int], list[ast.AST]]:
        if self._nodes is None:
            self._nodes = {}
            for parent in ast.walk(self.module):
                for child in ast.iter_child_nodes(parent):
                    self._parents[id(child)] = parent
                    if isinstance(child, ast.expr):
                        self._nodes.setdefault((child.lineno, child.col_offset), []).append(child)
        return self._nodes

    def site(self, hit: BanditHit) -> BanditSite:
        candidates = self._index().get((hit.node_line, hit.node_offset), [])
        # bandit reports calls (the innermost one starting there: `hashlib.md5(x)` in
        # `hashlib.md5(x).hexdigest()[:8]`) and strings (the outermost node starting there)
        calls = [node for node in candidates if isinstance(node, ast.Call)]
        node = calls[-1] if calls else candidates[0] if candidates else None
        ancestors: list[ast.AST] = []
        current = self._parents.get(id(node)) if node is not None else None
        while current is not None:
            ancestors.append(current)
            current = self._parents.get(id(current))
        line = self.code_lines[hit.node_line - 1] if 0 < hit.node_line <= len(self.code_lines) else ""
        return BanditSite(node, tuple(ancestors), line, self.module, self.facts)


def _patterns(checks: Sequence[BanditCheck]) -> tuple[tuple[re.Pattern[str], bool], ...]:
    return compiled_triggers(tuple(sorted({t for check in checks for t in check.bandit_triggers})))


def triggered(code: str, checks: Sequence[BanditCheck]) -> bool:
    """Whether ``code`` holds a trigger of one of the checks. Each trigger is searched on its own:
    a pattern that starts with a literal is a fast substring search, an alternation of them is not."""
    return fragments_triggered(code, tuple(sorted({t for check in checks for t in check.bandit_triggers})))


def run_bandit(
    document: Document, module: Any, code: str, checks: Sequence[BanditCheck], prefilter: bool = True
) -> list[BanditHit]:
    """bandit's findings for the selected ``checks`` on ``module``, the ``ast.Module`` parsed from
    ``code`` (the document's virtual module with broken cells blanked, line for line). Imports bandit
    only when there is something to check. ``module`` is annotated by bandit's visitor
    (``_bandit_parent`` attributes): run this after every other use of the tree.

    With ``prefilter`` (the default) bandit sees only the statements that can matter, at any depth:
    imports, and those holding a trigger or a name an import bound to something a trigger names
    (``ET`` after ``import xml.etree.ElementTree as ET``), with the compound statements around them
    (see :func:`_pruned`); line numbers are unchanged and ``module`` itself is not pruned. A test
    proves the results are the same without it."""
    if module is None or not checks:
        return []
    if prefilter:
        if not triggered(code, checks):
            return []
        module = _triggered_statements(module, code, checks)
    testset = _testset_for(checks)
    names = _bandit_names(checks)
    issues = _visit(document, module, testset, _nosec_lines(code, names))
    floor = {check.code: check.bandit_min_severity for check in checks if check.bandit_min_severity}
    return [hit for hit in _hits(code, issues) if hit.code not in floor or (hit.severity or 0) >= floor[hit.code]]


def _bandit_names(checks: Sequence[BanditCheck]) -> dict[str, str]:
    """bandit test name (lower case) -> code, for every bandit check mlsafe knows: a ``# nosec``
    may name a check that is not selected, or not loaded for this document (see
    :mod:`linter.engine.catalogue`), and still suppresses only that check."""
    from linter.engine.catalogue import stored

    found = stored()
    names = {e.bandit_name.lower(): e.code for e in found.entries if e.bandit_name} if found else {}
    names.update((check.bandit_name.lower(), check.code) for check in checks)
    return names


def preload_bandit(checks: Sequence[BanditCheck]) -> None:
    """Import bandit and prepare the test set of ``checks`` now rather than at the first document
    that needs them (a process about to lint many files, or a server)."""
    if checks:
        _testset_for(checks)


def _testset_for(checks: Sequence[BanditCheck]) -> _TestSet:
    return _testset(tuple(sorted({c.code for c in checks})), tuple(sorted({c.bandit_test for c in checks})))


_LINE_BREAK = lazy_compile(r"\r\n?|\n")


def _line_numbers(text: str, offsets: Iterable[int]) -> list[int]:
    """The line (1-based) of each offset in ``text``, for sorted ``offsets``, as Python's parser
    numbers lines (a lone ``\\r`` ends one too)."""
    if "\r" in text:
        ends = [match.end() for match in _LINE_BREAK.finditer(text)]
        return [bisect.bisect_right(ends, offset) + 1 for offset in offsets]
    lines: list[int] = []
    line, previous = 1, 0
    for offset in offsets:
        line += text.count("\n", previous, offset)
        previous = offset
        lines.append(line)
    return lines


def _hit_lines(code: str, checks: Sequence[BanditCheck], extra: re.Pattern[str] | None) -> list[int]:
    """The lines of every trigger match in ``code`` (and of ``extra``'s matches), sorted."""
    found: list[int] = []
    lowered_found: list[int] = []
    lowered: str | None = None
    for pattern, nocase in _patterns(checks):
        if nocase:
            lowered = lowered_code(code) if lowered is None else lowered
            lowered_found.extend(match.start() for match in pattern.finditer(lowered))
        else:
            found.extend(match.start() for match in pattern.finditer(code))
    if extra is not None:
        found.extend(match.start() for match in extra.finditer(code))
    lines = _line_numbers(code, sorted(found))
    if lowered is not None:
        lines.extend(_line_numbers(lowered, sorted(lowered_found)))
    return sorted(lines)


def _imported_aliases(
    imports: Iterable[ast.Import | ast.ImportFrom], checks: Sequence[BanditCheck]
) -> re.Pattern[str] | None:
    """Names that ``imports`` bind to a module or object a trigger names."""
    names: set[str] = set()
    for node in imports:
        if isinstance(node, ast.Import):
            pairs = [(alias.asname or alias.name.split(".")[0], alias.name) for alias in node.names]
        else:
            pairs = [(alias.asname or alias.name, f"{node.module or ''}.{alias.name}") for alias in node.names]
        names.update(name for name, target in pairs if triggered(target, checks) and not triggered(name, checks))
    return re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(names))) + r")\b") if names else None


_IMPORTS = (ast.Import, ast.ImportFrom)
_BLOCK_FIELDS = ("body", "handlers", "orelse", "finalbody", "cases")
# statements holding statements: def, class, if, for, while, with, try, match (whatever the version)
_COMPOUND = tuple(kind for kind in ast.stmt.__subclasses__() if set(_BLOCK_FIELDS) & set(kind._fields))
_CLAUSES = (ast.ExceptHandler, ast.match_case)  # hold statements, are not statements
_CLAUSE_FIELDS = ("handlers", "cases")


@dataclass(frozen=True)
class _Lines:
    """The lines that matter to the pruning, each list sorted: those holding a trigger (``hits``)
    and those holding the word ``import``."""

    hits: list[int]
    imports: list[int]


def _block_fields(statement: ast.stmt) -> list[str]:
    return [field for field in statement._fields if field in _BLOCK_FIELDS]


def _triggered_statements(module: ast.Module, code: str, checks: Sequence[BanditCheck]) -> ast.Module:
    import_lines = _line_numbers(code, (match.start() for match in re.finditer("import", code)))
    imports = list(_nested_imports(module.body, import_lines))
    lines = _Lines(_hit_lines(code, checks, _imported_aliases(imports, checks)), import_lines)
    return ast.Module(body=_pruned(module.body, lines), type_ignores=[])


def _nested_imports(statements: Iterable[ast.stmt], import_lines: list[int]) -> Iterator[ast.Import | ast.ImportFrom]:
    """Every import statement, at any depth (only statements whose lines say ``import`` are entered)."""
    for statement in statements:
        if isinstance(statement, _IMPORTS):
            yield statement
        elif isinstance(statement, _COMPOUND) and _any_between(import_lines, *statement_lines(statement)):
            for block in _blocks(statement):
                yield from _nested_imports(block, import_lines)


def _blocks(statement: ast.stmt) -> Iterator[list[ast.stmt]]:
    """The statement lists a compound statement holds, its except clauses' and cases' included."""
    for field in _block_fields(statement):
        for item in getattr(statement, field):
            if isinstance(item, _CLAUSES):
                yield item.body
        if field not in _CLAUSE_FIELDS:
            yield getattr(statement, field)


def _pruned(statements: Sequence[ast.stmt], lines: _Lines) -> list[ast.stmt]:
    """The statements bandit must see, at any depth, in their order: every import (bandit resolves
    each later call through the names imports bind, whatever their scope) and every statement whose
    own lines hold a trigger. A compound statement is kept (for a trigger or an import inside it) as
    a shallow copy with its blocks pruned the same way, and its header (decorators, arguments,
    bases, condition, iterable...) emptied unless the header's lines hold a trigger. ``statements``
    are not modified.

    Why this changes no result: bandit reports a node from the node and what surrounds it within its
    own statement (a call's name and arguments, a string's enclosing operations and call), never
    from other statements except through the names imports bound before it; a trigger is in the text
    of everything a check can report, so the part of the statement holding it is kept, and so is
    every import."""
    kept: list[ast.stmt] = []
    for statement in statements:
        if isinstance(statement, _IMPORTS):
            kept.append(statement)
            continue
        first, last = statement_lines(statement)
        if not isinstance(statement, _COMPOUND):
            if _any_between(lines.hits, first, last):
                kept.append(statement)
        elif _any_between(lines.hits, first, last) or _any_between(lines.imports, first, last):
            kept.append(_pruned_compound(statement, lines))
    return kept


def _pruned_compound(statement: ast.stmt, lines: _Lines) -> ast.stmt:
    pruned = copy.copy(statement)
    header = [field for field in statement._fields if field not in _BLOCK_FIELDS]
    header_last = max([statement.lineno, *(_last_line(getattr(statement, field)) for field in header)])
    if not _any_between(lines.hits, statement_lines(statement)[0], header_last):
        for field in header:  # bandit visits no node there: nothing to report, nothing it needs
            value = getattr(statement, field)
            if isinstance(value, (list, ast.AST)):
                setattr(pruned, field, [] if isinstance(value, list) else None)
    for field in _block_fields(statement):
        block = getattr(statement, field)
        if field in _CLAUSE_FIELDS:
            # every clause kept whole but for its body (clauses are small; bandit's line range of a
            # node without a line number, a case, reads the next case)
            clauses = [copy.copy(clause) for clause in block]
            for clause in clauses:
                clause.body = _pruned(clause.body, lines)
            setattr(pruned, field, clauses)
        else:
            setattr(pruned, field, _pruned(block, lines))
    return pruned


def _last_line(value: Any) -> int:
    """The last line of a header field's nodes (0 for none); a node without a position (function
    arguments, a with item) ends where its last child does (see :func:`_end_line`)."""
    nodes = value if isinstance(value, list) else [value]
    return max((_end_line(node) for node in nodes if isinstance(node, ast.AST)), default=0)


def _end_line(node: ast.AST) -> int:
    """A node's last line; a node without a position ends where its last child does."""
    line: int | None = getattr(node, "lineno", None)
    if line is None:
        return _last_line(list(ast.iter_child_nodes(node)))
    end: int | None = getattr(node, "end_lineno", None)
    return end or line


def _any_between(lines: list[int], first: int, last: int) -> bool:
    """Whether sorted ``lines`` hold one from ``first`` to ``last``."""
    index = bisect.bisect_left(lines, first)
    return index < len(lines) and lines[index] <= last


# ---------------------------------------------------------------------------------------------
# The test set: only the selected tests, loaded directly (no stevedore scan, no profile)


class _TestSet:
    """What ``BanditTester`` needs of bandit's ``BanditTestSet``: ``get_tests(node type)``."""

    def __init__(self, tests: dict[str, list[Callable[..., Any]]]) -> None:
        self.tests = tests

    def get_tests(self, checktype: str) -> list[Callable[..., Any]]:
        return self.tests.get(checktype, [])


def _bound(function: Callable[..., Any], config: Any, test_id: str) -> Callable[..., Any]:
    """``function`` with its configuration bound, without setting attributes on bandit's own
    function objects (bandit's test set does that, which would leak between runs)."""

    def test(context: Any) -> Any:
        return function(context) if config is None else function(context, config)

    test.__name__ = function.__name__
    test._test_id = test_id  # type: ignore[attr-defined]
    return test


def _plugin(spec: str) -> tuple[Any, Any]:
    """bandit's test function (with its `_checks`, `_test_id` attributes) and its default config."""
    module_name, function_name = spec.split(":")
    module = importlib.import_module(module_name)
    function = getattr(module, function_name)
    takes = getattr(function, "_takes_config", None)
    config = module.gen_config(takes) if takes else None
    return function, config


@functools.lru_cache(maxsize=8)
def _testset(codes: tuple[str, ...], specs: tuple[str, ...]) -> _TestSet:
    _import_bandit()
    tests: dict[str, list[Callable[..., Any]]] = {}
    for spec in specs:
        if spec == BLACKLIST:
            continue
        function, config = _plugin(spec)
        for checktype in function._checks:
            tests.setdefault(checktype, []).append(_bound(function, config, function._test_id))
    if BLACKLIST in specs:
        from bandit.blacklists import calls
        from bandit.core import blacklisting

        chosen = [entry for entry in calls.gen_blacklist()["Call"] if entry["id"] in codes]
        if chosen:
            tests.setdefault("Call", []).append(_bound(blacklisting.blacklist, {"Call": chosen}, "B001"))
    return _TestSet(tests)


# ---------------------------------------------------------------------------------------------
# Running the visitor


class _NoMetrics:
    """bandit's tester counts nosec comments; mlsafe does not report those counts."""

    def note_nosec(self, num: int = 1) -> None:
        pass

    def note_skipped_test(self, num: int = 1) -> None:
        pass


def _nosec_lines(code: str, names: dict[str, str]) -> dict[int, set[str]]:
    """Virtual line -> the bandit codes its ``# nosec`` comment names (empty set: all), as bandit
    reads them: comments only (tokenize), ids (``B602``) or test names."""
    if "nosec" not in code.lower():
        return {}
    found: dict[int, set[str]] = {}
    try:
        for token in tokenize.generate_tokens(io.StringIO(code).readline):
            if token.type == tokenize.COMMENT:
                match = _NOSEC.search(token.string)
                if match:
                    found[token.start[0]] = _nosec_codes(match.group("tests"), names)
    except (tokenize.TokenError, SyntaxError):
        pass
    return found


def _nosec_codes(tests: str | None, names: dict[str, str]) -> set[str]:
    codes: set[str] = set()
    for match in _NOSEC_TEST.finditer(tests or ""):
        word = match.group(1)
        if re.fullmatch(r"B\d+", word, re.IGNORECASE):
            codes.add(word.upper())
        elif word.lower() in names:
            codes.add(names[word.lower()])
    return codes


@functools.lru_cache(maxsize=1)
def _import_bandit() -> Any:
    """bandit's visitor module, imported once. Importing bandit scans its plugin entry points
    (stevedore), which warns about a deprecated argument: keep that out of the user's output, and
    give bandit's logger a handler so its messages never reach stderr through logging's last
    resort."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from bandit.core import node_visitor
    import logging  # bandit imports it anyway

    logging.getLogger("bandit").addHandler(logging.NullHandler())
    return node_visitor


def _visit(document: Document, module: Any, testset: _TestSet, nosec: dict[int, set[str]]) -> list[Any]:
    node_visitor = _import_bandit()
    path = document.path if "/" in document.path else f"./{document.path}"
    visitor = node_visitor.BanditNodeVisitor(path, None, None, testset, False, nosec, _NoMetrics())
    try:
        visitor.generic_visit(module)
    except RecursionError:
        return []
    finally:
        _forget_parents(_shared_nodes())
    return list(visitor.tester.results)


# a statement using every expression context and operator, whose nodes CPython's parser shares
_EVERY_OPERATOR = (
    "a = b\ndel c\nd += (e + f - g * h @ i / j % k ** l << m >> n | o ^ p & q // r, ~s, not t, +u, -v,"
    " w and x or y, z == a != b < c <= d > e >= f is g is not h in i not in j)"
)
_SHARED_KINDS = (ast.expr_context, ast.operator, ast.boolop, ast.unaryop, ast.cmpop)


@functools.lru_cache(maxsize=1)
def _shared_nodes() -> tuple[ast.AST, ...]:
    """The node instances CPython's parser puts in every tree (contexts and operators have no
    fields, so one instance of each serves all trees)."""
    nodes = (node for node in ast.walk(ast.parse(_EVERY_OPERATOR)) if isinstance(node, _SHARED_KINDS))
    return tuple({id(node): node for node in nodes}.values())


def _forget_parents(nodes: Iterable[ast.AST]) -> None:
    """Drop the links bandit's visitor sets on ``nodes``: on shared nodes they would keep the last
    tree visited alive until the next visit."""
    for node in nodes:
        node.__dict__.pop("_bandit_parent", None)
        node.__dict__.pop("_bandit_sibling", None)


def _char_column(line: str, byte_offset: int) -> int:
    """``ast`` columns are UTF-8 byte offsets; mlsafe's are characters."""
    if byte_offset <= 0 or line.isascii():
        return max(byte_offset, 0)
    return len(line.encode("utf-8")[:byte_offset].decode("utf-8", errors="ignore"))


def _severity(text: str) -> Severity | None:
    try:
        return Severity.parse(text)
    except ValueError:
        return None


def _hits(code: str, issues: Iterable[Any]) -> Iterator[BanditHit]:
    lines = code.split("\n")

    def text(number: int) -> str:
        return lines[number - 1] if 0 < number <= len(lines) else ""

    for issue in issues:
        line = issue.lineno or 1
        if issue.linerange and line != issue.linerange[0]:
            # reported at another line of the node (B501 points at the `verify=` argument): the
            # node's column means nothing there, so take that line's code
            source = text(line)
            column = len(source) - len(source.lstrip())
            end_line, end_column = line, max(len(source.rstrip().rstrip(",")), column)
        else:
            column = _char_column(text(line), issue.col_offset)
            end_line = max([line, *issue.linerange]) if issue.linerange else line
            end_column = _char_column(text(end_line), issue.end_col_offset) if issue.end_col_offset else column
        if end_line == line and end_column < column:
            end_column = column
        confidence = str(issue.confidence).lower()
        message = issue.text.strip()
        if confidence != "high":
            message += f" (bandit confidence: {confidence})"
        node_line = issue.linerange[0] if issue.linerange else line
        yield BanditHit(
            issue.test_id,
            message,
            _severity(str(issue.severity)),
            line,
            column,
            end_line,
            end_column,
            node_line,
            issue.col_offset if issue.col_offset is not None else -1,
        )
