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
from linter.cli import main
from linter.engine.bandit_bridge import BanditCheck, run_bandit
from linter.engine.parsing import parse_with_quarantine
from linter.engine.ruleset import RuleSet
from linter.kit.examples import code_cell, markdown_cell, notebook
from linter.model import Category, Severity
from linter.registry import all_rules
from linter.sources.reading import document_from_text

RISKY_NOTEBOOK = notebook(
    code_cell("import subprocess"),
    markdown_cell("## Fetch the data"),
    code_cell("cmd = f'curl -o data.csv {URL}'\nsubprocess.run(cmd, shell=True)"),
    code_cell("assert len(rows) > 0\nimport random\nseed = random.random()"),
)


def _codes_at(result) -> list[tuple[str, int | None, int, int]]:
    return [(f.code, f.location.cell, f.location.line, f.location.column) for f in result.findings]


def test_finding_mapped_to_cell_and_line_by_default(declared_urls: object) -> None:
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


def test_nosec_naming_a_check_that_is_not_selected_suppresses_only_that_check() -> None:
    """bandit knows every test name; so does mlsafe, whichever checks are selected or loaded."""
    from linter.config import Config

    other = RISKY_NOTEBOOK.replace("shell=True)", "shell=True)  # nosec: exec_used")
    assert _codes_at(lint_source(other, "analysis.ipynb", Config(select=("B602",)))) == [("B602", 3, 2, 1)]


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
    curated = {
        "B102",
        "B104",
        "B108",
        "B303",
        "B306",
        "B307",
        "B314",
        "B315",
        "B316",
        "B317",
        "B318",
        "B319",
        "B323",
        "B324",
        "B501",
        "B602",
        "B604",
        "B605",
        "B608",
    }
    assert curated <= listed
    left_out = {"B101", "B105", "B106", "B107", "B113", "B201", "B301", "B311", "B403", "B506", "B614", "B615"}
    assert not left_out & listed
    docs = io.StringIO()
    assert main(["rule", "B602"], stdout=docs) == 0
    assert "What it does" in docs.getvalue() and "shell=True" in docs.getvalue()
    assert (
        "https://bandit.readthedocs.io/en/latest/plugins/b602_subprocess_popen_with_shell_equals_true.html"
        in docs.getvalue()
    )
    blacklisted = io.StringIO()
    assert main(["rule", "B314"], stdout=blacklisted) == 0
    assert (
        "https://bandit.readthedocs.io/en/latest/blacklists/blacklist_calls.html#b313-b320-xml-bad-elementtree"
        in blacklisted.getvalue()
    )


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
    # bandit's case-insensitive SQL search equates "ſ" with "s" (and "ı", "İ" with "i")
    'cur.execute("ſelect a from t where b = %s" % b)\nq = "İNSERT INTO t VALUES (" + v + ")"\n',
    # a lone carriage return ends a line for Python's parser
    "def f():\r    x = 1\r    return 3\nimport os\nos.system(cmd)\n",
    "import os\nx = 1\r\ry = '/tmp/a'\r\r\rdef f():\n    os.system(cmd)\n",
]

_FILLER = "".join(
    f"    def step_{n}(self, batch: dict[str, int] | None = None) -> int:\n"
    f"        total = sum(batch.values()) + {n}\n        return total * 2\n\n"
    for n in range(12)
)
# pruning inside compound statements: each source has its triggers in a few nested statements
NESTED_SOURCES = [
    # one method of a long class
    f'import os\n\nclass Pipeline(Base, metaclass=Meta):\n    """Update the model."""\n\n{_FILLER}'
    "    def fetch(self, url):\n        if url:\n            os.system('wget ' + url)\n        return url\n\n"
    f"{_FILLER}",
    # imports inside functions bind names for calls anywhere after them (bandit's aliases are global)
    "def setup():\n    import xml.etree.ElementTree as ET\n    x = 1\n\nclass Loader:\n"
    "    def load(self, p):\n        for _ in range(3):\n            tree = ET.parse(p)\n        return tree\n",
    "try:\n    from os import system as run\nexcept ImportError:\n    from subprocess import getoutput as go\n\n"
    "class A:\n    def f(self, cmd):\n        while True:\n            if cmd:\n                run(cmd)\n"
    "        return go(cmd)\n",
    # later imports rebind names: the calls in d are not os.system (and `os` holds no trigger)
    "def a():\n    from os import system as sh\n\ndef b(cmd):\n    sh(cmd)\n\n"
    "def c():\n    from shlex import quote as sh\n\ndef e():\n    from shlex import split as os\n\n"
    "def d(cmd):\n    sh(cmd)\n    os.system(cmd)\n",
    # B608 strings under the operations bandit reads, nested at several depths
    "class Store:\n    def get(self, uid):\n        with self.conn as cur:\n"
    "            cur.execute('SELECT * FROM users WHERE id = %s' % uid)\n\n"
    "    def rename(self, a, b):\n        for t in self.tables:\n"
    "            self.run('UPDATE {} SET name = {}'.format(t, a))\n"
    "            self.run(f'DELETE FROM {t} WHERE name = {b}')\n"
    "            q = ('INSERT INTO t '\n                 'VALUES (' + b + ')')\n"
    "            cur.execute('SELECT a FROM t WHERE b = ' + str(b), params)\n"
    "            q2 = 'select x from t where y = ?'.replace('?', b)\n",
    # a trigger in a compound statement's header: decorators, defaults, bases, conditions, iterables
    "class A:\n    @cache('/tmp/cache')\n    def f(self):\n        return 1\n\n"
    "    def g(\n        self,\n        path='/tmp/out',\n        host: str = '0.0.0.0',\n    ) -> None:\n        pass\n\n"
    "def h():\n    while eval(flag):\n        pass\n    for p in [\n        x, '/dev/shm/a']:\n        print(p)\n"
    "    with open('/tmp/x') as f, lock:\n        pass\n    class B(Base, path='/tmp/b'):\n        pass\n"
    "    if x == '0.0.0.0':\n        pass\n    elif eval(y):\n        pass\n    else:\n        exec(z)\n",
    # except clauses, else and finally blocks, match cases (a string in a case's pattern or guard)
    "import os\n\ndef f(cmd, code):\n    try:\n        pass\n    except (OSError, eval(e)):\n"
    "        os.system(cmd)\n    else:\n        exec(code)\n    finally:\n        x = '/tmp/y'\n"
    "    match cmd:\n        case '/tmp/a':\n            exec(code)\n        case [x, *_] if x == '/dev/shm':\n"
    "            pass\n        case _:\n            y = [c for c in '/tmp/c' for d in '/tmp/d']\n",
    # the def line shared with its body, nested lambdas and comprehensions
    "import os\n\nclass A:\n    def f(self): return eval(self.x)\n    g = lambda self: exec(self.y)\n"
    "    def h(self):\n        return [os.system(c) for c in self.cmds if c]\n",
    # # nosec on nested lines, on the trigger's line or another line of the statement
    "import os, subprocess\n\nclass A:\n    def f(self, cmd):\n        os.system(cmd)  # nosec\n"
    "        os.system(cmd + 'x')\n        if cmd:\n            subprocess.run(\n                cmd,\n"
    "                shell=True,  # nosec B602\n            )\n"
    "            subprocess.run(cmd,  # nosec B605\n                           shell=True)\n",
    # async definitions and statements
    "import os\n\nasync def f(cmd):\n    async with lock:\n        async for x in stream:\n"
    "            os.system(cmd + x)\n",
]


SAMPLES = Path(__file__).resolve().parent.parent / "test_notebooks"


@pytest.mark.parametrize(
    "source,path",
    [(e.source, e.path) for rule in BANDIT_CHECKS for e in (*rule.VALID, *rule.INVALID)]
    + [(s, "extra.py") for s in EXTRA_SOURCES + NESTED_SOURCES]
    + [(p.read_text(encoding="utf-8"), p.name) for p in sorted(SAMPLES.iterdir()) if p.suffix in (".py", ".ipynb")],
)
def test_trigger_prefilter_changes_nothing(source: str, path: str) -> None:
    document = document_from_text(source, path)
    ruleset = RuleSet.build([rule() for rule in BANDIT_CHECKS])
    results = []
    for prefilter in (True, False):
        module, code, _ = parse_with_quarantine(document, ruleset)  # bandit annotates the tree: a fresh one each run
        results.append(run_bandit(document, module, code, ruleset.bandit, prefilter=prefilter))
    assert results[0] == results[1]
    if source in EXTRA_SOURCES + NESTED_SOURCES:
        assert results[0], "each extra source holds something bandit reports"


@pytest.mark.parametrize("source", NESTED_SOURCES)
def test_the_prefilter_for_one_check_keeps_its_findings(source: str) -> None:
    """With one check selected, fewer statements are kept: the check's findings must all remain."""
    document = document_from_text(source, "extra.py")
    everything = RuleSet.build([rule() for rule in BANDIT_CHECKS])
    module, code, _ = parse_with_quarantine(document, everything)
    together = run_bandit(document, module, code, everything.bandit, prefilter=False)
    for rule in BANDIT_CHECKS:
        alone = RuleSet.build([rule()])
        module, code, _ = parse_with_quarantine(document, alone)
        assert run_bandit(document, module, code, alone.bandit) == [h for h in together if h.code == rule.code]


def _hits_of(source: str) -> list[tuple[str, int]]:
    document = document_from_text(source, "extra.py")
    ruleset = RuleSet.build([rule() for rule in BANDIT_CHECKS])
    module, code, _ = parse_with_quarantine(document, ruleset)
    return sorted((hit.code, hit.line) for hit in run_bandit(document, module, code, ruleset.bandit))


def test_nested_sources_hold_the_findings_they_were_written_for() -> None:
    """So that the identity test above compares something: pruning that lost these would fail it."""
    long_class, nested_import, try_import, rebound, sql, headers, clauses, one_line, nosec, _ = NESTED_SOURCES
    assert _hits_of(long_class) == [("B605", long_class.split("\n").index("            os.system('wget ' + url)") + 1)]
    assert [code for code, _ in _hits_of(nested_import)] == ["B314"]
    assert [code for code, _ in _hits_of(try_import)] == ["B605", "B605"]
    assert _hits_of(rebound) == [("B605", 5)]  # d's sh is shlex.quote: the import in c must be seen
    assert [code for code, _ in _hits_of(sql)] == ["B608"] * 6
    assert {code for code, _ in _hits_of(headers)} == {"B104", "B108", "B307", "B102"}
    assert {code for code, _ in _hits_of(clauses)} == {"B108", "B307", "B605", "B102"}
    assert [code for code, _ in _hits_of(one_line)] == ["B102", "B307", "B605"]
    assert _hits_of(nosec) == [("B602", 13), ("B605", 6)]


def test_pruning_drops_nested_statements_and_leaves_the_tree_alone() -> None:
    from linter.engine.bandit_bridge import _triggered_statements

    document = document_from_text(NESTED_SOURCES[0], "extra.py")
    ruleset = RuleSet.build([rule() for rule in BANDIT_CHECKS])
    module, code, _ = parse_with_quarantine(document, ruleset)
    before = ast.dump(module, include_attributes=True)
    pruned = _triggered_statements(module, code, ruleset.bandit)
    assert ast.dump(module, include_attributes=True) == before
    assert sum(1 for _ in ast.walk(pruned)) < sum(1 for _ in ast.walk(module)) / 10
    kept = {node.name for node in ast.walk(pruned) if isinstance(node, (ast.FunctionDef, ast.ClassDef))}
    assert kept == {"Pipeline", "fetch"}


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


def test_no_tree_is_kept_alive_through_the_nodes_cpython_shares() -> None:
    """CPython's parser puts one instance of each context and operator in every tree; bandit links
    them to their last parent, which would keep the last tree visited alive."""
    document = document_from_text("import os\nx = a + b\nos.system(x + y)\n", "x.py")
    ruleset = RuleSet.build([rule() for rule in BANDIT_CHECKS])
    module, code, _ = parse_with_quarantine(document, ruleset)
    assert [hit.code for hit in run_bandit(document, module, code, ruleset.bandit)] == ["B605"]
    call = module.body[2].value
    assert call.func.ctx is ast.parse("z").body[0].value.ctx  # shared indeed
    assert hasattr(call.func, "_bandit_parent")  # bandit visited the call's nodes
    for shared in (call.func.ctx, call.args[0].op):
        assert not hasattr(shared, "_bandit_parent") and not hasattr(shared, "_bandit_sibling")
