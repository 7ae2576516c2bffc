"""``mlsafe``: the command line, a thin adapter over :mod:`linter.api`.

Exit codes: 0 no findings, 1 findings, 2 usage or internal error.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, NoReturn, TextIO

from linter import __version__
from linter.config import Config, ConfigError, Overrides, resolve, split_codes
from linter.model import Severity

if TYPE_CHECKING:
    from linter.model import Finding, Result

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
DEFAULT_CACHE_DIR = ".mlsafe_cache"  # linter.cache.DEFAULT_DIR, not imported: the CLI imports lazily


class UsageError(Exception):
    """A problem with the command line or configuration (exit 2)."""


def build_parser() -> argparse.ArgumentParser:
    from linter.report import formats

    parser = argparse.ArgumentParser(
        prog="mlsafe",
        description="Find unsafe model loading, secrets, verbose errors, unpinned installs and "
        "PII in ML notebooks and scripts.",
    )
    parser.add_argument("--version", action="version", version=f"mlsafe {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    check = commands.add_parser("check", help="scan files and directories (default: .)")
    check.add_argument("paths", nargs="*", default=["."], metavar="PATH", help="files or directories; - reads stdin")
    check.add_argument(
        "--stdin-filename",
        metavar="PATH",
        help="the name of the file read from stdin (`mlsafe check -`): its kind (.py, .ipynb, "
        "requirements*.txt), the configuration found from it and the path findings report",
    )
    check.add_argument(
        "--format",
        "--output-format",
        dest="format",
        choices=formats(),
        default="text",
        help="output format: " + ", ".join(formats()) + " (default: text; --output-format is ruff's spelling)",
    )
    check.add_argument(
        "--statistics",
        action="store_true",
        help="print the number of findings per rule and severity instead of the findings",
    )
    check.add_argument(
        "--severity",
        choices=("low", "medium", "high"),
        help="report only findings at or above this severity (default: low; the exit status still follows --fail-on)",
    )
    check.add_argument(
        "--select",
        help="comma-separated code prefixes to run (default: MLS,B: every mlsafe rule and the curated bandit checks)",
    )
    check.add_argument("--ignore", help="comma-separated code prefixes to skip")
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")
    check.add_argument("--output-file", "-o", help="write the report to this file instead of stdout")
    check.add_argument("--no-color", action="store_true", help="never colour the output")
    check.add_argument(
        "--fix",
        action="store_true",
        help="apply safe fixes in place (notebooks keep every byte outside the fixed spans)",
    )
    check.add_argument(
        "--unsafe-fixes",
        action="store_true",
        help="also apply fixes that may change behaviour (implies --fix unless --diff)",
    )
    check.add_argument(
        "--diff",
        action="store_true",
        help="print the fixes as a unified diff and write nothing (exit 1 if any would apply)",
    )
    check.add_argument(
        "--jobs", "-j", type=int, metavar="N", help="lint files in N processes (default: the number of CPUs)"
    )
    check.add_argument("--quiet", "-q", action="store_true", help="no progress display on stderr")
    check.add_argument(
        "--cache-dir", metavar="DIR", default=None, help="keep results per file in DIR (default: .mlsafe_cache)"
    )
    check.add_argument("--no-cache", action="store_true", help="neither read nor write the result cache")
    check.add_argument(
        "--timeout-per-file",
        type=float,
        metavar="SECONDS",
        help="report a file that takes longer as MLS002 and go on (default: 60; 0: no limit)",
    )
    # Configuration, suppressions and baselines (linter.config, linter.baseline)
    check.add_argument("--extend-select", help="comma-separated code prefixes to run in addition")
    check.add_argument(
        "--fail-on",
        choices=("low", "medium", "high"),
        help="lowest severity that makes the exit status 1 (default: low)",
    )
    check.add_argument("--config", metavar="PATH", help="read this pyproject.toml or mlsafe.toml")
    check.add_argument("--isolated", action="store_true", help="ignore configuration files")
    check.add_argument("--baseline", metavar="FILE", help="hide the findings recorded in FILE")
    check.add_argument("--write-baseline", metavar="FILE", help="record the current findings in FILE")
    commands.add_parser("rules", help="list all rules")
    rule = commands.add_parser("rule", help="show the documentation of one rule")
    rule.add_argument("code")
    commands.add_parser("lsp", help="run the language server on stdin/stdout (needs the lsp extra)")
    return parser


def _config(args: argparse.Namespace) -> Config:
    """The file configuration ([tool.mlsafe]) overridden by the command line."""
    overrides = Overrides(
        select=split_codes(args.select),
        ignore=split_codes(args.ignore),
        extend_select=split_codes(args.extend_select),
        fail_on=args.fail_on,
        config=args.config,
        isolated=args.isolated,
        show=args.severity,
        timeout_per_file=args.timeout_per_file,
    )
    if args.timeout_per_file is not None and not args.timeout_per_file >= 0:
        raise UsageError("--timeout-per-file takes a number of seconds, 0 or more")
    paths = [args.stdin_filename or "."] if _reads_stdin(args) else args.paths
    return resolve(paths, overrides)


def _reads_stdin(args: argparse.Namespace) -> bool:
    if "-" not in args.paths:
        return False
    if len(args.paths) > 1:
        raise UsageError("`-` (stdin) cannot be combined with other paths")
    if args.fix or args.unsafe_fixes or args.diff:
        raise UsageError("--fix, --unsafe-fixes and --diff need files: they are not applied to stdin")
    return True


def lint_stdin(args: argparse.Namespace, config: Config, context: bool, stdin: TextIO) -> Result:
    """The source read from stdin, linted as the file ``--stdin-filename`` (``-`` without it: a
    notebook when it is notebook JSON, else Python). An excluded name reports nothing, as ruff."""
    from linter.api import lint_source
    from linter.model import Result
    from linter.sources.reading import kind_of

    buffer = getattr(stdin, "buffer", None)
    data = buffer.read() if buffer is not None else stdin.read().encode("utf-8", "surrogateescape")
    text = data.decode("utf-8-sig", errors="replace")
    name = args.stdin_filename or "-"
    if args.stdin_filename and config.is_excluded(name):
        return Result(files=0)
    if args.stdin_filename:
        kind = kind_of(name)
    else:
        kind = "notebook" if text.lstrip().startswith("{") and '"cells"' in text else "python"
    return lint_source(text, name, config, context=context, kind=kind)


def _jobs(args: argparse.Namespace) -> int:
    jobs: int | None = args.jobs
    if jobs is not None:
        if jobs < 1:
            raise UsageError("--jobs takes a number of processes, 1 or more")
        return jobs
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


class Progress:
    """``files done/total`` on a terminal's stderr, only for runs longer than a second."""

    DELAY = 1.0

    def __init__(self, stream: TextIO, enabled: bool = True) -> None:
        self.stream = stream
        self.enabled = enabled and bool(getattr(stream, "isatty", lambda: False)())
        self.start = time.monotonic()
        self.shown = False

    def update(self, done: int, total: int) -> None:
        if not self.enabled or time.monotonic() - self.start < self.DELAY:
            return
        self.stream.write(f"\rmlsafe: {done}/{total} files")
        self.stream.flush()
        self.shown = True

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def _use_color(args: argparse.Namespace, stream: TextIO) -> bool:
    if args.no_color or args.output_file or os.environ.get("NO_COLOR"):
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


def run_fix(args: argparse.Namespace, config: Config, stdout: TextIO, stderr: TextIO) -> int | Result:
    """Apply (or with --diff, show) fixes; the exit code for --diff, else the findings left (to
    be reported as usual)."""
    from linter.fix.apply import fix_paths

    run = fix_paths(args.paths, config, unsafe=args.unsafe_fixes, write=not args.diff, jobs=_jobs(args))
    stderr.writelines(f"mlsafe: {problem}\n" for problem in (*run.problems, *run.errors))
    changed = [f for f in run.files if f.changed]
    count = (
        f"{run.applied} fix{'es' if run.applied != 1 else ''} in {len(changed)} file{'s' if len(changed) != 1 else ''}"
    )
    if args.diff:
        stdout.write("".join(f.diff() for f in changed))
        stderr.write(f"mlsafe: would apply {count}\n")
        return EXIT_FINDINGS if changed else EXIT_CLEAN
    stderr.write(f"mlsafe: applied {count}\n")
    if run.errors:
        raise UsageError(f"{len(run.errors)} file(s) could not be written")
    return run.result


def run_check(
    args: argparse.Namespace, stdout: TextIO, stderr: TextIO | None = None, stdin: TextIO | None = None
) -> int:
    from linter.api import lint_paths
    from linter.report import needs_context, render

    config = _config(args)
    context = needs_context(args.format) and not args.statistics and not args.write_baseline
    left: Result | None = None
    if args.fix or args.unsafe_fixes or args.diff:
        fixed = run_fix(args, config, stdout, stderr or sys.stderr)
        if isinstance(fixed, int):
            return fixed
        left = fixed
    if left is not None and not context:
        result = left
    elif _reads_stdin(args):
        result = lint_stdin(args, config, context, stdin or sys.stdin)
    else:
        with Progress(stderr or sys.stderr, enabled=not args.quiet) as progress:
            result = lint_paths(
                args.paths,
                config,
                context=context,
                jobs=_jobs(args),
                progress=progress.update,
                cache_dir=None if args.no_cache else args.cache_dir or DEFAULT_CACHE_DIR,
            )
    if args.write_baseline:
        from linter.baseline import write_baseline

        count = write_baseline(args.write_baseline, result.findings)
        stdout.write(f"Wrote {count} finding{'s' if count != 1 else ''} to the baseline {args.write_baseline}.\n")
        return EXIT_CLEAN
    hidden = 0
    if args.baseline:
        from linter.baseline import load_baseline

        result, hidden = load_baseline(args.baseline).filter(result)
    everything = result.findings
    if config.show > Severity.LOW:
        shown = config.shown(everything)
        below = tuple(f for f in everything if f.severity < config.show)
        result = dataclasses.replace(result, findings=shown, below=below)
    report = render(args.format, result, color=_use_color(args, stdout), statistics=args.statistics)
    if args.output_file:
        try:
            with open(args.output_file, "w", encoding="utf-8") as handle:
                handle.write(report)
        except OSError as error:
            raise UsageError(f"cannot write {args.output_file}: {error.strerror or error}") from None
    else:
        stdout.write(report)
    if stderr is not None:
        stdout.flush()
        _suppression_hint(everything, stderr)
    if hidden and stderr is not None:
        stdout.flush()
        stderr.write(f"mlsafe: {hidden} finding{'s' if hidden != 1 else ''} hidden by the baseline {args.baseline}\n")
    if args.exit_zero or not config.fails(everything):
        return EXIT_CLEAN
    return EXIT_FINDINGS


def _suppression_hint(findings: Sequence[Finding], stderr: TextIO) -> None:
    """Once per run: how to suppress, when a reported finding's line holds a bare ``# noqa`` or a
    ``# nosec`` that mlsafe ignores."""
    first = {f.ignored_comment: f for f in reversed(findings) if f.ignored_comment}
    if "noqa" in first:
        code = first["noqa"].code
        stderr.write(
            f"mlsafe: hint: a bare `# noqa` does not suppress mlsafe findings; name the code "
            f"(`# noqa: {code}`), or set `allow-bare-noqa = true` in [tool.mlsafe]\n"
        )
    if "nosec" in first:
        code = first["nosec"].code
        stderr.write(
            f"mlsafe: hint: `# nosec` suppresses only bandit's checks (B codes); suppress mlsafe "
            f"findings by name (`# noqa: {code}`)\n"
        )


def run_rules(stdout: TextIO) -> int:
    from linter.registry import all_rules

    for rule in all_rules():
        stdout.write(
            f"{rule.code}  {rule.name:<28} {rule.category.value:<14} {rule.severity.label:<7} {rule.summary}\n"
        )
    return EXIT_CLEAN


def run_rule(code: str, stdout: TextIO) -> int:
    from linter.docs import rule_markdown
    from linter.registry import rule_by_code

    rule = rule_by_code(code)
    if rule is None:
        raise UsageError(f"unknown rule {code!r} (see `mlsafe rules`)")
    stdout.write(rule_markdown(rule))
    return EXIT_CLEAN


def run_lsp() -> int:
    try:
        from linter.lsp.server import serve
    except ImportError as error:  # pygls is the optional `lsp` extra
        raise UsageError(f"mlsafe lsp needs pygls: pip install 'mlsafe[lsp]' ({error})") from None
    return serve()


def main(
    argv: Sequence[str] | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    stdin: TextIO | None = None,
) -> int:
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return EXIT_CLEAN if exit_.code in (0, None) else EXIT_ERROR
    try:
        if args.command == "check":
            return run_check(args, stdout, stderr, stdin)
        if args.command == "rules":
            return run_rules(stdout)
        if args.command == "rule":
            return run_rule(args.code, stdout)
        if args.command == "lsp":
            return run_lsp()
        parser.print_help(stdout)
        return EXIT_ERROR
    except (UsageError, ConfigError) as error:
        stderr.write(f"mlsafe: error: {error}\n")
        return EXIT_ERROR
    except KeyboardInterrupt:
        stderr.write("mlsafe: interrupted\n")
        return EXIT_ERROR
    except Exception as error:  # the last line of defence: a message, not a traceback
        stderr.write(f"mlsafe: internal error: {type(error).__name__}: {error}\n")
        return EXIT_ERROR


def console_main() -> NoReturn:
    """The ``mlsafe`` command and ``python -m linter``: :func:`main` in a process of its own.

    Two process-wide settings that only a command may make (the API never does):

    - the collector's young generation is collected every 50,000 allocations, not every 700
      (:data:`~linter.engine.gc_tuning.BATCH_THRESHOLDS`; garbage still reaches a full collection
      every ten million allocations): loading libcst and the rules allocates a few hundred
      thousand objects that live as long as the process, and the default thresholds traverse them
      again and again;
    - once the output is flushed the process ends with ``os._exit`` (as mypy's command does),
      without tearing down the modules and objects it loaded, which only the operating system
      needs to reclaim.

    Together they spared about 10 percent of the CPU of a one-notebook run (``bench/scaling.py
    --series single``)."""
    import gc

    from linter.engine.gc_tuning import BATCH_THRESHOLDS

    gc.set_threshold(*BATCH_THRESHOLDS)
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (``mlsafe check | head``) or stream
            code = code or EXIT_ERROR
    os._exit(code)
