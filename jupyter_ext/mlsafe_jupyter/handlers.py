"""``POST <base_url>/mlsafe/lint``: the live notebook in, findings keyed by cell id out.

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

from linter.api import lint_notebook

from .payload import MAX_BODY_BYTES, NOTEBOOK_LABEL, BadRequest, cell_ids, parse_request, response_json

ROUTE = "mlsafe/lint"

# One worker thread for all lint requests, queued in order. The engine is pure Python and holds
# the GIL, so more threads add no throughput, only contention: with the default executor (six
# threads here), the event loop thread lost the GIL for seconds under 50 concurrent requests and
# `GET /api/status` stalled; a single worker leaves the loop a fair share. Not Jupyter's default
# executor either, which the server's own file and kernel work shares.
LINT_EXECUTOR = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mlsafe-lint")


class LintHandler(APIHandler):
    @tornado.web.authenticated
    async def post(self) -> None:
        size = len(self.request.body)
        if size > MAX_BODY_BYTES:
            raise tornado.web.HTTPError(
                413,
                f"notebook too large for mlsafe: {size / 1e6:.1f} MB > {MAX_BODY_BYTES / 1e6:.0f} MB;"
                " run `mlsafe check` on the saved file instead",
            )
        try:
            request = parse_request(json.loads(self.request.body))
        except (ValueError, RecursionError) as error:  # JSONDecodeError and BadRequest included
            message = str(error) if isinstance(error, BadRequest) else "the body is not valid JSON"
            raise tornado.web.HTTPError(400, message) from None
        result = await IOLoop.current().run_in_executor(
            LINT_EXECUTOR, lint_notebook, request.notebook, NOTEBOOK_LABEL, request.config
        )
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(response_json(result, request.min_severity, cell_ids(request.notebook))))


def setup_handlers(web_app: Any) -> None:
    base_url = web_app.settings["base_url"]
    web_app.add_handlers(".*$", [(url_path_join(base_url, ROUTE), LintHandler)])
