"""The verbose-error rules (MLS3xx) beyond their examples: which functions count as served, that
their trigger words lose nothing, and that saved tracebacks are never quoted in messages."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from linter.api import lint_source
from linter.config import Config
from linter.engine.facts import collect_facts
from linter.engine.ruleset import RuleSet
from linter.engine.run import lint_document
from linter.kit.examples import code_cell, error_output, notebook
from linter.model import Severity
from linter.registry import all_rules
from linter.sources.reading import document_from_text, read_path

SAMPLES = Path(__file__).resolve().parent.parent / "test_notebooks"
VERBOSE_RULES = [rule for rule in all_rules() if rule.code.startswith("MLS3")]


def _served(code: str) -> frozenset[str]:
    return collect_facts(ast.parse(code)).served_functions


def test_gradio_callbacks_are_served() -> None:
    code = (
        "import gradio as gr\n"
        "demo = gr.Interface(predict, 'text', 'text')\n"
        "chat = gr.ChatInterface(fn=respond)\n"
        "with gr.Blocks() as ui:\n"
        "    btn.click(self.run, inputs=x).then(fn=finish)\n"
        "    box.submit(*handlers)\n"
        "def build():\n"
        "    gr.TabbedInterface([gr.Interface(fn=nested, inputs='text', outputs='text')])\n"
    )
    assert _served(code) == {"predict", "respond", "run", "finish", "nested"}


def test_events_need_gradio_and_routes_are_served() -> None:
    assert _served("button.click(on_click)\nwidget.change(update)\n") == frozenset()
    code = (
        "from django.urls import path\n"
        "app.add_url_rule('/', 'index', index)\n"
        "api.add_api_route('/items', endpoint=list_items)\n"
        "urlpatterns = [path('', views.home)]\n"
        "from fastapi.routing import APIRoute\n"
        "self.app = FastAPI(routes=[APIRoute('/tokenize', self.tokenize, methods=['POST'])])\n"
    )
    assert _served(code) == {"index", "list_items", "home", "tokenize"}


def test_imported_packages() -> None:
    facts = collect_facts(ast.parse("import gradio as gr\nfrom flask import Flask\nimport os.path\n"))
    assert facts.imports("flask") and facts.imports("gradio", "x") and facts.imports("os")
    assert not facts.imports("streamlit")


TRICKY = (
    (
        "from flask import Flask, jsonify\napp = Flask(__name__)\n@app.post('/x')\ndef x():\n    try:\n        run()\n"
        "    except (ValueError,\n            KeyError) as err:\n        return jsonify(error=f'{err}')\n"
        "app.run(debug = (True))\n"
    ),
    (
        "from streamlit import exception as show\nimport traceback as tb\n\ntry:\n    go()\nexcept Exception as e:\n"
        "    show(e)\n\ndef view(request):\n    return HttpResponse(tb.format_tb(None))\nimport django\n"
    ),
)


def _documents() -> list:
    documents = [read_path(p) for p in sorted(SAMPLES.glob("verbose_*")) if not p.name.endswith(".expected")]
    documents.extend(document_from_text(text, f"tricky-{i}.py") for i, text in enumerate(TRICKY))
    for rule in VERBOSE_RULES:
        for i, example in enumerate((*rule.VALID, *rule.INVALID)):
            documents.append(document_from_text(example.source, f"{i}-{example.path}"))
    return documents


def test_tricky_documents_are_found() -> None:
    found = [
        lint_document(document_from_text(text, "t.py"), RuleSet.build([rule() for rule in VERBOSE_RULES]))
        for text in TRICKY
    ]
    assert [(f.code, f.location.line) for f in found[0]] == [("MLS302", 9), ("MLS303", 10)]
    assert [(f.code, f.location.line) for f in found[1]] == [("MLS301", 7), ("MLS301", 10)]


@pytest.mark.parametrize("document", _documents(), ids=lambda d: d.path)
def test_triggers_lose_nothing(document) -> None:
    """The trigger words are an optimisation only: results are identical without them."""
    fast = lint_document(document, RuleSet.build([rule() for rule in VERBOSE_RULES]))
    slow = lint_document(document, RuleSet.build([rule() for rule in VERBOSE_RULES], use_triggers=False))
    assert fast == slow


def test_saved_traceback_message_never_quotes_the_traceback() -> None:
    secret_dsn = "postgresql://etl:Tr0ub4dor3x@10.2.0.7:5432/prod"
    text = notebook(
        code_cell(
            "connect()",
            outputs=[
                error_output(
                    "OperationalError",
                    f"failed: {secret_dsn}",
                    ["Traceback (most recent call last)", f"OperationalError: {secret_dsn}"],
                )
            ],
        ),
        code_cell("run()", outputs=[error_output("<img src=x>: injected", "value", ["boom"])]),
    )
    findings = lint_source(text, "leak.ipynb", Config(select=("MLS304",))).findings
    assert [(f.location.cell, f.location.output, f.severity) for f in findings] == [
        (1, 0, Severity.HIGH),
        (2, 0, Severity.MEDIUM),
    ]
    assert "`OperationalError`" in findings[0].message
    assert "an exception" in findings[1].message
    for finding in findings:
        assert "Tr0ub4dor3x" not in finding.message and "10.2.0.7" not in finding.message
        assert "<img" not in finding.message


def test_no_outputs_no_saved_traceback() -> None:
    text = notebook(code_cell("1 / 0"))
    assert not lint_source(text, "clean.ipynb", Config(select=("MLS304",))).findings
    data = json.loads(text)
    data["cells"][0]["outputs"] = [{"output_type": "error"}]  # malformed: no name, no traceback
    findings = lint_source(json.dumps(data), "odd.ipynb", Config(select=("MLS304",))).findings
    assert [(f.code, f.location.cell, f.location.output) for f in findings] == [("MLS304", 1, 0)]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("mysite/settings.py", True),
        ("settings/production.py", True),
        ("local_settings.py", True),
        ("settings_dev.py", True),
        ("train_config.py", False),
        ("my_settingsx.py", False),
    ],
)
def test_django_settings_paths(path: str, expected: bool) -> None:
    found = lint_source("DEBUG = True\n", path, Config(select=("MLS303",))).findings
    assert [(f.code, f.location.line, f.location.column) for f in found] == ([("MLS303", 1, 9)] if expected else [])


def test_debug_inside_a_function_or_condition_is_not_settings() -> None:
    code = "def configure():\n    DEBUG = True\n\nif LOCAL:\n    DEBUG = True\n"
    assert not lint_source(code, "mysite/settings.py", Config(select=("MLS303",))).findings
