"""Showing secrets and personal data without revealing them.

``redact`` keeps at most the first 4 characters and never more than a quarter of the value, then
``…``; ``fingerprint`` is a stable hash of the value (for baselines), never the value itself.
"""

from __future__ import annotations

import hashlib

ELLIPSIS = "…"


def redact(value: str) -> str:
    """``sk-proj-abc...`` -> ``sk-p…``; short values show fewer characters (``abcdefgh`` -> ``ab…``)."""
    shown = min(4, len(value) // 4)
    return value[:shown] + ELLIPSIS


def fingerprint(value: str, kind: str = "") -> str:
    """A stable, non-reversible identifier of a value: ``sha256:`` and 16 hex digits."""
    digest = hashlib.sha256(f"mlsafe:{kind}:{value}".encode("utf-8", "surrogatepass")).hexdigest()
    return f"sha256:{digest[:16]}"
