"""THE entry point. The CLI, the pre-commit hook, the flake8 plugin and the Jupyter handler are thin
adapters over these functions; none of them analyses code itself.

- :func:`lint_paths` scans files and directories;
- :func:`lint_source` scans text as if it were the file ``path`` (script, notebook JSON, requirements);
- :func:`lint_notebook` scans notebook content already parsed from JSON (live content from JupyterLab).

Each returns a :class:`~linter.model.Result` whose findings are sorted by path, cell, output, line,
column and code. Nothing here raises for bad input: unreadable files and internal errors become
MLS002 findings and the run goes on.

With ``context=True`` (asked by the reports that show source or point into the raw file: full,
html, sarif, github, junit) each finding also carries a redacted source excerpt and, in notebooks,
its raw ``.ipynb`` start and end (see :mod:`linter.report.excerpts`); documents without findings cost
nothing extra, and the default path does none of it.
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from linter.cache import Cache, open_cache
from linter.config import Config
from linter.engine.budget import BudgetExceeded, time_budget
from linter.engine.gc_tuning import batch_collection, prepare_batch_worker
from linter.model import Finding, Result, RuleInfo
from linter.sources.artifacts import referenced_stamp
from linter.sources.discovery import discover_all
from linter.sources.document import Document, DocumentKind, ReadProblem
from linter.sources.reading import (
    NotReadable,
    document_from_owned_bytes,
    document_from_text,
    kind_of,
    notebook_document,
    problem_document,
    read_path,
    read_regular,
)
from linter.sources.requirements import plan_with_includes

if TYPE_CHECKING:
    from linter.engine.ruleset import RuleSet
    from linter.fix.redaction import RedactedOutput

SENSITIVE_PREFIXES = ("MLS2", "MLS5", "MLS305")  # secrets and personal data (MLS305: user names)

__all__ = ["Config", "Finding", "Result", "lint_paths", "lint_source", "lint_notebook", "rule_infos"]


def ruleset_for(select: tuple[str, ...], ignore: tuple[str, ...]) -> RuleSet:
    """:func:`linter.engine.ruleset.ruleset_for`, imported on first use (see :func:`lint_document`)."""
    from linter.engine.ruleset import ruleset_for as prepared

    return prepared(select, ignore)


def lint_document(document: Document, ruleset: RuleSet, allow_bare_noqa: bool = False) -> tuple[Finding, ...]:
    """:func:`linter.engine.run.lint_document`, imported on first use: the engine (libcst and the rules)
    is not loaded by a run whose files are all in the cache."""
    from linter.engine.run import lint_document as lint_with_engine

    return lint_with_engine(document, ruleset, allow_bare_noqa)


def _ruleset(config: Config, document: Document) -> RuleSet:
    """The selected rules that could report in ``document``: only their modules are imported
    (:mod:`linter.engine.catalogue`)."""
    from linter.engine.ruleset import ruleset_for_document

    return ruleset_for_document(document, *config.selection(document.path))


def lint(document: Document, config: Config = Config()) -> tuple[Finding, ...]:
    """Findings of one document (per-file ignores and severity overrides of ``config`` applied);
    an internal error, or a document over ``config.timeout_per_file``, is reported as MLS002,
    never raised."""
    return lint_within_budget(document, config)[0]


def lint_within_budget(document: Document, config: Config = Config()) -> tuple[tuple[Finding, ...], bool]:
    """(findings, complete): :func:`lint`, and False when the document ran over its time budget
    (then its only finding is that MLS002, which says how long it ran; such results are not
    cached). The rules are loaded before the budget starts; the analysis is inside it."""
    ruleset = _ruleset(config, document)
    try:
        with time_budget(config.timeout_per_file):
            found = _lint(document, ruleset, config.allow_bare_noqa)
    except BudgetExceeded as spent:
        return _over_budget(document, ruleset, spent), False
    return _override_severity(found, config), True


def _over_budget(document: Document, ruleset: RuleSet, spent: BudgetExceeded) -> tuple[Finding, ...]:
    message = (
        f"analysis stopped after {spent.elapsed:.2f} s, over the time budget of {spent.budget:g} s per file"
        " (--timeout-per-file); not scanned"
    )
    stopped = Document(
        path=document.path,
        kind=document.kind,
        code="",
        source_map=document.source_map,
        problems=(ReadProblem(message),),
    )
    return lint_document(stopped, ruleset)


def _override_severity(findings: tuple[Finding, ...], config: Config) -> tuple[Finding, ...]:
    if not config.severity:
        return findings
    changed = []
    for finding in findings:
        severity = config.severity_of(finding.code)
        changed.append(finding if severity is None else dataclasses.replace(finding, severity=severity))
    return tuple(changed)


def _lint(document: Document, ruleset: RuleSet, allow_bare_noqa: bool) -> tuple[Finding, ...]:
    try:
        return lint_document(document, ruleset, allow_bare_noqa)
    except Exception as error:  # a bug must not stop a run over many files
        failed = Document(
            path=document.path,
            kind=document.kind,
            code="",
            source_map=document.source_map,
            problems=(ReadProblem(f"internal error while analysing: {type(error).__name__}: {error}"),),
        )
        return lint_document(failed, ruleset)


def _sensitive(document: Document, config: Config) -> tuple[Finding, ...]:
    """Secret and PII findings of a document whose rules the run did not select: their spans are
    hidden from excerpts all the same."""
    from linter.registry import all_rules, is_selected

    codes = [rule.code for rule in all_rules() if rule.code.startswith(SENSITIVE_PREFIXES)]
    select, ignore = config.selection(document.path)
    missing = tuple(code for code in codes if not is_selected(code, select, ignore))
    if not missing:
        return ()
    try:
        return lint_document(document, ruleset_for(missing, ()))
    except Exception:  # hiding what a broken rule would have found is not possible: hide nothing more
        return ()


def _with_context(
    document: Document, findings: tuple[Finding, ...], config: Config, raw_text: str | None
) -> tuple[Finding, ...]:
    from linter.report.excerpts import annotate

    if not findings:
        return findings
    return annotate(document, findings, _sensitive(document, config), raw_text, _detected_values(document))


def _detected_values(document: Document) -> frozenset[str]:
    """Every secret and PII value the text and output scans of all secret and PII rules find in
    the document, selected or not: excerpts mask them wherever they appear."""
    from linter.engine.run import detected_values
    from linter.registry import all_rules

    codes = tuple(rule.code for rule in all_rules() if rule.code.startswith(SENSITIVE_PREFIXES))
    try:
        return detected_values(document, ruleset_for(codes, ()))
    except Exception:  # a broken rule: the spans of the findings are still hidden
        return frozenset()


def _raw_text(path: Path, config: Config) -> str | None:
    try:
        return read_regular(path, config.max_file_size).decode("utf-8-sig")
    except (NotReadable, UnicodeDecodeError):
        return None


def _findings(document: Document, config: Config, context: bool) -> tuple[tuple[Finding, ...], bool]:
    """(findings, complete) of a document read from disk (its path is the file's), with context if
    asked; complete is False when the document ran over its time budget."""
    found, complete = lint_within_budget(document, config)
    if context and found and complete:
        raw = _raw_text(Path(document.path), config) if document.is_notebook else None
        found = _with_context(document, found, config, raw)
    return found, complete


# Bytes a file that names a model file holds (its findings then depend on that file too).
_MODEL_HINT = re.compile(rb"\.(?:pkl|pickle|joblib|dill|pt|pth|bin|ckpt|npy|npz)\b", re.IGNORECASE)

# Below this many files one process is faster than starting a pool.
PARALLEL_MIN_FILES = 16


def _lint_planned(
    item: tuple[Path, DocumentKind | None], config: Config, context: bool, cache: Cache | None = None
) -> tuple[Finding, ...]:
    path, kind = item
    data = _cacheable_bytes(path, config) if cache is not None else None
    if cache is None or data is None:  # unreadable and oversized files are reported, not cached
        return _findings(read_path(path, kind=kind, limit=config.max_file_size), config, context)[0]
    key = _key(cache, item, data, context)
    found = cache.load(key)
    if found is None:
        box = [data]
        del data  # handed over: freed as soon as it is decoded
        found, complete = _findings(document_from_owned_bytes(box, str(path), kind), config, context)
        if complete:  # a time-out depends on the machine's load, not on the file
            cache.store(key, found)
    return found


def _key(cache: Cache, item: tuple[Path, DocumentKind | None], data: bytes, context: bool) -> str:
    path, kind = item
    depends = referenced_stamp(str(path), data.decode("utf-8", "replace")) if _MODEL_HINT.search(data) else ""
    return cache.key(data, str(path), kind or kind_of(str(path)), context, depends)


def _cached(
    item: tuple[Path, DocumentKind | None], cache: Cache, context: bool, config: Config
) -> tuple[Finding, ...] | None:
    """The cached findings of a planned file, or None (a miss, or a file not to cache)."""
    data = _cacheable_bytes(item[0], config)
    return None if data is None else cache.load(_key(cache, item, data, context))


def _cacheable_bytes(path: Path, config: Config) -> bytes | None:
    """The bytes of a file read_path would read, or None (too large, unreadable, not a regular file)."""
    if kind_of(str(path)) == "model":  # streamed, never read whole, and not cached
        return None
    try:
        return read_regular(path, config.max_file_size)
    except NotReadable:
        return None


def lint_paths(
    paths: Iterable[str | Path],
    config: Config = Config(),
    *,
    context: bool = False,
    jobs: int = 1,
    progress: Callable[[int, int], None] | None = None,
    cache_dir: str | Path | None = None,
) -> Result:
    """Scan files and directories; ``config.exclude`` applies to both (see linter.config). With
    ``jobs > 1`` files are linted in that many processes (order of findings unchanged);
    ``progress(done, total)`` is called as files complete. With ``cache_dir`` the findings of each
    file are kept there and reused while the file, its path, the configuration and mlsafe are
    unchanged (see linter.cache); without it nothing is cached."""
    excluded = config.is_excluded if config.exclude else None
    found = discover_all(paths, excluded)
    plan = plan_with_includes(found.files)  # -r/-c includes of requirements files too
    cache = open_cache(cache_dir, config.digest()) if cache_dir is not None else None
    findings: list[Finding] = [
        f for p in found.problems for f in lint(problem_document(str(p.path), p.message), config)
    ]
    todo = plan
    if cache is not None:  # hits are answered here, without a pool; only misses are linted
        todo = []
        for seen, item in enumerate(plan, start=1):
            hit = _cached(item, cache, context, config)
            if hit is None:
                todo.append(item)
                continue
            findings.extend(hit)
            if progress is not None:
                progress(seen - len(todo), len(plan))
    cached = len(plan) - len(todo)
    with contextlib.ExitStack() as stack:
        selection = config.selection()
        if jobs > 1 and len(todo) >= PARALLEL_MIN_FILES:
            import concurrent.futures  # with multiprocessing, about 25 ms: only for a pool
            import multiprocessing

            if multiprocessing.get_start_method() == "fork":  # workers inherit the engine loaded once here
                stack.enter_context(batch_collection(*selection))
            pool = stack.enter_context(
                concurrent.futures.ProcessPoolExecutor(
                    max_workers=jobs, initializer=prepare_batch_worker, initargs=selection
                )
            )
            parts: Iterable[tuple[Finding, ...]] = pool.map(
                _lint_planned,
                todo,
                itertools.repeat(config),
                itertools.repeat(context),
                itertools.repeat(cache),
                chunksize=max(1, min(32, len(todo) // (jobs * 8))),
            )
        else:
            if len(todo) >= PARALLEL_MIN_FILES:
                stack.enter_context(batch_collection(*selection))
            parts = (_lint_planned(item, config, context, cache) for item in todo)
        for done, part in enumerate(parts, start=cached + 1):
            findings.extend(part)
            if progress is not None:
                progress(done, len(plan))
    return Result(findings=tuple(sorted(findings, key=Finding.sort_key)), files=len(plan) + len(found.problems))


def lint_source(
    text: str,
    path: str = "<string>.py",
    config: Config = Config(),
    *,
    context: bool = False,
    kind: DocumentKind | None = None,
) -> Result:
    """``text`` linted as the file ``path`` (its kind from its name unless ``kind`` is given)."""
    document = document_from_text(text, path, kind)
    found = lint(document, config)
    if context:
        found = _with_context(document, found, config, text)
    return Result(findings=found, files=1)


def lint_notebook(
    notebook: Mapping[str, object], path: str = "notebook.ipynb", config: Config = Config(), *, context: bool = False
) -> Result:
    """Live notebook content has no raw text: excerpts are filled, raw positions are not."""
    document = notebook_document(notebook, path)
    found = lint(document, config)
    if context:
        found = _with_context(document, found, config, None)
    return Result(findings=found, files=1)


def redact_output(output: Mapping[str, object], config: Config = Config()) -> RedactedOutput:
    """One saved notebook output (nbformat JSON) with the secret and personal-data values its
    selected MLS2xx/MLS5xx rules find replaced by the reports' masks (see :mod:`linter.fix.redaction`)."""
    from linter.fix.redaction import redact_output as masked

    return masked(output, config)


def rule_infos() -> tuple[RuleInfo, ...]:
    from linter.registry import all_rules

    return tuple(rule.info() for rule in all_rules())
