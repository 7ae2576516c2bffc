"""B323 unverified-context."""

from __future__ import annotations

from linter.kit import BLACKLIST, BanditCheck, Example, Severity, at


class UnverifiedContext(BanditCheck):
    """
    ## What it does
    bandit's B323 `unverified_context`: flags calls of `ssl._create_unverified_context`.

    ## Why is this bad?
    An unverified context accepts any certificate, so anyone on the network path can impersonate
    the server and swap the model or dataset being downloaded, or read the credentials sent.

    ## Fix
    Use `ssl.create_default_context()`. If a corporate proxy re-signs traffic, point
    `cafile=`/`SSL_CERT_FILE` at its certificate instead of turning verification off.
    """

    code = "B323"
    name = "unverified-context"
    severity = Severity.MEDIUM
    summary = "TLS context that does not verify certificates"
    cwe = (295,)
    bandit_test = BLACKLIST
    bandit_name = "unverified_context"
    bandit_triggers = (r"_create_unverified_context",)
    VALID = (
        Example(
            """
            import ssl

            context = ssl.create_default_context()
            """
        ),
    )
    INVALID = (
        Example(
            """
            import ssl

            context = ssl._create_unverified_context()
            """,
            expect=(at(3, 11),),
        ),
    )
