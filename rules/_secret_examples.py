"""Synthetic, format-valid credentials for the secret rules' examples and tests.

None of these is a real credential: each body is built here from an obviously synthetic filler
(``MlsafeSynthetic...``), so the repository never holds a full token literal, push protection
has nothing real to block, and a checksum-validating scanner would reject them.
"""

from __future__ import annotations

_FILLER = "MlsafeSynthetic0Fake1Body2NotReal3Demo4Only5Value6Mlsafe7Lint8Check9"


def body(length: int, alphabet: str = "") -> str:
    """``length`` characters of filler, restricted to ``alphabet`` when given."""
    chars = [c for c in _FILLER if not alphabet or c in alphabet] or list(alphabet)
    return "".join(chars[i % len(chars)] for i in range(length))


HEX = "0123456789abcdef"
B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

TOKENS: dict[str, str] = {
    "openai": "sk-" + "proj-" + body(48),
    "openai-legacy": "sk" + "-" + body(48),
    "anthropic": "sk-" + "ant-api03-" + body(93),
    "huggingface": "hf" + "_" + body(34),
    "github": "gh" + "p_" + body(36),
    "github-fine": "github" + "_pat_" + body(22) + "_" + body(59),
    "gitlab": "gl" + "pat-" + body(20),
    "slack": "xo" + "xb-" + "271828182845-314159265358-" + body(24),
    "stripe": "sk" + "_live_" + body(24),
    "google": "AI" + "za" + body(35),
    "aws": "AK" + "IA" + "MLSAFESYNTHETIC2",
    "aws-secret": body(40),
    "azure-storage": body(86) + "==",
    "azure-sas": body(43) + "%3D",
    "databricks": "da" + "pi" + "f00dcafe5eed1e55ba11ad0feedbeef7",
    "jwt": "eyJhbGciOiJIUzI1NiJ9" + ".eyJzdWIiOiJtbHNhZmUtc3ludGhldGljIn0." + body(43),
}

PEM = ("-----BEGIN RSA " "PRIVATE KEY-----\n" + "\n".join(body(64) for _ in range(4))
       + "\n-----END RSA " "PRIVATE KEY-----\n")
