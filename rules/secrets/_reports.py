"""Reporting helpers shared by the secret rules: positions from text offsets, redacted messages
and fingerprints (test fixtures, reported at low severity, are told by ``linter.kit.is_test_path``)."""

from __future__ import annotations

from collections.abc import Iterable

import libcst as cst

from linter.kit import Context, MagicLine, Report, Rule, Severity, fingerprint, redact
from linter.rules.secrets._patterns import SecretMatch

FINGERPRINT_KIND = "secret"  # one kind for all secret rules: the same value has the same fingerprint
ADVICE = "revoke it and read it from the environment or a secrets manager"


def line_col(text: str, offset: int) -> tuple[int, int]:
    """(1-based line, 0-based column) of ``offset`` in ``text``."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1)


def span_report(text: str, match: SecretMatch, message: str, severity: Severity | None = None) -> Report:
    """A report covering ``match`` in ``text`` (text-hook coordinates)."""
    line, column = line_col(text, match.start)
    end_line, end_column = line_col(text, match.end)
    return Report(
        message,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        severity=severity,
        fingerprint=fingerprint(match.value, FINGERPRINT_KIND),
    )


def signed_url_message(match: SecretMatch, where: str) -> str:
    """A live signed URL: what it grants and until when; the advice is not to revoke a key (its
    credential field is a scope, and the signature expires on its own) but to stop sharing it."""
    return (
        f"{match.label} (signature {shown(match.value)}) {where}; it {match.note}: clear it and hand out "
        "short-lived URLs created at run time"
    )


def node_report(node: cst.CSTNode, value: str, message: str, severity: Severity | None = None) -> Report:
    return Report(message, node=node, severity=severity, fingerprint=fingerprint(value, FINGERPRINT_KIND))


def shown(value: str) -> str:
    """The only form in which a secret value ever appears in a message."""
    return f"`{redact(value)}`"


def covered_by_tokens(value: str, matches: list[SecretMatch]) -> bool:
    """True when a provider-format match (MLS201) already holds ``value`` or lies inside it."""
    return any(m.value == value or m.value in value or value in m.value for m in matches)


def context_text(ctx: Context, around: int = 2) -> str:
    """The virtual code lines of the top-level statement being visited, with ``around`` lines either
    side: what the text scan of MLS201 sees there. Called only for rare candidates."""
    top = next((node for node in ctx.ancestors if not isinstance(node, cst.Module)), None)
    span = cst.Module([]).code_for_node(top).count("\n") if top is not None else 0
    line = ctx.statement_line
    lines = ctx.document.code.split("\n")
    return "\n".join(lines[max(0, line - 1 - around) : line + span + around])


def magic_report(magic: MagicLine, match: SecretMatch, message: str, severity: Severity | None = None) -> Report:
    """A report covering ``match`` (offsets in ``magic.text``) in cell coordinates."""
    line, column = magic.position(match.start)
    end_line, end_column = magic.position(match.end)
    return Report(
        message,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        severity=severity,
        fingerprint=fingerprint(match.value, FINGERPRINT_KIND),
    )


class StringExpressionHooks(Rule):
    """Base for rules that read every string expression (a literal, an implicit concatenation, an
    f-string, a ``+`` of those) through one ``_string(node, ctx)`` method."""

    def _string(self, node: cst.CSTNode, ctx: Context) -> Iterable[Report]:
        raise NotImplementedError

    def visit_SimpleString(self, node: cst.SimpleString, ctx: Context) -> Iterable[Report]:
        return self._string(node, ctx)

    def visit_ConcatenatedString(self, node: cst.ConcatenatedString, ctx: Context) -> Iterable[Report]:
        return self._string(node, ctx)

    def visit_FormattedString(self, node: cst.FormattedString, ctx: Context) -> Iterable[Report]:
        return self._string(node, ctx)

    def visit_BinaryOperation(self, node: cst.BinaryOperation, ctx: Context) -> Iterable[Report]:
        return self._string(node, ctx)
