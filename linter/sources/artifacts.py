"""Model files read statically: which globals their pickle streams import.

Formats, told by their first bytes (the file name only decides whether to look): plain pickles
(also several in a row, as legacy ``torch.save`` writes them), joblib files (arrays written inline
after a ``NumpyArrayWrapper`` are skipped by their size; gzip, bz2 and xz compressed ones are read
through the standard library's stream decompressors), PyTorch zip checkpoints (every ``*.pkl``
member, ``data.pkl`` and TorchScript's ``constants.pkl``), numpy ``.npy`` files (an object array
holds a pickle after its header) and ``.npz`` archives of them.

Nothing is unpickled, imported or called (see :mod:`linter.sources.pickle_stream`): files are
streamed, never read whole, and every read has a byte, opcode, nesting and time budget; a file
that runs out of one is reported with where reading stopped, together with what was read so far.

This module holds what every run needs (which names are model files, which ones a document
names, :class:`ArtifactInfo`); the format readers are in :mod:`linter.sources.artifact_reader`,
imported when a model file is read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Final

from linter.startup.lazy_pattern import lazy_compile

if TYPE_CHECKING:
    from linter.sources.pickle_stream import Budget

MODEL_SUFFIXES: Final = (".pkl", ".pickle", ".joblib", ".dill", ".pt", ".pth", ".bin", ".ckpt", ".npy", ".npz")
# Suffixes that promise a pickle: a file of one of them that is no pickle at all is reported.
PICKLE_SUFFIXES: Final = (".pkl", ".pickle", ".joblib", ".dill", ".pt", ".pth", ".ckpt")


def is_model_file(name: str) -> bool:
    return name.lower().endswith(MODEL_SUFFIXES)


# A string literal naming a model file (``'weights.pt'``, ``"models/clf.joblib"``).
_MODEL_LITERAL: Final = lazy_compile(
    r"""(?P<q>['"])(?P<path>[^'"\n\\]{1,300}(?:"""
    + "|".join(re.escape(suffix) for suffix in MODEL_SUFFIXES)
    + r"""))(?P=q)""",
    re.IGNORECASE,
)
MAX_REFERENCED: Final = 32  # model files read for one document


def referenced_model_files(document_path: str, code: str) -> dict[str, Path]:
    """Literal relative paths in ``code`` that name an existing model file relative to the folder
    of the document ``document_path``; empty when the document is not a file on disk. Absolute
    paths, ``~`` and URLs are left alone: they are not part of the scanned tree."""
    lower = code.lower()
    if not any(suffix in lower for suffix in MODEL_SUFFIXES):
        return {}
    base = Path(document_path)
    found: dict[str, Path] = {}
    try:
        if not base.is_file():
            return {}
        for match in _MODEL_LITERAL.finditer(code):
            literal = match.group("path")
            if literal in found or literal.startswith(("/", "~", "\\")) or ":" in literal:
                continue
            candidate = base.parent / literal
            if candidate.is_file():
                found[literal] = candidate
                if len(found) >= MAX_REFERENCED:
                    break
    except OSError:
        return found
    return found


def referenced_stamp(document_path: str, code: str) -> str:
    """Size and modification time of the model files ``code`` names (for cache keys: a notebook's
    findings change when a model file it loads changes)."""
    parts = []
    for literal, path in sorted(referenced_model_files(document_path, code).items()):
        try:
            stat = path.stat()
        except OSError:
            continue
        parts.append(f"{literal}:{stat.st_size}:{stat.st_mtime_ns}")
    return "\n".join(parts)


@dataclass(frozen=True)
class ArtifactInfo:
    """What a model file imports when unpickled.

    ``format`` is ``pickle``, ``joblib``, ``torch-zip``, ``torch-legacy``, ``numpy``, ``zip`` or
    ``unknown`` (not a format that holds a pickle: nothing to say). ``globals`` are the sorted,
    distinct ``module.name`` the streams import; ``pickles`` how many pickle streams were read.
    ``problem``, when reading stopped early or the file is not what its name says, tells why and
    where (``at byte N`` of the file or of a zip member); ``globals`` then holds what was read before.
    """

    path: str
    format: str
    globals: tuple[str, ...] = ()
    pickles: int = 0
    problem: str | None = None

    @property
    def holds_pickle(self) -> bool:
        return self.pickles > 0 or (self.problem is not None and self.format != "unknown")


def read_artifact(path: Path, display: str | None = None, budget: Budget | None = None) -> ArtifactInfo:
    """Read the model file at ``path``; never raises (unreadable files give a problem). The reader
    (:mod:`linter.sources.artifact_reader`) is imported on first use."""
    from linter.sources import artifact_reader

    return artifact_reader.read_artifact(path, display, budget or artifact_reader.DEFAULT_BUDGET)


def read_bytes(data: bytes, display: str, budget: Budget | None = None) -> ArtifactInfo:
    from linter.sources import artifact_reader

    return artifact_reader.read_bytes(data, display, budget or artifact_reader.DEFAULT_BUDGET)
