"""Benchmark mlsafe against bandit and ruff on the same corpus (run by hand, not a test).

    python -m pip install -e '.[bench]'
    python bench/run.py [--corpus DIR] [--repeat 3]

Builds the corpus with ../shared/bench/make-corpus.sh when it is missing, then runs each tool
``--repeat`` times as a child process and reports the median CPU seconds (user + system, children
included), wall seconds and peak resident memory, files per second, and ratios to bandit. Each tool
gets the same files: mlsafe and ruff read the notebooks and the Python files; bandit cannot read
notebooks, so it runs twice: on the Python files alone, and on the Python files plus every notebook's
code exported to a .py file (the fairest comparison for the same amount of code). mlsafe's cold runs
use ``--no-cache``; the warm run reads a cache folder filled by one unmeasured run over the same
files (what a second ``mlsafe check`` over an unchanged tree costs), and one row measures a cold run
writing a fresh cache.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAKE_CORPUS = ROOT.parent / "shared" / "bench" / "make-corpus.sh"
DEFAULT_CORPUS = Path.home() / ".cache" / "mlsafe-bench" / "corpus"


# A command line, or a function of the run's index giving one (a fresh cache folder per run).
Command = list[str] | Callable[[int], list[str]]


@dataclass(frozen=True)
class Run:
    cpu: float
    wall: float
    peak_mb: float
    status: int


@dataclass(frozen=True)
class Summary:
    name: str
    files: int
    cpu: float
    wall: float
    peak_mb: float
    statuses: tuple[int, ...]


def measure(command: list[str], cwd: Path) -> Run:
    """One child process: its CPU time and peak RSS from wait4, its wall time."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return Run(usage.ru_utime + usage.ru_stime, wall, usage.ru_maxrss / 1024, process.returncode)


def summarise(name: str, files: int, runs: list[Run]) -> Summary:
    return Summary(
        name=name,
        files=files,
        cpu=statistics.median(r.cpu for r in runs),
        wall=statistics.median(r.wall for r in runs),
        peak_mb=max(r.peak_mb for r in runs),
        statuses=tuple(sorted({r.status for r in runs})),
    )


def export_notebooks(notebooks: list[Path], dest: Path) -> int:
    """Write each notebook's code (IPython syntax neutralised, as mlsafe sees it) to a .py file."""
    from linter.sources.reading import read_path

    count = 0
    for index, path in enumerate(notebooks):
        document = read_path(path)
        if document.code.strip():
            (dest / f"nb_{index:05d}.py").write_text(document.code, encoding="utf-8")
            count += 1
    return count


def ensure_corpus(corpus: Path) -> None:
    if not (corpus / ".complete").exists():
        subprocess.run(["bash", str(MAKE_CORPUS), str(corpus)], check=True)


def table(rows: list[Summary], baseline: Summary) -> str:
    header = f"{'tool':<44} {'files':>6} {'cpu s':>8} {'wall s':>8} {'peak MB':>8} {'files/s':>8} {'cpu/bandit':>10}"
    lines = [header, "-" * len(header)]
    for row in rows:
        ratio = row.cpu / baseline.cpu if baseline.cpu else float("nan")
        rate = row.files / row.wall if row.wall else float("nan")
        lines.append(
            f"{row.name:<44} {row.files:>6} {row.cpu:>8.2f} {row.wall:>8.2f} {row.peak_mb:>8.0f} {rate:>8.0f} {ratio:>10.2f}"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--mlsafe-args", default="", help="extra arguments for `mlsafe check`")
    args = parser.parse_args()
    ensure_corpus(args.corpus)
    corpus = args.corpus.resolve()
    notebooks = sorted(corpus.rglob("*.ipynb"))
    scripts = sorted(corpus.rglob("*.py"))
    for tool in ("bandit", "ruff"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is not installed: python -m pip install -e '.[bench]'")
    cached = [sys.executable, "-m", "linter", "check", "--exit-zero", *args.mlsafe_args.split()]
    mlsafe = [*cached, "--no-cache"]  # cold runs stay cold
    with tempfile.TemporaryDirectory() as tmp:
        exported = Path(tmp) / "exported"
        exported.mkdir()
        exported_count = export_notebooks(notebooks, exported)
        warm_cache = Path(tmp) / "warm-cache"
        every = len(notebooks) + len(scripts)
        plans: list[tuple[str, int, Command]] = [
            ("mlsafe check (notebooks + .py)", len(notebooks) + len(scripts), [*mlsafe, str(corpus)]),
            ("bandit -r (.py only)", len(scripts), ["bandit", "-q", "-r", str(corpus)]),
            (
                "bandit -r (.py + notebooks exported)",
                len(scripts) + exported_count,
                ["bandit", "-q", "-r", str(corpus), str(exported)],
            ),
            (
                "ruff check --select S (notebooks + .py)",
                len(notebooks) + len(scripts),
                [
                    "ruff",
                    "check",
                    "--no-cache",
                    "--select",
                    "S",
                    "--exit-zero",
                    "--extension",
                    "ipynb:ipynb",
                    str(corpus),
                ],
            ),
            ("mlsafe check (.py only)", len(scripts), [*mlsafe, *map(str, scripts)]),
            ("mlsafe check --jobs 1", len(notebooks) + len(scripts), [*mlsafe, "--jobs", "1", str(corpus)]),
            (
                "mlsafe check --ignore B (no bandit checks)",
                len(notebooks) + len(scripts),
                [*mlsafe, "--ignore", "B", str(corpus)],
            ),
            (
                "mlsafe check, writing a fresh cache",
                every,
                lambda run: [*cached, "--cache-dir", str(Path(tmp) / f"fresh-cache-{run}"), str(corpus)],
            ),
            (
                "mlsafe check, warm cache (files unchanged)",
                every,
                [*cached, "--cache-dir", str(warm_cache), str(corpus)],
            ),
        ]
        subprocess.run(
            [*cached, "--cache-dir", str(warm_cache), str(corpus)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )  # fills the warm cache
        results = []
        for name, files, command in plans:
            runs = [measure(command(run) if callable(command) else command, ROOT) for run in range(args.repeat)]
            results.append(summarise(name, files, runs))
            print(f"measured {name}: median cpu {results[-1].cpu:.2f}s", file=sys.stderr)
    by_name = {row.name: row for row in results}
    baseline, fair = by_name["bandit -r (.py only)"], by_name["bandit -r (.py + notebooks exported)"]
    print(f"corpus: {corpus} ({len(notebooks)} notebooks, {len(scripts)} .py files); median of {args.repeat} runs")
    print(table(results, baseline))

    def ratio(name: str, against: Summary) -> str:
        return f"{by_name[name].cpu / against.cpu:.2f}"

    print(
        f"\nmlsafe CPU / bandit CPU (.py only): {ratio('mlsafe check (notebooks + .py)', baseline)}"
        f" (mlsafe also reads the {len(notebooks)} notebooks bandit skips)"
    )
    print(
        f"mlsafe CPU / bandit CPU on the same code (notebooks exported for bandit): "
        f"{ratio('mlsafe check (notebooks + .py)', fair)}"
    )
    print(f"mlsafe (.py only) CPU / bandit CPU (.py only): {ratio('mlsafe check (.py only)', baseline)}")
    print(f"mlsafe --jobs 1 CPU / bandit CPU (.py only): {ratio('mlsafe check --jobs 1', baseline)}")
    print(
        f"mlsafe without bandit checks CPU / bandit CPU (.py only): "
        f"{ratio('mlsafe check --ignore B (no bandit checks)', baseline)}"
    )
    ruff = by_name["ruff check --select S (notebooks + .py)"]
    print(f"mlsafe warm cache CPU / ruff cold CPU: {ratio('mlsafe check, warm cache (files unchanged)', ruff)}")
    print(
        f"mlsafe warm cache CPU / mlsafe cold CPU: "
        f"{ratio('mlsafe check, warm cache (files unchanged)', by_name['mlsafe check (notebooks + .py)'])}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
