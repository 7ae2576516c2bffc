"""Whether a text holds something that looks like a credential or personal data.

This is the hook MLS304 (saved-traceback) uses to raise its severity: ``contains_sensitive(text)``.
It holds a deliberately small set of unmistakable formats (provider tokens with their fixed prefixes,
private key blocks, passwords inside URLs, e-mail addresses outside reserved example domains); the
secret (MLS2xx) and PII (MLS5xx) detectors are the full versions and report the values under their
own codes. When their shared detection functions land, this module should delegate to them.
"""

from __future__ import annotations

import re

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
    """Whether ``text`` holds a credential or an e-mail address in one of the formats above."""
    if SECRET_PATTERNS.search(text):
        return True
    return any(_real_email(match.group(1)) and not match.group(0).startswith("git@")
               for match in EMAIL.finditer(text))
