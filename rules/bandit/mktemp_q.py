"""B306 mktemp-q."""

from __future__ import annotations

from linter.kit import BLACKLIST, BanditCheck, Example, Severity, at


class Mktemp(BanditCheck):
    """
    ## What it does
    bandit's B306 `mktemp_q`: flags `tempfile.mktemp`.

    ## Why is this bad?
    `mktemp` returns a name without creating the file, so another process can create it first
    (a race condition documented as insecure and deprecated since Python 2.3).

    ## Fix
    Use `tempfile.mkstemp()`, `tempfile.NamedTemporaryFile()` or `tempfile.TemporaryDirectory()`,
    which create the file or directory atomically.
    """

    code = "B306"
    name = "mktemp-q"
    severity = Severity.MEDIUM
    summary = "Insecure, deprecated tempfile.mktemp"
    cwe = (377,)
    bandit_test = BLACKLIST
    bandit_name = "mktemp_q"
    bandit_triggers = (r"mktemp",)
    VALID = (
        Example(
            """
            import tempfile

            fd, path = tempfile.mkstemp(suffix='.onnx')
            """
        ),
    )
    INVALID = (
        Example(
            """
            import tempfile

            path = tempfile.mktemp(suffix='.onnx')
            """,
            expect=(at(3, 8),),
        ),
    )
