"""Apply rule fixes to files: ``mlsafe check --fix`` / ``--unsafe-fixes`` / ``--diff``.

Each pass lints the current text, takes the fixes of the allowed tier whose splices overlap no fix
already taken (the others wait for the next pass), applies them, and lints again; it stops when no
fix applies or after :data:`MAX_PASSES`. A pass whose fixes would add a syntax error is undone.
Edits become splices of the raw text (:mod:`linter.fix.splices`): a notebook keeps every byte outside the
fixed span (indentation, key order, escapes, line endings, ids, metadata).

Only files whose text changed are written, atomically: a temporary file in the same directory,
flushed and fsynced, then ``os.replace``; the file's mode is kept. A crash at any point leaves
either the old file or the new one, never half of one, and no temporary file behind.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import difflib
import io
import itertools
import json
import os
import re
import tempfile
import tokenize
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from linter.api import lint
from linter.config import Config
from linter.fix.edits import line_starts, offset_of
from linter.fix.splices import NotebookPatcher, PatchError, Splice, script_splices
from linter.model import Edit, Finding, Fix, Result
from linter.sources.discovery import discover_all
from linter.sources.document import Document, DocumentKind, OutputText
from linter.sources.outputs import shown_output
from linter.sources.reading import (
    NotReadable,
    document_from_text,
    kind_of,
    problem_document,
    read_path,
    read_regular,
)
from linter.startup.lazy_pattern import lazy_compile

MAX_PASSES = 10
BOM = "\ufeff"
_BROKEN = ("MLS001", "MLS002")


@dataclass(frozen=True)
class FileFix:
    """The outcome for one file: its text before and after, how many fixes were applied, the
    findings left, and why some fixes could not be applied. ``hidden`` holds the secret and PII
    values of the original text, only to redact them from :meth:`diff` (never shown)."""

    path: str
    original: str = field(repr=False)
    fixed: str = field(repr=False)
    applied: int
    findings: tuple[Finding, ...]
    problems: tuple[str, ...] = ()
    hidden: tuple[str, ...] = field(default=(), repr=False, compare=False)

    @property
    def changed(self) -> bool:
        return self.fixed != self.original

    def diff(self) -> str:
        """A unified diff of the raw text (empty when nothing changed), with secret and personal
        values redacted as in every report (``sk-p…``)."""
        if not self.changed:
            return ""
        if kind_of(self.path) == "notebook":
            cells = notebook_diff(self.path, self.original, self.fixed)
            if cells is not None:
                return "".join(_redacted(line, self.hidden) for line in cells)
        return "".join(_redacted(line, self.hidden) for line in _unified(self.original, self.fixed, self.path))


def _unified(before: str, after: str, name: str) -> list[str]:
    lines = difflib.unified_diff(
        before.splitlines(keepends=True), after.splitlines(keepends=True), fromfile=f"a/{name}", tofile=f"b/{name}"
    )
    return [line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines]


def _cell_lines(before: str, after: str, name: str) -> list[str]:
    """A unified diff of a cell's source or output text; cells end without a newline, which is
    not a change worth a marker."""

    def ended(text: str) -> str:
        return text if not text or text.endswith("\n") else text + "\n"

    return _unified(ended(before), ended(after), name)


def notebook_diff(path: str, before: str, after: str) -> list[str] | None:
    """The changes of a notebook cell by cell, as ruff shows them: for each changed cell a header
    naming it (``a/nb.ipynb:cell 3``) and a diff of its source lines; for a changed or removed
    saved output, one of its shown text (``a/nb.ipynb:cell 3:output 1``). None when the two texts
    are not notebooks with the same cells (then the raw diff is shown)."""
    old = document_from_text(before, path, "notebook")
    new = document_from_text(after, path, "notebook")
    if old.problems or new.problems or len(old.cells) != len(new.cells):
        return None
    lines: list[str] = []
    for cell, (a, b) in enumerate(zip(old.cells, new.cells, strict=True), start=1):
        if a.source != b.source:
            lines.extend(_cell_lines(a.source, b.source, f"{path}:cell {cell}"))
        lines.extend(_output_diff(path, cell, _shown_texts(a.outputs), _shown_texts(b.outputs)))
    return lines


def _shown_texts(outputs: Sequence[OutputText]) -> list[str]:
    indices = sorted({o.index for o in outputs})
    return [shown.text for shown in (shown_output(outputs, i) for i in indices) if shown is not None]


def _output_diff(path: str, cell: int, before: list[str], after: list[str]) -> list[str]:
    lines: list[str] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        olds, news = before[i1:i2], after[j1:j2]
        for k in range(max(len(olds), len(news))):
            name = f"{path}:cell {cell}:output {i1 + k + 1}"
            old_text = olds[k] if k < len(olds) else ""
            new_text = news[k] if k < len(news) else ""
            lines.extend(_cell_lines(old_text, new_text, name))
    return lines


def _redacted(line: str, hidden: Sequence[str]) -> str:
    """A diff line with the given values (as written, or JSON-escaped in a notebook) and anything
    that looks like a credential or an e-mail address redacted."""
    if line.startswith(("---", "+++", "@@", "\\")):
        return line
    from linter.report.excerpts import redact_line, suspicious_spans

    spans = []
    for value in hidden:
        for form in dict.fromkeys((value, json.dumps(value)[1:-1], json.dumps(value, ensure_ascii=False)[1:-1])):
            start = line.find(form)
            while start >= 0:
                spans.append((start, start + len(form)))
                start = line.find(form, start + len(form))
    body, _ = redact_line(line[1:], [(a - 1, b - 1) for a, b in spans] + suspicious_spans(line[1:]))
    return line[0] + body


def sensitive_values(document: Document) -> tuple[str, ...]:
    """The text of every secret and PII finding of a document (all MLS2xx/MLS5xx rules, selected
    or not), for redaction."""
    from linter.api import SENSITIVE_PREFIXES, ruleset_for
    from linter.engine.run import lint_document
    from linter.registry import all_rules
    from linter.report.excerpts import _text_of

    codes = tuple(rule.code for rule in all_rules() if rule.code.startswith(SENSITIVE_PREFIXES))
    if not codes:
        return ()
    try:
        findings = lint_document(document, ruleset_for(codes, ()))
    except Exception:  # a broken rule: the suspicious-looking values are still redacted
        return ()
    values: dict[str, None] = {}
    for finding in findings:
        text = _text_of(document, finding)
        if text is None:
            continue
        loc = finding.location
        starts = line_starts(text)
        begin = offset_of(starts, len(text), loc.line, loc.column - 1)
        end = offset_of(starts, len(text), loc.end_line, loc.end_column - 1)
        if begin is not None and end is not None and end > begin:
            value = text[begin:end]
            quoted = _QUOTED.fullmatch(value)  # a string literal: hide its content, keep its quotes
            values[quoted.group(2) if quoted and quoted.group(2) else value] = None
    return tuple(values)


_QUOTED = lazy_compile(r"""[rRbBuUfF]{0,2}('''|\"\"\"|'|")(.*)\1""", re.DOTALL)


@dataclass(frozen=True)
class FixRun:
    files: tuple[FileFix, ...]
    result: Result  # the findings left in every file scanned
    errors: tuple[str, ...] = ()  # files that could not be written

    @property
    def applied(self) -> int:
        return sum(f.applied for f in self.files)

    @property
    def problems(self) -> tuple[str, ...]:
        return tuple(p for f in self.files for p in f.problems)


def wanted(fix: Fix | None, unsafe: bool) -> bool:
    return fix is not None and (fix.is_safe or unsafe)


def fix_text(
    text: str, path: str, config: Config = Config(), unsafe: bool = False, kind: DocumentKind | None = None
) -> FileFix:
    """Apply the fixes of the allowed tier to ``text`` (the file ``path``, read as ``kind`` when
    given, else by its name); nothing is written."""
    current = text
    applied = 0
    problems: dict[str, None] = {}
    findings = lint(document_from_text(current, path, kind), config)
    for _ in range(MAX_PASSES):
        chosen = _choose(current, path, kind, findings, unsafe, problems)
        if not chosen:
            break
        candidate = _apply(current, [s for _, splices in chosen for s in splices])
        after = lint(document_from_text(candidate, path, kind), config)
        if _broken(after) > _broken(findings):
            problems.setdefault(f"{path}: fixes not applied: they would make the code unparseable", None)
            break
        current, findings = candidate, after
        applied += len(chosen)
    hidden = sensitive_values(document_from_text(text, path, kind)) if current != text else ()
    return FileFix(path, text, current, applied, findings, tuple(problems), hidden)


def _broken(findings: Sequence[Finding]) -> int:
    return sum(f.code in _BROKEN for f in findings)


def _choose(
    text: str,
    path: str,
    kind: DocumentKind | None,
    findings: Sequence[Finding],
    unsafe: bool,
    problems: dict[str, None],
) -> list[tuple[Finding, list[Splice]]]:
    """The fixes to apply this pass, none overlapping another."""
    fixable = [f for f in findings if wanted(f.fix, unsafe)]
    if not fixable:
        return []
    try:
        patcher = _patcher(text, path, kind)
    except (PatchError, ValueError, RecursionError) as error:
        problems.setdefault(f"{path}: not fixed: {error}", None)
        return []
    chosen: list[tuple[Finding, list[Splice]]] = []
    taken: list[Splice] = []
    for finding in fixable:
        assert finding.fix is not None
        try:
            splices = [s for edit in finding.fix.edits for s in patcher(edit)]
        except PatchError as error:
            problems.setdefault(f"{_where(finding)}: {finding.code} not fixed: {error}", None)
            continue
        except (ValueError, IndexError, KeyError, TypeError) as error:  # a bug must not stop the run
            problems.setdefault(f"{_where(finding)}: {finding.code} not fixed: internal error: {error!r}", None)
            continue
        if any(a.overlaps(b) for i, a in enumerate(splices) for b in (*splices[i + 1 :], *taken)):
            continue
        taken.extend(splices)
        chosen.append((finding, splices))
    return chosen


def _patcher(text: str, path: str, kind: DocumentKind | None) -> Callable[[Edit], list[Splice]]:
    """Edit -> splices of ``text``; raises PatchError when the file cannot be edited in place."""
    if (kind or kind_of(path)) == "notebook":
        return NotebookPatcher(text, document_from_text(text, path, kind)).splices
    return lambda edit: script_splices(text, (edit,))


def _where(finding: Finding) -> str:
    loc = finding.location
    cell = f"cell {loc.cell}:" if loc.cell is not None else ""
    return f"{loc.path}:{cell}{loc.line}:{loc.column}"


def _apply(text: str, splices: Iterable[Splice]) -> str:
    for splice in sorted(splices, key=lambda s: (s.start, s.end), reverse=True):
        text = text[: splice.start] + splice.text + text[splice.end :]
    return text


# ---------------------------------------------------------------------------------------------
# Files


@dataclass(frozen=True)
class _Decoded:
    text: str
    encoding: str
    bom: bool


def _decode(data: bytes, path: str, kind: DocumentKind | None) -> _Decoded:
    encoding = "utf-8"
    if (kind or kind_of(path)) == "python":
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        encoding = "utf-8" if encoding in ("utf-8", "utf-8-sig") else encoding
    bom = encoding == "utf-8" and data.startswith(BOM.encode("utf-8"))
    text = data.decode(encoding)
    return _Decoded(text[1:] if bom else text, encoding, bom)


def _encode(decoded: _Decoded, text: str) -> bytes:
    return ((BOM if decoded.bom else "") + text).encode(decoded.encoding)


def fix_paths(
    paths: Iterable[str | Path], config: Config = Config(), *, unsafe: bool = False, write: bool = True, jobs: int = 1
) -> FixRun:
    """Fix the files ``lint_paths`` would scan (same exclusions and requirements includes); write
    the changed ones when ``write``. With ``jobs > 1`` files are fixed in that many processes."""
    from linter.api import PARALLEL_MIN_FILES
    from linter.sources.requirements import plan_with_includes

    excluded = config.is_excluded if config.exclude else None
    found = discover_all(paths, excluded)
    plan = plan_with_includes(found.files)
    with contextlib.ExitStack() as stack:
        if jobs > 1 and len(plan) >= PARALLEL_MIN_FILES:
            pool = stack.enter_context(concurrent.futures.ProcessPoolExecutor(max_workers=jobs))
            parts: Iterable[_Outcome] = pool.map(
                _fix_planned,
                plan,
                itertools.repeat(config),
                itertools.repeat(unsafe),
                itertools.repeat(write),
                chunksize=max(1, min(32, len(plan) // (jobs * 8))),
            )
        else:
            parts = (_fix_planned(item, config, unsafe, write) for item in plan)
        outcomes = list(parts)
    findings = [f for p in found.problems for f in lint(problem_document(str(p.path), p.message), config)]
    findings.extend(f for _, left, _ in outcomes for f in left)
    result = Result(findings=tuple(sorted(findings, key=Finding.sort_key)), files=len(plan) + len(found.problems))
    return FixRun(
        tuple(o for o, _, _ in outcomes if o is not None), result, tuple(error for _, _, error in outcomes if error)
    )


_Outcome = tuple[FileFix | None, tuple[Finding, ...], str | None]  # (fix, findings left, write error)


def _fix_planned(item: tuple[Path, DocumentKind | None], config: Config, unsafe: bool, write: bool) -> _Outcome:
    """Fix one file; a file that cannot be read as text is linted as usual (which says why)."""
    path, kind = item
    if (kind or kind_of(str(path))) == "model":  # nothing to fix; never read whole
        return None, lint(read_path(path, kind=kind), config), None
    try:
        decoded = _decode(read_regular(path, config.max_file_size), str(path), kind)
    except (NotReadable, ValueError, LookupError, SyntaxError):  # UnicodeDecodeError is a ValueError
        return None, lint(read_path(path, kind=kind, limit=config.max_file_size), config), None
    outcome = fix_text(decoded.text, str(path), config, unsafe, kind)
    if write and outcome.changed:
        try:
            write_atomic(path, _encode(decoded, outcome.fixed))
        except (OSError, UnicodeEncodeError) as error:
            unchanged = FileFix(outcome.path, outcome.original, outcome.original, 0, (), outcome.problems)
            left = lint(document_from_text(decoded.text, str(path), kind), config)
            return unchanged, left, f"{path}: not written: {getattr(error, 'strerror', None) or error}"
    return outcome, outcome.findings, None


def write_atomic(path: Path, data: bytes) -> None:
    """Replace ``path``'s content with ``data`` atomically, keeping its permission bits."""
    mode = path.stat().st_mode & 0o7777
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".mlsafe-tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


__all__ = ["MAX_PASSES", "FileFix", "FixRun", "fix_paths", "fix_text", "write_atomic"]
