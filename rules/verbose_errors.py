"""MLS301 traceback-exposed and MLS302 exception-text-to-user."""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from linter.examples import code_cell, notebook_example
from linter.model import Category, Example, Severity, at
from linter.rule import Context, Report, Rule

from ._served import (
    EXCEPTION,
    PRINT,
    TRACEBACK,
    Exposure,
    caught_types,
    exposures,
    handlers,
    is_test_path,
)

# Exceptions whose text is written for the user (validation messages, HTTP errors): lower severity.
USER_FACING = frozenset(
    {"ValidationError", "RequestValidationError", "HTTPException", "BadRequest", "PermissionDenied",
     "Http404", "NotFound", "ValueError"}
)

_FLASK_HEAD = "from flask import Flask, jsonify\nimport traceback\n\napp = Flask(__name__)\n\n"


class _ExposureRule(Rule):
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


class TracebackExposed(_ExposureRule):
    """
    ## What it does
    Flags tracebacks that reach the user of a served app: `traceback.format_exc()`,
    `format_exception()` or `format_tb()` returned from a Flask/FastAPI/Django view or a gradio
    callback, passed to a response (`jsonify`, `JSONResponse`, `HttpResponse`,
    `HTTPException(detail=...)`, `gr.Error`) or rendered by streamlit (`st.code`, `st.write`...),
    also through a variable (`tb = traceback.format_exc()` ... `return tb`); and `st.exception(e)`,
    which renders the full traceback on the page. `traceback.print_exc()` and printed tracebacks in
    a route or callback are reported at low severity (they go to the server console, or into the
    saved output when the app runs in a notebook), as is anything in test code (`tests/`,
    `test_*.py`).

    Served code is a route or view (`@app.route`, `@app.get`, `@router.post`, a Django view taking
    `request`), a function registered as a gradio callback anywhere in the file or notebook
    (`gr.Interface(fn=...)`, `btn.click(fn, ...)`), or any code of a streamlit script. In plain
    notebook or batch code, `logger.exception(...)`, tracebacks written to a log file and
    `traceback.print_exc()` are fine and not reported.

    ## Why is this bad?
    A traceback shows file paths, library versions, source lines and sometimes the values of local
    variables: a map of the server for an attacker, and a leak of whatever data was being processed.

    ## Fix
    Log the traceback on the server (`logger.exception("prediction failed")`) and send the user a
    generic message with an id they can quote.
    """

    code = "MLS301"
    name = "traceback-exposed"
    category = Category.VERBOSE_ERROR
    severity = Severity.MEDIUM
    summary = "A traceback is sent to the user of a served app"
    cwe = (209,)
    # sources: the traceback module (or names imported from it) and streamlit's `exception`
    triggers = frozenset({"traceback", "format_exc", "print_exc", "format_tb", r"\bexception\b"})
    function_scope = True  # follows names assigned a traceback through the function

    VALID = (
        Example(
            "import logging\nimport traceback\n\nlogger = logging.getLogger(__name__)\n\n"
            "def train(config):\n    try:\n        fit(config)\n    except Exception:\n"
            "        logger.exception('training failed')\n        traceback.print_exc()\n"
            "        with open('errors.log', 'a') as log:\n            log.write(traceback.format_exc())\n",
            title="batch code: printed and logged tracebacks stay on the machine",
        ),
        Example(
            _FLASK_HEAD + "@app.route('/predict', methods=['POST'])\ndef predict():\n    try:\n"
            "        return jsonify(run_model())\n    except Exception:\n"
            "        app.logger.error(traceback.format_exc())\n"
            "        return jsonify({'error': 'internal error'}), 500\n",
            title="a route that logs the traceback and answers a generic message",
        ),
        notebook_example(
            code_cell("import traceback"),
            code_cell("try:\n    model.fit(X, y)\nexcept Exception:\n    traceback.print_exc()"),
            title="a plain notebook cell",
        ),
        Example(
            "import streamlit as st\n\ntry:\n    data = load()\nexcept Exception as error:\n"
            "    st.error('Could not load the data, please retry.')\n    log_exception(error)\n",
            title="streamlit: a generic message",
        ),
    )
    INVALID = (
        Example(
            _FLASK_HEAD + "@app.route('/predict', methods=['POST'])\ndef predict():\n    try:\n"
            "        return jsonify(run_model())\n    except Exception:\n"
            "        return jsonify({'error': traceback.format_exc()}), 500\n",
            expect=(at(11, 34),),
        ),
        Example(
            "import streamlit as st\nimport traceback\n\ntry:\n    df = load()\nexcept Exception as e:\n"
            "    st.exception(e)\n    st.code(traceback.format_exc())\n",
            expect=(at(7, 5), at(8, 13)),
            title="streamlit renders the traceback on the page",
        ),
        notebook_example(
            code_cell("import gradio as gr\nimport traceback"),
            code_cell("def answer(question):\n    try:\n        return qa(question)\n    except Exception:\n"
                      "        return traceback.format_exc()"),
            code_cell("demo = gr.Interface(fn=answer, inputs='text', outputs='text')\ndemo.launch()"),
            expect=(at(5, 16, cell=2),),
            title="a gradio callback registered in another cell",
        ),
        Example(
            "from fastapi import FastAPI, HTTPException\nfrom traceback import format_exc as fmt\n\n"
            "router = FastAPI()\n\n@router.post('/generate')\nasync def generate(prompt: str):\n    try:\n"
            "        return {'text': pipe(prompt)}\n    except Exception:\n        details = fmt()\n"
            "        raise HTTPException(status_code=500, detail=details)\n",
            expect=(at(12, 53),),
            title="through a variable and an alias",
        ),
        Example(
            _FLASK_HEAD + "@app.get('/health')\ndef health():\n    try:\n        ping()\n    except Exception:\n"
            "        traceback.print_exc()\n    return 'ok'\n",
            expect=(at(11, 9, severity=Severity.LOW),),
            title="printed by a route: low severity",
        ),
    )

    def report(self, found: Iterator[Exposure], ctx: Context) -> Iterator[Report]:
        test_code = is_test_path(ctx.path)
        for exposure in found:
            if exposure.leak.kind != TRACEBACK:
                continue
            if exposure.sink == PRINT:
                yield Report(
                    "served code prints a traceback (to the server console, or into the saved output of "
                    "a notebook app); log it with `logger.exception` instead",
                    node=exposure.leak.node,
                    severity=Severity.LOW,
                )
            else:
                yield Report(
                    "a traceback is sent to the user of a served app; it reveals paths, versions, source "
                    "and data: log it on the server and answer a generic message",
                    node=exposure.leak.node,
                    severity=Severity.LOW if test_code else None,
                )


class ExceptionTextToUser(_ExposureRule):
    """
    ## What it does
    Flags the text of a caught exception sent back to the user of a served app: `str(e)`,
    `repr(e)`, `f"...{e}"`, `e.args`, or `e` itself, returned from a Flask/FastAPI/Django view or a
    gradio callback, or passed to a response or UI call (`jsonify({"error": str(e)})`,
    `HttpResponse(f"failed: {e}")`, `raise gr.Error(str(e))`, `st.error(f"... {e}")`), also through a
    variable assigned in the `except` clause (`msg = f"Error: {e}"` ... `return msg`) and for the
    exception an error handler receives (`@app.errorhandler(Exception)`). Passing the exception
    object to another function (`error_payload(e)`) is not reported. Served code is
    detected as for MLS301. Exceptions meant for users (`ValidationError`, `HTTPException`,
    `ValueError`...) and test code are reported at low severity; using only the type (`type(e).__name__`) or
    non-message attributes (`e.status_code`, `e.detail`) is fine.

    `print(e)` in a notebook cell or a batch script is not reported: it reaches only the person who
    runs the code.

    ## Why is this bad?
    Exception messages carry internals: SQL statements, file paths, hostnames and ports, model and
    library details, and sometimes the very data (or credentials) that failed to parse. Sent to any
    visitor of a demo or API, they help attackers and leak other users' data.

    ## Fix
    Log the exception on the server (`logger.exception(...)`) and return a generic message, perhaps
    with the exception's type or an error id.
    """

    code = "MLS302"
    name = "exception-text-to-user"
    category = Category.VERBOSE_ERROR
    severity = Severity.MEDIUM
    summary = "The text of a caught exception is sent to the user of a served app"
    cwe = (209,)
    # every exception reported is bound by `except ... as NAME` or handed to an error handler
    triggers = frozenset({r"except\b[^:]*\bas\b", "errorhandler", "exception_handler"})
    function_scope = True  # follows names assigned exception text through the function

    VALID = (
        notebook_example(
            code_cell("try:\n    df = pd.read_csv(path)\nexcept Exception as e:\n    print(e)\n    df = None"),
            title="print(e) in a plain notebook",
        ),
        Example(
            _FLASK_HEAD + "@app.route('/predict')\ndef predict():\n    try:\n        return jsonify(run())\n"
            "    except Exception as e:\n        app.logger.exception(e)\n"
            "        return jsonify({'error': 'internal error', 'type': type(e).__name__}), 500\n",
            title="logged, and only the type sent back",
        ),
        Example(
            "from fastapi import FastAPI, HTTPException\n\napp = FastAPI()\n\n@app.get('/items/{item_id}')\n"
            "def read_item(item_id: int):\n    try:\n        return fetch(item_id)\n    except HTTPException as e:\n"
            "        raise HTTPException(status_code=e.status_code, detail=e.detail)\n",
            title="re-raising an HTTP error's own detail",
        ),
        Example(
            _FLASK_HEAD + "def describe(error):\n    return str(error)\n\n"
            "def summarise(rows):\n    try:\n        return compute(rows)\n    except Exception as e:\n"
            "        return f'failed: {e}'\n",
            title="functions that are not served",
        ),
        Example(
            "from fastapi import FastAPI\nfrom fastapi.exception_handlers import http_exception_handler\n\n"
            "app = FastAPI()\n\n@app.exception_handler(Exception)\nasync def on_error(request, exc):\n"
            "    logger.error('failed: %s', exc)\n    return await http_exception_handler(request, exc)\n",
            title="the exception handed on to a function that builds the answer",
        ),
        Example(
            "from fastapi import FastAPI\nfrom fastapi.responses import PlainTextResponse\n\napp = FastAPI()\n\n"
            "@app.post('/upload')\nasync def upload(request):\n    try:\n        form = await parse(request)\n"
            "    except ParseError as exc:\n        code = 413 if 'too large' in str(exc) else 400\n"
            "        return PlainTextResponse('upload rejected', status_code=code)\n",
            title="the exception only decides the status code",
        ),
    )
    INVALID = (
        Example(
            _FLASK_HEAD + "@app.route('/predict', methods=['POST'])\ndef predict():\n    try:\n"
            "        return jsonify(run())\n    except Exception as e:\n"
            "        return jsonify({'error': str(e)}), 500\n",
            expect=(at(11, 34),),
        ),
        Example(
            "from django.http import HttpResponse\n\ndef upload(request):\n    try:\n"
            "        store(request.FILES['data'])\n    except Exception as exc:\n"
            "        return HttpResponse(f'upload failed: {exc}', status=500)\n    return HttpResponse('ok')\n",
            expect=(at(7, 46),),
            title="a Django view",
        ),
        notebook_example(
            code_cell("import gradio as gr"),
            code_cell("def classify(image):\n    try:\n        label = model(image)\n    except Exception as err:\n"
                      "        label = f'Error: {err}'\n    return label"),
            code_cell("with gr.Blocks() as demo:\n    image = gr.Image()\n    out = gr.Textbox()\n"
                      "    gr.Button('Run').click(classify, inputs=image, outputs=out)\ndemo.launch()"),
            expect=(at(6, 12, cell=2),),
            title="a gradio callback answering with the error text",
        ),
        Example(
            "import streamlit as st\n\nuploaded = st.file_uploader('CSV')\nif uploaded:\n    try:\n"
            "        df = parse(uploaded)\n    except Exception as e:\n        st.error(f'Could not parse: {e}')\n",
            expect=(at(8, 37),),
            title="streamlit",
        ),
        Example(
            "from fastapi import FastAPI\nfrom pydantic import ValidationError\n\napp = FastAPI()\n\n"
            "@app.post('/score')\ndef score(payload: dict):\n    try:\n        return model(Features(**payload))\n"
            "    except ValidationError as e:\n        return {'error': repr(e)}\n",
            expect=(at(11, 26, severity=Severity.LOW),),
            title="a validation error, meant for the user: low severity",
        ),
        Example(
            _FLASK_HEAD + "@app.errorhandler(Exception)\ndef on_error(error):\n"
            "    return jsonify({'error': repr(error)}), 500\n",
            expect=(at(8, 30),),
            title="the exception handed to an error handler",
        ),
    )

    def report(self, found: Iterator[Exposure], ctx: Context) -> Iterator[Report]:
        for exposure in found:
            leak = exposure.leak
            if leak.kind != EXCEPTION or exposure.sink == PRINT:
                continue
            caught = caught_types(handlers(ctx).get(leak.name)) if leak.name else ()
            user_facing = bool(caught) and all(name in USER_FACING for name in caught)
            user_facing = user_facing or is_test_path(ctx.path)
            yield Report(
                "the text of a caught exception is sent to the user of a served app; it can reveal "
                "paths, queries, hosts and data: log it and answer a generic message",
                node=leak.node,
                severity=Severity.LOW if user_facing else None,
            )
