"""``POST <base_url>/mlsafe/lint``: the live notebook in, findings keyed by cell id out.
``POST <base_url>/mlsafe/redact``: one saved output in, the same output with its secrets and
personal data masked out (the page puts it in the notebook model, where undo can restore it).

Behind Jupyter's authentication (token or password, ``@tornado.web.authenticated``) and XSRF check
(the :class:`APIHandler` default). The engine runs in a worker thread so the server never blocks.
"""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import tornado.web
from jupyter_server.base.handlers import APIHandler
from jupyter_server.utils import url_path_join
from tornado.ioloop import IOLoop

from linter.api import lint_notebook, redact_output

from .payload import (
    MAX_BODY_BYTES,
    NOTEBOOK_LABEL,
    BadRequest,
    cell_ids,
    parse_redact_request,
    parse_request,
    response_json,
)

ROUTE = "mlsafe/lint"
REDACT_ROUTE = "mlsafe/redact"

# One worker thread for all lint requests, queued in order. The engine is pure Python and holds
# the GIL, so more threads add no throughput, only contention: with the default executor (six
# threads here), the event loop thread lost the GIL for seconds under 50 concurrent requests and
# `GET /api/status` stalled; a single worker leaves the loop a fair share. Not Jupyter's default
# executor either, which the server's own file and kernel work shares.
LINT_EXECUTOR = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mlsafe-lint")


def _body(handler: APIHandler) -> Any:
    """The request's JSON body; 413 when too large, 400 when not JSON."""
    size = len(handler.request.body)
    if size > MAX_BODY_BYTES:
        raise tornado.web.HTTPError(
            413,
            f"notebook too large for mlsafe: {size / 1e6:.1f} MB > {MAX_BODY_BYTES / 1e6:.0f} MB;"
            " run `mlsafe check` on the saved file instead",
        )
    try:
        return json.loads(handler.request.body)
    except (ValueError, RecursionError):  # JSONDecodeError included
        raise tornado.web.HTTPError(400, "the body is not valid JSON") from None


def _bad_request(error: BadRequest) -> tornado.web.HTTPError:
    return tornado.web.HTTPError(400, str(error))


class LintHandler(APIHandler):
    @tornado.web.authenticated
    async def post(self) -> None:
        try:
            request = parse_request(_body(self))
        except BadRequest as error:
            raise _bad_request(error) from None
        result = await IOLoop.current().run_in_executor(
            LINT_EXECUTOR, lint_notebook, request.notebook, NOTEBOOK_LABEL, request.config
        )
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(response_json(result, request.min_severity, cell_ids(request.notebook))))


class RedactHandler(APIHandler):
    @tornado.web.authenticated
    async def post(self) -> None:
        try:
            request = parse_redact_request(_body(self))
        except BadRequest as error:
            raise _bad_request(error) from None
        try:
            redacted = await IOLoop.current().run_in_executor(
                LINT_EXECUTOR, redact_output, request.output, request.config
            )
        except RecursionError:
            raise tornado.web.HTTPError(400, "the output is nested too deeply") from None
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps({"output": redacted.output, "masked": redacted.masked}))


def setup_handlers(web_app: Any) -> None:
    base_url = web_app.settings["base_url"]
    web_app.add_handlers(
        ".*$",
        [
            (url_path_join(base_url, ROUTE), LintHandler),
            (url_path_join(base_url, REDACT_ROUTE), RedactHandler),
        ],
    )
