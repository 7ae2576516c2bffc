"""Which files a directory walk scans: scripts, notebooks, requirements and model files, sorted."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from linter.kit.install_commands import parse_requirements, pip_problem
from linter.sources.artifacts import is_model_file
from linter.sources.reading import is_conda_environment, is_requirements_name, kind_of

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


# How much of another ``.txt`` file is read to decide whether it is a requirements file.
SNIFF_BYTES = 8192
# Requirement lines that only a requirements file holds (a label or vocabulary list, one word a
# line, is valid pip syntax too, so plain names alone do not make a requirements file).
_REQUIREMENT_SHAPES = frozenset({"vcs", "url", "editable", "requirements-file", "constraints-file"})


def is_scannable(name: str) -> bool:
    """Scanned by name: scripts, notebooks, and requirements files by their name."""
    lower = name.lower()
    return (
        lower.endswith((".py", ".ipynb"))
        or is_requirements_name(lower)
        or is_conda_environment(lower)
        or kind_of(name) == "shell"
        or is_model_file(lower)
    )


def looks_like_requirements(text: str) -> bool:
    """Whether ``text`` (the start of a ``.txt`` file) is a requirements file: pip reads every line,
    and at least one line has a version specifier, an option or a VCS/URL/include target."""
    lines = parse_requirements(text)
    if not lines or any(pip_problem(line) for line in lines):
        return False
    return any(
        line.options or (line.target is not None and (line.target.spec or line.target.kind in _REQUIREMENT_SHAPES))
        for line in lines
    )


def _sniffed_requirements(path: Path) -> bool:
    """A ``.txt`` file not named as requirements, read up to :data:`SNIFF_BYTES` (regular files only:
    never a FIFO or device) to see whether it is one."""
    try:
        if not path.is_file():
            return False
        with path.open("rb") as handle:
            data = handle.read(SNIFF_BYTES)
        text = data.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return False
    if len(data) == SNIFF_BYTES:
        text = text.rpartition("\n")[0]  # the last line may be cut
    return looks_like_requirements(text)


def _skip_dir(path: Path) -> bool:
    return path.name in SKIP_DIRS or (path / "pyvenv.cfg").is_file()


def walk(root: Path, excluded: Excluded | None = None) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if not _skip_dir(here / d) and not (excluded and excluded(here / d)))
        for name in sorted(filenames):
            if excluded and excluded(here / name):
                continue
            if is_scannable(name) or (name.lower().endswith(".txt") and _sniffed_requirements(here / name)):
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
