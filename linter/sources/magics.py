"""Neutralise IPython syntax in a code cell without moving any line.

``neutralise(source, cell)`` returns the cell as plain Python with exactly as many lines as the
cell, a column offset per line (non-zero only where a ``%time``/``%timeit`` prefix was cut), and the
shell and magic commands it took out. Lines inside strings, brackets and backslash continuations are
never treated as magics, so ``x = (a\\n % b)`` stays Python.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, replace

from linter.sources.document import MagicKind, MagicLine
from linter.sources.prompts import strip_prompts
from linter.startup.lazy_pattern import lazy_compile

# Cell magics whose body is Python the kernel runs in the same namespace.
PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "debug"})
# Line magics followed by a Python statement.
_TIMED_LINE = lazy_compile(r"%(?:time|timeit|prun)(?:\s+-[a-zA-Z]+(?:\s*\d+)?)*\s+(?=\S)")
# Words IPython runs as line magics without the % (automagic), when the line is not Python.
# Also IPython's default shell aliases (``rm -rf data``), which are line magics too. Not ``time``
# or ``timeit``: the Python after them would be lost.
AUTOMAGICS = frozenset(
    {
        "rm",
        "mv",
        "cp",
        "cat",
        "mkdir",
        "rmdir",
        "ll",
        "alias",
        "sx",
        "system",
        "pushd",
        "popd",
        "bookmark",
        "store",
        "load",
        "history",
        "reset",
        "xmode",
        "pdb",
        "unload_ext",
        "pip",
        "conda",
        "mamba",
        "micromamba",
        "cd",
        "env",
        "load_ext",
        "matplotlib",
        "pwd",
        "ls",
        "uv",
        "run",
        "set_env",
        "pinfo",
        "reload_ext",
        "autoreload",
        "config",
        "who",
        "whos",
    }
)
_ASSIGN_MAGIC = lazy_compile(r"^(\s*[A-Za-z_][\w.]*(?:\s*,\s*[A-Za-z_][\w.]*)*\s*=\s*)([!%])")
_HELP = lazy_compile(r"^\s*(?:\?{1,2}[\w.*\[\]()]+|[\w.*\[\]()]+\?{1,2})\s*$")
_CELL_MAGIC = lazy_compile(r"^%%([\w.-]+)[ \t]*(.*)$")


@dataclass(frozen=True)
class Neutralised:
    """A cell as Python: ``lines[i]`` replaces cell line ``i + 1``; ``offsets[i]`` is the number of
    characters cut from the start of that line (added back to columns when mapping)."""

    lines: tuple[str, ...]
    offsets: tuple[int, ...]
    magics: tuple[MagicLine, ...]


@dataclass
class _Scan:
    """Lexical state at the start of a line: inside a triple-quoted string, bracket depth, or a
    backslash continuation. Only a line starting with all three clear can be a magic."""

    quote: str = ""
    depth: int = 0
    continued: bool = False

    @property
    def at_statement_start(self) -> bool:
        return not self.quote and self.depth == 0 and not self.continued


_LEXICAL = lazy_compile(r"""[\\'"#()\[\]{}]""")


def _advance(state: _Scan, line: str) -> None:
    """Move ``state`` past one physical line of Python (only quotes, brackets, comments and
    backslashes matter, so the scan jumps between those characters)."""
    i, n = 0, len(line)
    state.continued = False
    while i < n:
        if state.quote:
            end = _quote_end(line, i, state.quote)
            if end < 0:
                break
            i, state.quote = end, ""
            continue
        match = _LEXICAL.search(line, i)
        if match is None:
            break
        i = match.start()
        ch = line[i]
        if ch == "#":
            break
        if ch in "\"'":
            triple = line[i : i + 3]
            if triple in ('"""', "'''"):
                state.quote = triple
                i += 3
                continue
            end = _single_quote_end(line, i + 1, ch)
            if end < 0:  # unterminated single-quoted string: the line is broken, stop here
                break
            i = end + 1
            continue
        if ch in "([{":
            state.depth += 1
        elif ch in ")]}":
            state.depth = max(0, state.depth - 1)
        elif ch == "\\" and i == n - 1:
            state.continued = True
        i += 1


def _quote_end(line: str, start: int, quote: str) -> int:
    """Index just past the closing triple ``quote`` at or after ``start``, or -1."""
    i = start
    while True:
        j = line.find(quote, i)
        k = line.find("\\", i)
        if j < 0:
            return -1
        if 0 <= k < j:
            i = k + 2
            continue
        return j + len(quote)


def _single_quote_end(line: str, start: int, quote: str) -> int:
    i = start
    while i < len(line):
        if line[i] == "\\":
            i += 2
            continue
        if line[i] == quote:
            return i
        i += 1
    return -1


def _is_python(text: str) -> bool:
    try:
        ast.parse(text.strip())
    except (SyntaxError, ValueError):
        return False
    return True


def _indent_of(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]


def _logical_end(lines: list[str], start: int) -> int:
    """Index of the last physical line of a shell/magic command starting at ``start`` (lines ending
    in a backslash continue it)."""
    end = start
    while lines[end].rstrip("\r").endswith("\\") and end + 1 < len(lines):
        end += 1
    return end


def _joined(lines: list[str], start: int, end: int) -> str:
    return "\n".join(line.rstrip("\r") for line in lines[start : end + 1])


def neutralise(source: str, cell: int | None) -> Neutralised:
    """Turn one code cell into Python of the same line count (see the module docstring)."""
    lines, offsets = strip_prompts(source)
    cut = tuple(offsets)
    out = list(lines)
    magics: list[MagicLine] = []
    _neutralise_lines(lines, cell, out, offsets, magics)
    if any(cut):
        magics = [replace(m, column=m.column + cut[m.line - 1]) for m in magics]
    return Neutralised(tuple(out), tuple(offsets), tuple(magics))


def _neutralise_lines(
    lines: list[str], cell: int | None, out: list[str], offsets: list[int], magics: list[MagicLine]
) -> None:
    body_start = 0
    while True:  # the body of %%time or %%capture is a cell of its own: it may start with %%bash
        first = next((i for i in range(body_start, len(lines)) if lines[i].strip()), None)
        match = _CELL_MAGIC.match(lines[first].strip()) if first is not None else None
        if first is None or match is None:
            break
        name, args = match.group(1), match.group(2).strip()
        out[first] = ""
        if name not in PYTHON_CELL_MAGICS and not _is_python_writefile(name, args):
            _take_cell_magic_body(lines, first, cell, name, args, out, magics)
            return
        body_start = first + 1
        if name not in PYTHON_CELL_MAGICS:
            break
    state = _Scan()
    i = body_start
    while i < len(lines):
        line = lines[i]
        if state.at_statement_start and line.strip():
            taken = _take_line(lines, i, cell, out, offsets, magics)
            if taken is not None:
                i = taken + 1
                continue
        _advance(state, out[i])
        i += 1


def shell_script_lines(text: str) -> tuple[MagicLine, ...]:
    """The logical lines of a shell script, as the body lines of a ``%%bash`` cell (``cell`` None,
    lines 1-based in the file), so every shell check reads a ``.sh`` file as it reads such a cell."""
    magics: list[MagicLine] = []
    lines = text.split("\n")
    _take_cell_magic_body(lines, -1, None, "bash", "", list(lines), magics)
    return tuple(magics)


def _is_python_writefile(name: str, args: str) -> bool:
    target = args.split()[-1] if args.split() else ""
    return name == "writefile" and target.endswith(".py")


def _take_cell_magic_body(
    lines: list[str],
    first: int,
    cell: int | None,
    name: str,
    args: str,
    out: list[str],
    magics: list[MagicLine],
) -> None:
    """Blank a non-Python cell magic's body, recording each logical body line as a magic line."""
    i = first + 1
    while i < len(lines):
        end = _logical_end(lines, i)
        for j in range(i, end + 1):
            out[j] = ""
        text = _joined(lines, i, end)
        if text.strip():
            indent = len(_indent_of(lines[i]))
            magics.append(MagicLine(cell, i + 1, indent, "cell-magic", name, text[indent:], args))
        i = end + 1


def _take_line(
    lines: list[str],
    i: int,
    cell: int | None,
    out: list[str],
    offsets: list[int],
    magics: list[MagicLine],
) -> int | None:
    """If line ``i`` starts IPython syntax, neutralise it and return its last physical line."""
    line = lines[i].rstrip("\r")
    stripped = line.lstrip()
    indent = _indent_of(line)
    col = len(indent)
    timed = _TIMED_LINE.match(stripped)
    if timed:
        cut = timed.end()
        out[i] = indent + stripped[cut:]
        offsets[i] += cut
        return None
    if stripped.startswith(("!", "%")):
        return _take_command(lines, i, cell, col, out, magics, indent + "pass")
    assign = _ASSIGN_MAGIC.match(line)
    if assign:
        prefix = assign.group(1)
        return _take_command(lines, i, cell, len(prefix), out, magics, prefix + "None")
    if _HELP.match(line) and not _is_python(line):
        out[i] = indent + "pass"
        return i
    word = stripped.split(None, 1)[0] if stripped else ""
    if word in AUTOMAGICS and _is_automagic(lines, i, stripped[len(word) :]):
        return _take_command(lines, i, cell, col, out, magics, indent + "pass", marker="")
    return None


def _is_automagic(lines: list[str], i: int, rest: str) -> bool:
    """Whether a line starting with an automagic's name is that magic, as IPython's prefilter
    decides: a name followed by ``=`` or ``,`` is assigned to (``env = Environment(``), never a
    magic; and a logical line that is Python, its brackets joined (``run (\n x)``), stays Python."""
    if rest.lstrip().startswith(("=", ",")):
        return False
    return not _is_python(_joined(lines, i, _statement_end(lines, i)))


def _statement_end(lines: list[str], start: int) -> int:
    """Index of the last physical line of the logical line starting at ``start``: open brackets,
    triple-quoted strings and backslashes continue it (to the end of the cell at most)."""
    state = _Scan()
    end = start
    while end < len(lines):
        _advance(state, lines[end])
        if state.at_statement_start:
            return end
        end += 1
    return len(lines) - 1


def _take_command(
    lines: list[str],
    i: int,
    cell: int | None,
    col: int,
    out: list[str],
    magics: list[MagicLine],
    replacement: str,
    marker: str | None = None,
) -> int:
    """Record the shell/magic command starting at (line ``i``, column ``col``) and blank it."""
    end = _logical_end(lines, i)
    text = _joined(lines, i, end)[col:]
    if marker is None:
        marker = "%" if text.startswith("%") else "!"
        text = text[2:] if text.startswith(("!!", "%%")) else text[1:]
        col += 2 if _joined(lines, i, i)[col:].startswith(("!!", "%%")) else 1
    kind: MagicKind = "shell" if marker == "!" else "line-magic"
    magic = "" if kind == "shell" else (text.split(None, 1)[0] if text.strip() else "")
    magics.append(MagicLine(cell, i + 1, col, kind, magic, text))
    out[i] = replacement
    for j in range(i + 1, end + 1):
        out[j] = ""
    return end
