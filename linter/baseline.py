"""Baselines: record the findings a project has today, then report only new ones.

``mlsafe check --write-baseline FILE`` writes every current finding's key with an occurrence
count; ``mlsafe check --baseline FILE`` hides up to that many findings per key and reports the
rest. A key holds no line number, so code that moves (lines added above it, even reformatted) still
matches, while a second copy of a baselined problem is reported (bandit's baseline hides it):

- the rule code;
- the path relative to the baseline file's directory, with ``/`` separators;
- the notebook cell's id, or ``#N`` (its 1-based number) when the notebook has no cell ids;
- for secrets and personal data the finding's ``fingerprint`` (a hash of the value), for everything
  else ``line_hash``, a hash of the finding's line without its whitespace (so reformatting
  does not matter).

Only hashes are stored, never source text: a secret on the same line as another finding is not
written to the file either. The file is JSON with a ``version`` field, sorted, so it diffs well.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from linter.config import ConfigError
from linter.model import Finding, Result

VERSION = 1
Key = tuple[str, str, str, str]  # (code, path, cell, hash)


class BaselineError(ConfigError):
    """A baseline file that cannot be read or written (exit 2)."""


def finding_key(finding: Finding, base: str) -> Key:
    """The baseline key of a finding; ``base`` is the baseline file's directory (absolute)."""
    loc = finding.location
    if finding.cell_id:
        cell = finding.cell_id
    else:
        cell = f"#{loc.cell}" if loc.cell is not None else ""
    return (finding.code, _relative(loc.path, base), cell, finding.fingerprint or finding.line_hash or "")


def _relative(path: str, base: str) -> str:
    if path.startswith("<"):
        return path
    absolute = os.path.abspath(path)
    try:
        rel = os.path.relpath(absolute, base)
    except ValueError:  # another drive on Windows
        return Path(absolute).as_posix()
    return Path(rel).as_posix()


def _base_of(file: str | os.PathLike[str]) -> str:
    return os.path.dirname(os.path.abspath(os.fspath(file)))


@dataclass(frozen=True)
class Baseline:
    """The keys of a baseline file with their counts; ``base`` is the file's directory."""

    counts: tuple[tuple[Key, int], ...]
    base: str

    def filter(self, result: Result) -> tuple[Result, int]:
        """``result`` without the baselined findings, and how many were hidden. For each key, the
        first ``count`` findings in report order are hidden, later ones are new."""
        allowance = dict(self.counts)
        kept: list[Finding] = []
        for finding in result.findings:
            key = finding_key(finding, self.base)
            if allowance.get(key, 0) > 0:
                allowance[key] -= 1
            else:
                kept.append(finding)
        hidden = len(result.findings) - len(kept)
        return Result(findings=tuple(kept), files=result.files, errors=result.errors), hidden


def baseline_json(findings: Iterable[Finding], base: str) -> str:
    counts = Counter(finding_key(finding, base) for finding in findings)
    entries = [
        {"code": code, "path": path, "cell": cell or None, "hash": digest, "count": count}
        for (code, path, cell, digest), count in sorted(counts.items(), key=_entry_order)
    ]
    return json.dumps({"version": VERSION, "tool": "mlsafe", "findings": entries}, indent=2, sort_keys=True) + "\n"


def _entry_order(item: tuple[Key, int]) -> Key:
    (code, path, cell, digest), _ = item
    return (path, cell, code, digest)


def write_baseline(file: str | os.PathLike[str], findings: Iterable[Finding]) -> int:
    """Write the baseline of ``findings`` to ``file``; returns how many findings it holds."""
    listed = list(findings)
    text = baseline_json(listed, _base_of(file))
    try:
        Path(file).write_text(text, encoding="utf-8")
    except OSError as error:
        raise BaselineError(f"{file}: cannot write baseline: {error.strerror or error}") from None
    return len(listed)


def load_baseline(file: str | os.PathLike[str]) -> Baseline:
    try:
        data = json.loads(Path(file).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BaselineError(f"{file}: no such baseline file (create it with --write-baseline)") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BaselineError(f"{file}: cannot read baseline: {error}") from None
    if not isinstance(data, Mapping) or data.get("version") != VERSION:
        version = data.get("version") if isinstance(data, Mapping) else None
        raise BaselineError(f"{file}: not an mlsafe baseline of version {VERSION} (version: {version!r})")
    entries = data.get("findings")
    if not isinstance(entries, list):
        raise BaselineError(f"{file}: 'findings' must be a list")
    counts: Counter[Key] = Counter()
    for index, entry in enumerate(entries):
        key, count = _entry(entry, f"{file}: findings[{index}]")
        counts[key] += count
    return Baseline(counts=tuple(sorted(counts.items())), base=_base_of(file))


def _entry(entry: Any, where: str) -> tuple[Key, int]:
    if not isinstance(entry, Mapping):
        raise BaselineError(f"{where} must be an object")
    fields = [entry.get(name) for name in ("code", "path", "hash")]
    cell = entry.get("cell")
    count = entry.get("count", 1)
    if not all(isinstance(value, str) for value in fields) or not isinstance(cell, (str, type(None))):
        raise BaselineError(f"{where} needs string 'code', 'path' and 'hash' and a string or null 'cell'")
    if not isinstance(count, int) or isinstance(count, bool) or count < 1:
        raise BaselineError(f"{where}: 'count' must be a positive integer")
    code, path, digest = fields
    return (code, path, cell or "", digest), count  # type: ignore[return-value]
