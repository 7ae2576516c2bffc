"""The rule catalogue (rules/catalogue.json, linter/engine/catalogue.py): it matches the rule
classes, and loading only the rules it says a document may need changes no finding."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from linter.config import Config
from linter.engine import catalogue
from linter.engine.ruleset import ruleset_for, ruleset_for_document
from linter.engine.run import lint_document
from linter.kit.examples import code_cell, notebook, stream_output
from linter.registry import all_rules
from linter.sources.document import Document
from linter.sources.reading import document_from_text, read_path

SAMPLES = Path(__file__).resolve().parent.parent / "test_notebooks"
SELECTIONS = [Config().selection(), (("ALL",), ())]

EDGE_CASES = [  # (file name, text): shapes where a rule's trigger is not written where it reports
    ("alias.py", "from torch import load as tl\nm = tl('model.pt')\n"),
    ("hub_alias.py", "from torch.hub import load as get\nm = get('owner/repo', 'net')\n"),  # `hub.load`
    ("display_alias.py", "from IPython.display import display as show\napi_key = 'sk-' + 'x' * 40\nshow(api_key)\n"),
    ("alias_call.py", "from dill import loads as dl\nx = dl(b'')\n"),
    ("star.py", "from pickle import *\nx = loads(b'')\n"),
    ("module_alias.py", "import numpy as xp\nd = xp.load('a.npy', allow_pickle=True)\n"),
    ("noqa.py", "x = 1  # noqa: MLS205\ny = 2  # noqa: MLS999\n"),
    ("noqa_bandit.py", "import subprocess\nsubprocess.run('ls', shell=True)  # nosec B602\n"),
    ("outputs.ipynb", notebook(code_cell("print(k)", outputs=[stream_output("token ghp_" + "a1B2" * 9 + "\n")]))),
    ("magic.ipynb", notebook(code_cell("!huggingface-cli login --token hf_" + "a1B2c3D4" * 4))),
    ("requirements.txt", "torch\nnumpy==1.26.4\n"),
    ("empty.py", ""),
]


def _documents() -> list[Document]:
    documents = [document_from_text(e.source, e.path) for r in all_rules() for e in (*r.VALID, *r.INVALID)]
    documents += [document_from_text(text, name) for name, text in EDGE_CASES]
    documents += [read_path(path) for path in sorted(SAMPLES.iterdir()) if not path.name.endswith(".expected")]
    return documents


def test_the_stored_catalogue_matches_the_rule_classes() -> None:
    """Run ``python -m linter.engine.catalogue --write`` after changing a rule's hooks or triggers."""
    assert catalogue.path().read_text(encoding="utf-8") == catalogue.to_json(catalogue.computed())


def test_the_catalogue_round_trips() -> None:
    computed = catalogue.computed()
    read = catalogue.from_json(catalogue.to_json(computed))
    assert read.entries == computed.entries and dict(read.needles) == dict(computed.needles)


@pytest.mark.parametrize(("select", "ignore"), SELECTIONS, ids=["default", "all"])
def test_loading_only_the_rules_a_document_may_need_changes_no_finding(select, ignore) -> None:
    full = ruleset_for(select, ignore)
    for document in _documents():
        gated = ruleset_for_document(document, select, ignore)
        assert lint_document(document, gated) == lint_document(document, full), document.path


def test_a_code_only_notebook_loads_few_rules() -> None:
    document = document_from_text(notebook(code_cell("import torch\nm = torch.load('m.pt')")), "nb.ipynb")
    codes = {rule.code for rule in ruleset_for_document(document, *Config().selection()).rules}
    assert {"MLS001", "MLS102", "MLS201"} <= codes  # tool, triggered, text hook
    assert not codes & {"MLS204", "MLS304", "MLS502", "MLS208", "MLS108", "MLS501", "B608"}


@pytest.mark.parametrize(
    ("name", "text", "code", "needed"),
    [
        ("a.py", "from torch.hub import load as get\n", "MLS107", True),  # `hub` and `load` are there
        ("a.py", "import torch\n", "MLS107", False),
        ("a.py", "x = 1\n", "MLS102", False),
        ("a.ipynb", notebook(code_cell("x = 1", outputs=[stream_output("hi\n")])), "MLS502", True),
        ("a.ipynb", notebook(code_cell("x = 1")), "MLS502", False),
        ("a.ipynb", notebook(code_cell("!pip install torch")), "MLS208", True),
        ("a.py", "x = 1\n", "MLS208", False),
        ("a.py", "x = 1\n", "MLS003", True),
        ("a.py", "x = 1\n", "MLS503", True),  # text hooks read every document
        ("a.py", "import subprocess\nsubprocess.run(c, shell=True)\n", "B602", True),
        ("a.py", "x = 1\n", "B602", False),
    ],
)
def test_which_rules_a_document_needs(name: str, text: str, code: str, needed: bool) -> None:
    stored = catalogue.stored()
    assert stored is not None
    assert (code in catalogue.needed_codes(stored, [code], document_from_text(text, name))) is needed


def test_a_code_the_catalogue_does_not_know_is_kept() -> None:
    stored = catalogue.stored()
    assert stored is not None
    assert catalogue.needed_codes(stored, ["MLS999"], document_from_text("x = 1\n", "a.py")) == {"MLS999"}


def test_a_run_imports_only_the_rule_modules_it_needs(tmp_path: Path) -> None:
    (tmp_path / "nb.ipynb").write_text(notebook(code_cell("import torch\nm = torch.load('m.pt')")))
    probe = (
        "import sys\nfrom linter.api import lint_paths\n"
        "found = lint_paths(['nb.ipynb'])\n"
        "print(sorted(f.code for f in found.findings))\n"
        "print(sorted(m for m in sys.modules if m.startswith('linter.rules.')))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=True)
    codes, modules = done.stdout.splitlines()
    assert codes == "['MLS102']"
    assert "linter.rules.unsafe_load.torch_load_unsafe" in modules
    for absent in (
        "linter.rules.pii.pii_in_output",
        "linter.rules.bandit.xml_bad_sax",
        "linter.rules.secrets.cli_login_secret",
    ):
        assert absent not in modules


def test_a_missing_or_broken_catalogue_loads_every_selected_rule(tmp_path: Path, monkeypatch) -> None:
    document = document_from_text("x = 1\n", "a.py")
    select, ignore = Config().selection()
    broken = tmp_path / "catalogue.json"
    monkeypatch.setattr(catalogue, "path", lambda: broken)
    for text in (None, "{not json", '{"rules": [{"code": "MLS101", "unknown_field": 1}], "needles": {}}'):
        broken.unlink(missing_ok=True)
        if text is not None:
            broken.write_text(text)
        catalogue.stored.cache_clear()
        try:
            assert catalogue.stored() is None
            assert ruleset_for_document(document, select, ignore) is ruleset_for(select, ignore)
        finally:
            catalogue.stored.cache_clear()
