"""Walks never open anything but regular files (issue 19): FIFOs, sockets and devices are skipped
in walks and reported when named; link loops, dangling links and unreadable folders are reported;
the rest of the tree is scanned. Each CLI run is a subprocess with a timeout: a hang fails the test
instead of stalling the suite."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from linter.api import lint_paths
from linter.config import Config
from linter.sources.reading import NotReadable, read_regular

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX special files")

GUARD = 60  # seconds: far above a normal run, far below "forever"
LOAD = "import pickle\npickle.load(open('m.pkl', 'rb'))\n"


@pytest.fixture
def tree(tmp_path: Path) -> Iterator[Path]:
    """A folder holding every kind of special file next to real files with findings."""
    root = tmp_path / "project"
    (root / "sub").mkdir(parents=True)
    (root / "ok.py").write_text(LOAD)
    (root / "sub" / "deep.py").write_text(LOAD)
    os.mkfifo(root / "x.py")
    os.mkfifo(root / "pipe.ipynb")
    os.mkfifo(root / "requirements.txt")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(root / "sock.py"))
    os.symlink("b.py", root / "a.py")  # a.py -> b.py -> a.py
    os.symlink("a.py", root / "b.py")
    os.symlink("missing.py", root / "dangling.py")
    os.symlink("..", root / "sub" / "up")  # a directory link pointing back up: never followed
    os.symlink("nowhere", root / "notes")  # a dangling link with no scannable name: ignored
    try:
        yield root
    finally:
        server.close()


def mlsafe(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "linter", "check", "--no-cache", "--quiet", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=GUARD,
    )


def test_walk_skips_special_files_and_reports_broken_links(tree: Path) -> None:
    run = mlsafe(".", cwd=tree)
    lines = run.stdout.splitlines()
    assert run.returncode == 1, run.stderr
    assert "a.py:1:1: MLS002 symbolic link loop; not scanned [medium]" in lines
    assert "b.py:1:1: MLS002 symbolic link loop; not scanned [medium]" in lines
    assert "dangling.py:1:1: MLS002 dangling symbolic link (its target does not exist); not scanned [medium]" in lines
    assert any(line.startswith("ok.py:2:1: MLS101 ") for line in lines)
    assert any(line.startswith("sub/deep.py:2:1: MLS101 ") for line in lines)
    # FIFOs and the socket are skipped silently in a walk; the directory link is not followed
    for name in ("x.py", "pipe.ipynb", "requirements.txt", "sock.py", "sub/up/", "notes"):
        assert not any(line.startswith(name) for line in lines), name


def test_special_files_named_on_the_command_line_are_reported(tree: Path) -> None:
    run = mlsafe("x.py", "pipe.ipynb", "sock.py", "a.py", "/dev/null", "ok.py", cwd=tree)
    lines = run.stdout.splitlines()
    assert "x.py:1:1: MLS002 not a regular file (a FIFO); not scanned [medium]" in lines
    assert "pipe.ipynb:1:1: MLS002 not a regular file (a FIFO); not scanned [medium]" in lines
    assert "sock.py:1:1: MLS002 not a regular file (a socket); not scanned [medium]" in lines
    assert "a.py:1:1: MLS002 symbolic link loop; not scanned [medium]" in lines
    assert "/dev/null:1:1: MLS002 not a regular file (a character device); not scanned [medium]" in lines
    assert any(line.startswith("ok.py:2:1: MLS101 ") for line in lines)


def test_fix_and_cache_paths_do_not_block_on_a_fifo(tree: Path) -> None:
    """--diff reads files itself, and a cached run reads them to hash them."""
    diff = mlsafe("--diff", ".", cwd=tree)
    assert diff.returncode in (0, 1), diff.stderr
    cached = subprocess.run(
        [sys.executable, "-m", "linter", "check", "--quiet", "--cache-dir", str(tree.parent / "cache"), "x.py", "."],
        cwd=tree,
        capture_output=True,
        text=True,
        timeout=GUARD,
    )
    assert "x.py:1:1: MLS002 not a regular file (a FIFO); not scanned [medium]" in cached.stdout.splitlines()


def test_read_regular_refuses_a_fifo_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "model.py"
    os.mkfifo(fifo)
    outcome: list[str] = []

    def read() -> None:
        try:
            read_regular(fifo)
        except NotReadable as problem:
            outcome.append(str(problem))

    worker = threading.Thread(target=read, daemon=True)
    worker.start()
    worker.join(GUARD)
    assert not worker.is_alive(), "read_regular blocked on a FIFO"
    assert outcome == ["not a regular file (a FIFO); not scanned"]


def test_unreadable_folder_is_reported_and_the_rest_scanned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Permission bits do not stop root (the CI user), so listing the folder is made to fail."""
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "hidden.py").write_text(LOAD)
    (tmp_path / "open.py").write_text(LOAD)
    real_scandir = os.scandir

    def scandir(path: str | os.PathLike[str]) -> object:
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = lint_paths([tmp_path], Config())
    found = [(Path(f.location.path).name, f.code, f.location.line, f.message) for f in result.findings]
    assert ("locked", "MLS002", 1, "cannot read directory: Permission denied; not scanned") in found
    assert any(name == "open.py" and code == "MLS101" and line == 2 for name, code, line, _ in found)
    assert not any(name == "hidden.py" for name, *_ in found)


def test_size_limit_from_the_configuration_refuses_a_large_file(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.mlsafe]\nmax-file-size = 0.001\n")  # 1 kB
    (tmp_path / "big.ipynb").write_text('{"cells": [], "metadata": {}, "x": "' + "a" * 2000 + '"}')
    (tmp_path / "small.py").write_text(LOAD)
    run = mlsafe(".", cwd=tmp_path)
    lines = run.stdout.splitlines()
    assert any(
        line.startswith("big.ipynb:1:1: MLS002 file too large to scan (0.0 MB > 0.001 MB, the max-file-size)")
        for line in lines
    ), lines
    assert any(line.startswith("small.py:2:1: MLS101 ") for line in lines)
