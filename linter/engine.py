"""Run the selected rules over one Document in one pass and map findings back to cells.

Steps: ``ast.parse`` the virtual module once (cheap), quarantining cells that do not parse (each is
reported once as MLS001 and replaced by blank lines); collect document facts (imports, downloads)
from that tree; run the CST hooks with libcst only on top-level statements that contain a trigger
word of some selected rule (consecutive ones parsed together); run magic, text and output hooks;
then apply suppressions and map virtual lines to (cell, line).
"""

from __future__ import annotations

import ast
import bisect
import dataclasses
import functools
import hashlib
import re
import warnings
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Callable, Mapping

import libcst as cst
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider

from linter.bandit_bridge import BanditCheck, run_bandit
from linter.document import Document, ReadProblem
from linter.facts import Facts, collect_facts
from linter.edits import block_indents, line_starts, render, replacement_edit, span_edit
from linter.model import Edit, Finding, Fix, Location, Severity
from linter.rule import Context, Report, Rule, TextBlock
from linter.suppress import UNUSED_NOQA, Suppressor
from linter.member_positions import first_line, innermost_member, locate, statement_positions
from linter.triggers import Needle, TriggerScanner

SYNTAX_ERROR = "MLS001"
READ_ERROR = "MLS002"

Hook = Callable[[cst.CSTNode, Context], Iterable[Report]]


# Node types that cannot occur inside a statement made of a string alone (a docstring): a rule
# whose hooks are all of these types can never report there, so its triggers are not looked for in
# docstrings (library code has ``Model.from_pretrained(...)`` examples in most of them).
CODE_ONLY_HOOKS = frozenset({"Call", "Arg", "DictElement", "Assign", "AnnAssign", "Param", "Return", "Yield"})


@dataclass(frozen=True)
class RuleSet:
    """The selected rules, prepared once per run: hook dispatch table and trigger scanner."""

    rules: tuple[Rule, ...]
    dispatch: Mapping[str, tuple[tuple[Rule, str], ...]]
    scanner: TriggerScanner  # the hook rules' triggers (code-only ones ignored in docstrings)
    function_scanner: TriggerScanner  # triggers of the rules that read whole functions
    always: bool
    tool_codes: frozenset[str]
    known: frozenset[str] = frozenset()  # every rule code there is, selected or not (for MLS003)
    bandit: tuple[BanditCheck, ...] = ()

    @classmethod
    def build(cls, rules: Sequence[Rule], use_triggers: bool = True, known: Iterable[str] = ()) -> "RuleSet":
        """Prepare ``rules``; ``use_triggers=False`` visits every statement (results must be the
        same: the trigger filter is only a shortcut, and a test holds it to that). ``known`` lists
        every rule code there is, selected or not (MLS003 reports unknown codes in suppressions)."""
        table: dict[str, list[tuple[Rule, str]]] = {}
        words: set[str] = set()
        code_words: set[str] = set()
        always = False
        for rule in rules:
            hooks = rule.hooks()
            for node_type, method in hooks.items():
                table.setdefault(node_type, []).append((rule, method))
            if hooks:
                always = always or not rule.triggers or not use_triggers
                (code_words if set(hooks) <= CODE_ONLY_HOOKS else words).update(rule.triggers)
        whole = sorted({t for rule in rules if rule.function_scope and rule.hooks() for t in rule.triggers})
        needles = [Needle.of(word) for word in sorted(words)]
        needles += [Needle.of(word, code_only=True) for word in sorted(code_words - words)]
        return cls(
            rules=tuple(rules),
            dispatch=MappingProxyType({k: tuple(v) for k, v in table.items()}),
            scanner=TriggerScanner.build(needles),
            function_scanner=TriggerScanner.build(Needle.of(word) for word in whole),
            always=always,
            tool_codes=frozenset(r.code for r in rules if r.code in (SYNTAX_ERROR, READ_ERROR)),
            known=frozenset(known) | frozenset(r.code for r in rules),
            bandit=tuple(r for r in rules if isinstance(r, BanditCheck)),
        )

    def by_code(self, code: str) -> Rule | None:
        return next((r for r in self.rules if r.code == code), None)


@dataclass(frozen=True)
class Raw:
    """A finding before mapping: the rule, the report, and where its coordinates live."""

    rule: Rule
    report: Report
    cell: int | None
    output: int | None
    line: int
    column: int
    end_line: int
    end_column: int
    fix: Fix | None = None


def lint_document(document: Document, ruleset: RuleSet, allow_bare_noqa: bool = False) -> tuple[Finding, ...]:
    """All findings of one document, suppressions applied, sorted."""
    raws = list(_problems(document, ruleset))
    module, code, syntax = _parse_ast(document, ruleset)
    raws.extend(syntax)
    ctx = Context(document, collect_facts(module, code, document.magics))
    if module is not None and ruleset.dispatch:
        raws.extend(_run_cst(document, code, module, ruleset, ctx))
    raws.extend(_run_magics(document, ruleset, ctx))
    raws.extend(_run_text(document, ruleset, ctx))
    raws.extend(_run_outputs(document, ruleset, ctx))
    raws.extend(_run_bandit(document, module, code, ruleset))  # last: bandit annotates the ast tree
    suppressor = Suppressor(document, allow_bare_noqa)
    kept = [raw for raw in raws if not suppressor.suppressed(raw.rule.code, raw.cell, raw.output, raw.line)]
    kept.extend(_unused_suppressions(ruleset, suppressor))
    findings = {_finding(document, raw, _line_hash(document, suppressor, raw)) for raw in kept}
    return tuple(sorted(findings, key=Finding.sort_key))


def _unused_suppressions(ruleset: RuleSet, suppressor: Suppressor) -> Iterator[Raw]:
    """MLS003 for noqa comments that suppressed nothing or name unknown codes."""
    rule = ruleset.by_code(UNUSED_NOQA)
    if rule is None:
        return
    selected = [r.code for r in ruleset.rules]
    for problem in suppressor.problems(selected, ruleset.known):
        if suppressor.suppressed(UNUSED_NOQA, problem.cell, None, problem.line):
            continue
        report = Report(problem.message, line=problem.line, column=problem.column, end_column=problem.end_column)
        yield Raw(rule, report, problem.cell, None, problem.line, problem.column, problem.line, problem.end_column)


def _line_hash(document: Document, suppressor: Suppressor, raw: Raw) -> str:
    """The hash of the finding's line (source or output text), whitespace removed."""
    if raw.output is None:
        text = suppressor.line(raw.cell, raw.line)
    else:
        cell = document.cells[raw.cell] if raw.cell is not None and raw.cell < len(document.cells) else None
        output = next((o for o in cell.outputs if o.index == raw.output), None) if cell else None
        lines = output.text.splitlines() if output else []
        text = lines[raw.line - 1] if 0 < raw.line <= len(lines) else ""
    return snippet_hash(text)


def snippet_hash(text: str) -> str:
    """``sha256:`` and 16 hex digits of ``text`` without its whitespace (reformatting keeps it)."""
    normal = "".join(text.split())
    return "sha256:" + hashlib.sha256(f"mlsafe-line:{normal}".encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _finding(document: Document, raw: Raw, line_hash: str | None = None) -> Finding:
    rule, report = raw.rule, raw.report
    cell = None if raw.cell is None else raw.cell
    cell_id = document.cells[cell].id if cell is not None and cell < len(document.cells) else None
    return Finding(
        code=rule.code,
        name=rule.name,
        category=rule.category,
        severity=report.severity or rule.severity,
        message=report.message,
        location=Location(
            path=document.path,
            cell=None if cell is None else cell + 1,
            output=raw.output,
            line=raw.line,
            column=raw.column + 1,
            end_line=raw.end_line,
            end_column=raw.end_column + 1,
        ),
        cell_id=cell_id,
        fingerprint=report.fingerprint,
        url=rule.url(),
        line_hash=line_hash,
        fixable=raw.fix is not None,
        fix=raw.fix,
    )


def _fix(rule: Rule, report: Report, edits: tuple[Edit, ...]) -> Fix | None:
    if not edits:
        return None
    return Fix(edits=(*edits, *report.extra_edits), applicability=report.applicability or rule.fix_applicability,
               title=rule.fix_title)


def _tool_raw(ruleset: RuleSet, code: str, message: str, cell: int | None, line: int, col: int) -> Iterator[Raw]:
    rule = ruleset.by_code(code)
    if rule is not None:
        report = Report(message, line=line, column=col)
        yield Raw(rule, report, cell, None, line, col, line, col)


def _problems(document: Document, ruleset: RuleSet) -> Iterator[Raw]:
    for problem in document.problems:
        yield from _tool_raw(ruleset, READ_ERROR, problem.message, problem.cell, problem.line, problem.column)


# ---------------------------------------------------------------------------------------------
# Parsing with quarantine of broken cells


def _try_parse(code: str) -> tuple[ast.Module | None, Exception | None]:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ast.parse(code), None
    except (SyntaxError, ValueError, RecursionError, MemoryError) as error:
        return None, error


def _error_position(error: Exception) -> tuple[int, int, str]:
    if isinstance(error, SyntaxError):
        line = error.lineno or 1
        column = max((error.offset or 1) - 1, 0)
        return line, column, f"syntax error: {error.msg}"
    if isinstance(error, RecursionError):
        return 1, 0, "code nested too deeply to analyse"
    return 1, 0, f"cannot parse: {error}"


def _parse_ast(document: Document, ruleset: RuleSet) -> tuple[ast.Module | None, str, list[Raw]]:
    """Parse the virtual module; blank out cells that fail alone and report each once. Returns the
    tree, the code it was parsed from (broken cells blanked) and the MLS001 reports."""
    if not document.code.strip():
        return None, "", []
    module, error = _try_parse(document.code)
    if error is None:
        return module, document.code, []
    lines = document.code.split("\n")
    raws: list[Raw] = []
    if not document.is_notebook:
        line, column, message = _error_position(error)
        raws.extend(_tool_raw(ruleset, SYNTAX_ERROR, message, None, line, column))
        return None, "", raws
    bad: set[int] = set()
    for cell in dict.fromkeys(document.source_map.cells):
        first, last = document.source_map.cell_range(cell) or (0, -1)
        _, cell_error = _try_parse("\n".join(lines[first - 1 : last]))
        if cell_error is not None:
            bad.add(cell)
            line, column, message = _error_position(cell_error)
            vline = min(first + line - 1, last)
            src_cell, src_line, src_col = document.source_map.to_source(vline, column)
            raws.extend(_tool_raw(ruleset, SYNTAX_ERROR, message, src_cell, src_line, src_col))
    for _ in range(len(document.cells) + 1):
        for cell in bad:
            first, last = document.source_map.cell_range(cell) or (1, 0)
            lines[first - 1 : last] = [""] * (last - first + 1)
        code = "\n".join(lines)
        module, error = _try_parse(code)
        if error is None:
            return module, code, raws
        vline, column, message = _error_position(error)
        cell, src_line, src_col = document.source_map.to_source(vline, column)
        if cell is None or cell in bad:
            return None, "", raws
        bad.add(cell)
        raws.extend(_tool_raw(ruleset, SYNTAX_ERROR, message, cell, src_line, src_col))
    return None, "", raws


# ---------------------------------------------------------------------------------------------
# CST hooks on triggered statements


def _statement_spans(body: Sequence[ast.stmt]) -> list[tuple[int, int, ast.stmt]]:
    """(first, last, last statement) virtual lines of each statement of ``body``, decorators
    included; statements sharing a line (``a; b``) are merged."""
    spans: list[tuple[int, int, ast.stmt]] = []
    for stmt in body:
        first = min([stmt.lineno, *(d.lineno for d in getattr(stmt, "decorator_list", ()))])
        last = stmt.end_lineno or stmt.lineno
        if spans and first <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(last, spans[-1][1]), stmt)
        else:
            spans.append((first, last, stmt))
    return spans


def _alias_pattern(facts: Facts, scanner: TriggerScanner) -> re.Pattern[str] | None:
    """Names bound to something a trigger matches (``dl`` after ``from dill import loads as dl``;
    the target is tried as written and as called, ``dill.loads(``): a statement using them must be
    visited even though it holds no trigger itself."""
    names = sorted(
        name
        for name, bindings in facts.bindings.items()
        if any(b.target and (scanner.search(b.target) or scanner.search(b.target + "(")) for b in bindings)
        and not scanner.search(name)
    )
    return re.compile(r"\b(?:" + "|".join(map(re.escape, names)) + r")\b") if names else None


# A class or function this long is visited member by member: its members (methods, statements of
# its body) without a trigger are blanked out, their lines kept so every position stays where it is.
# Big library classes and functions mostly hold one trigger, if any. Members that are classes or
# functions themselves are treated the same way; a function holding a trigger of a rule that reads
# whole functions (``Rule.function_scope``) is kept whole.
LONG_BODY = 20


_BODIED = (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)


@dataclass(frozen=True)
class _Lines:
    """Whether an offset of the code lies on one of some sorted, disjoint line ranges."""

    starts: list[int]
    ranges: tuple[tuple[int, int], ...]

    def holds(self, offset: int) -> bool:
        if not self.ranges:
            return False
        line = bisect.bisect_right(self.starts, offset)
        index = bisect.bisect_right(self.ranges, (line, float("inf"))) - 1
        return index >= 0 and self.ranges[index][0] <= line <= self.ranges[index][1]


@dataclass(frozen=True)
class _Scan:
    """Where the triggers (and aliases of triggered names) occur in a document's code, found in one
    pass; a line range is worth a visit when an occurrence starts inside it."""

    starts: list[int]
    hits: list[int]
    always: bool
    whole: list[int] = dataclasses.field(default_factory=list)  # hits of rules reading whole functions

    @classmethod
    def build(cls, code: str, ruleset: RuleSet, facts: Facts) -> "_Scan":
        hits: list[int] = []
        whole: list[int] = []
        starts = _line_starts(code)
        if not ruleset.always:
            in_string = _Lines(starts, facts.string_statements).holds
            hits.extend(ruleset.scanner.hits(code, in_string))
            whole.extend(ruleset.function_scanner.hits(code, in_string))
            aliases = _alias_pattern(facts, ruleset.scanner)
            if aliases is not None:
                hits.extend(match.start() for match in aliases.finditer(code))
        return cls(starts, sorted(hits), ruleset.always, sorted(whole))

    def hit(self, first: int, last: int, hits: list[int] | None = None) -> bool:
        if self.always:
            return True
        hits = self.hits if hits is None else hits
        begin, end = self.starts[first - 1], self.starts[min(last, len(self.starts) - 1)]
        index = bisect.bisect_left(hits, begin)
        return index < len(hits) and hits[index] < end

    def quiet_members(self, stmt: ast.stmt) -> list[tuple[int, int]]:
        """Line ranges of the members of a long class or function that no rule needs to see, in
        order (members of kept members included)."""
        if self.always or not isinstance(stmt, _BODIED) or (stmt.end_lineno or 0) - stmt.lineno < LONG_BODY:
            return []
        if not isinstance(stmt, ast.ClassDef) and self.hit(first_line(stmt), stmt.end_lineno or stmt.lineno, self.whole):
            return []
        members = _statement_spans(stmt.body)
        quiet: list[tuple[int, int]] = []
        kept = 0
        for first, last, member in members:
            if not self.hit(first, last):
                quiet.append((first, last))
                continue
            kept += 1
            quiet.extend(self.quiet_members(member))
        return quiet if kept else []


@dataclass(frozen=True)
class _Chunk:
    """A run of consecutive top-level statements worth a CST visit: its source (starting at the
    first span's first line), the statements' line spans and ast statements, and the line ranges
    of long classes' members left out (blanked) because no rule needs them."""

    source: str
    spans: tuple[tuple[int, int], ...]
    statements: tuple[ast.stmt, ...]
    quiet: tuple[tuple[int, int], ...]


def _chunks(code: str, module: ast.Module, ruleset: RuleSet, facts: Facts) -> Iterator[_Chunk]:
    scan = _Scan.build(code, ruleset, facts)
    runs: list[list[tuple[int, int, ast.stmt]]] = []
    blanks: list[list[tuple[int, int]]] = []
    previous_hit = False
    for first, last, stmt in _statement_spans(module.body):
        hit = scan.hit(first, last)
        if hit and not previous_hit:
            runs.append([])
            blanks.append([])
        if hit:
            runs[-1].append((first, last, stmt))
            blanks[-1].extend(scan.quiet_members(stmt))
        previous_hit = hit
    for run, quiet in zip(runs, blanks):
        source = _chunk_source(code, scan.starts, run[0][0], run[-1][1], quiet)
        yield _Chunk(source, tuple((first, last) for first, last, _ in run), tuple(s for _, _, s in run), tuple(quiet))


def _chunk_source(code: str, starts: list[int], first: int, last: int, quiet: Sequence[tuple[int, int]]) -> str:
    if not quiet:
        return code[starts[first - 1] : starts[min(last, len(starts) - 1)]]
    parts: list[str] = []
    position = starts[first - 1]
    for begin, end in quiet:
        parts.append(code[position : starts[begin - 1]])
        parts.append("\n" * (end - begin + 1))
        position = starts[min(end, len(starts) - 1)]
    parts.append(code[position : starts[min(last, len(starts) - 1)]])
    return "".join(parts)


def _line_starts(code: str) -> list[int]:
    """Where each line of ``code`` starts, and its end as the start of one more line."""
    return [*line_starts(code), len(code)]


class _Dispatcher:
    """One traversal calling every selected rule's hook for each node, and tracking which
    top-level statement it is in so reports can be positioned statement by statement.

    It walks the nodes' dataclass fields itself instead of using ``CSTNode.visit``: a libcst
    visitor rebuilds (and re-validates) every node on the way back up, which cost most of the time.
    It reaches the same nodes in the same order for the hooks rules use; ancestors are the same."""

    def __init__(self, ruleset: RuleSet, ctx: Context, spans: Sequence[tuple[int, int]]) -> None:
        self.dispatch = ruleset.dispatch
        self.ctx = ctx
        self.spans = spans
        self.statement = -1
        self.found: list[tuple[Rule, Report, int, tuple[cst.CSTNode, ...]]] = []  # + ancestors below the module
        self.indents: dict[int, tuple[str | None, ...]] = {}  # id(report) -> indentation of its block
        self._fields: dict[type, tuple[str, ...]] = {}

    def walk_module(self, module: cst.Module) -> None:
        self.ctx.ancestors.append(module)
        for index, statement in enumerate(module.body):
            self.statement = index
            self.ctx.statement_line = self.spans[min(index, len(self.spans) - 1)][0]
            self.walk(statement)
        self.ctx.ancestors.pop()

    def _field_names(self, kind: type) -> tuple[str, ...]:
        names = self._fields.get(kind)
        if names is None:
            names = self._fields[kind] = tuple(f.name for f in dataclasses.fields(kind))
        return names

    def walk(self, node: cst.CSTNode) -> None:
        ancestors = self.ctx.ancestors
        ancestors.append(node)
        hooks = self.dispatch.get(type(node).__name__)
        if hooks:
            for rule, method in hooks:
                for report in getattr(rule, method)(node, self.ctx):
                    path = () if report.node is None else tuple(ancestors[1:])
                    self.found.append((rule, report, self.statement, path))
                    if report.fixable:
                        self.indents[id(report)] = block_indents(ancestors)
        for name in self._field_names(type(node)):
            value = getattr(node, name)
            if isinstance(value, cst.CSTNode):
                self.walk(value)
            elif type(value) is tuple or type(value) is list:
                for item in value:
                    if isinstance(item, cst.CSTNode):
                        self.walk(item)
        ancestors.pop()


def _run_cst(document: Document, code: str, module: ast.Module, ruleset: RuleSet, ctx: Context) -> Iterator[Raw]:
    members = _Members(code)
    for chunk in _chunks(code, module, ruleset, ctx.facts):
        spans = chunk.spans
        try:
            tree = cst.parse_module(chunk.source)
        except (cst.ParserSyntaxError, RecursionError) as error:
            cell, line, column = document.source_map.to_source(spans[0][0], 0)
            yield from _tool_raw(ruleset, SYNTAX_ERROR, f"cannot analyse this code: {type(error).__name__}",
                                 cell, line, column)
            continue
        yield from _visit_chunk(document, tree, chunk, ruleset, ctx, members)


def _visit_chunk(document: Document, tree: cst.Module, chunk: _Chunk, ruleset: RuleSet, ctx: Context,
                 members: "_Members") -> Iterator[Raw]:
    spans = chunk.spans
    aligned = len(tree.body) == len(spans)
    dispatcher = _Dispatcher(ruleset, ctx, spans if aligned else [(spans[0][0], spans[-1][1])])
    ctx.ancestors = []
    try:
        dispatcher.walk_module(tree)
    except RecursionError:
        cell, line, column = document.source_map.to_source(spans[0][0], 0)
        yield from _tool_raw(ruleset, SYNTAX_ERROR, "code nested too deeply to analyse", cell, line, column)
    finally:
        ctx.ancestors = []
    positions: dict[int, tuple[Mapping[cst.CSTNode, CodeRange], int]] = {}
    for rule, report, index, path in dispatcher.found:
        if report.node is None:
            continue
        located = members.table(chunk, tree, report, index, path) if aligned and path else None
        if located is not None:
            table, base = located, 0
        else:
            if index not in positions:
                positions[index] = _positions_for(tree, spans, index, aligned)
            table, base = positions[index]
        start, end = _inner_span(table[report.node], report.inner)
        cell, line, column = document.source_map.to_source(base + start[0], start[1])
        end_cell, end_line, end_column = document.source_map.to_source(base + end[0], end[1])
        if end_cell != cell:
            end_line, end_column = line, column
        indents = dispatcher.indents.get(id(report), ())
        fix = _cst_fix(document, tree, table, base, rule, report, indents) if report.fixable else None
        yield Raw(rule, report, cell, None, line, column, end_line, end_column, fix)


class _Members:
    """Positions of reports from the innermost def/class member holding them (see
    linter.member_positions) in one document, each member rendered once."""

    def __init__(self, code: str) -> None:
        self.code = code
        self.tables: dict[cst.CSTNode, Mapping[cst.CSTNode, CodeRange]] = {}

    @functools.cached_property
    def lines(self) -> list[str]:
        return self.code.split("\n")

    def table(self, chunk: _Chunk, tree: cst.Module, report: Report, index: int,
              path: Sequence[cst.CSTNode]) -> Mapping[cst.CSTNode, CodeRange] | None:
        """Virtual positions of the report's node and fix target, or None (the caller renders the
        whole top-level statement instead)."""
        if report.inner is not None and (report.inner[0] or report.inner[2]):
            return None  # later lines of an inner span are columns of the node's own text
        member = innermost_member(path, chunk.statements[index], chunk.quiet, self.lines)
        if member is None:
            return None
        if member.statement not in self.tables:
            self.tables[member.statement] = statement_positions(member.statement, tree)
        rendered = self.tables[member.statement]
        located: dict[cst.CSTNode, CodeRange] = {}
        for node in (report.node, report.fix_target if report.fixable else None):
            if node is None or node in located:
                continue
            span = rendered.get(node)
            where = locate(member, span, node, self.lines) if span is not None else None
            if where is None:
                return None
            located[node] = CodeRange(*where)
        return located


def _cst_fix(document: Document, tree: cst.Module, table: Mapping[cst.CSTNode, CodeRange], base: int,
             rule: Rule, report: Report, indents: tuple[str | None, ...]) -> Fix | None:
    """The report's fix in user coordinates: its replacement node rendered and diffed against the
    target node's text in the cell (or file), or its explicit edits."""
    if report.fix is not None:
        return report.fix
    target = report.fix_target or report.node
    span = table.get(target) if target is not None else None
    if target is None or span is None or report.replacement is None:
        return None
    if report.inner is not None and report.fix_target is None:
        span = CodeRange(*_inner_span(span, report.inner))  # text for a span inside the node
        target = None
    cell, line, column = document.source_map.to_source(base + span.start.line, span.start.column)
    end_cell, end_line, end_column = document.source_map.to_source(base + span.end.line, span.end.column)
    if end_cell != cell:
        return None
    source = document.cells[cell].source if cell is not None else document.text
    new = report.replacement
    if target is None:
        if not isinstance(new, str):
            return None
        return _fix(rule, report, (span_edit(cell, None, line, column, end_line, end_column, new),))
    new_code = new if isinstance(new, str) else render(tree, new, indents)
    edit = replacement_edit(source, cell, (line, column), (end_line, end_column), render(tree, target, indents), new_code)
    return _fix(rule, report, () if edit is None else (edit,))


def _positions_for(
    tree: cst.Module, spans: Sequence[tuple[int, int]], index: int, aligned: bool
) -> tuple[Mapping[cst.CSTNode, CodeRange], int]:
    """Position table and virtual-line base (virtual line = base + position line) for the
    statement ``index`` of a chunk; the whole chunk when statements and spans do not align."""
    if not aligned:
        return MetadataWrapper(tree, unsafe_skip_copy=True).resolve(PositionProvider), spans[0][0] - 1
    statement = tree.body[index]
    leading = len(getattr(statement, "leading_lines", ()))
    return statement_positions(statement, tree), spans[index][0] - 1 - leading


def _inner_span(span: CodeRange, inner: tuple[int, int, int, int] | None) -> tuple[tuple[int, int], tuple[int, int]]:
    """(line, column) of the start and end of a report: the node's span, or the ``Report.inner``
    span inside it."""
    if inner is None:
        return (span.start.line, span.start.column), (span.end.line, span.end.column)

    def shift(line: int, column: int) -> tuple[int, int]:
        return span.start.line + line, (span.start.column + column if line == 0 else column)

    return shift(inner[0], inner[1]), shift(inner[2], inner[3])


# ---------------------------------------------------------------------------------------------
# Magic, text and output hooks


def _raw_at(rule: Rule, report: Report, cell: int | None, output: int | None, line_base: int = 0) -> Raw:
    line = line_base + report.line
    end_line = line_base + report.end_line if report.end_line is not None else line
    end_column = report.end_column if report.end_column is not None else report.column
    fix = report.fix
    if fix is None and isinstance(report.replacement, str):
        edit = span_edit(cell, output, line, report.column, end_line, end_column, report.replacement)
        fix = _fix(rule, report, (edit,))
    return Raw(rule, report, cell, output, line, report.column, end_line, end_column, fix)


def _run_magics(document: Document, ruleset: RuleSet, ctx: Context) -> Iterator[Raw]:
    rules = [r for r in ruleset.rules if r.implements("check_magic")]
    for magic in document.magics if rules else ():
        for rule in rules:
            for report in rule.check_magic(magic, ctx):
                yield _raw_at(rule, report, magic.cell, None)


def text_blocks(document: Document) -> Iterator[TextBlock]:
    if document.is_notebook:
        for cell in document.cells:
            if cell.source:
                yield TextBlock(cell.kind, cell.source, cell.index)
    elif document.text:
        yield TextBlock(document.kind, document.text, None)


def _run_text(document: Document, ruleset: RuleSet, ctx: Context) -> Iterator[Raw]:
    rules = [r for r in ruleset.rules if r.implements("check_text")]
    for block in text_blocks(document) if rules else ():
        for rule in rules:
            for report in rule.check_text(block, ctx):
                yield _raw_at(rule, report, block.cell, None)


def _run_outputs(document: Document, ruleset: RuleSet, ctx: Context) -> Iterator[Raw]:
    rules = [r for r in ruleset.rules if r.implements("check_output")]
    for cell in document.cells if rules else ():
        for output in cell.outputs:
            for rule in rules:
                for report in rule.check_output(output, ctx):
                    yield _raw_at(rule, report, cell.index, output.index)


def _run_bandit(document: Document, module: ast.Module | None, code: str, ruleset: RuleSet) -> Iterator[Raw]:
    """bandit's checks (only those selected; bandit is imported only then), mapped to cells."""
    if module is None or not ruleset.bandit:
        return
    by_code = {check.code: check for check in ruleset.bandit}
    for hit in run_bandit(document, module, code, ruleset.bandit):
        rule = by_code.get(hit.code)
        if rule is None:
            continue
        cell, line, column = document.source_map.to_source(hit.line, hit.column)
        end_cell, end_line, end_column = document.source_map.to_source(hit.end_line, hit.end_column)
        if end_cell != cell:
            end_line, end_column = line, column
        report = Report(hit.message, line=line, column=column, end_line=end_line, end_column=end_column,
                        severity=hit.severity)
        yield Raw(rule, report, cell, None, line, column, end_line, end_column)


__all__ = ["RuleSet", "Raw", "lint_document", "text_blocks", "ReadProblem", "Severity"]
