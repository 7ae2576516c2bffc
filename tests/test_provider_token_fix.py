"""MLS201 offers MLS202's unsafe fix (issue 14): a token that is a whole string literal assigned
to a name or passed as a keyword is read from the provider's environment variable instead."""

from __future__ import annotations

import json

from linter.api import lint_source
from linter.config import Config
from linter.fix.apply import fix_text
from linter.kit.examples import code_cell, notebook
from linter.rules.secrets._examples import TOKENS

CONFIG = Config(select=("MLS201",))


def fixed(text: str, path: str = "a.py") -> str:
    return fix_text(text, path, CONFIG, unsafe=True).fixed


def test_assignment_and_keyword_are_fixed_with_the_providers_variable() -> None:
    source = f'import os\nhf = "{TOKENS["huggingface"]}"\nlogin(token="{TOKENS["huggingface"]}")\n'
    assert fixed(source) == 'import os\nhf = os.environ["HF_TOKEN"]\nlogin(token=os.environ["HF_TOKEN"])\n'
    assert fix_text(source, "a.py", CONFIG, unsafe=False).fixed == source  # unsafe only


def test_import_os_is_added_where_missing() -> None:
    source = f'"""Train."""\nfrom anthropic import Anthropic\nclient = Anthropic(api_key="{TOKENS["anthropic"]}")\n'
    assert fixed(source) == (
        '"""Train."""\nimport os\nfrom anthropic import Anthropic\n'
        'client = Anthropic(api_key=os.environ["ANTHROPIC_API_KEY"])\n'
    )


def test_no_fix_where_reading_the_environment_is_not_the_same_code() -> None:
    token = TOKENS["openai"]
    for source in (
        f"# old key: {token}\n",  # a comment
        f'import os\nos.environ["OPENAI_API_KEY"] = "{token}"\n',  # setting the environment
        f'headers = {{"Authorization": "Bearer {token}"}}\n',  # part of a longer string
        f'cfg = {{"api_key": "{token}"}}\n',  # a dictionary value
        f'if key == "{token}":\n    pass\n',  # a comparison
        f'key = f"{token}"\n',  # an f-string
    ):
        findings = lint_source(source, "a.py", CONFIG).findings
        assert [f.code for f in findings] == ["MLS201"], source
        assert findings[0].fix is None, source


def test_notebook_cell_is_fixed_in_place() -> None:
    nb = notebook(code_cell("import os"), code_cell(f'openai.api_key = "{TOKENS["openai"]}"'))
    after = json.loads(fixed(nb, "nb.ipynb"))
    assert "".join(after["cells"][1]["source"]) == 'openai.api_key = os.environ["OPENAI_API_KEY"]'
