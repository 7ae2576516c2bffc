"""The shared CST walk: libcst parses only the top-level statements (and long classes' and
functions' members) that hold a trigger word of a selected rule, consecutive ones together; one
dispatcher calls every rule's ``visit_*`` hooks; positions are computed only for reported nodes."""

from __future__ import annotations

import ast
import bisect
import dataclasses
import functools
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

import libcst as cst
from libcst.metadata import CodeRange

from linter.engine.budget import checkpoint
from linter.engine.facts import Facts
from linter.engine.member_positions import innermost_member, locate, module_positions, statement_positions
from linter.engine.ruleset import SYNTAX_ERROR, Raw, RuleSet, fix_of, tool_raw
from linter.engine.spans import statement_lines
from linter.engine.triggers import TriggerScanner
from linter.fix.edits import block_indents, line_starts, render, replacement_edit, span_edit
from linter.model import Fix, Position
from linter.rule import Context, Report, Rule
from linter.sources.document import Document


def _statement_spans(body: Sequence[ast.stmt]) -> list[tuple[int, int, ast.stmt]]:
    """(first, last, last statement) virtual lines of each statement of ``body``, decorators
    included; statements sharing a line (``a; b``) are merged."""
    spans: list[tuple[int, int, ast.stmt]] = []
    for stmt in body:
        first, last = statement_lines(stmt)
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
    def build(cls, code: str, ruleset: RuleSet, facts: Facts) -> _Scan:
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
        if not isinstance(stmt, ast.ClassDef) and self.hit(*statement_lines(stmt), self.whole):
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
class Chunk:
    """A run of consecutive top-level statements worth a CST visit: its source (starting at the
    first span's first line), the statements' line spans and ast statements, and the line ranges
    of long classes' members left out (blanked) because no rule needs them."""

    source: str
    spans: tuple[tuple[int, int], ...]
    statements: tuple[ast.stmt, ...]
    quiet: tuple[tuple[int, int], ...]


# At most this many statements are parsed together: a notebook of 20,000 triggered cells is one run
# of statements, and its libcst tree alone would take a gigabyte. Chunks are independent (a run
# already ends at every statement without a trigger), so the findings are the same.
CHUNK_STATEMENTS = 200


def chunks(code: str, module: ast.Module, ruleset: RuleSet, facts: Facts) -> Iterator[Chunk]:
    scan = _Scan.build(code, ruleset, facts)
    runs: list[list[tuple[int, int, ast.stmt]]] = []
    blanks: list[list[tuple[int, int]]] = []
    previous_hit = False
    for first, last, stmt in _statement_spans(module.body):
        hit = scan.hit(first, last)
        if hit and (not previous_hit or len(runs[-1]) >= CHUNK_STATEMENTS):
            runs.append([])
            blanks.append([])
        if hit:
            runs[-1].append((first, last, stmt))
            blanks[-1].extend(scan.quiet_members(stmt))
        previous_hit = hit
    for run, quiet in zip(runs, blanks, strict=False):
        source = _chunk_source(code, scan.starts, run[0][0], run[-1][1], quiet)
        yield Chunk(source, tuple((first, last) for first, last, _ in run), tuple(s for _, _, s in run), tuple(quiet))


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
            checkpoint()
            self.statement = index
            self.ctx.enter_statement(self.spans[min(index, len(self.spans) - 1)][0])
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


def run_cst(document: Document, code: str, module: ast.Module, ruleset: RuleSet, ctx: Context) -> Iterator[Raw]:
    members = _Members(code)
    for chunk in chunks(code, module, ruleset, ctx.facts):
        checkpoint()
        spans = chunk.spans
        try:
            tree = cst.parse_module(chunk.source)
        except (cst.ParserSyntaxError, RecursionError) as error:
            cell, line, column = document.source_map.to_source(spans[0][0], 0)
            yield from tool_raw(
                ruleset, SYNTAX_ERROR, f"cannot analyse this code: {type(error).__name__}", cell, line, column
            )
            continue
        yield from _visit_chunk(document, tree, chunk, ruleset, ctx, members)


def _visit_chunk(
    document: Document, tree: cst.Module, chunk: Chunk, ruleset: RuleSet, ctx: Context, members: _Members
) -> Iterator[Raw]:
    spans = chunk.spans
    aligned = len(tree.body) == len(spans)
    dispatcher = _Dispatcher(ruleset, ctx, spans if aligned else [(spans[0][0], spans[-1][1])])
    ctx.ancestors = []
    try:
        dispatcher.walk_module(tree)
    except RecursionError:
        cell, line, column = document.source_map.to_source(spans[0][0], 0)
        yield from tool_raw(ruleset, SYNTAX_ERROR, "code nested too deeply to analyse", cell, line, column)
    finally:
        ctx.ancestors = []
    positions: dict[int, tuple[Mapping[cst.CSTNode, CodeRange], int]] = {}
    for rule, report, index, path in dispatcher.found:
        if report.node is None:
            continue
        checkpoint()
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
        yield Raw(rule, report, Position(cell, None, line, column, end_line, end_column), fix)


class _Members:
    """Positions of reports from the innermost def/class member holding them (see
    linter.engine.member_positions) in one document, each member rendered once."""

    def __init__(self, code: str) -> None:
        self.code = code
        self.tables: dict[cst.CSTNode, Mapping[cst.CSTNode, CodeRange]] = {}

    @functools.cached_property
    def lines(self) -> list[str]:
        return self.code.split("\n")

    def table(
        self, chunk: Chunk, tree: cst.Module, report: Report, index: int, path: Sequence[cst.CSTNode]
    ) -> Mapping[cst.CSTNode, CodeRange] | None:
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


def _cst_fix(
    document: Document,
    tree: cst.Module,
    table: Mapping[cst.CSTNode, CodeRange],
    base: int,
    rule: Rule,
    report: Report,
    indents: tuple[str | None, ...],
) -> Fix | None:
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
        return fix_of(rule, report, (span_edit(Position(cell, None, line, column, end_line, end_column), new),))
    new_code = new if isinstance(new, str) else render(tree, new, indents)
    edit = replacement_edit(
        source, cell, (line, column), (end_line, end_column), render(tree, target, indents), new_code
    )
    return fix_of(rule, report, () if edit is None else (edit,))


def _positions_for(
    tree: cst.Module, spans: Sequence[tuple[int, int]], index: int, aligned: bool
) -> tuple[Mapping[cst.CSTNode, CodeRange], int]:
    """Position table and virtual-line base (virtual line = base + position line) for the
    statement ``index`` of a chunk; the whole chunk when statements and spans do not align."""
    if not aligned:
        return module_positions(tree), spans[0][0] - 1
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
