"""MLS301 traceback-exposed."""

from __future__ import annotations

from collections.abc import Iterator

from linter.kit import Category, Context, Example, Report, Severity, at, code_cell, is_test_path, notebook_example
from linter.rules.verbose_errors._exposure import ExposureRule
from linter.rules.verbose_errors._served import PRINT, TRACEBACK, Exposure


class TracebackExposed(ExposureRule):
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
            """
            import logging
            import traceback

            logger = logging.getLogger(__name__)

            def train(config):
                try:
                    fit(config)
                except Exception:
                    logger.exception('training failed')
                    traceback.print_exc()
                    with open('errors.log', 'a') as log:
                        log.write(traceback.format_exc())
            """,
            title="batch code: printed and logged tracebacks stay on the machine",
        ),
        Example(
            """
            from flask import Flask, jsonify
            import traceback

            app = Flask(__name__)

            @app.route('/predict', methods=['POST'])
            def predict():
                try:
                    return jsonify(run_model())
                except Exception:
                    app.logger.error(traceback.format_exc())
                    return jsonify({'error': 'internal error'}), 500
            """,
            title="a route that logs the traceback and answers a generic message",
        ),
        notebook_example(
            code_cell("import traceback"),
            code_cell(
                """
                try:
                    model.fit(X, y)
                except Exception:
                    traceback.print_exc()"""
            ),
            title="a plain notebook cell",
        ),
        Example(
            """
            import streamlit as st

            try:
                data = load()
            except Exception as error:
                st.error('Could not load the data, please retry.')
                log_exception(error)
            """,
            title="streamlit: a generic message",
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
                    return jsonify(run_model())
                except Exception:
                    return jsonify({'error': traceback.format_exc()}), 500
            """,
            expect=(at(11, 34),),
        ),
        Example(
            """
            import streamlit as st
            import traceback

            try:
                df = load()
            except Exception as e:
                st.exception(e)
                st.code(traceback.format_exc())
            """,
            expect=(at(7, 5), at(8, 13)),
            title="streamlit renders the traceback on the page",
        ),
        notebook_example(
            code_cell(
                """
                import gradio as gr
                import traceback"""
            ),
            code_cell(
                """
                def answer(question):
                    try:
                        return qa(question)
                    except Exception:
                        return traceback.format_exc()"""
            ),
            code_cell(
                """
                demo = gr.Interface(fn=answer, inputs='text', outputs='text')
                demo.launch()"""
            ),
            expect=(at(5, 16, cell=2),),
            title="a gradio callback registered in another cell",
        ),
        Example(
            """
            from fastapi import FastAPI, HTTPException
            from traceback import format_exc as fmt

            router = FastAPI()

            @router.post('/generate')
            async def generate(prompt: str):
                try:
                    return {'text': pipe(prompt)}
                except Exception:
                    details = fmt()
                    raise HTTPException(status_code=500, detail=details)
            """,
            expect=(at(12, 53),),
            title="through a variable and an alias",
        ),
        Example(
            """
            from flask import Flask, jsonify
            import traceback

            app = Flask(__name__)

            @app.get('/health')
            def health():
                try:
                    ping()
                except Exception:
                    traceback.print_exc()
                return 'ok'
            """,
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
