"""The README's "Configuration", "Suppressing findings" and "Baseline" sections are run as written.

In those sections, a ```toml block is the project's ``[tool.mlsafe]`` table (loaded and used), a
```python or ```json block whose first line is ``# PATH`` is written to that file, and a
```console block is a shell session: each ``$ command`` runs (in order, in one bash process, in a
scratch project) and must print the lines below it. In expected lines ``…`` stands for any text
(rule messages are elided that way). The scratch project also holds the notebook the README
describes in prose (``notebooks/train.ipynb``) and the files ``FIXTURE`` lists.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from linter.config import config_from_table, load_config, read_toml
from linter.kit.examples import code_cell, markdown_cell, notebook

README = Path(__file__).resolve().parent.parent / "README.md"
SECTIONS = ("Configuration", "Suppressing findings", "Baseline")
BLOCK = re.compile(r"^```(?P<lang>\w+)\n(?P<body>.*?)^```$", re.S | re.M)
MARK = "@@@mlsafe-readme-command@@@"


def _with_ids(text: str, *ids: str) -> str:
    data = json.loads(text)
    for cell, cell_id in zip(data["cells"], ids, strict=False):
        cell["id"] = cell_id
    return json.dumps(data, indent=1) + "\n"


FIXTURE = {
    "notebooks/train.ipynb": _with_ids(
        notebook(
            markdown_cell("# Train"),
            code_cell("import pickle\nimport torch"),
            code_cell('features = pickle.load(open("features.pkl", "rb"))'),
            code_cell('model = torch.load("model.pt")'),
        ),
        "intro",
        "imports",
        "load-features",
        "load-model",
    ),
    "notebooks/scratch_1.ipynb": notebook(code_cell("import pickle\nx = pickle.loads(blob)")),
    "tests/test_features.py": "import pickle\n\n\ndef test_roundtrip():\n    assert pickle.loads(pickle.dumps(1)) == 1\n",
}


def section(name: str) -> str:
    text = README.read_text(encoding="utf-8")
    match = re.search(rf"^## {re.escape(name)}\n(.*?)(?=^## |\Z)", text, re.S | re.M)
    assert match, f"README has no '## {name}' section"
    return match.group(1)


def blocks(lang: str) -> list[str]:
    return [m.group("body") for name in SECTIONS for m in BLOCK.finditer(section(name)) if m.group("lang") == lang]


def ordered_blocks() -> list[tuple[str, str]]:
    return [(m.group("lang"), m.group("body")) for name in SECTIONS for m in BLOCK.finditer(section(name))]


def test_readme_toml_example_loads() -> None:
    (toml,) = [body for body in blocks("toml") if "[tool.mlsafe]" in body]
    table = read_toml_text(toml)["tool"]["mlsafe"]
    config = config_from_table(table)
    # every documented key is in the example, and the example is not the default
    assert set(table) == {
        "select",
        "ignore",
        "extend-select",
        "per-file-ignores",
        "exclude",
        "severity",
        "fail-on",
        "allow-bare-noqa",
    }
    assert config.severity and config.per_file_ignores and config.exclude


def read_toml_text(text: str) -> dict:
    path = Path(os.environ.get("TMPDIR", "/tmp")) / f"mlsafe-readme-{os.getpid()}.toml"
    path.write_text(text, encoding="utf-8")
    try:
        return read_toml(path)
    finally:
        path.unlink()


def _session(body: str) -> list[tuple[str, list[str]]]:
    """(command, expected output lines) of a console block."""
    steps: list[tuple[str, list[str]]] = []
    for line in body.splitlines():
        if line.startswith("$ "):
            steps.append((line[2:], []))
        elif steps:
            steps[-1][1].append(line)
    return steps


def _matches(expected: str, actual: str) -> bool:
    pattern = ".*".join(re.escape(part) for part in expected.split("…"))
    return re.fullmatch(pattern, actual) is not None


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    for rel, text in FIXTURE.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def _run_session(project: Path, steps: list[tuple[str, list[str]]]) -> None:
    script = "".join(f"{command}\n__status=$?; echo {MARK}; (exit $__status)\n" for command, _ in steps)
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "NO_COLOR": "1",
    }
    done = subprocess.run(["bash", "-c", script], cwd=project, env=env, capture_output=True, text=True, timeout=120)
    outputs = done.stdout.split(MARK + "\n")
    assert len(outputs) == len(steps) + 1, done.stderr
    for (command, expected), output in zip(steps, outputs, strict=False):
        actual = output.splitlines()
        assert len(actual) == len(expected) and all(map(_matches, expected, actual)), (
            f"$ {command}\nREADME says:\n" + "\n".join(expected) + "\nbut it printed:\n" + output
        )


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash to run the README's shell sessions")
def test_readme_sessions_print_what_the_readme_says(project: Path) -> None:
    """Blocks take effect in README order: a file block before a session is there when it runs."""
    sessions = 0
    for lang, body in ordered_blocks():
        if lang == "toml" and "[tool.mlsafe]" in body:
            (project / "pyproject.toml").write_text('[project]\nname = "demo"\n\n' + body, encoding="utf-8")
            load_config(project / "pyproject.toml")
        elif lang == "python" and body.startswith("# "):
            rel = body.splitlines()[0][2:].strip()
            (project / rel).parent.mkdir(parents=True, exist_ok=True)
            (project / rel).write_text(body, encoding="utf-8")
        elif lang == "console":
            # stdout and stderr both count: the shell shows both
            _run_session(project, [(f"{{ {command}\n}} 2>&1", lines) for command, lines in _session(body)])
            sessions += 1
    assert sessions >= 3, "each section shows a session"
    # the baseline file the README shows is the one the session wrote
    (shown,) = [body for body in blocks("json") if '"version"' in body]
    assert json.loads(shown) == json.loads((project / "mlsafe-baseline.json").read_text(encoding="utf-8"))
