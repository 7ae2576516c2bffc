"""Which files a directory walk scans: scripts, notebooks, requirements and model files, sorted."""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

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
    from linter.kit.install_commands import parse_requirements, pip_problem  # only for .txt files

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
                named = is_scannable(entry.name)
                if not (named or entry.name.lower().endswith(".txt")) or (excluded and excluded(path)):
                    continue
                broken = _broken_link(path) if named and entry.is_symlink() else None
                if broken is not None:
                    problems.append(PathProblem(path, broken))
                elif entry.is_file(follow_symlinks=True) and (named or _sniffed_requirements(path)):
                    yield path  # a regular file, or a link to one
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
