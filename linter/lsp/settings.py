"""The client's settings for mlsafe, read leniently (an editor's settings UI is no place to crash).

They come as ``initializationOptions`` (``{"settings": {...}}`` or the settings themselves) and with
``workspace/didChangeConfiguration`` (``{"mlsafe": {...}}`` or the settings themselves):

- ``severity``: the lowest severity shown, ``"low"`` (default), ``"medium"`` or ``"high"``;
- ``select``, ``ignore``: code prefixes, as ``--select``/``--ignore`` on the command line (they
  override the ``[tool.mlsafe]`` table the same way);
- ``debounce``: edits closer together than this many milliseconds are a burst, linted once after
  its last edit (default 50); an edit after a pause is linted at once.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

from linter.config import Config, ConfigError, Overrides, resolve, split_codes
from linter.model import Severity

DEFAULT_DEBOUNCE_MS = 50
MAX_DEBOUNCE_MS = 5000


@dataclass(frozen=True)
class Settings:
    severity: Severity = Severity.LOW
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    debounce_ms: int = DEFAULT_DEBOUNCE_MS

    def config_for(self, path: str) -> tuple[Config, str | None]:
        """The configuration for the file ``path``: the nearest ``[tool.mlsafe]`` (walking up from
        the file) overridden by these settings, and a problem to show (then the defaults are used)."""
        overrides = Overrides(select=self.select, ignore=self.ignore)
        try:
            return resolve([path if os.path.isabs(path) else os.getcwd()], overrides), None
        except ConfigError as error:
            try:
                return resolve([os.getcwd()], Overrides(isolated=True)), f"mlsafe: {error}"
            except ConfigError:  # pragma: no cover - the defaults are always valid
                return Config(), f"mlsafe: {error}"


def config_stamp(path: str) -> tuple[tuple[str, int, int], ...]:
    """What the configuration of ``path`` depends on: each ``pyproject.toml`` from its directory up,
    with its modification time and size (a cached configuration is reused while this is equal)."""
    directory = os.path.dirname(path) if os.path.isabs(path) else os.getcwd()
    stamp = []
    while True:
        candidate = os.path.join(directory, "pyproject.toml")
        try:
            info = os.stat(candidate)
            stamp.append((candidate, info.st_mtime_ns, info.st_size))
        except OSError:
            pass
        parent = os.path.dirname(directory)
        if parent == directory:
            return tuple(stamp)
        directory = parent


def _codes(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return split_codes(value)
    if isinstance(value, (list, tuple)):
        return tuple(code.strip().upper() for code in value if isinstance(code, str) and code.strip())
    return ()


def _severity(value: object) -> Severity:
    if isinstance(value, str):
        try:
            return Severity.parse(value)
        except ValueError:
            return Severity.LOW
    return Severity.LOW


def _debounce(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return DEFAULT_DEBOUNCE_MS
    return int(min(max(value, 0), MAX_DEBOUNCE_MS))


def _table(raw: object) -> Mapping[str, object]:
    """The mlsafe settings inside what a client sent (``{"settings": ...}``, ``{"mlsafe": ...}``)."""
    if not isinstance(raw, Mapping):
        return {}
    for key in ("settings", "mlsafe"):
        inner = raw.get(key)
        if isinstance(inner, Mapping):
            return _table(inner) if key == "settings" and "mlsafe" in inner else inner
    return raw


def settings_from(raw: object) -> Settings:
    table = _table(raw)
    return Settings(
        severity=_severity(table.get("severity")),
        select=_codes(table.get("select")),
        ignore=_codes(table.get("ignore")),
        debounce_ms=_debounce(table.get("debounce")),
    )
