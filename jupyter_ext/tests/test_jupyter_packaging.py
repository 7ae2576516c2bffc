"""mlsafe-jupyter as released: ``python -m build`` makes an sdist holding the built labextension and
a wheel that installs it (share/jupyter/labextensions) and enables the server extension
(etc/jupyter/jupyter_server_config.d); hatch_build.py asks for Node from PyPI only where no
suitable ``node`` is on PATH.

The build reuses an existing ``mlsafe_jupyter/labextension/`` (the README's first command builds
it); without one it compiles the TypeScript first, which takes minutes.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import tarfile
import zipfile
from email.parser import Parser
from pathlib import Path
from types import ModuleType

import pytest

EXT = Path(__file__).resolve().parent.parent
VERSION = json.loads((EXT / "package.json").read_text(encoding="utf-8"))["version"]


def hatch_build() -> ModuleType:
    spec = importlib.util.spec_from_file_location("hatch_build", EXT / "hatch_build.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fake_node(folder: Path, printed: str) -> None:
    folder.mkdir()
    node = folder / "node"
    node.write_text(f"#!/bin/sh\necho '{printed}'\n", encoding="utf-8")
    node.chmod(0o755)


@pytest.mark.parametrize(
    ("printed", "enough"),
    [("v20.19.0", True), ("v24.11.1", True), ("v20.18.3", False), ("v18.20.4", False), ("not node", False)],
)
def test_a_node_on_path_is_used_from_20_19(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, printed: str, enough: bool
) -> None:
    module = hatch_build()
    fake_node(tmp_path / "bin", printed)
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    assert module.system_node_is_enough() is enough
    hook = module.NodeFromPyPIHook(str(tmp_path), {}, None, None, "", "wheel")
    expected = [module.JUPYTERLAB] if enough else [module.JUPYTERLAB, module.NODE_WHEEL]
    assert hook.dependencies() == expected


def test_without_node_it_asks_for_node_from_pypi_and_nothing_once_built(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = hatch_build()
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    hook = module.NodeFromPyPIHook(str(tmp_path), {}, None, None, "", "wheel")
    assert hook.dependencies() == ["jupyterlab>=4.0.0,<5", module.NODE_WHEEL]
    built = tmp_path / module.BUILT
    built.parent.mkdir(parents=True)
    built.write_text("", encoding="utf-8")
    assert hook.dependencies() == []  # an sdist: neither jupyterlab nor Node in the build environment


def test_the_builder_hooks_skip_the_same_file_hatch_build_checks() -> None:
    try:
        import tomllib
    except ImportError:  # Python 3.10: mlsafe depends on tomli there
        import tomli as tomllib

    config = tomllib.loads((EXT / "pyproject.toml").read_text(encoding="utf-8"))
    hooks = config["tool"]["hatch"]["build"]["hooks"]
    assert list(hooks).index("custom") < list(hooks).index("jupyter-builder")  # hooks run in this order
    assert hooks["jupyter-builder"]["skip-if-exists"] == [hatch_build().BUILT]
    assert "jupyterlab" not in " ".join(config["build-system"]["requires"])  # only when it must build


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    proc = subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(EXT)], capture_output=True, text=True, timeout=1800
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return out


def test_wheel_installs_the_labextension_and_enables_the_server_extension(dist: Path) -> None:
    (wheel,) = dist.glob("*.whl")
    assert wheel.name == f"mlsafe_jupyter-{VERSION}-py3-none-any.whl"
    data = f"mlsafe_jupyter-{VERSION}.data/data/"
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        labextension = json.loads(archive.read(data + "share/jupyter/labextensions/mlsafe-jupyter/package.json"))
        server = json.loads(archive.read(data + "etc/jupyter/jupyter_server_config.d/mlsafe_jupyter.json"))
        version_module = archive.read("mlsafe_jupyter/_version.py").decode()
        metadata = Parser().parsestr(archive.read(f"mlsafe_jupyter-{VERSION}.dist-info/METADATA").decode())
    assert labextension["name"] == "mlsafe-jupyter" and labextension["version"] == VERSION
    assert any(
        name.startswith(data + "share/jupyter/labextensions/mlsafe-jupyter/static/remoteEntry.") for name in names
    )
    assert data + "share/jupyter/labextensions/mlsafe-jupyter/install.json" in names
    assert server == {"ServerApp": {"jpserver_extensions": {"mlsafe_jupyter": True}}}
    assert f"__version__ = VERSION = '{VERSION}'" in version_module  # package.json is the one version source
    assert metadata["Version"] == VERSION and metadata["License-Expression"] == "MIT"
    assert f"mlsafe_jupyter-{VERSION}.dist-info/licenses/LICENSE" in names
    assert "mlsafe>=0.1.0" in metadata.get_all("Requires-Dist")
    assert "Framework :: Jupyter :: JupyterLab :: Extensions :: Prebuilt" in metadata.get_all("Classifier")
    assert "Source" in dict(url.split(", ", 1) for url in metadata.get_all("Project-URL"))


def test_sdist_holds_the_built_labextension_so_it_installs_without_node(dist: Path) -> None:
    (sdist,) = dist.glob("*.tar.gz")
    prefix = f"mlsafe_jupyter-{VERSION}/"
    with tarfile.open(sdist) as archive:
        members = set(archive.getnames())
    assert prefix + "mlsafe_jupyter/labextension/static/style.js" in members
    assert {prefix + "hatch_build.py", prefix + "LICENSE", prefix + "src/index.ts"} <= members
    assert not any("/node_modules/" in name for name in members)
