"""Run bandit's checks on a Document's code (scripts and notebooks alike) and map them to cells.

The checks mlsafe offers are :class:`BanditCheck` rules (``rules/bandit_checks.py``): one class per
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
check can report), and then bandit visits only the top-level statements that can matter.
"""

from __future__ import annotations

import ast
import bisect
import functools
import importlib
import io
import logging
import re
import string
import tokenize
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from linter.document import Document
from linter.model import Category, Severity
from linter.rule import Rule

BANDIT_DOCS = "https://bandit.readthedocs.io/en/latest/"
BLACKLIST = "blacklist"
NOCASE = "(?i)"  # a trigger starting with this is searched (without it) in the lower-cased code
# Blacklisted calls whose docs share one section (bandit's own docs_utils.get_url does the same).
_SHARED_SECTIONS = {**{f"B{n}": "b313-b320" for n in range(313, 321)}, "B304": "b304-b305", "B305": "b304-b305"}
_NOSEC = re.compile(r"#\s*nosec:?\s*(?P<tests>[^#]+)?#?", re.IGNORECASE)
_NOSEC_TEST = re.compile(r"(?:(B\d+|[a-z\d_]+),?)+", re.IGNORECASE)


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
    """One bandit finding in virtual-module coordinates (line 1-based, columns 0-based characters)."""

    code: str
    message: str
    severity: Severity | None
    line: int
    column: int
    end_line: int
    end_column: int


@functools.lru_cache(maxsize=16)
def _compiled(fragments: tuple[str, ...]) -> tuple[tuple[re.Pattern[str], bool], ...]:
    return tuple(
        (re.compile(fragment[len(NOCASE):]), True) if fragment.startswith(NOCASE) else (re.compile(fragment), False)
        for fragment in fragments
    )


def _patterns(checks: Sequence[BanditCheck]) -> tuple[tuple[re.Pattern[str], bool], ...]:
    return _compiled(tuple(sorted({t for check in checks for t in check.bandit_triggers})))


_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def _lower(code: str) -> str:
    """ASCII letters lower-cased, every offset kept (``str.lower`` may change the length)."""
    return code.lower() if code.isascii() else code.translate(_ASCII_LOWER)


def triggered(code: str, checks: Sequence[BanditCheck]) -> bool:
    """Whether ``code`` holds a trigger of one of the checks. Each trigger is searched on its own:
    a pattern that starts with a literal is a fast substring search, an alternation of them is not."""
    lowered: str | None = None
    for pattern, nocase in _patterns(checks):
        if nocase:
            lowered = _lower(code) if lowered is None else lowered
            if pattern.search(lowered):
                return True
        elif pattern.search(code):
            return True
    return False


def run_bandit(
    document: Document, module: Any, code: str, checks: Sequence[BanditCheck], prefilter: bool = True
) -> list[BanditHit]:
    """bandit's findings for the selected ``checks`` on ``module``, the ``ast.Module`` parsed from
    ``code`` (the document's virtual module with broken cells blanked, line for line). Imports bandit
    only when there is something to check. ``module`` is annotated by bandit's visitor
    (``_bandit_parent`` attributes): run this after every other use of the tree.

    With ``prefilter`` (the default) bandit sees only the top-level statements that can matter:
    those holding a trigger, an import, or a name an import bound to something a trigger names
    (``ET`` after ``import xml.etree.ElementTree as ET``); line numbers are unchanged. A test proves
    the results are the same without it."""
    if module is None or not checks:
        return []
    if prefilter:
        if not triggered(code, checks):
            return []
        module = _triggered_statements(module, code, checks)
    testset = _testset_for(checks)
    names = {check.bandit_name.lower(): check.code for check in checks}
    issues = _visit(document, module, testset, _nosec_lines(code, names))
    floor = {check.code: check.bandit_min_severity for check in checks if check.bandit_min_severity}
    return [hit for hit in _hits(code, issues) if hit.code not in floor or (hit.severity or 0) >= floor[hit.code]]


def preload_bandit(checks: Sequence[BanditCheck]) -> None:
    """Import bandit and prepare the test set of ``checks`` now rather than at the first document
    that needs them (a process about to lint many files, or a server)."""
    if checks:
        _testset_for(checks)


def _testset_for(checks: Sequence[BanditCheck]) -> "_TestSet":
    return _testset(tuple(sorted({c.code for c in checks})), tuple(sorted({c.bandit_test for c in checks})))


def _line_starts(code: str) -> list[int]:
    starts = [0]
    position = code.find("\n")
    while position >= 0:
        starts.append(position + 1)
        position = code.find("\n", position + 1)
    starts.append(len(code))
    return starts


def _offsets(code: str, checks: Sequence[BanditCheck], extra: re.Pattern[str] | None) -> list[int]:
    """Offsets in ``code`` of every trigger match (and of ``extra``'s matches), sorted."""
    found: list[int] = []
    lowered: str | None = None
    for pattern, nocase in _patterns(checks):
        if nocase:
            lowered = _lower(code) if lowered is None else lowered
            found.extend(match.start() for match in pattern.finditer(lowered))
        else:
            found.extend(match.start() for match in pattern.finditer(code))
    if extra is not None:
        found.extend(match.start() for match in extra.finditer(code))
    return sorted(found)


def _imported_aliases(statements: Iterable[ast.stmt], checks: Sequence[BanditCheck]) -> re.Pattern[str] | None:
    """Names that imports in ``statements`` bind to a module or object a trigger names."""
    names: set[str] = set()
    for statement in statements:
        for node in ast.walk(statement):
            if isinstance(node, ast.Import):
                pairs = [(alias.asname or alias.name.split(".")[0], alias.name) for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                pairs = [(alias.asname or alias.name, f"{node.module or ''}.{alias.name}") for alias in node.names]
            else:
                continue
            names.update(name for name, target in pairs if triggered(target, checks) and not triggered(name, checks))
    return re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(names))) + r")\b") if names else None


def _triggered_statements(module: ast.Module, code: str, checks: Sequence[BanditCheck]) -> ast.Module:
    starts = _line_starts(code)
    spans = []
    for statement in module.body:
        first = min([statement.lineno, *(d.lineno for d in getattr(statement, "decorator_list", ()))])
        last = statement.end_lineno or statement.lineno
        spans.append((starts[first - 1], starts[min(last, len(starts) - 1)], statement))
    imports = [stmt for begin, end, stmt in spans if "import" in code[begin:end]]
    offsets = _offsets(code, checks, _imported_aliases(imports, checks))
    kept = [stmt for begin, end, stmt in spans if _any_between(offsets, begin, end)]
    kept_ids = {id(stmt) for stmt in kept} | {id(stmt) for stmt in imports}
    return ast.Module(body=[stmt for stmt in module.body if id(stmt) in kept_ids], type_ignores=[])


def _any_between(offsets: list[int], begin: int, end: int) -> bool:
    index = bisect.bisect_left(offsets, begin)
    return index < len(offsets) and offsets[index] < end


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
    return list(visitor.tester.results)


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
        yield BanditHit(issue.test_id, message, _severity(str(issue.severity)), line, column, end_line, end_column)
