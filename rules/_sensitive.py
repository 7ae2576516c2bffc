"""Whether a text holds something that looks like a credential or personal data.

This is the hook MLS304 (saved-traceback) uses to raise its severity: ``contains_sensitive(text)``.
It holds a deliberately small set of unmistakable formats (provider tokens with their fixed prefixes,
private key blocks, passwords inside URLs, e-mail addresses outside reserved example domains), and
also asks the full secret (MLS2xx) and PII (MLS5xx) detectors when they are installed next to it
(``_secret_patterns.find_all``, ``_pii_data.find_pii``); those rules report the values themselves,
redacted, under their own codes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

Detector = Callable[[str], Sequence[object]]


def _detectors() -> tuple[Detector, ...]:
    found: list[Detector] = []
    try:
        from ._secret_patterns import find_all
        found.append(find_all)
    except ImportError:  # the secret rules are not part of this build
        pass
    try:
        from ._pii_data import find_pii
        found.append(find_pii)
    except ImportError:  # the PII rules are not part of this build
        pass
    return tuple(found)


DETECTORS = _detectors()

SECRET_PATTERNS = re.compile(
    r"""
    \b(?:
        sk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,}      # OpenAI / Anthropic
      | hf_[A-Za-z0-9]{30,}                        # Hugging Face
      | (?:AKIA|ASIA)(?!IOSFODNN7EXAMPLE)[0-9A-Z]{16}  # AWS access key id (not the docs' example)
      | gh[pousr]_[A-Za-z0-9]{36,}                 # GitHub
      | github_pat_[A-Za-z0-9_]{40,}
      | glpat-[A-Za-z0-9_-]{20,}                   # GitLab
      | xox[abpr]-[A-Za-z0-9-]{10,}                # Slack
      | AIza[0-9A-Za-z_-]{35}                      # Google API key
      | (?:sk|rk)_live_[A-Za-z0-9]{20,}            # Stripe
    )
    | -----BEGIN[ A-Z]*PRIVATE\ KEY-----
    | [a-z][a-z0-9+.-]*://[^\s:/@'"]+:[^\s/@'"${}<>]{3,}@[\w.-]+    # password in a URL
    """,
    re.VERBOSE,
)
EMAIL = re.compile(r"\b[A-Za-z0-9._%+-]+@((?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,})\b")
RESERVED_DOMAINS = ("example.com", "example.org", "example.net", "test", "localhost", "invalid", "example")


def _real_email(domain: str) -> bool:
    domain = domain.lower()
    return not any(domain == d or domain.endswith("." + d) for d in RESERVED_DOMAINS)


def contains_sensitive(text: str) -> bool:
    """Whether ``text`` holds a credential or personal data (the formats above, or anything the
    secret and PII detectors find)."""
    if SECRET_PATTERNS.search(text):
        return True
    if any(_real_email(match.group(1)) and not match.group(0).startswith("git@") for match in EMAIL.finditer(text)):
        return True
    return any(detector(text) for detector in DETECTORS)
