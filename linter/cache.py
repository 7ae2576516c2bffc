"""A per-file result cache for :func:`linter.api.lint_paths` (``mlsafe check``).

An entry holds the findings of one file, keyed by the SHA-256 of the file's bytes, the file's path
(findings carry it, and per-file ignores depend on it), the kind of file (a requirements file
included with ``-r`` is linted as one whatever its name), whether context (excerpts, raw positions)
was asked, and a *salt*: mlsafe's version, the effective configuration's digest, bandit's version
(the ``B`` checks run bandit's code) and a stamp of mlsafe's own source files (size and mtime, so an
edited rule in an editable install is never served stale results). The folder is ``.mlsafe_cache/``
in the current directory unless told otherwise; it holds its own ``.gitignore`` (``*``). Entries of
files that no longer exist stay until the folder is deleted, which is always safe.

Security: a cache folder may come from a cloned repository, so entries are plain JSON, never
pickle, and decoding is driven by the type hints of :class:`~linter.model.Finding`: the data names
no class, every nested dataclass or enum must be in :data:`ALLOWED` (names looked up in
:mod:`linter.model` only), and every field is type-checked. Anything unexpected makes the entry a
miss (the file is linted again and the entry rewritten). Findings never hold a secret or PII value
in clear (messages and excerpts are redacted before they reach here), so neither does the cache.

Concurrency: entries are written to a temporary file in the same folder and moved into place with
:func:`os.replace`, so two runs sharing a folder only ever see whole entries. Writing is best
effort: a read-only or full disk makes the run uncached, never failed.
"""

from __future__ import annotations

import contextlib
import dataclasses
import enum
import functools
import hashlib
import json
import os
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from linter import model
from linter.model import Finding
from linter.sources.document import DocumentKind

DEFAULT_DIR = ".mlsafe_cache"
FORMAT = 1
# The classes an entry may contain, looked up by name in linter.model (nothing else can be built).
ALLOWED = ("Finding", "Location", "Excerpt", "Severity", "Category", "Fix", "Edit")


class CacheError(ValueError):
    """An entry that does not describe findings (corrupt, crafted or from another format)."""


# ---------------------------------------------------------------------------------------------
# Serialisation: generic over frozen dataclasses and enums, restricted to ALLOWED


@functools.lru_cache(maxsize=1)
def _allowed() -> dict[type, str]:
    return {getattr(model, name): name for name in ALLOWED if hasattr(model, name)}


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def encode(value: Any) -> Any:
    """``value`` as plain JSON data: allowed dataclasses become objects of their fields, enums their
    value, tuples lists. Raises CacheError for anything else."""
    if value is None or type(value) in (str, int, bool, float):
        return value
    if isinstance(value, enum.Enum):
        if type(value) not in _allowed():
            raise CacheError(f"cannot cache a {type(value).__name__}")
        return value.value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if type(value) not in _allowed():
            raise CacheError(f"cannot cache a {type(value).__name__}")
        return {item.name: encode(getattr(value, item.name)) for item in dataclasses.fields(value)}
    if isinstance(value, tuple):
        return [encode(item) for item in value]
    raise CacheError(f"cannot cache a {type(value).__name__}")


def decode(data: Any, hint: Any) -> Any:
    """Rebuild a value of type ``hint`` from JSON data; raises CacheError when ``data`` does not fit
    the type exactly (unknown or missing fields, wrong types, classes not in ALLOWED)."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        options = typing.get_args(hint)
        if data is None and type(None) in options:
            return None
        for option in options:
            if option is not type(None):
                try:
                    return decode(data, option)
                except CacheError:
                    continue
        raise CacheError(f"no type of {hint} fits")
    if origin is tuple:
        args = typing.get_args(hint)
        if len(args) != 2 or args[1] is not Ellipsis or not isinstance(data, list):
            raise CacheError(f"expected a list for {hint}")
        return tuple(decode(item, args[0]) for item in data)
    if origin is typing.Literal:
        if not any(type(data) is type(value) and data == value for value in typing.get_args(hint)):
            raise CacheError(f"expected one of {typing.get_args(hint)}")
        return data
    if hint is type(None) or hint is None:
        if data is not None:
            raise CacheError("expected null")
        return None
    if hint in (str, int, bool):
        if type(data) is not hint:
            raise CacheError(f"expected {hint.__name__}")
        return data
    if hint is float:
        if type(data) not in (int, float):
            raise CacheError("expected a number")
        return float(data)
    if isinstance(hint, type) and hint in _allowed():
        if issubclass(hint, enum.Enum):
            try:
                return hint(data)
            except (ValueError, TypeError):
                raise CacheError(f"not a {hint.__name__}") from None
        if dataclasses.is_dataclass(hint):
            return _decode_dataclass(data, hint)
    raise CacheError(f"cannot rebuild a {hint!r}")


def _decode_dataclass(data: Any, cls: type) -> Any:
    if not isinstance(data, dict):
        raise CacheError(f"expected an object for {cls.__name__}")
    names = [item.name for item in dataclasses.fields(cls)]
    if sorted(data) != sorted(names):
        raise CacheError(f"fields of {cls.__name__} do not match")
    hints = _hints(cls)
    return cls(**{name: decode(data[name], hints[name]) for name in names})


FINDINGS = tuple[Finding, ...]


# ---------------------------------------------------------------------------------------------
# The cache folder


@dataclass(frozen=True)
class Cache:
    """A cache folder and the salt of this run (see :func:`open_cache`); picklable, so workers of a
    ``--jobs`` pool get their own copy."""

    folder: str
    salt: str

    def key(self, data: bytes, path: str, kind: DocumentKind, context: bool, depends: str = "") -> str:
        """``depends`` stands for other files the findings depend on (model files a notebook loads)."""
        parts = {
            "depends": depends,
            "format": FORMAT,
            "salt": self.salt,
            "content": hashlib.sha256(data).hexdigest(),
            "path": path,
            "kind": kind,
            "context": context,
        }
        return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()

    def _entry(self, key: str) -> Path:
        return Path(self.folder) / f"{key}.json"

    def load(self, key: str) -> tuple[Finding, ...] | None:
        """The findings stored under ``key``, or None (missing, unreadable, corrupt or crafted)."""
        try:
            raw = self._entry(key).read_bytes()
            entry = json.loads(raw.decode("utf-8"))
            if not isinstance(entry, dict) or entry.get("format") != FORMAT or entry.get("key") != key:
                return None
            findings: tuple[Finding, ...] = decode(entry.get("findings"), FINDINGS)
            return findings
        except (OSError, ValueError, RecursionError, TypeError):  # CacheError, JSON and UTF-8 errors are ValueErrors
            return None

    def store(self, key: str, findings: tuple[Finding, ...]) -> None:
        """Write an entry atomically; silently does nothing when it cannot (read-only disk, a
        finding holding a class not in ALLOWED)."""
        try:
            text = json.dumps(
                {"format": FORMAT, "key": key, "findings": encode(findings)}, ensure_ascii=False, separators=(",", ":")
            )
        except (CacheError, ValueError):
            return
        _write_atomic(self._entry(key), text.encode("utf-8"))


def _write_atomic(target: Path, data: bytes) -> bool:
    try:
        import tempfile  # only when an entry is written

        handle, temp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".part")
    except OSError:
        return False
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temp, target)
        return True
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        return False


def open_cache(folder: str | os.PathLike[str], config_digest: str) -> Cache | None:
    """The cache in ``folder`` for a run with this configuration, creating the folder and its
    ``.gitignore``; None when the folder cannot be created (the run goes on uncached)."""
    path = Path(folder)
    try:
        path.mkdir(parents=True, exist_ok=True)
        ignore = path / ".gitignore"
        if not ignore.exists():
            _write_atomic(ignore, b"# Created by mlsafe: the result cache is not source.\n*\n")
    except OSError:
        return None
    return Cache(folder=os.fspath(path), salt=salt(config_digest))


def salt(config_digest: str) -> str:
    """What every entry depends on besides the file: mlsafe's version and source, the configuration,
    bandit's version, and the docs URL findings carry (from the installed ``[project.urls]``)."""
    import linter
    from linter.links import docs_url

    return "|".join((linter.__version__, config_digest, _bandit_version(), _code_stamp(), docs_url()))


def _bandit_version() -> str:
    from linter.startup.distribution_metadata import installed_version

    version = installed_version("bandit")
    return "no bandit" if version is None else f"bandit {version}"


def _source_files() -> Iterator[Path]:
    import linter
    import linter.rules

    for package in (*linter.__path__, *linter.rules.__path__):
        yield from sorted(Path(package).rglob("*.py"))


def _code_stamp() -> str:
    """Size and mtime of mlsafe's own source files: editing a rule invalidates the cache."""
    digest = hashlib.sha256()
    for source in _source_files():
        try:
            stat = source.stat()
        except OSError:
            continue
        digest.update(f"{source}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()
