"""The fast paths of ``collect_facts`` give the facts the straightforward code gave.

``ReferenceCollector`` is the statement walk as first written (``isinstance`` chains, ``_bodies``,
the ``DOWNLOAD_HINT`` regex); every test runs both and compares everything the facts hold, binding
order included (a use resolves to the *last* binding at or before it, in visiting order).
"""

from __future__ import annotations

import ast
import posixpath
import random
import warnings
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import pytest

from linter.engine import facts as facts_module
from linter.engine.facts import (
    DOWNLOAD_FUNCTIONS,
    DOWNLOAD_HINT,
    Facts,
    _Collector,
    _target_names,
    collect_facts,
    mentions_download,
)
from linter.registry import all_rules
from linter.sources.reading import document_from_text

SAMPLES = Path(__file__).resolve().parent.parent / "test_notebooks"


def _bodies(stmt: ast.stmt) -> Iterable[list[ast.stmt]]:
    for name in ("body", "orelse", "finalbody"):
        child = getattr(stmt, name, None)
        if isinstance(child, list):
            yield child
    for handler in getattr(stmt, "handlers", ()):
        yield handler.body
    for case in getattr(stmt, "cases", ()):
        yield case.body


def _spine(node: ast.AST) -> Iterator[ast.AST]:
    current: ast.AST | None = node
    while current is not None:
        yield current
        if isinstance(current, ast.Call):
            yield from current.args
            yield from (k.value for k in current.keywords)
            current = current.func
        elif isinstance(current, (ast.Attribute, ast.Subscript, ast.Await, ast.Starred)):
            current = current.value
        else:
            current = None


def reference_pick(bindings: Sequence[facts_module.Binding], line: int) -> facts_module.Binding:
    """In effect at ``line``: bound on an earlier line, or on that line by a statement that binds
    before its end; else the first binding made on another line."""
    before = [b for b in bindings if b.line < line or (b.line == line and not b.after)]
    others = [b for b in bindings if b.line != line]
    return before[-1] if before else others[0] if others else bindings[0]


class ReferenceCollector(_Collector):
    """The walk before it was made fast (kept verbatim as the specification)."""

    def resolve(self, node: ast.AST, line: int) -> str | None:
        dotted = facts_module.ast_dotted(node)
        if dotted is None:
            return None
        bindings = self.bindings.get(dotted.partition(".")[0])
        if not bindings:
            return dotted
        binding = bindings[0] if len(bindings) == 1 else reference_pick(bindings, line)
        if binding.target is None:
            return None
        rest = dotted.partition(".")[2]
        return f"{binding.target}.{rest}" if rest else binding.target

    def bind(self, name: str, line: int, target: str | None, after: bool = False) -> None:
        self.bindings.setdefault(name, []).append(facts_module.Binding(line, target, after))

    def statements(self, body: Sequence[ast.stmt]) -> None:
        for index, stmt in enumerate(body):
            if isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant):
                self.string_statement(body, index)
            # an assignment binds after its statement, unless another statement shares its last line
            self.binds_after = index + 1 == len(body) or body[index + 1].lineno != stmt.end_lineno
            self.statement(stmt)

    def string_statement(self, body: Sequence[ast.stmt], index: int) -> None:
        stmt = body[index]
        first, last = stmt.lineno, stmt.end_lineno or stmt.lineno
        after = body[index + 1].lineno if index + 1 < len(body) else None
        if after is not None and after <= last:
            return
        lines = self.code.split("\n")
        line = lines[first - 1] if 0 < first <= len(lines) else ""
        if line[: stmt.col_offset].strip() == "":
            self.string_lines.append((first, last))

    def statement(self, stmt: ast.stmt) -> None:
        line = stmt.lineno
        if isinstance(stmt, ast.Import):
            for alias in stmt.names:
                if alias.asname:
                    self.bind(alias.asname, line, alias.name)
                else:
                    head = alias.name.partition(".")[0]
                    self.bind(head, line, head)
        elif isinstance(stmt, ast.ImportFrom):
            module = "." * (stmt.level or 0) + (stmt.module or "")
            for alias in stmt.names:
                if alias.name != "*":
                    self.bind(alias.asname or alias.name, line, f"{module}.{alias.name}")
        elif isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            self.bind(stmt.name, line, None)
            if self.track_downloads and not isinstance(stmt, ast.ClassDef):
                self.download_helper(stmt)
        elif isinstance(stmt, (ast.Assign, ast.AnnAssign)):
            self.assignment(stmt)
            if isinstance(stmt.value, (ast.Call, ast.List, ast.Tuple)):
                self.registrations.append((stmt.value, line))
        elif isinstance(stmt, ast.AugAssign) and isinstance(stmt.value, (ast.Call, ast.List, ast.Tuple)):
            self.registrations.append((stmt.value, line))
        elif isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call):
            if self.track_downloads:
                self.download_files(stmt.value, line)
            self.registrations.append((stmt.value, line))
        elif isinstance(stmt, (ast.With, ast.AsyncWith)) and self.track_downloads:
            for item in stmt.items:
                if isinstance(item.optional_vars, ast.Name) and self.from_download(item.context_expr, line):
                    self.downloaded_names.add(item.optional_vars.id)
        outer = self.parameters
        if self.track_downloads and isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)):
            a = stmt.args
            self.parameters = outer | {x.arg for x in (*a.posonlyargs, *a.args, *a.kwonlyargs, a.vararg, a.kwarg) if x}
        for child in _bodies(stmt):
            self.statements(child)
        self.parameters = outer

    def assignment(self, stmt: ast.Assign | ast.AnnAssign) -> None:
        targets = stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target]
        value = stmt.value
        names = [n for t in targets for n in _target_names(t)]
        alias = self.resolve(value, stmt.lineno) if isinstance(value, (ast.Name, ast.Attribute)) else None
        downloaded = self.track_downloads and value is not None and self.from_download(value, stmt.lineno)
        if isinstance(value, ast.Call) and self.track_downloads:
            self.download_files(value, stmt.lineno)
        if self.track_downloads and len(names) == 1:
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                self.strings[names[0]] = value.value
            else:
                self.strings.pop(names[0], None)
        for name in names:
            self.bind(name, stmt.lineno, alias, self.binds_after)
            if downloaded:
                self.downloaded_names.add(name)

    def download_files(self, call: ast.Call, line: int) -> None:
        helper = self.helpers.get(call.func.id) if isinstance(call.func, ast.Name) else None
        name = self.resolve(call.func, line)
        if helper is None and name not in DOWNLOAD_FUNCTIONS:
            return
        candidates = [
            *call.args[1:2],
            *(k.value for k in call.keywords if k.arg in ("filename", "output", "dst", "out", "fname")),
        ]
        for node in candidates if helper is None else ():
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                self.downloaded_files.add(posixpath.basename(node.value))
        output = helper or facts_module.OUTPUT_ARGUMENTS.get(name or "")
        for node in facts_module._argument(call, *output) if output else ():
            self.output_file(node)

    def from_download(self, node: ast.AST, line: int) -> bool:
        for sub in _spine(node):
            if isinstance(sub, ast.Name) and sub.id in self.downloaded_names:
                return True
            if isinstance(sub, ast.Constant) and isinstance(sub.value, str):
                if posixpath.basename(sub.value) in self.downloaded_files:
                    return True
            if isinstance(sub, ast.Call) and self.resolve(sub.func, line) in DOWNLOAD_FUNCTIONS:
                return True
            if isinstance(sub, ast.Call) and isinstance(sub.func, ast.Name) and sub.func.id in self.helpers:
                return True
        return False


def reference_facts(module: ast.Module | None, code: str = "", magics: Iterable = ()) -> Facts:
    """``collect_facts`` with the reference walk and the plain ``DOWNLOAD_HINT`` search."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(facts_module, "_Collector", ReferenceCollector)
        patch.setattr(facts_module, "mentions_download", lambda text: DOWNLOAD_HINT.search(text) is not None)
        return collect_facts(module, code, magics)


def comparable(facts: Facts) -> tuple:
    """Everything in the facts, orders that matter kept."""
    return (
        list(facts.bindings.items()),
        facts.downloaded_names,
        facts.downloaded_files,
        facts.download_helpers,
        facts.served_functions,
        facts.imported_packages,
        facts.string_statements,
    )


def _parsed(code: str) -> ast.Module | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ast.parse(code)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def _documents() -> list:
    documents = [document_from_text(e.source, e.path) for r in all_rules() for e in (*r.VALID, *r.INVALID)]
    documents += [
        document_from_text(p.read_text(), str(p)) for p in sorted(SAMPLES.iterdir()) if p.suffix in (".py", ".ipynb")
    ]
    return documents


TRICKY = [
    # try: bindings visited body, else, finally, then handlers (not in line order)
    "try:\n    import a as m\nexcept E:\n    import c as m\nelse:\n    import b as m\nfinally:\n    import d as m\nm.load(x)\n",
    "try:\n    import a as m\nexcept E:\n    import c as m\nfinally:\n    import d as m\nn = m.x\nfor m in y:\n    k = m.z\n",
    "try:\n    x = 1\nexcept* E:\n    import pickle as x\nx.load(f)\n",
    "match v:\n    case 1:\n        import torch as t\n    case _:\n        t = None\nt.load(p)\n",
    "async def f():\n    async with aiohttp.get(u) as r:\n        d = await r.read()\n    async for i in x:\n        import y\n",
    "while x:\n    from a import b as c\nelse:\n    c = d.e\nfor i in r:\n    pass\nelse:\n    import q\n",
    'class A:\n    \'doc\'\n    def f(self): \'doc\'; x()\n    @dec\n    def g(): """multi\n    line"""\n',
    "x: int = 1\ny: int\n(a, [b, *c]), d = e = f\nz += g()\nq = [h(), i]\nr = (j,)\n",
    "import urllib.request\nurllib.request.urlretrieve(u, 'm.pkl')\nwith open('m.pkl') as f:\n    m = pickle.load(f)\n",
    "from urllib.request import urlretrieve as fetch\nfetch(u, filename='/tmp/w.bin')\nw = torch.load('/tmp/w.bin')\n",
    "import requests\nr = requests.get(u).content\nd = r[0]\ns = requests.Session()\nt = s.get(u)\n",
    "dl = requests.get\nx = dl(u)\ny = x.json()\nwith x as z:\n    pass\n",
    "import gradio as gr\ndef predict(x): return x\ndemo = gr.Interface(fn=predict)\nbtn.click(handle, inputs=a)\n",
    "from flask import Flask\napp = Flask(__name__)\napp.add_url_rule('/', 'i', index)\nurls = [path('', views.home)]\n",
    "from .mod import name\nfrom .. import up as u2\nfrom x import *\nimport a.b.c\nimport a.b as ab\n",
    "'module doc'\n1\n...\nb'bytes'\nf'{x}'\nx = 1; 'not alone'\n",
    "def f():\n\t'tab doc'\n\treturn 1\n",
    "s = 'é'; 'après'\n    \n",
    "get = 1\nopen_ = 2\n",
    "import requests\ndl = requests.get(u)\nx = load(file=dl)\ny = f(data=requests.get(u))\na = b = requests.get(u)\n",
    "async def f():\n    d = await requests.get(u)\n    async with d as e:\n        g = e\n",
    "value = cfg.get('x')\n",
    "x = hf_hub_download(repo, 'f.bin')\ny = torch.load(x)\n",
    # download helpers, output variables and joined output paths
    "import gdown\nout = 'w.pth'\ngdown.download(u, out)\nout = make()\ngdown.download(id=i, output=os.path.join(d, 'x.pt'))\n",
    "import urllib.request\ndef fetch(url, filename):\n    urllib.request.urlretrieve(url, filename)\nfetch(u, 'm.pkl')\np = fetch(u, name)\n",
    "import requests\ndef get(u, path):\n    with open(path, mode='wb') as f:\n        f.write(requests.get(u).content)\nget(u, root / 'a.bin')\n",
    "def save(data, path):\n    open(path, 'wb').write(data)\nsave(b, 'm.pkl')\nrequests.get(u)\n",
]


def _download_cases() -> list[str]:
    cases = []
    for name in sorted(DOWNLOAD_FUNCTIONS):
        module, _, last = name.rpartition(".")
        cases.append(f"import {module}\nv = {name}(u, 'f{last}.bin')\nw = v.read()\nx = load('f{last}.bin')\n")
        cases.append(
            f"from {module} import {last} as fetch\nfetch(u, filename='g.bin')\nwith open('g.bin') as h:\n    y = h\n"
        )
    return cases


TRICKY += _download_cases()


@pytest.mark.parametrize("code", TRICKY)
def test_tricky_code_gives_the_reference_facts(code: str) -> None:
    module = _parsed(code)
    if module is None:
        pytest.skip("syntax of a later Python version")
    assert comparable(collect_facts(module, code)) == comparable(reference_facts(module, code))


def test_rule_examples_and_samples_give_the_reference_facts() -> None:
    for document in _documents():
        module = _parsed(document.code)
        expected = reference_facts(module, document.code, document.magics)
        assert comparable(collect_facts(module, document.code, document.magics)) == comparable(expected), document.path


HINT_PIECES = [
    "get",
    "open",
    "request",
    "download",
    "urlretrieve",
    "urlopen",
    "hf_hub_download",
    "get_file",
    "snapshot_download",
    "cached_download",
    "download_url_to_file",
    "_",
    "x",
    "é",
    "1",
    ".",
    " ",
    "\n",
    "(",
    "ß",
    "٣",
    "getter",
    "opens",
    "re",
    "quest",
    "down",
    "load",
]


def test_download_hint_shortcut_agrees_with_the_regex() -> None:
    rng = random.Random(9)
    for _ in range(20_000):
        text = "".join(rng.choice(HINT_PIECES) for _ in range(rng.randint(0, 6)))
        assert mentions_download(text) == (DOWNLOAD_HINT.search(text) is not None), repr(text)


def test_picking_a_binding_from_the_end_picks_the_reference_one() -> None:
    rng = random.Random(5)
    for _ in range(5_000):
        bindings = [
            facts_module.Binding(rng.randint(1, 9), str(i), rng.random() < 0.5) for i in range(rng.randint(1, 6))
        ]
        line = rng.randint(0, 10)
        assert facts_module._pick(bindings, line) is reference_pick(bindings, line)
