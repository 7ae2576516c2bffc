"""Showing secrets and personal data without revealing them.

``redact`` keeps at most the first 4 characters and never more than a quarter of the value, then
``…``; ``fingerprint`` is a stable hash of the value (for baselines), never the value itself.
"""

from __future__ import annotations

import hashlib
import re

from linter.startup.lazy_pattern import lazy_compile

_URL_USERINFO = lazy_compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)(?P<userinfo>[^\s/@]+)@")

ELLIPSIS = "…"


def redact(value: str) -> str:
    """``sk-proj-abc...`` -> ``sk-p…``; short values show fewer characters (``abcdefgh`` -> ``ab…``)."""
    shown = min(4, len(value) // 4)
    return value[:shown] + ELLIPSIS


def fingerprint(value: str, kind: str = "") -> str:
    """A stable, non-reversible identifier of a value: ``sha256:`` and 16 hex digits."""
    digest = hashlib.sha256(f"mlsafe:{kind}:{value}".encode("utf-8", "surrogatepass")).hexdigest()
    return f"sha256:{digest[:16]}"


def redact_url_credentials(text: str) -> str:
    """Redact the user-info part of every URL in ``text``: ``https://ml:hunter22@host`` becomes
    ``https://ml:h…@host`` and ``https://ghp_abc…@github.com`` keeps only what :func:`redact` shows."""

    def hide(match: re.Match[str]) -> str:
        user, sep, password = match.group("userinfo").partition(":")
        shown = f"{user}:{redact(password)}" if sep else redact(user)
        return f"{match.group('scheme')}{shown}@"

    return _URL_USERINFO.sub(hide, text)
