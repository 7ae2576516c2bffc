"""B324 hashlib."""

from __future__ import annotations

import dataclasses

from linter.kit import BanditCheck, BanditHit, BanditSite, Example, Severity, at
from linter.rules.bandit._review import identifier_digest


class HashlibInsecure(BanditCheck):
    """
    ## What it does
    bandit's B324 `hashlib`: flags `hashlib.md4`, `md5`, `sha1` (and `hashlib.new` with those
    names) without `usedforsecurity=False`, and weak `crypt` methods. A digest that only names
    something is low severity: truncated (`hexdigest()[:8]`), turned into a number
    (`int(digest, 16)`), stored under an id-like name (`cache_key`, `run_id`, `url_hash`) from data
    not read from a file, or described as an id on its line (`# unique ID for the URL`).

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
        Example(
            """
            import hashlib

            with open(path, "rb") as f:
                file_hash = hashlib.md5(f.read()).hexdigest()
            digest = hashlib.sha1(payload).hexdigest()
            """,
            expect=(at(4, 17, severity=Severity.HIGH), at(5, 10, severity=Severity.HIGH)),
            title="an integrity check of a file, a digest of data",
        ),
        Example(
            """
            import hashlib

            suffix = hashlib.sha1(source.encode()).hexdigest()[:8]
            bucket = int(hashlib.md5(user.encode()).hexdigest(), 16) % 10
            cache_key = hashlib.md5(json.dumps(args).encode()).hexdigest()
            m = hashlib.md5()  # turns the URL into a unique ID
            """,
            expect=(
                at(3, 10, severity=Severity.LOW),
                at(4, 14, severity=Severity.LOW),
                at(5, 13, severity=Severity.LOW),
                at(6, 5, severity=Severity.LOW),
            ),
            title="identifiers: truncated, bucketed, named as keys, described as ids (low)",
        ),
    )

    reviews = True

    def review(self, hit: BanditHit, site: BanditSite) -> BanditHit | None:
        if not identifier_digest(site):
            return hit
        message = f"{hit.message} (used as an identifier, not to protect anything: low)"
        return dataclasses.replace(hit, severity=Severity.LOW, message=message)
