"""Shared by the supply-chain rules (MLS4xx): where shell commands and requirement lines are found
(magics, shell cells, ``os.system``/``subprocess``/``get_ipython()`` calls, requirements files) and
how a span found by :mod:`linter.kit.install_commands` becomes a located :class:`Report`."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

import libcst as cst

from linter.kit import (
    Context,
    Edit,
    MagicLine,
    Report,
    Rule,
    Severity,
    TextBlock,
    dotted_name,
    lazy_compile,
    line_starts,
)

if TYPE_CHECKING:  # install_commands is imported when a command or requirement is read
    from linter.kit import Install, RequirementLine, Word

INSTALL_MAGICS = frozenset({"pip", "pip3", "conda", "mamba", "micromamba", "uv"})
SHELL_LINE_MAGICS = frozenset({"system", "sx", "sh", "bash"})
SHELL_CELL_MAGICS = frozenset({"bash", "sh", "zsh", "system", "script"})
SHELLS = frozenset({"bash", "sh", "zsh", "dash", "ksh"})
STRING_COMMANDS = frozenset(
    {"os.system", "os.popen", "subprocess.getoutput", "subprocess.getstatusoutput", "commands.getoutput"}
)
PROCESS_CALLS = frozenset(
    {"subprocess.run", "subprocess.call", "subprocess.check_call", "subprocess.check_output", "subprocess.Popen"}
)
CALL_TRIGGERS = frozenset(
    {r"\bsystem\s*\(", "subprocess", r"popen\s*\(", r"getoutput\s*\(", "run_line_magic", "run_cell_magic"}
)
_REQUIREMENTS_NAME = lazy_compile(r"(?:^|/)(?:requirements|constraints)[^/]*\.(?:txt|in)$", re.IGNORECASE)
_ELEMENT = 1_000_000  # offset stride between the elements of a list-form command

Emit = Callable[[int, int, str, Severity | None], Report]
EditAt = Callable[[int, int, str], Edit]


@dataclass(frozen=True)
class Shell:
    """Shell text to scan and how to turn (start, end) offsets in it into a Report (and, for
    magics, into an :class:`Edit` replacing that span, for fixes)."""

    text: str
    report: Emit
    words: tuple[Word, ...] | None = None  # list-form commands: already split
    edit: EditAt | None = None


def magic_shell(magic: MagicLine) -> Shell | None:
    """The shell command a magic line runs, if any: ``!cmd``, ``%pip``/``%conda``..., ``%system``,
    or a line of a ``%%bash``/``%%sh``/``%%script bash`` cell or of a ``%%writefile x.sh`` script."""
    base = 0
    if magic.kind == "line-magic":
        if magic.magic in SHELL_LINE_MAGICS:
            base = len(magic.magic)
        elif magic.magic not in INSTALL_MAGICS:
            return None
    elif magic.kind == "cell-magic":
        shell = magic.magic if magic.magic != "script" else (magic.args.split() or [""])[0].rsplit("/", 1)[-1]
        written = (magic.args.split() or [""])[-1] if magic.magic in ("writefile", "file") else ""
        runs_shell = magic.magic in SHELL_CELL_MAGICS and (magic.magic != "script" or shell in SHELLS)
        if not runs_shell and not written.endswith(".sh"):  # a .sh script the notebook writes runs later
            return None
    elif magic.kind != "shell":
        return None
    return Shell(
        magic.text[base:],
        lambda s, e, m, sev: magic_report(magic, base + s, base + e, m, sev),
        edit=lambda s, e, text: magic_edit(magic, base + s, base + e, text),
    )


def magic_edit(magic: MagicLine, start: int, end: int, text: str) -> Edit:
    """An edit replacing offsets ``start``..``end`` of a magic's text, in cell coordinates."""
    line, column = magic.position(start)
    end_line, end_column = magic.position(max(end, start))
    cell = None if magic.cell is None else magic.cell + 1
    return Edit(cell, None, line, column + 1, end_line, end_column + 1, text)


def magic_report(magic: MagicLine, start: int, end: int, message: str, severity: Severity | None = None) -> Report:
    line, column = magic.position(start)
    end_line, end_column = magic.position(max(end, start))
    return Report(message, line=line, column=column, end_line=end_line, end_column=end_column, severity=severity)


def magic_requirements(magic: MagicLine) -> Iterator[tuple[RequirementLine, Emit]]:
    """Requirement lines written by ``%%writefile requirements.txt`` cells."""
    from linter.kit import parse_requirements  # with install_commands, on first use

    if magic.kind != "cell-magic" or magic.magic not in ("writefile", "file"):
        return
    target = (magic.args.split() or [""])[-1]
    if not _REQUIREMENTS_NAME.search(target):
        return
    for line in parse_requirements(magic.text):
        yield line, lambda s, e, m, sev: magic_report(magic, s, e, m, sev)


def text_requirements(block: TextBlock) -> Iterator[tuple[RequirementLine, Emit]]:
    """Requirement lines of a requirements/constraints file (the rules that call it read only
    requirements blocks: their ``text_kinds``)."""
    from linter.kit import parse_requirements  # with install_commands, on first use

    starts = line_starts(block.text)

    def emit(start: int, end: int, message: str, severity: Severity | None) -> Report:
        line, column = _position(starts, start)
        end_line, end_column = _position(starts, max(end, start))
        return Report(message, line=line, column=column, end_line=end_line, end_column=end_column, severity=severity)

    for line in parse_requirements(block.text):
        yield line, emit


def _position(starts: Sequence[int], offset: int) -> tuple[int, int]:
    index = bisect.bisect_right(starts, offset) - 1
    return index + 1, offset - starts[index]


# ---------------------------------------------------------------------------------------------
# Commands in Python code


def literal_value(node: cst.BaseExpression) -> str | None:
    if isinstance(node, cst.SimpleString):
        try:
            value = node.evaluated_value
        except Exception:  # odd prefixes: not a command we can read
            return None
        return value if isinstance(value, str) else None
    return None


def _literal_inner(node: cst.SimpleString, value: str, start: int, end: int) -> tuple[int, int, int, int] | None:
    """The span of value characters [start, end) inside the literal's source, when the source holds
    them verbatim (no escapes); else None (the whole literal is reported)."""
    quote_at = len(node.prefix)
    quote = (
        node.value[quote_at : quote_at + 3]
        if node.value[quote_at : quote_at + 3] in ('"""', "'''")
        else node.value[quote_at]
    )
    body_start = quote_at + len(quote)
    if node.value[body_start : len(node.value) - len(quote)] != value:
        return None

    def at(i: int) -> tuple[int, int]:
        before = node.value[: body_start + i]
        lines = before.count("\n")
        return lines, (len(before) if lines == 0 else len(before) - before.rfind("\n") - 1)

    return (*at(start), *at(end))


def _string_shell(node: cst.SimpleString, value: str, prefix: str = "") -> Shell:
    def emit(start: int, end: int, message: str, severity: Severity | None) -> Report:
        inner = _literal_inner(node, value, max(start - len(prefix), 0), max(end - len(prefix), 0))
        return Report(message, node=node, inner=inner, severity=severity)

    return Shell(prefix + value, emit)


def _list_shell(node: cst.List | cst.Tuple, ctx: Context) -> Shell | None:
    from linter.kit import Word  # with install_commands, on first use

    words: list[Word] = []
    nodes: list[cst.BaseExpression] = []
    for k, element in enumerate(node.elements):
        if isinstance(element, cst.StarredElement):
            return None
        value = literal_value(element.value)
        dynamic = value is None
        if value is None:
            name = ctx.qualified_name(element.value)
            value = "python" if name == "sys.executable" else "{" + (dotted_name(element.value) or "expr") + "}"
        base = k * _ELEMENT
        words.append(Word(value, base, base + len(value), tuple(range(base, base + len(value))), dynamic=dynamic))
        nodes.append(element.value)

    def emit(start: int, end: int, message: str, severity: Severity | None) -> Report:
        k, offset = divmod(start, _ELEMENT)
        target = nodes[min(k, len(nodes) - 1)]
        value = literal_value(target)
        inner = None
        if isinstance(target, cst.SimpleString) and value is not None:
            stop = min(end - k * _ELEMENT, len(value))
            inner = _literal_inner(target, value, offset, max(stop, offset))
        return Report(message, node=target, inner=inner, severity=severity)

    return Shell(" ".join(w.value for w in words), emit, tuple(words)) if words else None


def _ipython_method(call: cst.Call) -> str | None:
    """``system`` for ``get_ipython().system(...)``, else None."""
    func = call.func
    if isinstance(func, cst.Attribute) and isinstance(func.value, cst.Call):
        inner = func.value.func
        if isinstance(inner, cst.Name) and inner.value == "get_ipython":
            return func.attr.value
    return None


def _first_string(call: cst.Call) -> cst.SimpleString | None:
    arg = call.args[0].value if call.args and call.args[0].keyword is None and not call.args[0].star else None
    if isinstance(arg, cst.Call) and isinstance(arg.func, cst.Attribute) and arg.func.attr.value == "split":
        arg = arg.func.value if not arg.args else None
    return arg if isinstance(arg, cst.SimpleString) else None


def code_shell(call: cst.Call, ctx: Context) -> Shell | None:
    """The shell command a Python call runs: ``os.system("...")``, ``subprocess.run([...])``,
    ``get_ipython().system("...")``, ``get_ipython().run_line_magic("pip", "install x")``,
    ``get_ipython().run_cell_magic("bash", "", "...")``."""
    method = _ipython_method(call)
    if method is not None:
        return _ipython_shell(call, method)
    name = ctx.call_name(call)
    if name in STRING_COMMANDS or name in PROCESS_CALLS:
        first = call.args[0].value if call.args and call.args[0].keyword is None else None
        if name in PROCESS_CALLS and isinstance(first, (cst.List, cst.Tuple)):
            return _list_shell(first, ctx)
        string = _first_string(call)
        value = literal_value(string) if string is not None else None
        return _string_shell(string, value) if string is not None and value is not None else None
    return None


def _ipython_shell(call: cst.Call, method: str) -> Shell | None:
    strings = [literal_value(a.value) if a.keyword is None else None for a in call.args]
    if method in ("system", "getoutput"):
        string = _first_string(call)
        value = literal_value(string) if string is not None else None
        return _string_shell(string, value) if string is not None and value is not None else None
    if method == "run_line_magic" and len(strings) >= 2 and strings[0] and strings[1] is not None:
        node = call.args[1].value
        magic = strings[0]
        if magic in INSTALL_MAGICS and isinstance(node, cst.SimpleString):
            return _string_shell(node, strings[1], prefix=magic + " ")
        if magic in SHELL_LINE_MAGICS and isinstance(node, cst.SimpleString):
            return _string_shell(node, strings[1])
    if method == "run_cell_magic" and len(strings) >= 3 and strings[0] and strings[2] is not None:
        magic, args = strings[0], strings[1] or ""
        shell = magic if magic != "script" else (args.split() or [""])[0].rsplit("/", 1)[-1]
        node = call.args[2].value
        if (magic in SHELL_CELL_MAGICS and magic != "script" or shell in SHELLS) and isinstance(node, cst.SimpleString):
            return _string_shell(node, strings[2])
    return None


def installs(shell: Shell) -> Iterator[Install]:
    """The installs of a shell text (or of an already split list-form command)."""
    from linter.kit import commands, install_of  # with install_commands, on first use

    if shell.words is not None:
        found = install_of(shell.words)
        if found is not None:
            yield found
        return
    for command in commands(shell.text):
        found = install_of(command.words, command.swallowed)
        if found is not None:
            yield found


class ShellCommandRule(Rule):
    """Base of the MLS4xx rules that read shell commands: notebook magics and shell cells
    (``check_magic``) and ``subprocess``/``os.system``/``get_ipython().system`` calls (``visit_Call``).
    Subclasses implement :meth:`check_shell`; ``reads_argument_lists = False`` skips list-form calls
    (``subprocess.run([...])``), where a pipeline cannot occur."""

    triggers = CALL_TRIGGERS
    reads_argument_lists: ClassVar[bool] = True

    def check_shell(self, shell: Shell) -> Iterable[Report]:
        raise NotImplementedError

    def check_magic(self, magic: MagicLine, ctx: Context) -> Iterable[Report]:
        shell = magic_shell(magic)
        return self.check_shell(shell) if shell is not None else ()

    def visit_Call(self, node: cst.Call, ctx: Context) -> Iterable[Report]:
        shell = code_shell(node, ctx)
        if shell is None or (shell.words is not None and not self.reads_argument_lists):
            return ()
        return self.check_shell(shell)


class RequirementsCommandRule(ShellCommandRule):
    """A :class:`ShellCommandRule` that also reads requirements lines: requirements files
    (``check_text``) and requirements files a notebook writes with ``%%writefile``."""

    text_kinds = frozenset({"requirements"})

    def check_requirement(self, line: RequirementLine, emit: Emit) -> Iterable[Report]:
        raise NotImplementedError

    def check_magic(self, magic: MagicLine, ctx: Context) -> Iterator[Report]:
        yield from super().check_magic(magic, ctx)
        for line, emit in magic_requirements(magic):
            yield from self.check_requirement(line, emit)

    def check_text(self, block: TextBlock, ctx: Context) -> Iterator[Report]:
        for line, emit in text_requirements(block):
            yield from self.check_requirement(line, emit)
