"""What one job of the organisation-wide matrix workflow costs (docs/ci.md), measured locally (run by
hand, not a test).

    python bench/matrix.py [--root ~/.cache/mlsafe-field] [--jobs 2]

Each folder under ``--root`` is one repository, i.e. one matrix job. For each, it runs what the
GitHub Action runs (``mlsafe check --format sarif --output-file ...``) as a child process, twice:
cold (an empty cache folder, which the run fills: a job whose cache was never saved) and warm (a
second run over the same files with the folder the first run wrote: what a job restoring
``.mlsafe_cache`` costs when nothing changed). It reports the files mlsafe picks in the walk, wall
and CPU seconds, files per second of wall time, the number of SARIF results and the SARIF file's
size, then the totals: the sum of the jobs' wall time is what one runner would need for all
repositories one after the other, the longest job is the matrix's wall time when every job gets
its own runner.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from linter.sources.discovery import discover

DEFAULT_ROOT = Path.home() / ".cache" / "mlsafe-field"


@dataclass(frozen=True)
class Job:
    repo: str
    files: int
    wall: float
    cpu: float
    warm_wall: float
    results: int
    sarif_kb: float
    status: int


def run(command: list[str], cwd: Path) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system, children included) and exit status of one child."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    return wall, usage.ru_utime + usage.ru_stime, os.waitstatus_to_exitcode(status)


def job(repo: Path, jobs: int, scratch: Path) -> Job:
    sarif = scratch / f"{repo.name}.sarif"
    cache = scratch / f"{repo.name}-cache"
    check = [sys.executable, "-m", "linter", "check", "--format", "sarif", "--output-file", str(sarif)]
    check += ["--jobs", str(jobs), "--quiet", "--isolated", str(repo)]
    wall, cpu, status = run([*check, "--cache-dir", str(cache)], repo.parent)
    warm_wall, _, _ = run([*check, "--cache-dir", str(cache)], repo.parent)
    report = json.loads(sarif.read_text(encoding="utf-8"))
    results = sum(len(one_run["results"]) for one_run in report["runs"])
    return Job(
        repo=repo.name,
        files=len(discover([repo])),
        wall=wall,
        cpu=cpu,
        warm_wall=warm_wall,
        results=results,
        sarif_kb=sarif.stat().st_size / 1024,
        status=status,
    )


def table(rows: list[Job]) -> str:
    lines = [
        "| repository (one job) | files | wall s | CPU s | files/s | files/CPU s | warm wall s | results | SARIF KB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row.repo} | {row.files:,} | {row.wall:.1f} | {row.cpu:.1f} | {row.files / row.wall:.0f} "
            f"| {row.files / row.cpu:.0f} "
            f"| {row.warm_wall:.1f} | {row.results:,} | {row.sarif_kb:,.0f} |"
        )
    files = sum(row.files for row in rows)
    wall = sum(row.wall for row in rows)
    cpu = sum(row.cpu for row in rows)
    lines.append(
        f"| all, one after the other | {files:,} | {wall:.1f} | {cpu:.1f} "
        f"| {files / wall:.0f} | {files / cpu:.0f} | {sum(row.warm_wall for row in rows):.1f} "
        f"| {sum(row.results for row in rows):,} | {sum(row.sarif_kb for row in rows):,.0f} |"
    )
    lines.append(f"| matrix wall time (longest job) | | {max(row.wall for row in rows):.1f} | | | | | | |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT, help="one folder per repository")
    parser.add_argument("--jobs", type=int, default=2, help="mlsafe --jobs per matrix job (a runner's cores)")
    args = parser.parse_args(argv)
    repos = sorted(path for path in args.root.iterdir() if path.is_dir())
    if not repos:
        print(f"no repositories under {args.root}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="mlsafe-matrix-") as scratch:
        rows = []
        for repo in repos:
            rows.append(job(repo, args.jobs, Path(scratch)))
            print(f"{repo.name}: {rows[-1].files} files, {rows[-1].wall:.1f} s", file=sys.stderr)
    print(table(rows))
    failed = [row.repo for row in rows if row.status not in (0, 1)]
    if failed:
        print(f"mlsafe exited with an error on: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
