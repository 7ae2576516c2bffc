"""The ``mlsafe`` command ends its process with ``os._exit`` once its output is flushed
(:func:`linter.cli.console_main`): nothing it wrote may be lost, and the exit code is main's."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "linter", *args], cwd=cwd, capture_output=True, text=True, timeout=300, check=False
    )


def test_every_line_of_a_long_report_reaches_a_pipe(tmp_path: Path) -> None:
    lines = 3000
    (tmp_path / "many.py").write_text("import pickle\n" + "x = pickle.loads(b'')\n" * lines)
    done = _run("check", "--no-cache", "many.py", cwd=tmp_path)
    out = done.stdout.splitlines()
    assert done.returncode == 1
    findings = [line for line in out if line.startswith("many.py:")]
    assert len(findings) == lines
    assert findings[0].startswith("many.py:2:5: MLS101") and findings[-1].startswith(f"many.py:{lines + 1}:5: MLS101")
    assert out[-1].startswith(f"Found {lines} findings")


def test_exit_codes_are_mains(tmp_path: Path) -> None:
    (tmp_path / "clean.py").write_text("print('hello')\n")
    assert _run("check", "--no-cache", "clean.py", cwd=tmp_path).returncode == 0
    usage = _run("check", "--no-such-option", cwd=tmp_path)
    assert usage.returncode == 2 and "unrecognized arguments" in usage.stderr
    shown = _run("rule", "MLS101", cwd=tmp_path)
    assert shown.returncode == 0 and "pickle" in shown.stdout
