"""The jupyter-lsp server spec (entry point ``jupyter_lsp_spec_v1``): with jupyterlab-lsp installed,
JupyterLab starts ``mlsafe lsp`` for Python notebooks and files next to the other Python servers.
Imports nothing of jupyter-lsp, so it costs nothing where jupyter-lsp is absent."""

from __future__ import annotations

import sys
from typing import Any

from linter import __version__

KEY = "mlsafe"


def spec(manager: Any = None) -> dict[str, dict[str, Any]]:
    """``{key: spec}`` as jupyter-lsp reads it (spec version 2); the server is started with the
    interpreter mlsafe is installed in."""
    return {
        KEY: {
            "version": 2,
            "display_name": f"mlsafe {__version__}",
            "argv": [sys.executable, "-m", "linter", "lsp"],
            "languages": ["python"],
            "mime_types": ["text/python", "text/x-ipython"],
            "requires_documents_on_disk": False,
            "urls": {
                "home": "https://github.com/mlsafe/mlsafe",
                "issues": "https://github.com/mlsafe/mlsafe/issues",
            },
            "install": {"pip": "pip install 'mlsafe[lsp]'"},
        }
    }
