"""bandit's checks through mlsafe: mapped to notebook cells, selectable like rules, ``# nosec``
honoured, the curated default set only, and bandit imported only when one of its checks runs."""

from __future__ import annotations

import ast
import io
import subprocess
import sys
from pathlib import Path

import pytest

from linter.api import lint_source
from linter.bandit_bridge import BanditCheck, run_bandit
from linter.cli import main
from linter.engine import _parse_ast, RuleSet
from linter.examples import code_cell, markdown_cell, notebook
from linter.model import Category, Severity
from linter.registry import all_rules
from linter.sources import document_from_text

RISKY_NOTEBOOK = notebook(
    code_cell("import subprocess"),
    markdown_cell("## Fetch the data"),
    code_cell("cmd = f'curl -o data.csv {URL}'\nsubprocess.run(cmd, shell=True)"),
    code_cell("assert len(rows) > 0\nimport random\nseed = random.random()"),
)


def _codes_at(result) -> list[tuple[str, int | None, int, int]]:
    return [(f.code, f.location.cell, f.location.line, f.location.column) for f in result.findings]


def test_finding_mapped_to_cell_and_line_by_default() -> None:
    result = lint_source(RISKY_NOTEBOOK, "analysis.ipynb")
    assert _codes_at(result) == [("B602", 3, 2, 1)]
    finding = result.findings[0]
    assert finding.category is Category.BANDIT
    assert finding.severity is Severity.HIGH
    assert finding.cell_id == "cell-3"
    assert "shell=True" in finding.message
    assert finding.url.endswith("docs/rules.md#b602-subprocess-popen-with-shell-equals-true")


def test_b101_assert_and_b311_random_are_not_reported_by_default() -> None:
    result = lint_source("import random\nassert x > 0\nseed = random.random()\n", "train.py")
    assert result.findings == ()


def test_checks_an_mls_rule_covers_are_not_duplicated() -> None:
    source = "import pickle, yaml, torch\nm = pickle.load(f)\nc = yaml.load(s)\nw = torch.load(p)\n"
    result = lint_source(source, "load.py")
    assert not [f for f in result.findings if f.code.startswith("B")]
    assert ("MLS101", None, 2, 5) in _codes_at(result)


def test_nosec_is_honoured_in_notebook_cells() -> None:
    silenced = RISKY_NOTEBOOK.replace("shell=True)", "shell=True)  # nosec B602")
    assert lint_source(silenced, "analysis.ipynb").findings == ()
    other = RISKY_NOTEBOOK.replace("shell=True)", "shell=True)  # nosec: exec_used")
    assert _codes_at(lint_source(other, "analysis.ipynb")) == [("B602", 3, 2, 1)]
    by_name = RISKY_NOTEBOOK.replace("shell=True)", "shell=True)  # nosec subprocess_popen_with_shell_equals_true")
    assert lint_source(by_name, "analysis.ipynb").findings == ()


def test_nosec_still_honoured_next_to_a_broken_cell() -> None:
    source = notebook(code_cell("import os"), code_cell("print('unclosed"), code_cell("os.system(cmd)  # nosec"))
    assert [f.code for f in lint_source(source, "nb.ipynb").findings] == ["MLS001"]


def test_columns_are_characters_not_bytes() -> None:
    result = lint_source("import os\nlabel = 'é' ; os.system('ls ' + d)\n", "x.py")
    assert _codes_at(result) == [("B605", None, 2, 15)]


def test_a_broken_cell_does_not_hide_bandit_findings_elsewhere() -> None:
    source = notebook(code_cell("import os"), code_cell("for x in\n"), code_cell("os.system(cmd)"))
    assert _codes_at(lint_source(source, "nb.ipynb")) == [("MLS001", 2, 1, 9), ("B605", 3, 1, 1)]


def test_repeated_runs_add_no_logging_handlers() -> None:
    import logging

    lint_source(RISKY_NOTEBOOK, "a.ipynb")
    handlers = len(logging.getLogger("bandit").handlers)
    for _ in range(3):
        assert _codes_at(lint_source(RISKY_NOTEBOOK, "a.ipynb")) == [("B602", 3, 2, 1)]
    assert len(logging.getLogger("bandit").handlers) == handlers


def _check(tmp_path: Path, *args: str) -> tuple[int, str, str]:
    path = tmp_path / "analysis.ipynb"
    path.write_text(RISKY_NOTEBOOK, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    code = main(["check", "--no-color", *args, str(path)], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_cli_reports_the_bandit_finding_at_cell_and_line(tmp_path: Path) -> None:
    code, out, _ = _check(tmp_path)
    assert code == 1
    assert "analysis.ipynb:cell 3:2:1: B602 subprocess call with shell=True" in out


@pytest.mark.parametrize("flags", [["--ignore", "B"], ["--ignore", "B602"], ["--select", "MLS"]])
def test_cli_ignore_and_select_silence_bandit(tmp_path: Path, flags: list[str]) -> None:
    code, out, err = _check(tmp_path, *flags)
    assert (code, err) == (0, "")
    assert "B602" not in out


def test_cli_select_one_bandit_check(tmp_path: Path) -> None:
    code, out, err = _check(tmp_path, "--select", "B602")
    assert (code, err) == (1, "")
    assert "cell 3:2:1: B602" in out
    code, out, err = _check(tmp_path, "--select", "B605")
    assert (code, err) == (0, "")


def test_cli_uncurated_bandit_code_is_unknown(tmp_path: Path) -> None:
    code, _, err = _check(tmp_path, "--select", "B101")
    assert code == 2
    assert "unknown rule code or prefix: B101" in err


def test_rules_lists_the_curated_bandit_checks() -> None:
    out = io.StringIO()
    assert main(["rules"], stdout=out) == 0
    listed = {line.split()[0] for line in out.getvalue().splitlines()}
    curated = {"B102", "B104", "B108", "B303", "B306", "B307", "B314", "B315", "B316", "B317", "B318",
               "B319", "B323", "B324", "B501", "B602", "B604", "B605", "B608"}
    assert curated <= listed
    left_out = {"B101", "B105", "B106", "B107", "B113", "B201", "B301", "B311", "B403", "B506", "B614", "B615"}
    assert not left_out & listed
    docs = io.StringIO()
    assert main(["rule", "B602"], stdout=docs) == 0
    assert "What it does" in docs.getvalue() and "shell=True" in docs.getvalue()
    assert ("https://bandit.readthedocs.io/en/latest/plugins/b602_subprocess_popen_with_shell_equals_true.html"
            in docs.getvalue())
    blacklisted = io.StringIO()
    assert main(["rule", "B314"], stdout=blacklisted) == 0
    assert ("https://bandit.readthedocs.io/en/latest/blacklists/blacklist_calls.html#b313-b320-xml-bad-elementtree"
            in blacklisted.getvalue())


BANDIT_CHECKS = [rule for rule in all_rules() if issubclass(rule, BanditCheck)]
EXTRA_SOURCES = [
    "import os as o\nfrom subprocess import getoutput as go\no.system(x)\ngo(y)\n",
    "import hashlib\nh = hashlib.new('md5', data)\nq = 'SELECT a FROM t WHERE b = %s' % b\n",
    "from xml.etree import ElementTree\nElementTree.fromstring(s)\nprint('0.0.0.0')\n",
    "exec(code)\neval(expr)\nmodel.eval()\nmodel. eval()\n(eval)(x)\n",
    "import os, popen2\nfrom os import system as run_it\nrun_it(cmd)\npopen2.Popen3(cmd)\nos.popen(c)\n",
    "import subprocess, requests\nsubprocess.Popen(cmd, shell = True)\nrequests.get(u, verify = False)\n",
    'q = ("SELECT a"\n     " FROM t WHERE id = %s" % uid)\ncur.execute("UPDATE\\tt SET a = " + v)\n'
    'd = "DELETE" " FROM t WHERE x = " + x\nsql = f"INSERT INTO t VALUES ({v})"\n',
    # names bound by an import in one statement, used in another
    "import xml.etree.ElementTree as ET\n\ndef load(p):\n    return ET.parse(p)\n",
    "from hashlib import md5 as weak\nx = 1\ndigest = weak(data)\n",
    "from os import system as sh\n\n@decorator\ndef f():\n    sh(cmd)\n",
    "from Crypto.Hash import MD5\nh = MD5.new(d)\n",
    "def f():\n    import xml.dom.minidom as md\n    return 1\n\nmd.parse(p)\n",
    "x = '" + "İ" * 80 + "'\nq = \"SELECT a FROM t WHERE b = '%s'\" % b\n",  # 'İ'.lower() is 2 characters
    "import tempfile as tf, requests as rq\n\npath = tf.mktemp()\nrq.post(u, verify=False)\n",
]


@pytest.mark.parametrize(
    "source,path",
    [(e.source, e.path) for rule in BANDIT_CHECKS for e in (*rule.VALID, *rule.INVALID)]
    + [(s, "extra.py") for s in EXTRA_SOURCES],
)
def test_trigger_prefilter_changes_nothing(source: str, path: str) -> None:
    document = document_from_text(source, path)
    ruleset = RuleSet.build([rule() for rule in BANDIT_CHECKS])
    results = []
    for prefilter in (True, False):
        module, code, _ = _parse_ast(document, ruleset)  # bandit annotates the tree: a fresh one each run
        results.append(run_bandit(document, module, code, ruleset.bandit, prefilter=prefilter))
    assert results[0] == results[1]
    if source in EXTRA_SOURCES:
        assert results[0], "each extra source holds something bandit reports"


def _modules_after(tmp_path: Path, argv: list[str], source: str = "x = 1\nos.system(cmd)\n") -> set[str]:
    """bandit's (and stevedore's) modules loaded by ``mlsafe ARGV`` in a fresh interpreter."""
    script = tmp_path / "job.py"
    script.write_text(source, encoding="utf-8")
    argv = [str(script) if arg == "{script}" else arg for arg in argv]
    probe = (
        "import sys\nfrom linter.cli import main\n"
        f"main({argv!r})\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('bandit', 'stevedore')))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    return set(ast.literal_eval(out.strip().splitlines()[-1]))


def test_bandit_is_imported_only_when_its_checks_run(tmp_path: Path) -> None:
    assert not _modules_after(tmp_path, ["check", "--ignore", "B", "{script}"])
    assert not _modules_after(tmp_path, ["rules"])
    assert not _modules_after(tmp_path, ["check", "{script}"], source="x = 1\nprint(x)\n")  # no trigger
    assert "bandit.core.node_visitor" in _modules_after(tmp_path, ["check", "{script}"])
