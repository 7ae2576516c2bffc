"""Shell commands in the ``get_ipython()`` calls jupyterlab-lsp writes for ``!cmd`` lines.

jupyterlab-lsp joins a notebook's cells into one Python document and rewrites IPython syntax first:
``%pip install x`` becomes ``get_ipython().run_line_magic("pip", " install x")`` and a ``%%bash``
cell ``get_ipython().run_cell_magic("bash", "", \"\"\"...\"\"\")``, both quoted properly, which the
install rules read as calls. But ``!cmd`` becomes ``get_ipython().getoutput("cmd")`` with the
command's own quotes left as they are, so ``!pip install "torch>=2"`` is no longer Python and the
whole document would fail to parse. :func:`shell_calls` takes such lines out of the code (line for
line, as :mod:`linter.sources.magics` does in notebooks) and records each as a shell command.
"""

from __future__ import annotations

import ast
import warnings

from linter.sources.document import MagicLine
from linter.startup.lazy_pattern import lazy_compile

MARKER = "get_ipython().getoutput("
_GETOUTPUT = lazy_compile(r'^(?P<prefix>\s*|\s*[^\s=]+\s*=\s*)get_ipython\(\)\.getoutput\("(?P<command>.*)"\)[ \t]*$')


def _parses(line: str) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            ast.parse(line.strip())
    except (SyntaxError, ValueError):
        return False
    return True


def shell_calls(code: str) -> tuple[str, tuple[MagicLine, ...]]:
    """``code`` with each ``get_ipython().getoutput("...")`` line that is not valid Python (the
    command holds a ``"``) replaced by ``pass`` (``x = None`` for an assignment), and those
    commands as shell magic lines of the file (``cell`` None)."""
    if MARKER not in code:
        return code, ()
    lines = code.split("\n")
    magics: list[MagicLine] = []
    for index, line in enumerate(lines):
        if MARKER not in line:
            continue
        match = _GETOUTPUT.match(line.rstrip("\r"))
        if match is None or _parses(line):
            continue
        prefix = match.group("prefix")
        lines[index] = prefix + ("None" if prefix.strip() else "pass")
        magics.append(MagicLine(None, index + 1, match.start("command"), "shell", "", match.group("command")))
    return "\n".join(lines), tuple(magics)
