"""The effective configuration of a run, as one frozen, hashable value.

Sources, lowest precedence first: the defaults, the ``[tool.mlsafe]`` table of the nearest
``pyproject.toml`` (found by walking up from the scanned paths; a ``pyproject.toml`` without that
table is skipped, as ruff does), or the file given with ``--config``; then the command line.
``--isolated`` ignores configuration files.

Rule selection follows ruff: ``select`` replaces the default set (``MLS`` and
the curated bandit checks ``B``), ``extend-select`` adds
to it, ``ignore`` removes from it, and the most specific prefix wins. ``--select`` on the command
line replaces the file's ``select``, ``extend-select`` and ``ignore``; ``--extend-select`` and
``--ignore`` add to what the file says.

Globs (``exclude``, ``per-file-ignores``) match paths relative to the directory of the
configuration file, with ``/`` as separator; a glob without ``/`` also matches any single path
component (``*.ipynb``, ``legacy``); a glob that matches a directory covers everything below it.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from fnmatch import fnmatchcase
from pathlib import Path, PurePosixPath
from typing import Any, ClassVar

from linter.model import Finding, Severity

TABLE = "tool.mlsafe"
KEYS = (
    "select",
    "ignore",
    "extend-select",
    "per-file-ignores",
    "exclude",
    "severity",
    "fail-on",
    "allow-bare-noqa",
    "timeout-per-file",
    "max-file-size",
)
# Limits of a run: a file that takes longer is reported as MLS002 and the run goes on
# (linter.engine.budget); a larger file is refused with MLS002 before it is read (linter.sources.reading).
DEFAULT_TIMEOUT = 60.0  # seconds; 0 turns the budget off
DEFAULT_MAX_FILE_SIZE = 100  # megabytes


class ConfigError(ValueError):
    """A configuration problem: an unknown key or code, a wrong type, an unreadable file (exit 2)."""


def split_codes(text: str | None) -> tuple[str, ...]:
    """``"MLS1, MLS203"`` -> ``("MLS1", "MLS203")``."""
    if not text:
        return ()
    return tuple(part.strip().upper() for part in text.replace(" ", ",").split(",") if part.strip())


@dataclass(frozen=True)
class Config:
    """Which rules run, on which files, and which findings count.

    Every field is immutable (tuples, not lists or dicts), so a Config is hashable and can key a
    cache; :meth:`digest` is a stable hash of its content. ``select``, ``ignore``,
    ``extend_select`` and the codes of ``per_file_ignores`` and ``severity`` are code prefixes.
    ``root`` is the directory globs are relative to ('' means the current directory).
    """

    select: tuple[str, ...] = ("MLS", "B")  # B: the curated bandit checks (rules/bandit/)
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    exclude: tuple[str, ...] = ()
    severity: tuple[tuple[str, Severity], ...] = ()
    fail_on: Severity = Severity.LOW
    allow_bare_noqa: bool = False
    root: str = ""
    show: Severity = Severity.LOW  # the lowest severity reported (--severity); not linting: not in digest
    timeout_per_file: float = DEFAULT_TIMEOUT
    max_file_size: int = DEFAULT_MAX_FILE_SIZE * 1_000_000  # bytes

    # Fields that change whether a file is analysed, never what is found in it: left out of the
    # digest (the cache key), and timed-out or refused files are never cached.
    LIMITS: ClassVar[tuple[str, ...]] = ("timeout_per_file", "max_file_size")

    def digest(self) -> str:
        """A stable hash of what the linting depends on (same content, same digest, in any process);
        ``show`` only filters what is printed, so it is left out."""
        data: dict[str, Any] = {}
        for item in fields(self):
            if item.name in self.LIMITS or item.name == "show":
                continue
            value = getattr(self, item.name)
            data[item.name] = _plain(value)
        text = json.dumps(data, sort_keys=True, separators=(",", ":"))
        return "sha256:" + hashlib.sha256(text.encode()).hexdigest()

    def relative(self, path: str | os.PathLike[str]) -> str:
        """``path`` relative to ``root`` with ``/`` separators (absolute if outside ``root``)."""
        raw = os.fspath(path)
        if raw.startswith("<"):  # <string>, <stdin>: not a file
            return raw
        if not self.root:
            return PurePosixPath(Path(raw).as_posix()).as_posix().removeprefix("./")
        absolute = os.path.abspath(raw)
        try:
            rel = os.path.relpath(absolute, self.root)
        except ValueError:  # another drive on Windows
            return Path(absolute).as_posix()
        if rel == os.pardir or rel.startswith(os.pardir + os.sep):
            return Path(absolute).as_posix()
        return Path(rel).as_posix()

    def selection(self, path: str = "") -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(select, ignore) prefixes for the file ``path``: per-file ignores included."""
        select = _unique((*self.select, *self.extend_select))
        if not self.per_file_ignores or not path:
            return select, self.ignore
        rel = self.relative(path)
        extra = [code for glob, codes in self.per_file_ignores if glob_matches(glob, rel) for code in codes]
        return select, _unique((*self.ignore, *extra)) if extra else self.ignore

    def is_excluded(self, path: str | os.PathLike[str]) -> bool:
        if not self.exclude:
            return False
        rel = self.relative(path)
        return rel not in (".", "") and any(glob_matches(glob, rel) for glob in self.exclude)

    def severity_of(self, code: str) -> Severity | None:
        """The overridden severity of a rule (most specific prefix wins), or None."""
        best: tuple[int, Severity] | None = None
        for prefix, severity in self.severity:
            if code.startswith(prefix) and (best is None or len(prefix) > best[0]):
                best = (len(prefix), severity)
        return None if best is None else best[1]

    def shown(self, findings: Iterable[Finding]) -> tuple[Finding, ...]:
        """The findings at or above ``show`` (``--severity``)."""
        return tuple(finding for finding in findings if finding.severity >= self.show)

    def fails(self, findings: Iterable[Finding]) -> bool:
        """True when a finding is at or above ``fail_on`` (the exit code is then 1)."""
        return any(finding.severity >= self.fail_on for finding in findings)


def _plain(value: Any) -> Any:
    if isinstance(value, Severity):
        return value.label
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    return value


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def glob_matches(glob: str, rel: str) -> bool:
    """Whether ``glob`` matches the posix path ``rel`` or one of its parent directories; a glob
    without ``/`` also matches any single component."""
    pattern = glob.strip().removeprefix("./").rstrip("/")
    if not pattern:
        return False
    parts = rel.split("/")
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    if "/" not in pattern:
        return any(fnmatchcase(part, pattern) for part in parts) or any(fnmatchcase(p, pattern) for p in prefixes)
    patterns = {pattern}
    while pattern.startswith("**/"):
        pattern = pattern[3:]
        patterns.add(pattern)
    return any(fnmatchcase(p, pat) for p in prefixes for pat in patterns)


# ---------------------------------------------------------------------------------------------
# Reading [tool.mlsafe]


def _toml_loads(text: str) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib
    data: dict[str, Any] = tomllib.loads(text)
    return data


def read_toml(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigError(f"{path}: cannot read configuration: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: configuration is not valid UTF-8") from None
    try:
        return _toml_loads(text)
    except ValueError as error:  # tomllib.TOMLDecodeError is a ValueError
        raise ConfigError(f"{path}: invalid TOML: {error}") from None


def table_of(path: Path, data: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The mlsafe table of a parsed file: ``[tool.mlsafe]`` in a ``pyproject.toml``, the top level
    of any other file (``mlsafe.toml``). None when a pyproject.toml has no such table."""
    if path.name != "pyproject.toml":
        return data
    tool = data.get("tool")
    table = tool.get("mlsafe") if isinstance(tool, Mapping) else None
    if table is not None and not isinstance(table, Mapping):
        raise ConfigError(f"{path}: [{TABLE}] must be a table")
    return table


def find_config(paths: Sequence[str | os.PathLike[str]]) -> Path | None:
    """The nearest ``pyproject.toml`` with a ``[tool.mlsafe]`` table, walking up from the common
    parent directory of ``paths``."""
    start = _common_dir(paths)
    for directory in (start, *start.parents):
        candidate = directory / "pyproject.toml"
        if candidate.is_file():
            try:
                text = candidate.read_text(encoding="utf-8", errors="replace")
            except OSError:
                continue
            if "mlsafe" in text and table_of(candidate, read_toml(candidate)) is not None:
                return candidate
    return None


def _common_dir(paths: Sequence[str | os.PathLike[str]]) -> Path:
    absolute = [os.path.abspath(os.fspath(p)) for p in paths] or [os.getcwd()]
    try:
        common = Path(os.path.commonpath(absolute))
    except ValueError:  # different drives
        common = Path(absolute[0])
    while not common.is_dir() and common != common.parent:
        common = common.parent
    return common


def load_config(path: Path) -> Config:
    """The Config a file describes (defaults for what it leaves out); raises ConfigError."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"{path}: no such configuration file")
    table = table_of(path, read_toml(path))
    # abspath, not resolve: scanned paths are made absolute the same way (symlinks kept)
    return config_from_table(table or {}, where=_where(path), root=os.path.abspath(path.parent))


def _where(path: Path) -> str:
    return f"{path} [{TABLE}]" if path.name == "pyproject.toml" else str(path)


def config_from_table(table: Mapping[str, Any], where: str = f"[{TABLE}]", root: str = "") -> Config:
    unknown = [key for key in table if key not in KEYS]
    if unknown:
        key = unknown[0]
        import difflib  # only to suggest a key for a misspelt one

        hint = difflib.get_close_matches(key.replace("_", "-"), KEYS, n=1)
        suggestion = f" (did you mean {hint[0]!r}?)" if hint else f" (known keys: {', '.join(KEYS)})"
        raise ConfigError(f"{where}: unknown key {key!r}{suggestion}")
    known = _known_codes()
    select = _codes(table, "select", where, known, default=Config().select)
    severity = table.get("severity", {})  # a string: the lowest severity shown; a table: rules' severities
    return Config(
        select=select,
        ignore=_codes(table, "ignore", where, known),
        extend_select=_codes(table, "extend-select", where, known),
        per_file_ignores=_per_file_ignores(table.get("per-file-ignores", {}), where, known),
        exclude=tuple(sorted(set(_strings(table, "exclude", where)))),
        severity=() if isinstance(severity, str) else _severities(severity, where, known),
        fail_on=_severity_value(table.get("fail-on", "low"), f"{where} fail-on"),
        allow_bare_noqa=_bool(table, "allow-bare-noqa", where),
        root=root,
        show=_severity_value(severity, f"{where} severity") if isinstance(severity, str) else Severity.LOW,
        timeout_per_file=_number(table, "timeout-per-file", where, DEFAULT_TIMEOUT),
        max_file_size=int(_number(table, "max-file-size", where, DEFAULT_MAX_FILE_SIZE, positive=True) * 1_000_000),
    )


def _known_codes() -> tuple[str, ...]:
    from linter.registry import all_rules

    return tuple(rule.code for rule in all_rules())


def check_codes(codes: Iterable[str], what: str, known: Sequence[str], allow_all: bool = True) -> None:
    """Raise ConfigError naming ``what`` and the first code that matches no rule."""
    for code in codes:
        if code == "ALL" and allow_all:
            continue
        if not any(rule.startswith(code) for rule in known):
            raise ConfigError(f"{what}: unknown rule code or prefix: {code} (see `mlsafe rules`)")


def _strings(table: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ConfigError(f"{where}: {key} must be a list of strings")
    return tuple(value)


def _codes(
    table: Mapping[str, Any], key: str, where: str, known: Sequence[str], default: tuple[str, ...] = ()
) -> tuple[str, ...]:
    if key not in table:
        return default
    codes = tuple(code.strip().upper() for code in _strings(table, key, where))
    check_codes(codes, f"{where} {key}", known)
    return codes


def _per_file_ignores(value: Any, where: str, known: Sequence[str]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(value, Mapping):
        raise ConfigError(f"{where}: per-file-ignores must be a table of glob = [codes]")
    entries = []
    for glob, codes in value.items():
        if not isinstance(codes, list) or not all(isinstance(code, str) for code in codes):
            raise ConfigError(f"{where}: per-file-ignores {glob!r} must be a list of codes")
        upper = tuple(code.strip().upper() for code in codes)
        check_codes(upper, f"{where} per-file-ignores {glob!r}", known)
        entries.append((glob, tuple(sorted(set(upper)))))
    return tuple(sorted(entries))  # order does not matter: sorted, equal tables give equal Configs


def _severities(value: Any, where: str, known: Sequence[str]) -> tuple[tuple[str, Severity], ...]:
    if not isinstance(value, Mapping):
        raise ConfigError(
            f'{where}: severity must be "low", "medium" or "high" (the lowest shown) '
            'or a table of code = "low" | "medium" | "high"'
        )
    entries = []
    for code, label in value.items():
        upper = code.strip().upper()
        check_codes((upper,), f"{where} severity", known, allow_all=False)
        entries.append((upper, _severity_value(label, f"{where} severity {code!r}")))
    return tuple(sorted(entries))


def _severity_value(value: Any, what: str) -> Severity:
    if not isinstance(value, str):
        raise ConfigError(f'{what}: must be "low", "medium" or "high"')
    try:
        return Severity.parse(value)
    except ValueError as error:
        raise ConfigError(f"{what}: {error}") from None


def _number(table: Mapping[str, Any], key: str, where: str, default: float, positive: bool = False) -> float:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value or value < 0:
        raise ConfigError(f"{where}: {key} must be a number, 0 or more")
    if positive and value == 0:
        raise ConfigError(f"{where}: {key} must be more than 0")
    return float(value)


def _bool(table: Mapping[str, Any], key: str, where: str) -> bool:
    value = table.get(key, False)
    if not isinstance(value, bool):
        raise ConfigError(f"{where}: {key} must be true or false")
    return value


# ---------------------------------------------------------------------------------------------
# Command-line overrides


@dataclass(frozen=True)
class Overrides:
    """What the command line says; None/empty means "as the configuration file says"."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    fail_on: str | None = None
    config: str | None = None
    isolated: bool = False
    show: str | None = None  # --severity
    timeout_per_file: float | None = None


def resolve(paths: Sequence[str | os.PathLike[str]], overrides: Overrides = Overrides()) -> Config:
    """The effective Config for a run over ``paths``: file configuration, then the command line."""
    if overrides.isolated:
        base = Config()
    elif overrides.config:
        base = load_config(Path(overrides.config))
    else:
        found = find_config(paths)
        base = load_config(found) if found is not None else Config()
    given = (*overrides.select, *overrides.ignore, *overrides.extend_select)
    known = _known_codes() if given else ()  # loading every rule costs: only when there are codes to check
    check_codes(overrides.select, "--select", known)
    check_codes(overrides.ignore, "--ignore", known)
    check_codes(overrides.extend_select, "--extend-select", known)
    if overrides.select:
        select, extend, ignore = overrides.select, overrides.extend_select, overrides.ignore
    else:
        select = base.select
        extend = _unique((*base.extend_select, *overrides.extend_select))
        ignore = _unique((*base.ignore, *overrides.ignore))
    fail_on = _severity_value(overrides.fail_on, "--fail-on") if overrides.fail_on else base.fail_on
    return Config(
        select=select,
        ignore=ignore,
        extend_select=extend,
        per_file_ignores=base.per_file_ignores,
        exclude=base.exclude,
        severity=base.severity,
        fail_on=fail_on,
        allow_bare_noqa=base.allow_bare_noqa,
        root=base.root,
        show=_severity_value(overrides.show, "--severity") if overrides.show else base.show,
        timeout_per_file=base.timeout_per_file if overrides.timeout_per_file is None else overrides.timeout_per_file,
        max_file_size=base.max_file_size,
    )
