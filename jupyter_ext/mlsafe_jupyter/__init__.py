"""mlsafe in JupyterLab: a jupyter-server extension (``POST /mlsafe/lint``) and a prebuilt
JupyterLab 4 extension that shows the findings in the notebook as you type.

The server side is a thin adapter over :func:`linter.api.lint_notebook`; see :mod:`.handlers`.
"""

from __future__ import annotations

from typing import Any

try:
    from ._version import __version__
except ImportError:  # a source checkout that was never built
    __version__ = "0.0.0"

__all__ = ["__version__"]


def _jupyter_labextension_paths() -> list[dict[str, str]]:
    return [{"src": "labextension", "dest": "mlsafe-jupyter"}]


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "mlsafe_jupyter"}]


def _load_jupyter_server_extension(server_app: Any) -> None:
    from linter.engine.gc_tuning import freeze_loaded

    from .handlers import setup_handlers

    setup_handlers(server_app.web_app)
    # Load the engine now and keep the garbage collector out of everything loaded so far: full
    # collections traversing it added 100-300 ms to one request in six (see linter.engine.gc_tuning).
    freeze_loaded()
    server_app.log.info("mlsafe_jupyter: POST %s registered", "/mlsafe/lint")
    server_app.log.info("mlsafe_jupyter: POST %s registered", "/mlsafe/redact")
