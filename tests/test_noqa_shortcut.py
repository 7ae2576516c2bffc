"""The regular-expression scan for ``noqa`` comments finds what ``tokenize`` finds, so MLS003 and
the directives are the same with the shortcut and without it."""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import pytest

from linter.engine import suppressions as suppress
from linter.engine.ruleset import RuleSet
from linter.engine.run import lint_document
from linter.engine.suppressions import _noqa_comments, _parses, _tokenized_comments, noqa_directives
from linter.kit.examples import code_cell, notebook
from linter.registry import all_rules, select_rules
from linter.sources.reading import document_from_text

SAMPLES = Path(__file__).resolve().parent.parent / "test_notebooks"

TRICKY = [
    "x = 1  # noqa: MLS101\n",
    "s = '# noqa: MLS101'\n",
    's = "a # noqa: MLS101"  # noqa: MLS102\n',
    "s = '''\n# noqa: MLS101\n'''  # noqa: MLS102\n",
    's = """a\\"""# noqa: MLS101\n"""  # NOQA:MLS103\n',
    "s = '''it''s'''  # noqa: MLS104\nt = ''  # noqa: MLS105\nu = ''''''  # noqa\n",
    "s = 'a\\\n# noqa: MLS101'  # noqa: MLS106\n",
    's = "\\\\"  # noqa: MLS107\nt = "\\\\\\"# noqa: MLS101"\n',
    "s = r'\\'# noqa: MLS101'  # noqa: MLS108\nb = rb'\\\\'  # noqa: MLS109\n",
    "f = f'{x!r:>{w}} # noqa: MLS101'  # noqa: MLS110\ng = f\"{d['k']}\"  # noqa: MLS111\n",
    "f = rf'''\n{x} # noqa: MLS101\n'''  # noqa: MLS112\nFR\"x\"  # noqa: MLS113\n",
    "x = (  # noqa: MLS114\n    'a'  # noqa: MLS115\n    'b'  # noqa: MLS116\n)\n",
    "x = 1 + \\\n    2  # noqa: MLS117\n",
    "def f():\n\tif x:\n\t\treturn 1  # noqa: MLS118\n\t# noqa: MLS119\n",
    "\x0c# noqa: MLS120\nx = 1\n",
    "# noqa: MLS121 'quote\n# \"another\n",
    "y = 1 if x else'# noqa: MLS101'  # noqa: MLS122\n",
    "é = 'ü'  # noqa: MLS123 ünïcode\n",
    "x = 1  #noqa:MLS124,MLS125 trailing text\n#   NoQa : MLS126\n",
    "x = b'#'  # noqa\ny = u'#'  # noqa:\n",
    "x = '''a'''  '''b'''  # noqa: MLS127\n",
    "x = 1  # noqa: MLS128\r\ny = 2  # noqa: MLS129\n",
    "x = 1\r# noqa: MLS130\rfoo\n",
    "s = '''a''\n# noqa: MLS101\n'''\nt = \"\"\"b\"\"\n# noqa: MLS101\n\"\"\"\n",
    "s = '''a\\\n# noqa: MLS101\n'''\nt = \"\"\"b\\\n# noqa: MLS101\n\"\"\"  # noqa: MLS136\n",
    "x = 1\n# noqa: MLS137\rfoo\n",
    "def f(x):\n    '''Doc with # noqa: MLS101\n    and 'quotes\" inside'''\n    return x  # noqa: MLS131\n",
    "s = 'unterminated  # noqa: MLS132\n",
    "x = (  # noqa: MLS133\n",
    'f"{"nested"}"  # noqa: MLS134\n',
    'f"{x # noqa: MLS101\n}"  # noqa: MLS135\n',
    'x = f"{"# noqa: MLS101"}"\n',
    'x = f"""{y # noqa: MLS138\n}"""\n',
]


@pytest.mark.parametrize("source", TRICKY)
def test_scan_finds_the_comments_tokenize_finds(source: str) -> None:
    if not _parses(source):  # on this Python version: no directive of code that does not parse is reported
        assert list(noqa_directives(document_from_text(source, "job.py"))) == []
        return
    assert list(_noqa_comments(source)) == list(_tokenized_comments(source))


PIECES = [
    "'",
    '"',
    "'''",
    '"""',
    "#",
    " noqa: MLS1",
    "\n",
    "\\",
    "\\\n",
    "x",
    "=",
    " ",
    "\t",
    "f",
    "r",
    "b",
    "(",
    ")",
    "{",
    "}",
    "else",
    "1",
    "é",
    ",",
    "[",
    "]",
    "+",
]


def test_scan_agrees_with_tokenize_on_random_code_that_parses() -> None:
    rng = random.Random(3)
    compared = 0
    for _ in range(40_000):
        source = "x = " + "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 10))) + "\n"
        if _parses(source):
            compared += 1
            assert list(_noqa_comments(source)) == list(_tokenized_comments(source)), repr(source)
    assert compared > 1_000


def _documents() -> list:
    documents = [document_from_text(e.source, e.path) for r in all_rules() for e in (*r.VALID, *r.INVALID)]
    documents += [
        document_from_text(p.read_text(), str(p)) for p in sorted(SAMPLES.iterdir()) if p.suffix in (".py", ".ipynb")
    ]
    for source in TRICKY:
        documents.append(document_from_text(source, "tricky.py"))
        documents.append(document_from_text(notebook(code_cell("import os"), code_cell(source)), "tricky.ipynb"))
        data = json.loads(notebook(code_cell(source)))
        data["cells"][0]["source"] = source.replace("\n", "\r\n")
        documents.append(document_from_text(json.dumps(data), "crlf.ipynb"))
    return documents


def _results(reference: bool, monkeypatch: pytest.MonkeyPatch) -> list:
    with monkeypatch.context() as patch:
        if reference:
            patch.setattr(suppress, "_noqa_comments", _tokenized_comments)
        ruleset = RuleSet.build(select_rules(("MLS",), ()), known=(rule.code for rule in all_rules()))
        documents = _documents()
        return [(tuple(noqa_directives(d)), lint_document(d, ruleset)) for d in documents]


def test_directives_and_mls003_are_the_same_without_the_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    fast = _results(False, monkeypatch)
    assert fast == _results(True, monkeypatch)
    assert sum(1 for directives, _ in fast if directives) > 20
    assert any(f.code == "MLS003" for _, findings in fast for f in findings)


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="f-strings are read by tokenize from Python 3.12")
def test_fstrings_are_scanned_before_python_3_12() -> None:
    assert not suppress._TOKENIZE_ONLY.search("f'{x}'  # noqa: MLS101\n")
