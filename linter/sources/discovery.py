"""Which files a directory walk scans: scripts, notebooks and requirements files, in sorted order."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

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
    return lower.endswith((".py", ".ipynb")) or kind_of(name) == "requirements"


def _skip_dir(path: Path) -> bool:
    return path.name in SKIP_DIRS or (path / "pyvenv.cfg").is_file()


@dataclass(frozen=True)
class PathProblem:
    """A path a walk could not scan and says so: an unreadable directory, a symbolic link loop or a
    dangling link with a scannable name (reported as MLS002 at the path)."""

    path: Path
    message: str


@dataclass(frozen=True)
class Discovery:
    files: tuple[Path, ...]
    problems: tuple[PathProblem, ...] = ()


def _broken_link(path: Path) -> str | None:
    """Why following the link ``path`` fails (a loop, a missing target), or None."""
    try:
        os.stat(path)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return "symbolic link loop; not scanned"
        if error.errno in (errno.ENOENT, errno.ENOTDIR):
            return "dangling symbolic link (its target does not exist); not scanned"
        return f"cannot follow symbolic link: {error.strerror or error}; not scanned"
    return None


def _entries(directory: Path, problems: list[PathProblem]) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(directory) as listing:
            return sorted(listing, key=lambda entry: entry.name)
    except OSError as error:
        problems.append(PathProblem(directory, f"cannot read directory: {error.strerror or error}; not scanned"))
        return []


def _walk(root: Path, excluded: Excluded | None, problems: list[PathProblem]) -> Iterator[Path]:
    """Scannable regular files under ``root`` in sorted order, without opening any file.
    Directories are entered, never through a symbolic link (so links cannot loop); symbolic links
    to regular files are kept; FIFOs, sockets and devices are skipped (opening a FIFO waits for a
    writer); broken links with a scannable name and unreadable directories go to ``problems``."""
    stack = [root]
    while stack:
        here = stack.pop()
        subdirs: list[Path] = []
        for entry in _entries(here, problems):
            path = here / entry.name
            try:
                if entry.is_dir(follow_symlinks=False):
                    if not _skip_dir(path) and not (excluded and excluded(path)):
                        subdirs.append(path)
                    continue
                if not is_scannable(entry.name) or (excluded and excluded(path)):
                    continue
                broken = _broken_link(path) if entry.is_symlink() else None
                if broken is not None:
                    problems.append(PathProblem(path, broken))
                elif entry.is_file(follow_symlinks=True):  # a regular file, or a link to one
                    yield path
            except OSError as error:  # vanished or unreadable while walking
                problems.append(PathProblem(path, f"cannot inspect path: {error.strerror or error}; not scanned"))
        stack.extend(reversed(subdirs))


def walk(root: Path, excluded: Excluded | None = None) -> Iterator[Path]:
    yield from _walk(root, excluded, [])


def discover_all(paths: Iterable[str | Path], excluded: Excluded | None = None) -> Discovery:
    """Files named on the command line (always, whatever their suffix or type: reading says why a
    FIFO or a device is not scanned) and scannable regular files under named directories; sorted,
    without duplicates. Missing paths are kept (reported as MLS002). ``excluded`` (the
    configuration's ``exclude``) drops paths, named ones included. Problems met while walking are
    returned apart, sorted by path."""
    found: dict[str, Path] = {}
    problems: list[PathProblem] = []
    for raw in paths:
        path = Path(raw)
        if excluded is not None and excluded(path):
            continue
        if path.is_dir():
            for file in _walk(path, excluded, problems):
                found.setdefault(str(file), file)
        else:
            found.setdefault(str(path), path)
    unique = {str(problem.path): problem for problem in problems}
    return Discovery(tuple(found[key] for key in sorted(found)), tuple(unique[key] for key in sorted(unique)))


def discover(paths: Iterable[str | Path], excluded: Excluded | None = None) -> list[Path]:
    """The files of :func:`discover_all` (its problems dropped)."""
    return list(discover_all(paths, excluded).files)
