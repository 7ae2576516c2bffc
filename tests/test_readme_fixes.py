"""The README's "Fixes" section: its example script, run through `mlsafe check --diff` and
`--fix`, gives exactly the diff shown, and the commands it lists run."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from linter.cli import main

README = Path(__file__).resolve().parent.parent / "README.md"


def _section() -> str:
    return README.read_text(encoding="utf-8").split("\n## Fixes\n", 1)[1].split("\n## ", 1)[0]


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), stdout=out, stderr=err), out.getvalue(), err.getvalue()


def test_readme_fix_example(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    section = _section()
    script = re.search(r"```python\n(.*?)```", section, re.DOTALL).group(1)  # type: ignore[union-attr]
    diff = re.search(r"```diff\n(.*?)```", section, re.DOTALL).group(1)  # type: ignore[union-attr]
    monkeypatch.chdir(tmp_path)
    Path("train.py").write_text(script, encoding="utf-8")
    code, out, err = run("check", "--diff", "train.py")
    assert (code, out) == (1, diff) and "would apply 4 fixes in 1 file" in err
    assert Path("train.py").read_text(encoding="utf-8") == script
    code, out, _ = run("check", "--fix", "train.py")
    assert code == 1 and out.startswith("train.py:10:10: MLS102 `torch.load` with weights_only=False")
    assert run("check", "--unsafe-fixes", "train.py")[0] == 0


def test_readme_fix_commands_parse(tmp_path: Path) -> None:
    commands = re.findall(r"^mlsafe (check [^#\n]+?)\s+#", _section(), flags=re.MULTILINE)
    assert len(commands) == 3
    (tmp_path / "a.py").write_text("import json\n")
    for command in commands:
        argv = [str(tmp_path) if a == "notebooks/" else a for a in command.split()]
        assert run(*argv)[0] == 0, command
