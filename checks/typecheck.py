"""Type-check linter/ and rules/ with mypy, under the module names they are installed as.

Usage: ``python3 checks/typecheck.py [mypy options]`` from any directory, with mypy installed; exits
with mypy's status (non-zero on any error).

pyproject.toml installs the top-level ``rules/`` folder as ``linter.rules`` (a setuptools package-dir
remap), which mypy cannot follow: run on the repository, it would see a package ``rules`` and no
``linter.rules``, so every ``from linter.rules... import`` would fail. This script builds a shadow
tree of symbolic links, ``.mypy_cache/shadow/linter/`` holding one link per entry of ``linter/`` plus
``rules`` -> ``rules/``, runs ``mypy -p linter`` there with the ``[tool.mypy]`` settings of
pyproject.toml, and prints mypy's report with the paths of the repository. The shadow tree stays put
between runs so that mypy's cache (``.mypy_cache/``, which mypy keeps out of git) makes later runs
incremental.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".mypy_cache"
SHADOW = CACHE / "shadow"


def build_shadow() -> None:
    """(Re)create ``SHADOW/linter`` mirroring the installed layout of the ``linter`` package."""
    package = SHADOW / "linter"
    if SHADOW.exists():
        shutil.rmtree(SHADOW)
    package.mkdir(parents=True)
    for entry in sorted((ROOT / "linter").iterdir()):
        if entry.name != "__pycache__":
            os.symlink(entry, package / entry.name, target_is_directory=entry.is_dir())
    os.symlink(ROOT / "rules", package / "rules", target_is_directory=True)


# A path at the start of a line of mypy's report: ``linter/rules/x.py:3: error: ...``.
_PATH = re.compile(r"^linter/(rules/)?", re.MULTILINE)


def repository_paths(report: str) -> str:
    """mypy's report with shadow paths (relative to SHADOW) turned into repository paths."""
    return _PATH.sub(lambda match: match.group(1) or "linter/", report)


def main(argv: list[str]) -> int:
    build_shadow()
    command = [
        sys.executable,
        "-m",
        "mypy",
        "--config-file",
        str(ROOT / "pyproject.toml"),
        "--cache-dir",
        str(CACHE),
        *argv,
        "-p",
        "linter",
    ]
    done = subprocess.run(command, cwd=SHADOW, capture_output=True, text=True, check=False)
    sys.stdout.write(repository_paths(done.stdout))
    sys.stderr.write(repository_paths(done.stderr))
    return done.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
