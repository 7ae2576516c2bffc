"""B303 md5."""

from __future__ import annotations

from linter.kit import BLACKLIST, BanditCheck, Example, Severity, at


class InsecureHashCrypto(BanditCheck):
    """
    ## What it does
    bandit's B303 `md5`: flags MD2, MD4, MD5 and SHA-1 from PyCryptodome (`Crypto.Hash`,
    `Cryptodome.Hash`) and `cryptography`'s `hashes.MD5`/`hashes.SHA1`.

    ## Why is this bad?
    These hashes are broken: collisions can be made on purpose, so they cannot vouch for the
    integrity of a model file or sign data.

    ## Fix
    Use SHA-256 or better (`Crypto.Hash.SHA256`, `hashes.SHA256()`). For checksums that protect
    nothing, say so with `hashlib.md5(data, usedforsecurity=False)`.
    """

    code = "B303"
    name = "md5"
    severity = Severity.MEDIUM
    summary = "Insecure hash function (MD2, MD4, MD5, SHA-1) from a crypto library"
    cwe = (327,)
    bandit_test = BLACKLIST
    bandit_name = "md5"
    bandit_triggers = (r"Crypt", r"crypt")  # Crypto, Cryptodome, cryptography
    VALID = (
        Example(
            """
            from Crypto.Hash import SHA256

            digest = SHA256.new(data).hexdigest()
            """
        ),
    )
    INVALID = (
        Example(
            """
            from Crypto.Hash import MD5

            digest = MD5.new(data).hexdigest()
            """,
            expect=(at(3, 10),),
        ),
    )
