"""The mlsafe distribution as released: ``python -m build`` makes an sdist and a wheel with complete
metadata and the one version of linter/__init__.py, and the wheel installed into a fresh virtual
environment gives a working ``mlsafe`` (as ``pipx install`` / ``uv tool install`` would install it).

Slow: the build (shared with tests/test_action.py) and one install into a fresh venv.
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
import zipfile
from email.parser import Parser
from pathlib import Path

from linter import __version__

ROOT = Path(__file__).resolve().parent.parent


def test_version_has_one_source() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'dynamic = ["version"]' in pyproject and "\nversion =" not in pyproject.split("[tool.setuptools.dynamic]")[0]
    assert 'version = { attr = "linter.__version__" }' in pyproject


def test_wheel_and_sdist_metadata(mlsafe_dist: Path) -> None:
    (wheel,) = mlsafe_dist.glob("*.whl")
    (sdist,) = mlsafe_dist.glob("*.tar.gz")
    assert wheel.name == f"mlsafe-{__version__}-py3-none-any.whl"
    assert sdist.name == f"mlsafe-{__version__}.tar.gz"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = Parser().parsestr(archive.read(f"mlsafe-{__version__}.dist-info/METADATA").decode())
        entry_points = archive.read(f"mlsafe-{__version__}.dist-info/entry_points.txt").decode()
    assert metadata["Version"] == __version__
    assert metadata["License-Expression"] == "MIT" and metadata["License-File"] == "LICENSE"
    assert f"mlsafe-{__version__}.dist-info/licenses/LICENSE" in names
    urls = dict(url.split(", ", 1) for url in metadata.get_all("Project-URL"))
    assert urls["Source"] == "https://github.com/mlsafe/mlsafe" and "Issues" in urls
    classifiers = metadata.get_all("Classifier")
    assert "Topic :: Security" in classifiers and "Programming Language :: Python :: 3.10" in classifiers
    assert metadata["Description-Content-Type"] == "text/markdown"
    assert metadata.get_payload().startswith("# mlsafe")  # the README
    assert (
        "mlsafe = linter.cli:console_main" in entry_points
        and "MLS = linter.flake8_plugin:MlsafeChecker" in entry_points
    )
    # rules/ is installed as linter.rules; nothing of the tests or samples is in the wheel
    assert "linter/rules/unsafe_load/__init__.py" in names and "linter/cli.py" in names
    assert "linter/rules/catalogue.json" in names and "linter/startup/lazy_pattern.py" in names
    assert not any(name.startswith(("rules/", "tests/", "test_notebooks/")) for name in names)
    with tarfile.open(sdist) as archive:
        members = set(archive.getnames())
    prefix = f"mlsafe-{__version__}/"
    assert {
        prefix + "LICENSE",
        prefix + "README.md",
        prefix + "pyproject.toml",
        prefix + "rules/__init__.py",
        prefix + "rules/catalogue.json",
    } <= members


def test_wheel_in_a_fresh_venv_gives_a_working_mlsafe(mlsafe_dist: Path, tmp_path: Path) -> None:
    (wheel,) = mlsafe_dist.glob("*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    installed = subprocess.run([*pip, str(wheel)], capture_output=True, text=True, timeout=900)
    assert installed.returncode == 0, installed.stdout + installed.stderr
    mlsafe = str(venv / "bin" / "mlsafe")

    version = subprocess.run([mlsafe, "--version"], capture_output=True, text=True, timeout=120)
    assert version.stdout.strip() == f"mlsafe {__version__}"

    # Run away from the source tree, so only the installed package can be imported.
    scan = subprocess.run(
        [mlsafe, "check", "--no-cache", str(ROOT / "test_notebooks" / "model_loading.ipynb")],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert scan.returncode == 1, scan.stdout + scan.stderr
    assert "model_loading.ipynb:cell 3:5:13: MLS101 `pickle.load`" in scan.stdout
    where = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import linter; print(linter.__file__)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert where.stdout.startswith(str(venv)), where.stdout


def test_readme_first_command_installs_the_cli_apart_from_the_extension() -> None:
    """The CLI never depends on the extension's build: mlsafe is installed by its own pip run, and the
    scan runs whatever the extension's install returns (`;`), so a failed build still leaves
    `mlsafe` installed and the command's status is the scan's (1: findings)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first = readme.split("```sh\n", 1)[1].split("\n", 1)[0]
    installs, scan = first.rsplit("; ", 1)
    cli, extension = installs.split(" && ")
    assert cli == "python3 -m pip install -e ." and "jupyter_ext" not in cli
    assert extension == "python3 -m pip install ./jupyter_ext"
    assert scan == "mlsafe check test_notebooks/"
