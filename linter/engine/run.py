"""Run the selected rules over one Document in one pass and map findings back to cells.

Steps: ``ast.parse`` the virtual module once (cheap), quarantining cells that do not parse (each is
reported once as MLS001 and replaced by blank lines); collect document facts (imports, downloads)
from that tree; run the CST hooks with libcst only on top-level statements that contain a trigger
word of some selected rule (consecutive ones parsed together); run magic, text and output hooks;
then apply suppressions and map virtual lines to (cell, line)."""

from __future__ import annotations

import ast
import hashlib
import re
from collections.abc import Iterator
from dataclasses import replace

from linter.engine.budget import checkpoint
from linter.engine.cst_walk import run_cst
from linter.engine.facts import collect_facts, with_artifacts
from linter.engine.parsing import parse_with_quarantine
from linter.engine.ruleset import READ_ERROR, Raw, RuleSet, raw_at, tool_raw
from linter.engine.suppressions import UNUSED_NOQA, Suppressor, noqa_codes
from linter.model import Finding, Location, Position, Severity
from linter.rule import Context, Report, TextBlock
from linter.sources.document import Document, ReadProblem
from linter.sources.outputs import relocate, shown_output
from linter.startup.lazy_pattern import lazy_compile


def lint_document(document: Document, ruleset: RuleSet, allow_bare_noqa: bool = False) -> tuple[Finding, ...]:
    """All findings of one document, suppressions applied, sorted."""
    raws = list(_problems(document, ruleset))
    module, code, syntax = parse_with_quarantine(document, ruleset)
    raws.extend(syntax)
    checkpoint()  # the time budget (linter.engine.budget), here and between every step below
    ctx = Context(document, with_artifacts(collect_facts(module, code, document.magics), document))
    checkpoint()
    if module is not None and ruleset.dispatch:
        raws.extend(run_cst(document, code, module, ruleset, ctx))
    raws.extend(_run_magics(document, ruleset, ctx))
    raws.extend(_run_text(document, ruleset, ctx))
    raws.extend(_run_outputs(document, ruleset, ctx))
    raws.extend(_run_artifact(document, ruleset, ctx))
    checkpoint()
    raws.extend(_run_bandit(document, module, code, ruleset, ctx))  # last: bandit annotates the ast tree
    checkpoint()
    suppressor = Suppressor(document, allow_bare_noqa)
    kept = [raw for raw in raws if not _suppressed(suppressor, raw)]
    kept.extend(_unused_suppressions(ruleset, suppressor))
    findings = {
        _finding(document, raw, _line_hash(document, suppressor, raw), _ignored_comment(suppressor, raw))
        for raw in kept
    }
    return tuple(sorted(findings, key=Finding.sort_key))


def _suppressed(suppressor: Suppressor, raw: Raw) -> bool:
    position = raw.position
    return suppressor.suppressed(raw.rule.code, position.cell, position.output, position.line)


def _unused_suppressions(ruleset: RuleSet, suppressor: Suppressor) -> Iterator[Raw]:
    """MLS003 for noqa comments that suppressed nothing or name unknown codes."""
    rule = ruleset.by_code(UNUSED_NOQA)
    if rule is None:
        return
    selected = sorted(ruleset.selected)
    for problem in suppressor.problems(selected, ruleset.known):
        if suppressor.suppressed(UNUSED_NOQA, problem.cell, None, problem.line):
            continue
        report = Report(problem.message, line=problem.line, column=problem.column, end_column=problem.end_column)
        yield Raw(
            rule, report, Position(problem.cell, None, problem.line, problem.column, problem.line, problem.end_column)
        )


_NOSEC = lazy_compile(r"#\s*nosec\b", re.IGNORECASE)


def _ignored_comment(suppressor: Suppressor, raw: Raw) -> str | None:
    """``noqa`` for a bare ``# noqa`` (not honoured unless allow-bare-noqa), ``nosec`` for a
    ``# nosec`` (bandit's, honoured for its checks only) on a reported finding's line, else None."""
    position = raw.position
    if position.output is not None:
        return None
    text = suppressor.line(position.cell, position.line)
    if "#" not in text:
        return None
    if noqa_codes(text) == () and not suppressor.allow_bare_noqa:
        return "noqa"
    return "nosec" if _NOSEC.search(text) else None


def _line_hash(document: Document, suppressor: Suppressor, raw: Raw) -> str:
    """The hash of the finding's line (source or output text), whitespace removed."""
    position = raw.position
    if position.output is None:
        text = suppressor.line(position.cell, position.line)
    else:
        index = position.cell
        cell = document.cells[index] if index is not None and index < len(document.cells) else None
        output = shown_output(cell.outputs, position.output) if cell else None
        lines = output.text.splitlines() if output else []
        text = lines[position.line - 1] if 0 < position.line <= len(lines) else ""
    return snippet_hash(text)


def snippet_hash(text: str) -> str:
    """``sha256:`` and 16 hex digits of ``text`` without its whitespace (reformatting keeps it)."""
    normal = "".join(text.split())
    return "sha256:" + hashlib.sha256(f"mlsafe-line:{normal}".encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _finding(document: Document, raw: Raw, line_hash: str | None = None, ignored: str | None = None) -> Finding:
    rule, report, cell = raw.rule, raw.report, raw.position.cell
    cell_id = document.cells[cell].id if cell is not None and cell < len(document.cells) else None
    return Finding(
        code=rule.code,
        name=rule.name,
        category=rule.category,
        severity=report.severity or rule.severity,
        message=report.message,
        location=Location.at(document.path, raw.position.to_user()),
        cell_id=cell_id,
        fingerprint=report.fingerprint,
        url=rule.url(),
        line_hash=line_hash,
        fixable=raw.fix is not None,
        fix=raw.fix,
        ignored_comment=ignored,
    )


def _problems(document: Document, ruleset: RuleSet) -> Iterator[Raw]:
    for problem in document.problems:
        yield from tool_raw(ruleset, READ_ERROR, problem.message, problem.cell, problem.line, problem.column)


def _run_magics(document: Document, ruleset: RuleSet, ctx: Context) -> Iterator[Raw]:
    rules = [r for r in ruleset.rules if r.implements("check_magic")]
    for magic in document.magics if rules else ():
        for rule in rules:
            checkpoint()
            for report in rule.check_magic(magic, ctx):
                yield raw_at(rule, report, magic.cell, None)


def text_blocks(document: Document) -> Iterator[TextBlock]:
    if document.kind == "notebook":
        for cell in document.cells:
            if cell.source:
                yield TextBlock(cell.kind, cell.source, cell.index)
    elif document.text and document.kind != "shell":  # a shell script's lines are its magics
        yield TextBlock("python" if document.kind == "python" else "requirements", document.text, None)


def _run_text(document: Document, ruleset: RuleSet, ctx: Context) -> Iterator[Raw]:
    rules = [r for r in ruleset.rules if r.implements("check_text")]
    for block in text_blocks(document) if rules else ():
        for rule in rules:
            if not rule.reads_text(block):
                continue
            checkpoint()
            for report in rule.check_text(block, ctx):
                yield raw_at(rule, report, block.cell, None)


def _run_outputs(document: Document, ruleset: RuleSet, ctx: Context) -> Iterator[Raw]:
    """Output findings, each at its place in the representation reports show (see
    :func:`linter.sources.outputs.shown_output`), whichever representation the rule read."""
    rules = [r for r in ruleset.rules if r.implements("check_output")]
    for cell in document.cells if rules else ():
        for output in cell.outputs:
            shown = shown_output(cell.outputs, output.index)
            for rule in rules:
                checkpoint()
                for report in rule.check_output(output, ctx):
                    raw = raw_at(rule, report, cell.index, output.index)
                    yield raw if shown is None or shown is output else _moved(raw, output.text, shown.text)


def _moved(raw: Raw, source: str, shown: str) -> Raw:
    """``raw`` (found in ``source``) at the same text in ``shown``, else at the start of ``shown``;
    its fix, if any, still edits ``source``."""
    p = raw.position
    span = relocate((p.line, p.column, p.end_line, p.end_column), source, shown) or (1, 0, 1, 0)
    return replace(raw, position=Position(p.cell, p.output, *span))


def detected_values(document: Document, ruleset: RuleSet) -> frozenset[str]:
    """The values the text and output hooks of ``ruleset`` (the secret and PII rules) report in
    ``document``, each cut from the very text the rule read (suppressed ones too): reports mask
    them wherever they appear, whatever the spans say. Never stored, never printed."""
    ctx = Context(document, collect_facts(None))
    found: set[str] = set()
    texts = [(block.text, block) for block in text_blocks(document)]
    for rule in ruleset.rules:
        if rule.implements("check_text"):
            for text, block in texts:
                if rule.reads_text(block):
                    found.update(_cut(text, report) for report in rule.check_text(block, ctx))
        if rule.implements("check_output"):
            for cell in document.cells:
                for output in cell.outputs:
                    found.update(_cut(output.text, report) for report in rule.check_output(output, ctx))
    found.discard("")
    return frozenset(found)


def _cut(text: str, report: Report) -> str:
    end_line = report.end_line if report.end_line is not None else report.line
    end_column = report.end_column if report.end_column is not None else report.column
    lines = text.split("\n")
    if not 0 < report.line <= end_line <= len(lines):
        return ""
    if report.line == end_line:
        return lines[report.line - 1][report.column : end_column]
    middle = lines[report.line : end_line - 1]
    return "\n".join([lines[report.line - 1][report.column :], *middle, lines[end_line - 1][:end_column]])


def _run_artifact(document: Document, ruleset: RuleSet, ctx: Context) -> Iterator[Raw]:
    artifact = document.artifact
    if artifact is None:
        return
    for rule in ruleset.rules:
        if rule.implements("check_artifact"):
            for report in rule.check_artifact(artifact, ctx):
                yield raw_at(rule, report, None, None)


def _run_bandit(
    document: Document, module: ast.Module | None, code: str, ruleset: RuleSet, ctx: Context
) -> Iterator[Raw]:
    """bandit's checks (only those selected; bandit is imported only then), reviewed by the checks
    that know better (see ``BanditCheck.review``), mapped to cells."""
    if module is None or not ruleset.bandit:
        return
    from linter.engine.bandit_bridge import SiteFinder, run_bandit  # loaded with the first check

    by_code = {check.code: check for check in ruleset.bandit}
    sites = SiteFinder(module, code, ctx.facts)
    for found in run_bandit(document, module, code, ruleset.bandit):
        rule = by_code.get(found.code)
        if rule is None:
            continue
        hit = rule.review(found, sites.site(found)) if rule.reviews else found
        if hit is None:
            continue
        cell, line, column = document.source_map.to_source(hit.line, hit.column)
        end_cell, end_line, end_column = document.source_map.to_source(hit.end_line, hit.end_column)
        if end_cell != cell:
            end_line, end_column = line, column
        report = Report(
            hit.message, line=line, column=column, end_line=end_line, end_column=end_column, severity=hit.severity
        )
        yield Raw(rule, report, Position(cell, None, line, column, end_line, end_column))


__all__ = ["RuleSet", "Raw", "detected_values", "lint_document", "text_blocks", "ReadProblem", "Severity"]
