"""B324 hashlib."""

from __future__ import annotations

from linter.kit import BanditCheck, Example, Severity, at


class HashlibInsecure(BanditCheck):
    """
    ## What it does
    bandit's B324 `hashlib`: flags `hashlib.md4`, `md5`, `sha1` (and `hashlib.new` with those
    names) without `usedforsecurity=False`, and weak `crypt` methods.

    ## Why is this bad?
    MD5 and SHA-1 collisions can be produced on purpose, so a digest made with them cannot prove a
    downloaded model or dataset is the one you expect, nor protect passwords or tokens.

    ## Fix
    Use `hashlib.sha256` (or `blake2b`). When the hash protects nothing (a cache key, a
    de-duplication checksum), say so: `hashlib.md5(data, usedforsecurity=False)`.
    """

    code = "B324"
    name = "hashlib"
    severity = Severity.HIGH
    summary = "Weak hash (MD4, MD5, SHA-1) used for security"
    cwe = (327,)
    bandit_test = "bandit.plugins.hashlib_insecure_functions:hashlib"
    bandit_name = "hashlib"
    bandit_triggers = (r"hashlib", r"crypt")
    VALID = (
        Example(
            """
            import hashlib

            digest = hashlib.sha256(blob).hexdigest()
            key = hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()
            """
        ),
    )
    INVALID = (
        Example(
            """
            import hashlib

            if hashlib.md5(blob).hexdigest() != EXPECTED_MD5:
                raise ValueError('corrupt')
            """,
            expect=(at(3, 4, severity=Severity.HIGH),),
        ),
    )
