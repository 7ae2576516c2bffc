"""MLS302 exception-text-to-user."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kit import Category, Context, Example, Report, Severity, at, code_cell, is_test_path, notebook_example
from linter.rules.verbose_errors._exposure import USER_FACING, ExposureRule
from linter.rules.verbose_errors._served import EXCEPTION, PRINT, Exposure, caught_types, handlers


class ExceptionTextToUser(ExposureRule):
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
            code_cell(
                """
                try:
                    df = pd.read_csv(path)
                except Exception as e:
                    print(e)
                    df = None"""
            ),
            title="print(e) in a plain notebook",
        ),
        Example(
            """
            from flask import Flask, jsonify
            import traceback

            app = Flask(__name__)

            @app.route('/predict')
            def predict():
                try:
                    return jsonify(run())
                except Exception as e:
                    app.logger.exception(e)
                    return jsonify({'error': 'internal error', 'type': type(e).__name__}), 500
            """,
            title="logged, and only the type sent back",
        ),
        Example(
            """
            from fastapi import FastAPI, HTTPException

            app = FastAPI()

            @app.get('/items/{item_id}')
            def read_item(item_id: int):
                try:
                    return fetch(item_id)
                except HTTPException as e:
                    raise HTTPException(status_code=e.status_code, detail=e.detail)
            """,
            title="re-raising an HTTP error's own detail",
        ),
        Example(
            """
            from flask import Flask, jsonify
            import traceback

            app = Flask(__name__)

            def describe(error):
                return str(error)

            def summarise(rows):
                try:
                    return compute(rows)
                except Exception as e:
                    return f'failed: {e}'
            """,
            title="functions that are not served",
        ),
        Example(
            """
            from fastapi import FastAPI
            from fastapi.exception_handlers import http_exception_handler

            app = FastAPI()

            @app.exception_handler(Exception)
            async def on_error(request, exc):
                logger.error('failed: %s', exc)
                return await http_exception_handler(request, exc)
            """,
            title="the exception handed on to a function that builds the answer",
        ),
        Example(
            """
            from fastapi import FastAPI
            from fastapi.responses import PlainTextResponse

            app = FastAPI()

            @app.post('/upload')
            async def upload(request):
                try:
                    form = await parse(request)
                except ParseError as exc:
                    code = 413 if 'too large' in str(exc) else 400
                    return PlainTextResponse('upload rejected', status_code=code)
            """,
            title="the exception only decides the status code",
        ),
    )
    INVALID = (
        Example(
            """
            from flask import Flask, jsonify
            import traceback

            app = Flask(__name__)

            @app.route('/predict', methods=['POST'])
            def predict():
                try:
                    return jsonify(run())
                except Exception as e:
                    return jsonify({'error': str(e)}), 500
            """,
            expect=(at(11, 34),),
        ),
        Example(
            """
            from django.http import HttpResponse

            def upload(request):
                try:
                    store(request.FILES['data'])
                except Exception as exc:
                    return HttpResponse(f'upload failed: {exc}', status=500)
                return HttpResponse('ok')
            """,
            expect=(at(7, 46),),
            title="a Django view",
        ),
        notebook_example(
            code_cell("import gradio as gr"),
            code_cell(
                """
                def classify(image):
                    try:
                        label = model(image)
                    except Exception as err:
                        label = f'Error: {err}'
                    return label"""
            ),
            code_cell(
                """
                with gr.Blocks() as demo:
                    image = gr.Image()
                    out = gr.Textbox()
                    gr.Button('Run').click(classify, inputs=image, outputs=out)
                demo.launch()"""
            ),
            expect=(at(6, 12, cell=2),),
            title="a gradio callback answering with the error text",
        ),
        Example(
            """
            import streamlit as st

            uploaded = st.file_uploader('CSV')
            if uploaded:
                try:
                    df = parse(uploaded)
                except Exception as e:
                    st.error(f'Could not parse: {e}')
            """,
            expect=(at(8, 37),),
            title="streamlit",
        ),
        Example(
            """
            from fastapi import FastAPI
            from pydantic import ValidationError

            app = FastAPI()

            @app.post('/score')
            def score(payload: dict):
                try:
                    return model(Features(**payload))
                except ValidationError as e:
                    return {'error': repr(e)}
            """,
            expect=(at(11, 26, severity=Severity.LOW),),
            title="a validation error, meant for the user: low severity",
        ),
        Example(
            """
            from flask import Flask, jsonify
            import traceback

            app = Flask(__name__)

            @app.errorhandler(Exception)
            def on_error(error):
                return jsonify({'error': repr(error)}), 500
            """,
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
