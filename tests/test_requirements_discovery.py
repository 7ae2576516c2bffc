"""Requirements files by name (``*requirements*.txt``, ``*constraints*.txt``) or by content (other
``.txt`` files a walk finds), never read as Python; a file pip cannot read gets a located MLS001
(issue 20, class 6)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from linter.api import lint_paths
from linter.config import Config
from linter.sources.discovery import discover, looks_like_requirements
from linter.sources.reading import kind_of


def _findings(paths: list[Path], select: tuple[str, ...] = ("MLS",)) -> list[tuple[str, int, int, str]]:
    result = lint_paths(paths, Config(select=select))
    return sorted((Path(f.location.path).name, f.location.line, f.location.column, f.code) for f in result.findings)


@pytest.mark.parametrize(
    "name", ["dev-requirements.txt", "mlflow-requirements.txt", "test-requirements-extra.txt", "constraints-gpu.txt"]
)
def test_requirements_files_by_name_are_walked_and_read_as_requirements(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_text("torch>=2\n")
    assert discover([tmp_path]) == [tmp_path / name]
    assert kind_of(name) == "requirements"
    assert _findings([tmp_path]) == [(name, 1, 1, "MLS402")]


def test_other_txt_files_are_walked_only_when_shaped_as_requirements(tmp_path: Path) -> None:
    (tmp_path / "mlflow_deps.txt").write_text("azure-ai-ml\nmlflow>2.0\npandas\n")
    (tmp_path / "labels.txt").write_text("cat\ndog\nbird\n")
    (tmp_path / "commands.txt").write_text("# try it\ncurl http://localhost:8080/ping\ncurl --data-raw 'x' -H 'y'\n")
    (tmp_path / "notes.txt").write_text("Train the model first, then deploy it.\n")
    assert discover([tmp_path]) == [tmp_path / "mlflow_deps.txt"]


def test_look_alike_a_word_list_or_prose_is_not_requirements() -> None:
    assert looks_like_requirements("torch==2.4.1\n-r base.txt\n")
    assert not looks_like_requirements("cat\ndog\n")
    assert not looks_like_requirements("Deploy the model.\n")
    assert not looks_like_requirements("['torch',\n 'numpy==1.26']\n")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
def test_a_fifo_named_txt_is_not_opened_by_the_walk(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    assert discover([tmp_path]) == []


def test_named_on_the_command_line_a_txt_file_is_never_linted_as_python(tmp_path: Path) -> None:
    path = tmp_path / "dev-requirements.txt"
    path.write_text("--index-url https://pypi.org/simple\ntorch==2.4.1\n")
    assert _findings([path]) == []
    notes = tmp_path / "env.txt"
    notes.write_text("torch==2.4.1\n")
    assert _findings([notes]) == []


def test_a_python_list_in_a_requirements_file_is_located(tmp_path: Path) -> None:
    path = tmp_path / "requirements.txt"
    path.write_text("# deps\n['jsonpickle',\n 'mlflow==2.9.2']\n")
    assert _findings([path]) == [("requirements.txt", 2, 1, "MLS001")]
    message = lint_paths([path], Config(select=("MLS001",))).findings[0].message
    assert message.startswith("pip cannot read this requirements file: `['jsonpickle',`")


def test_an_option_pip_does_not_take_in_a_file_is_located(tmp_path: Path) -> None:
    path = tmp_path / "requirements.txt"
    path.write_text("torch==2.4.1\n--upgrade numpy==1.26.4\n")
    assert _findings([path], ("MLS001",)) == [("requirements.txt", 2, 1, "MLS001")]
