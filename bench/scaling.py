"""How mlsafe's cost grows with the size of one file, and what one notebook costs (run by hand, not a test).

    python bench/scaling.py                        # every series, 3 runs per point
    python bench/scaling.py --series cells,findings --repeat 5
    python bench/scaling.py --series outputs --sizes 200000000 --repeat 1   # the 200 MB notebook

Generated inputs (in a temporary folder, deleted afterwards):

- ``cells``: notebooks of N small code cells, each ``import pickle`` and one ``pickle.load`` (one
  finding a cell, no outputs);
- ``lines``: scripts of N lines of plain code without findings;
- ``findings``: scripts of N lines, each a ``pickle.load`` (one finding a line), also given to
  bandit (which reports B301 on each line);
- ``outputs``: notebooks of one cell whose saved stream output holds N bytes of text;
- ``single``: one 20-cell notebook as a pre-commit hook sees it (``mlsafe check one.ipynb``, cache
  off, and with an empty cache) against ``bandit one.py`` on the same code exported to a script,
  and ``python -c "import libcst"`` (the floor).

Each point runs the command ``--repeat`` times as a child process and reports the median CPU
seconds (user + system, from ``wait4``) and the peak resident memory. The *slope* of a series is the
exponent k of cost ~ size^k fitted over its points (least squares on logarithms of the cost above
the cost of an empty file): 1.0 is linear, 2.0 quadratic.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

SERIES: dict[str, tuple[int, ...]] = {
    "cells": (1_000, 2_000, 4_000, 8_000, 20_000),
    "lines": (10_000, 20_000, 40_000, 80_000, 160_000),
    "findings": (2_000, 5_000, 10_000, 25_000, 50_000, 100_000),
    "outputs": (1_000_000, 4_000_000, 16_000_000, 64_000_000),
}


@dataclass(frozen=True)
class Run:
    cpu: float
    peak_mb: float
    status: int


def measure(command: list[str]) -> Run:
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    return Run(usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status))


def median_run(command: list[str], repeat: int) -> Run:
    runs = [measure(command) for _ in range(repeat)]
    return Run(
        statistics.median(r.cpu for r in runs),
        max(r.peak_mb for r in runs),
        max(r.status for r in runs),
    )


def mlsafe(path: Path) -> list[str]:
    return [sys.executable, "-m", "linter", "check", "--no-cache", "--quiet", "--exit-zero", str(path)]


def bandit(path: Path) -> list[str]:
    found = shutil.which("bandit") or str(Path(sys.executable).with_name("bandit"))
    return [found, "-q", "--exit-zero", str(path)] if Path(found).exists() else []


def notebook(cells: list[dict[str, object]]) -> str:
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


def code_cell(index: int, source: str, outputs: list[dict[str, object]] | None = None) -> dict[str, object]:
    return {
        "cell_type": "code",
        "execution_count": None,
        "id": f"cell-{index}",
        "metadata": {},
        "outputs": outputs or [],
        "source": source,
    }


def make_cells(folder: Path, size: int) -> Path:
    path = folder / f"cells-{size}.ipynb"
    cells = [code_cell(i, f"import pickle\nm{i} = pickle.load(open('f{i}.pkl', 'rb'))") for i in range(size)]
    path.write_text(notebook(cells))
    return path


def make_lines(folder: Path, size: int) -> Path:
    path = folder / f"lines-{size}.py"
    body = [f"total_{i} = sum(x * {i} for x in range(10)) + len('row {i}')\n" for i in range(size)]
    path.write_text("".join(body))
    return path


def make_findings(folder: Path, size: int) -> Path:
    path = folder / f"findings-{size}.py"
    body = [f"m{i} = pickle.load(open('f{i}.pkl', 'rb'))\n" for i in range(size)]
    path.write_text("import pickle\n" + "".join(body))
    return path


def make_outputs(folder: Path, size: int) -> Path:
    """One cell whose stream output holds ``size`` bytes of log-like text in 1 kB lines."""
    path = folder / f"outputs-{size}.ipynb"
    line = ("epoch 1 step 100 loss 0.4213 accuracy 0.8812 lr 0.0003 " * 20)[:1023] + "\n"
    count = max(1, size // len(line))
    output = {"name": "stdout", "output_type": "stream", "text": [line] * count}
    path.write_text(notebook([code_cell(0, "train(model)", [output])]))
    return path


MAKERS: dict[str, Callable[[Path, int], Path]] = {
    "cells": make_cells,
    "lines": make_lines,
    "findings": make_findings,
    "outputs": make_outputs,
}


def slope(points: list[tuple[int, float]], base: float) -> float:
    """Exponent k of (cost - base) ~ size^k, least squares on logarithms."""
    pairs = [(math.log(size), math.log(max(cost - base, 1e-3))) for size, cost in points]
    if len(pairs) < 2:
        return float("nan")
    mean_x = statistics.fmean(x for x, _ in pairs)
    mean_y = statistics.fmean(y for _, y in pairs)
    num = sum((x - mean_x) * (y - mean_y) for x, y in pairs)
    den = sum((x - mean_x) ** 2 for x, _ in pairs)
    return num / den


def run_series(name: str, sizes: tuple[int, ...], folder: Path, repeat: int, base: float) -> None:
    print(f"\n## {name}")
    with_bandit = name == "findings"
    header = "| size | file MB | mlsafe CPU s | per unit ms | peak MB | peak / file |"
    print(header + (" bandit CPU s | mlsafe / bandit |" if with_bandit else ""))
    print("|" + "---:|" * (header.count("|") - 1 + (2 if with_bandit else 0)))
    points: list[tuple[int, float]] = []
    for size in sizes:
        path = MAKERS[name](folder, size)
        megabytes = path.stat().st_size / 1e6
        run = median_run(mlsafe(path), repeat)
        points.append((size, run.cpu))
        row = (
            f"| {size:,} | {megabytes:.1f} | {run.cpu:.2f} | {1000 * (run.cpu - base) / size:.3f} "
            f"| {run.peak_mb:.0f} | {run.peak_mb / max(megabytes, 1e-9):.2f} |"
        )
        if with_bandit and bandit(path):
            other = median_run(bandit(path), repeat)
            row += f" {other.cpu:.2f} | {run.cpu / other.cpu:.2f} |"
        print(row, flush=True)
        path.unlink()
    print(f"slope ({name}): {slope(points, base):.2f}")


def mlsafe_command(path: Path, cache: bool) -> list[str]:
    """The ``mlsafe`` console script as the pre-commit hook runs it (``--no-cache``, or a cache
    folder emptied before each run: a staged file is a cache miss)."""
    found = shutil.which("mlsafe") or str(Path(sys.executable).with_name("mlsafe"))
    store = ["--cache-dir", str(path.parent / ".mlsafe_cache")] if cache else ["--no-cache"]
    return [found, "check", "--quiet", "--exit-zero", *store, str(path)]


def run_single(folder: Path, repeat: int) -> None:
    """One 20-cell notebook, as pre-commit runs the hook on one staged file, against bandit on the
    same code as a script; twice: with a cell a bandit check applies to (``shell=True``: mlsafe then
    imports bandit too) and without. Each round runs, in turn: mlsafe without cache, mlsafe with an
    empty cache (a miss, as for a staged file), bandit, and ``python -c "import libcst"`` (the
    floor of any run that parses code with libcst); medians of ``repeat`` rounds, so load affects
    all alike."""
    common = [
        "import pickle\nimport torch\nimport subprocess",
        "model = torch.load('model.pt')",
        "with open('f.pkl', 'rb') as f:\n    data = pickle.load(f)",
    ] + [f"x{i} = [v * {i} for v in range(10)]\nprint(sum(x{i}))" for i in range(16)]
    print("\n## single notebook (pre-commit path)")
    print(
        "| notebook | mlsafe CPU s | mlsafe, cache miss | bandit CPU s (same code as .py) | mlsafe / bandit |"
        " cache miss / bandit | `import libcst` / bandit |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for label, extra in (("with a bandit check's code", "subprocess.run('ls -l', shell=True)"), ("without", "")):
        sources = [*common, extra] if extra else common
        path = folder / "one.ipynb"
        path.write_text(notebook([code_cell(i, s) for i, s in enumerate(sources)]))
        script = folder / "one.py"
        script.write_text("\n".join(sources) + "\n")
        runs: dict[str, list[float]] = {"ours": [], "miss": [], "bandit": [], "libcst": []}
        for _ in range(repeat):
            runs["ours"].append(measure(mlsafe_command(path, cache=False)).cpu)
            shutil.rmtree(folder / ".mlsafe_cache", ignore_errors=True)
            runs["miss"].append(measure(mlsafe_command(path, cache=True)).cpu)
            if bandit(script):
                runs["bandit"].append(measure(bandit(script)).cpu)
            runs["libcst"].append(measure([sys.executable, "-c", "import libcst"]).cpu)
        mine, miss, floor = (statistics.median(runs[k]) for k in ("ours", "miss", "libcst"))
        other = statistics.median(runs["bandit"]) if runs["bandit"] else float("nan")
        print(
            f"| 20 cells, {label} | {mine:.3f} | {miss:.3f} | {other:.3f} | {mine / other:.2f} | {miss / other:.2f} |"
            f" {floor / other:.2f} |",
            flush=True,
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--series", default="cells,lines,findings,outputs,single")
    parser.add_argument("--sizes", help="comma-separated sizes (default: per series)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    names = [name.strip() for name in args.series.split(",") if name.strip()]
    with tempfile.TemporaryDirectory(prefix="mlsafe-scaling-") as tmp:
        folder = Path(tmp)
        empty = folder / "empty.py"
        empty.write_text("")
        base = median_run(mlsafe(empty), args.repeat).cpu
        print(f"mlsafe on an empty file: {base:.3f} s CPU (subtracted before the slope fit)")
        for name in names:
            if name == "single":
                run_single(folder, args.repeat)
                continue
            sizes = tuple(int(s) for s in args.sizes.split(",")) if args.sizes else SERIES[name]
            run_series(name, sizes, folder, args.repeat, base)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
