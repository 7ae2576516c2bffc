"""MLS408 tls-verification-disabled."""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from linter.kit import Category, Context, Example, Report, Rule, Severity, at, code_cell, notebook_example

_DEFAULT_CONTEXT = "ssl._create_default_https_context"
_SAFE_FACTORIES = frozenset({"ssl.create_default_context", "ssl._create_default_https_context"})


class TlsVerificationDisabled(Rule):
    """
    ## What it does
    Flags replacing the standard library's default HTTPS context, the process-wide switch that
    turns certificate checking off: `ssl._create_default_https_context =
    ssl._create_unverified_context` (through any alias of `ssl`), and the same with `setattr`.
    bandit sees only calls of `_create_unverified_context` (B323), and this is an assignment.
    Putting back `ssl.create_default_context` is not flagged.

    ## Why is this bad?
    From that line on, every HTTPS download of the process accepts any certificate: `urllib`,
    `torchvision`/`torch.hub` weights, `keras` and `tensorflow_datasets` files, `nltk` data. Anyone
    on the network path (a café Wi-Fi, a compromised proxy) can serve a different file, and a
    pickled checkpoint is code. Notebooks usually add the line to get past one certificate error and
    keep it for everything after.

    ## Fix
    Delete the line and fix the certificate store instead: `pip install --upgrade certifi`, on
    macOS run `Install Certificates.command`, behind a corporate proxy point `SSL_CERT_FILE` at its
    CA bundle. If one download must skip verification, pass an unverified context to that one call
    and check the file's hash afterwards.
    """

    code = "MLS408"
    name = "tls-verification-disabled"
    category = Category.UNPINNED
    severity = Severity.HIGH
    summary = "Certificate checking turned off for every HTTPS download of the process"
    cwe = (295,)
    triggers = frozenset({"_create_default_https_context"})

    VALID = (
        Example(
            """
            import ssl

            context = ssl.create_default_context(cafile=CORPORATE_CA)
            ssl._create_default_https_context = ssl.create_default_context
            default = ssl._create_default_https_context
            """,
            title="a verifying context, and reading the default",
        ),
    )
    INVALID = (
        Example(
            """
            import ssl

            ssl._create_default_https_context = ssl._create_unverified_context
            """,
            expect=(at(3, 1),),
        ),
        notebook_example(
            code_cell(
                """
                import ssl as s
                import torchvision"""
            ),
            code_cell(
                """
                setattr(s, "_create_default_https_context", s._create_unverified_context)
                weights = torchvision.models.ResNet50_Weights.DEFAULT"""
            ),
            expect=(at(1, 1, cell=2),),
            title="through an alias, with setattr",
        ),
    )

    def visit_Assign(self, node: cst.Assign, ctx: Context) -> Iterator[Report]:
        for target in node.targets:
            if ctx.qualified_name(target.target) == _DEFAULT_CONTEXT and self._unverified(node.value, ctx):
                yield self._report(node)

    def visit_Call(self, node: cst.Call, ctx: Context) -> Iterator[Report]:
        if ctx.call_name(node) != "setattr" or len(node.args) != 3:
            return
        owner, attribute, value = (arg.value for arg in node.args)
        if (
            ctx.qualified_name(owner) == "ssl"
            and isinstance(attribute, cst.SimpleString)
            and attribute.evaluated_value == "_create_default_https_context"
            and self._unverified(value, ctx)
        ):
            yield self._report(node)

    @staticmethod
    def _unverified(value: cst.BaseExpression, ctx: Context) -> bool:
        return ctx.qualified_name(value) not in _SAFE_FACTORIES

    @staticmethod
    def _report(node: cst.CSTNode) -> Report:
        return Report(
            "`ssl._create_default_https_context` replaced by an unverified context: every later HTTPS "
            "download (models, datasets) accepts any certificate; fix the certificate store instead",
            node=node,
        )
