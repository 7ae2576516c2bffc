"""Synthetic, format-valid credentials for the secret rules' examples and tests.

None of these is a real credential: each body is built here from an obviously synthetic filler
(``MlsafeSynthetic...``), so the repository never holds a full token literal, push protection
has nothing real to block, and a checksum-validating scanner would reject them.
"""

from __future__ import annotations

_FILLER = "MlsafeSynthetic0Fake1Body2NotReal3Demo4Only5Value6Mlsafe7Lint8Check9"
# the bundled samples use another filler, so a sample's secret never equals a rule example's (rule
# docs, which some report formats embed, show the examples)
SAMPLE_FILLER = "TrainJobSynthetic0Nightly1Fixture2NotReal3Mlsafe4Run5Demo6Only7Key8"

HEX = "0123456789abcdef"


def body(length: int, alphabet: str = "", filler: str = _FILLER) -> str:
    """``length`` characters of filler, restricted to ``alphabet`` when given."""
    chars = [c for c in filler if not alphabet or c in alphabet] or list(alphabet)
    return "".join(chars[i % len(chars)] for i in range(length))


def make_tokens(filler: str = _FILLER) -> dict[str, str]:
    """One synthetic token per provider format, built from ``filler``."""
    return {
        "openai": "sk-" + "proj-" + body(48, filler=filler),
        "openai-legacy": "sk" + "-" + body(48, filler=filler),
        "anthropic": "sk-" + "ant-api03-" + body(93, filler=filler),
        "huggingface": "hf" + "_" + body(34, filler=filler),
        "github": "gh" + "p_" + body(36, filler=filler),
        "github-fine": "github" + "_pat_" + body(22, filler=filler) + "_" + body(59, filler=filler),
        "gitlab": "gl" + "pat-" + body(20, filler=filler),
        "slack": "xo" + "xb-" + "271828182845-314159265358-" + body(24, filler=filler),
        "stripe": "sk" + "_live_" + body(24, filler=filler),
        "google": "AI" + "za" + body(35, filler=filler),
        "aws": "AK" + "IA" + body(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", filler=filler.upper()),
        "aws-secret": body(40, filler=filler),
        "azure-storage": body(86, filler=filler) + "==",
        "azure-sas": body(43, filler=filler) + "%3D",
        "databricks": "da" + "pi" + body(32, HEX, filler=filler.lower() + "f00dcafe5eed1e55ba11ad0feedbeef7"),
        "jwt": "eyJhbGciOiJIUzI1NiJ9" + ".eyJzdWIiOiJtbHNhZmUtc3ludGhldGljIn0." + body(43, filler=filler),
    }


TOKENS = make_tokens()
SAMPLE_TOKENS = make_tokens(SAMPLE_FILLER)

PEM = "-----BEGIN RSA PRIVATE KEY-----\n" + "\n".join(body(64) for _ in range(4)) + "\n-----END RSA PRIVATE KEY-----\n"
