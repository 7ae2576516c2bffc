"""MLS303 debug-server."""

from __future__ import annotations

import posixpath
from collections.abc import Iterator, Mapping
from types import MappingProxyType

import libcst as cst

from linter.kit import (
    WEB_FRAMEWORKS,
    Category,
    Context,
    Example,
    Report,
    Rule,
    Severity,
    at,
    code_cell,
    dotted_name,
    is_test_path,
    is_true,
    keyword,
    notebook_example,
)

APP_RECEIVERS = frozenset({"app", "server", "application", "flask_app", "dash_app", "socketio"})
FASTAPI_APPS = frozenset(
    {"fastapi.FastAPI", "fastapi.applications.FastAPI", "starlette.applications.Starlette", "starlette.Starlette"}
)
UVICORN_RUN = frozenset({"uvicorn.run", "uvicorn.Config", "uvicorn.main.run"})
RUN_SIMPLE = frozenset({"werkzeug.serving.run_simple", "werkzeug.run_simple"})
WERKZEUG_DEBUGGER = (
    "`{}=True` serves the Werkzeug debugger, which lets anyone who reaches an error page run code on this machine"
)
# gradio launch() keywords: (severity, why)
_SHARE = (
    "`share=True` opens a public gradio.live link to this app (and the machine it runs on) for anyone who has the URL"
)
_GRADIO_DEBUG = (
    "`debug=True` runs the gradio app in debug mode, printing every error into the console or saved notebook output"
)
LAUNCH_KEYWORDS: Mapping[str, tuple[Severity, str]] = MappingProxyType(
    {
        "share": (Severity.MEDIUM, _SHARE),
        "show_error": (Severity.MEDIUM, "`show_error=True` shows every exception's text to the app's users"),
        "debug": (Severity.LOW, _GRADIO_DEBUG),
    }
)


def is_settings_path(path: str) -> bool:
    """Django settings modules: ``settings.py``, ``settings_dev.py``, ``local_settings.py``,
    ``settings/production.py``."""
    parts = path.replace("\\", "/").split("/")
    name = posixpath.splitext(parts[-1])[0]
    return "settings" in name.split("_") or (len(parts) > 1 and parts[-2] == "settings")


class DebugServer(Rule):
    """
    ## What it does
    Flags servers started in debug or exposed mode: Flask/Dash `app.run(debug=True)` (and
    `run_server`, `socketio.run`, werkzeug `run_simple(use_debugger=True)`, `app.debug = True`,
    `app.config["DEBUG"] = True`), `FastAPI(debug=True)`,
    `uvicorn.run(..., reload=True)`, gradio `launch(share=True)`, `launch(show_error=True)` and
    `launch(debug=True)`, and Django `DEBUG = True` in a settings module. The finding is at the
    keyword (or the value) to flip to `False`. Test code (`tests/`, `test_*.py`) is not reported: it
    configures no deployed server. Values read from the environment or a config
    (`debug=os.getenv("DEBUG") == "1"`) are not reported.

    ## Why is this bad?
    Flask's debug mode serves the Werkzeug debugger, which runs any Python code a visitor types into
    an error page. FastAPI, Starlette and Django in debug mode answer errors with tracebacks, settings
    and local variables. `share=True` puts a notebook's app on a public URL; `show_error=True` sends
    exception text to every user; `reload=True` is a development server watching the source tree.

    ## Fix
    Use `debug=False` (the default) and `share=False`, or read the flag from the environment so only a
    developer's machine turns it on. For a public demo, deploy behind authentication instead of a
    share link. `mlsafe check --fix` sets the flagged keyword (or the Flask `app.debug` value) to
    `False`; Django's `DEBUG = True` is left to you (read it from the environment).
    """

    code = "MLS303"
    name = "debug-server"
    category = Category.VERBOSE_ERROR
    severity = Severity.MEDIUM
    summary = "A server runs in debug mode or is exposed publicly"
    fix_title = "Set it to `False`"
    cwe = (489, 215)
    # every report is at a keyword or a debug/DEBUG assignment whose value is the literal True
    # (one pattern per name: each then starts with its name, which is quick to confirm)
    triggers = frozenset(
        rf"\b{name}(?:['\"]\])?\s*=\s*\(*\s*True\b"
        for name in ("debug", "share", "show_error", "reload", "use_debugger", "DEBUG")
    )

    VALID = (
        Example(
            """
            import os
            from flask import Flask

            app = Flask(__name__)

            if __name__ == '__main__':
                app.run(host='127.0.0.1', debug=os.environ.get('FLASK_DEBUG') == '1')
            """,
            title="debug read from the environment",
        ),
        Example(
            """
            import gradio as gr
            import uvicorn

            demo = gr.Interface(fn=predict, inputs='text', outputs='text')
            demo.launch(share=False, debug=False)
            uvicorn.run(app, reload=False)
            """
        ),
        Example(
            """
            import os

            DEBUG = os.environ.get('DJANGO_DEBUG') == 'true'
            """,
            path="mysite/settings.py",
        ),
        Example(
            """
            DEBUG = True
            BATCH_SIZE = 32
            """,
            path="train_config.py",
            title="a DEBUG flag outside Django settings",
        ),
        Example(
            """
            from flask import Flask

            def test_run(monkeypatch):
                app = Flask('t')
                app.debug = True
                app.run(debug=True)
            """,
            path="tests/test_app.py",
            title="test code configures no server",
        ),
        Example(
            """
            from flask import Flask

            app = Flask(__name__)
            app.debug = False
            config.debug = True
            app.config['TESTING'] = True
            """,
            title="Flask app settings that are not debug mode",
        ),
        Example(
            """
            import ray

            workflow.run(debug=True)
            trainer.launch(share=True)
            """,
            title="look-alike calls outside web frameworks",
        ),
    )
    INVALID = (
        Example(
            """
            from flask import Flask

            app = Flask(__name__)

            if __name__ == '__main__':
                app.run(host='0.0.0.0', debug=True)
            """,
            expect=(at(6, 29, severity=Severity.HIGH),),
            fixed="""
            from flask import Flask

            app = Flask(__name__)

            if __name__ == '__main__':
                app.run(host='0.0.0.0', debug=False)
            """,
        ),
        notebook_example(
            code_cell("import gradio as gr"),
            code_cell(
                """
                demo = gr.ChatInterface(respond)
                demo.launch(share=True, show_error=True, debug=True)"""
            ),
            expect=(at(2, 13, cell=2), at(2, 25, cell=2), at(2, 42, cell=2, severity=Severity.LOW)),
            title="a gradio demo in a notebook",
            fixed=(
                code_cell("import gradio as gr"),
                code_cell(
                    """
                    demo = gr.ChatInterface(respond)
                    demo.launch(share=False, show_error=False, debug=False)"""
                ),
            ),
        ),
        Example(
            """
            import uvicorn
            from fastapi import FastAPI as API

            app = API(title='scorer', debug=True)

            if __name__ == '__main__':
                uvicorn.run('main:app', host='0.0.0.0', reload=True)
            """,
            expect=(at(4, 27), at(7, 45, severity=Severity.LOW)),
            fixed="""
            import uvicorn
            from fastapi import FastAPI as API

            app = API(title='scorer', debug=False)

            if __name__ == '__main__':
                uvicorn.run('main:app', host='0.0.0.0', reload=False)
            """,
        ),
        Example(
            """
            from pathlib import Path

            BASE_DIR = Path(__file__).parent
            DEBUG = True
            """,
            expect=(at(4, 9),),
            path="mysite/settings.py",
            fixed="""
            from pathlib import Path

            BASE_DIR = Path(__file__).parent
            DEBUG = True
            """,
        ),
        Example(
            """
            import dash

            dash_app = dash.Dash(__name__)
            dash_app.run_server(debug=True)
            """,
            expect=(at(4, 21, severity=Severity.HIGH),),
            title="Dash",
        ),
        Example(
            """
            from flask import Flask

            app = Flask(__name__)
            app.debug = True
            app.config['DEBUG'] = True
            """,
            expect=(at(4, 13, severity=Severity.HIGH), at(5, 23, severity=Severity.HIGH)),
            title="Flask debug mode set on the app",
            fixed="""
            from flask import Flask

            app = Flask(__name__)
            app.debug = False
            app.config['DEBUG'] = False
            """,
        ),
    )

    def visit_Call(self, node: cst.Call, ctx: Context) -> Iterator[Report]:
        if is_test_path(ctx.path):
            return
        name = ctx.call_name(node)
        func = node.func
        method = func.attr.value if isinstance(func, cst.Attribute) else None
        if name in FASTAPI_APPS:
            yield from self._flag(
                node, "debug", Severity.MEDIUM, "`debug=True` answers server errors with full tracebacks"
            )
        elif name in UVICORN_RUN:
            yield from self._flag(
                node,
                "reload",
                Severity.LOW,
                "`reload=True` runs uvicorn's development server, which watches and re-imports the source tree",
            )
        elif name in RUN_SIMPLE:
            yield from self._flag(node, "use_debugger", Severity.HIGH, WERKZEUG_DEBUGGER.format("use_debugger"))
        elif method in ("run", "run_server") and isinstance(func, cst.Attribute) and self._web_app(func, ctx):
            yield from self._flag(node, "debug", Severity.HIGH, WERKZEUG_DEBUGGER.format("debug"))
        elif method == "launch" and ctx.facts.imports("gradio"):
            for word, (severity, why) in LAUNCH_KEYWORDS.items():
                yield from self._flag(node, word, severity, why)

    def visit_Assign(self, node: cst.Assign, ctx: Context) -> Iterator[Report]:
        if not is_true(node.value) or is_test_path(ctx.path):
            return
        if any(self._flask_debug_target(t.target, ctx) for t in node.targets):
            yield Report(
                WERKZEUG_DEBUGGER.format("debug") + "; set it to False",
                node=node.value,
                severity=Severity.HIGH,
                replacement=_false(node.value),
            )
            return
        if not is_settings_path(ctx.path) or any(True for _ in ctx.enclosing(cst.FunctionDef, cst.ClassDef, cst.If)):
            return
        if any(isinstance(t.target, cst.Name) and t.target.value == "DEBUG" for t in node.targets):
            yield Report(
                "`DEBUG = True` in Django settings answers errors with tracebacks, settings and local "
                "variables; read it from the environment and keep it False in production",
                node=node.value,
            )

    @staticmethod
    def _flask_debug_target(target: cst.BaseExpression, ctx: Context) -> bool:
        """``app.debug`` or ``app.config["DEBUG"]`` of a Flask app."""
        if isinstance(target, cst.Attribute) and target.attr.value == "debug":
            receiver = target.value
        elif (
            isinstance(target, cst.Subscript)
            and isinstance(target.value, cst.Attribute)
            and target.value.attr.value == "config"
            and len(target.slice) == 1
            and isinstance(target.slice[0].slice, cst.Index)
            and isinstance(target.slice[0].slice.value, cst.SimpleString)
            and target.slice[0].slice.value.value[1:-1] == "DEBUG"
        ):
            receiver = target.value.value
        else:
            return False
        name = dotted_name(receiver)
        return ctx.facts.imports("flask", "quart") and name is not None and name.rpartition(".")[2] in APP_RECEIVERS

    @staticmethod
    def _web_app(func: cst.Attribute, ctx: Context) -> bool:
        receiver = dotted_name(func.value)
        return ctx.facts.imports(*WEB_FRAMEWORKS) or (receiver is not None and receiver in APP_RECEIVERS)

    @staticmethod
    def _flag(call: cst.Call, word: str, severity: Severity, why: str) -> Iterator[Report]:
        arg = keyword(call, word)
        if arg is not None and is_true(arg.value):
            yield Report(
                f"{why}; set it to False",
                node=arg,
                severity=severity,
                replacement=arg.with_changes(value=_false(arg.value)),
            )


def _false(node: cst.BaseExpression) -> cst.BaseExpression:
    """``True`` -> ``False``, keeping any parentheses around it."""
    return node.with_changes(value="False") if isinstance(node, cst.Name) else node
