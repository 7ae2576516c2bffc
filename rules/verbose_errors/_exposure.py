"""What MLS301 traceback-exposed and MLS302 exception-text-to-user share: the visits of what can send
exception details to a user."""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from linter.kit import Context, Report, Rule
from linter.rules.verbose_errors._served import Exposure, exposures

# Exceptions whose text is written for the user (validation messages, HTTP errors): lower severity.
USER_FACING = frozenset(
    {
        "ValidationError",
        "RequestValidationError",
        "HTTPException",
        "BadRequest",
        "PermissionDenied",
        "Http404",
        "NotFound",
        "ValueError",
    }
)


class ExposureRule(Rule):
    """Visits what can send exception details to a user (returns, yields, calls); subclasses pick
    the kind of detail they report."""

    def visit_Call(self, node: cst.Call, ctx: Context) -> Iterator[Report]:
        return self.report(exposures(node, ctx), ctx)

    def visit_Return(self, node: cst.Return, ctx: Context) -> Iterator[Report]:
        return self.report(exposures(node, ctx), ctx)

    def visit_Yield(self, node: cst.Yield, ctx: Context) -> Iterator[Report]:
        return self.report(exposures(node, ctx), ctx)

    def report(self, found: Iterator[Exposure], ctx: Context) -> Iterator[Report]:
        raise NotImplementedError
