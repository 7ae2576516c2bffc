"""Fields of an installed distribution's metadata (``Version``, ``Project-URL``), read cheaply.

``importlib.metadata`` parses the whole ``METADATA`` file with the ``email`` package, and importing it
costs about 20 ms: a fifth of what a one-notebook run spends outside libcst, for two header fields
(the links findings carry and the cache's salt). :func:`metadata_fields` reads the
``<name>-<version>.dist-info/METADATA`` file that ``importlib.metadata`` would find first on
``sys.path`` (the same search order) and keeps the header lines; when no such folder is found (an
egg install, a zip on ``sys.path``), it asks ``importlib.metadata`` itself.
"""

from __future__ import annotations

import functools
import os
import re
import sys
from collections.abc import Iterable

_HEADER = re.compile(r"([A-Za-z0-9-]+): ?(.*)")


def normalised(name: str) -> str:
    """The distribution name as dist-info folder names spell it (PEP 503 then ``_``)."""
    return re.sub(r"[-_.]+", "_", name).lower()


def header_fields(text: str) -> tuple[tuple[str, str], ...]:
    """The (field, value) pairs of a ``METADATA`` text's header (up to the first empty line; a
    line of spaces continues a folded field); continuation lines are not used by the fields read
    here and are skipped."""
    fields = []
    for line in text.splitlines():
        if not line:
            break
        found = _HEADER.fullmatch(line)
        if found and not line[0].isspace():
            fields.append((found.group(1), found.group(2).strip()))
    return tuple(fields)


_FOLDERS = ((".dist-info", "METADATA"), (".egg-info", "PKG-INFO"))


def _metadata_file(folder: str) -> tuple[str, str] | None:
    """(distribution name, metadata file name) of a ``*.dist-info``/``*.egg-info`` folder name."""
    for suffix, file_name in _FOLDERS:
        if folder.endswith(suffix):
            return folder.removesuffix(suffix).split("-", 1)[0], file_name
    return None


def _installed_metadata(name: str, paths: Iterable[str]) -> str | None:
    wanted = normalised(name)
    for entry in paths:
        try:
            with os.scandir(entry or ".") as listing:
                folders = sorted(e.name for e in listing if e.name.endswith((".dist-info", ".egg-info")) and e.is_dir())
        except OSError:  # not a folder (a zip file), gone, unreadable
            continue
        for folder in folders:
            found = _metadata_file(folder)
            if found is None or normalised(found[0]) != wanted:
                continue
            try:
                with open(os.path.join(entry or ".", folder, found[1]), encoding="utf-8") as handle:
                    return handle.read()
            except OSError:
                continue
    return None


@functools.lru_cache(maxsize=8)
def metadata_fields(name: str) -> tuple[tuple[str, str], ...] | None:
    """The header fields of the installed distribution ``name``; None when it is not installed."""
    text = _installed_metadata(name, sys.path)
    if text is None:
        import importlib.metadata

        try:
            text = importlib.metadata.distribution(name).read_text("METADATA") or ""
        except importlib.metadata.PackageNotFoundError:
            return None
    return header_fields(text)


def field_values(name: str, field: str) -> tuple[str, ...]:
    """Every value of ``field`` (``Project-URL``...) in ``name``'s metadata (case-insensitive)."""
    fields = metadata_fields(name) or ()
    return tuple(value for key, value in fields if key.lower() == field.lower())


def installed_version(name: str) -> str | None:
    """``name``'s installed version, or None when it is not installed."""
    fields = metadata_fields(name)
    if fields is None:
        return None
    return next((value for key, value in fields if key.lower() == "version"), "")


__all__ = ["field_values", "header_fields", "installed_version", "metadata_fields", "normalised"]
