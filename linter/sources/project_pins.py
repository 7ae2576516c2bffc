"""Which PyTorch a project requires at least, from its requirements files, ``pyproject.toml`` and
the notebook's own ``%pip install`` lines: PyTorch 2.6 made ``torch.load(..., weights_only=True)``
the default, so a bare ``torch.load`` is safe where ``torch>=2.6`` is required.

Only small text files next to the document and in up to three folders above it (stopping at a
repository root, a folder holding ``.git``) are read, each at most 1 MB.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Final

from linter.sources.document import MagicLine
from linter.startup.lazy_pattern import lazy_compile

SAFE_DEFAULT: Final = (2, 6)  # the first PyTorch whose torch.load defaults to weights_only=True
_PIN: Final = lazy_compile(r"""(?<![\w.-])torch\s*(?:\[[^\]]*\])?\s*(>=|==|~=|===)\s*v?(\d+)\.(\d+)""", re.IGNORECASE)
_FILES: Final = ("requirements.txt", "requirements.in", "pyproject.toml", "setup.cfg", "environment.yml")
_MAX_BYTES: Final = 1 << 20
_LEVELS: Final = 3


def torch_floor(text: str) -> tuple[int, int] | None:
    """The lowest ``major.minor`` of torch a text's ``torch>=X.Y`` / ``==`` / ``~=`` pins allow."""
    floors = [(int(m.group(2)), int(m.group(3))) for m in _PIN.finditer(text)]
    return min(floors) if floors else None


def _candidates(document_path: str) -> Iterable[Path]:
    folder = Path(document_path).parent
    for _ in range(_LEVELS + 1):
        yield from (folder / name for name in _FILES)
        yield from sorted(folder.glob("requirements*.txt"))
        if (folder / ".git").exists() or folder.parent == folder:
            return
        folder = folder.parent


def torch_pin(document_path: str, magics: Iterable[MagicLine] = ()) -> str | None:
    """Where the project requires ``torch>=2.6`` (``requirements.txt requires torch>=2.6``), or None
    (no pin found, or one that allows an older PyTorch)."""
    for magic in magics:
        if "pip" in magic.text and "install" in magic.text:
            floor = torch_floor(magic.text)
            if floor is not None:
                return f"the notebook installs torch>={floor[0]}.{floor[1]}" if floor >= SAFE_DEFAULT else None
    try:
        if not Path(document_path).is_file():
            return None
        for path in dict.fromkeys(_candidates(document_path)):
            if not path.is_file() or path.stat().st_size > _MAX_BYTES:
                continue
            floor = torch_floor(path.read_text("utf-8", "replace"))
            if floor is not None:
                return f"{path.name} requires torch>={floor[0]}.{floor[1]}" if floor >= SAFE_DEFAULT else None
    except OSError:
        return None
    return None
