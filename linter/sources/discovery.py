"""Which files a directory walk scans: scripts, notebooks, requirements and model files, sorted."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from linter.sources.artifacts import is_model_file
from linter.sources.reading import kind_of

SKIP_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".ipynb_checkpoints",
        "node_modules",
        "__pycache__",
        ".venv",
        "venv",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".mlsafe_cache",
        "site-packages",
        ".eggs",
        "build",
        "dist",
    }
)


Excluded = Callable[[Path], bool]


def is_scannable(name: str) -> bool:
    lower = name.lower()
    return lower.endswith((".py", ".ipynb")) or kind_of(name) in ("requirements", "shell") or is_model_file(lower)


def _skip_dir(path: Path) -> bool:
    return path.name in SKIP_DIRS or (path / "pyvenv.cfg").is_file()


def walk(root: Path, excluded: Excluded | None = None) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if not _skip_dir(here / d) and not (excluded and excluded(here / d)))
        for name in sorted(filenames):
            if is_scannable(name) and not (excluded and excluded(here / name)):
                yield here / name


def discover(paths: Iterable[str | Path], excluded: Excluded | None = None) -> list[Path]:
    """Files named on the command line (always, whatever their suffix) and scannable files under
    named directories; sorted, without duplicates. Missing paths are kept (reported as MLS002).
    ``excluded`` (the configuration's ``exclude``) drops paths, named ones included."""
    found: dict[str, Path] = {}
    for raw in paths:
        path = Path(raw)
        if excluded is not None and excluded(path):
            continue
        if path.is_dir():
            for file in walk(path, excluded):
                found.setdefault(str(file), file)
        else:
            found.setdefault(str(path), path)
    return [found[key] for key in sorted(found)]
