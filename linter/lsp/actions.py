"""Code actions: each finding's fix as a ``quickfix`` (unsafe fixes labelled), ``source.fixAll.mlsafe``
and ``notebook.source.fixAll.mlsafe`` (the safe fixes of the whole buffer or notebook, as
``mlsafe check --fix`` applies them), and "suppress with ``# noqa: CODE``".

A target is what an edit can change: a text buffer, or a notebook cell (by its 1-based number);
edits of saved outputs are never offered (LSP does not sync outputs)."""

from __future__ import annotations

import ast
import json
import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from lsprotocol import types

from linter.config import Config
from linter.fix.apply import fix_text
from linter.fix.edits import common_ends
from linter.lsp.diagnostics import client_units, diagnostic, lsp_range
from linter.lsp.documents import LiveCell, notebook_json
from linter.model import Edit, Finding
from linter.sources.document import DocumentKind
from linter.sources.magics import neutralise
from linter.startup.lazy_pattern import lazy_compile

FIX_ALL = "source.fixAll.mlsafe"
NOTEBOOK_FIX_ALL = "notebook.source.fixAll.mlsafe"
KINDS = (types.CodeActionKind.QuickFix, FIX_ALL, NOTEBOOK_FIX_ALL)
_NOQA = lazy_compile(r"#\s*noqa(?::[ \t]*(?P<codes>[A-Za-z]+[0-9]+(?:[ \t]*,[ \t]*[A-Za-z]+[0-9]+)*))?", re.IGNORECASE)


@dataclass(frozen=True)
class Target:
    """An editable text: its URI, text and kind (``python``, ``requirements``, or a notebook cell's
    ``code``/``markdown``/``raw``)."""

    uri: str
    text: str
    kind: str


def wanted(kind: str, only: Sequence[str] | None) -> bool:
    """Whether the client asked for actions of ``kind`` (``only`` lists kinds or their prefixes)."""
    return only is None or any(kind == prefix or kind.startswith(prefix + ".") for prefix in only)


def _lines(text: str) -> list[str]:
    return text.split("\n")


def text_edit(edit: Edit, text: str, encoding: str) -> types.TextEdit:
    lines = _lines(text)
    span = lsp_range(lines, edit.line, edit.column, edit.end_line, edit.end_column, encoding)
    return types.TextEdit(range=span, new_text=edit.text)


def fix_edits(
    finding: Finding, targets: Mapping[int | None, Target], encoding: str
) -> dict[str, list[types.TextEdit]] | None:
    """The finding's fix as text edits per URI; None when it has no fix or edits something LSP
    cannot (a saved output, a cell not open)."""
    if finding.fix is None:
        return None
    changes: dict[str, list[types.TextEdit]] = {}
    for edit in finding.fix.edits:
        target = targets.get(edit.cell)
        if edit.output is not None or edit.clear_output or target is None:
            return None
        changes.setdefault(target.uri, []).append(text_edit(edit, target.text, encoding))
    return changes


def _overlaps(finding: Finding, first: int, last: int) -> bool:
    """Whether the finding's lines (1-based) meet lines ``first``..``last`` (1-based)."""
    return finding.location.line <= last and finding.location.end_line >= first


def in_range(
    findings: Iterable[Finding], cell: int | None, selection: types.Range, threshold: int = 0
) -> list[Finding]:
    """The source findings of ``cell`` (None: a text buffer) whose lines meet the selection."""
    first, last = selection.start.line + 1, selection.end.line + 1
    return [
        f
        for f in findings
        if f.location.cell == cell
        and f.location.output is None
        and f.severity >= threshold
        and _overlaps(f, first, last)
    ]


def quick_fixes(
    findings: Sequence[Finding], target: Target, targets: Mapping[int | None, Target], encoding: str
) -> list[types.CodeAction]:
    actions = []
    for finding in findings:
        changes = fix_edits(finding, targets, encoding)
        if not changes or finding.fix is None:
            continue
        title = finding.fix.title or f"Fix {finding.code}"
        unsafe = not finding.fix.is_safe
        actions.append(
            types.CodeAction(
                title=f"mlsafe: {title} ({finding.code}{', unsafe fix' if unsafe else ''})",
                kind=types.CodeActionKind.QuickFix,
                diagnostics=[diagnostic(finding, _lines(target.text), encoding)],
                edit=types.WorkspaceEdit(changes=changes),
                is_preferred=not unsafe,
            )
        )
    return actions


def _python_shape(text: str, kind: str) -> str | None:
    """The AST of a script or code cell (IPython syntax neutralised), to check that an edit only
    added a comment; None when it does not parse."""
    code = "\n".join(neutralise(text, 0).lines) if kind == "code" else text
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return ast.dump(ast.parse(code))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def noqa_line(line: str, code: str) -> str:
    """``line`` with ``code`` added to its ``# noqa`` comment (or a new one)."""
    body, cr = (line[:-1], "\r") if line.endswith("\r") else (line, "")
    found = list(_NOQA.finditer(body))
    match = found[-1] if found else None
    if match is None:
        return f"{body}  # noqa: {code}{cr}"
    codes = match.group("codes")
    if codes is None:
        return f"{body[: match.end()]}: {code}{body[match.end() :]}{cr}"
    if code in re.split(r"[\s,]+", codes.upper()):
        return line
    return f"{body[: match.end('codes')]}, {code}{body[match.end('codes') :]}{cr}"


def noqa_action(finding: Finding, target: Target, encoding: str) -> types.CodeAction | None:
    """ "Suppress with ``# noqa: CODE``" on the finding's first line, when the comment cannot change
    what the code means (the line is not inside a string) and the target takes comments."""
    if target.kind not in ("python", "code", "requirements"):
        return None
    lines = _lines(target.text)
    index = finding.location.line - 1
    if not 0 <= index < len(lines):
        return None
    new_line = noqa_line(lines[index], finding.code)
    if new_line == lines[index]:
        return None
    if target.kind != "requirements":
        edited = "\n".join([*lines[:index], new_line, *lines[index + 1 :]])
        before = _python_shape(target.text, target.kind)
        if before is None or before != _python_shape(edited, target.kind):
            return None
    old = lines[index].removesuffix("\r")
    start = types.Position(index, 0)
    end = types.Position(index, client_units(old, len(old), encoding))
    return types.CodeAction(
        title=f"mlsafe: Suppress {finding.code} with `# noqa: {finding.code}`",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diagnostic(finding, lines, encoding)],
        edit=types.WorkspaceEdit(
            changes={target.uri: [types.TextEdit(types.Range(start, end), new_line.removesuffix("\r"))]}
        ),
    )


def noqa_actions(findings: Sequence[Finding], target: Target, encoding: str) -> list[types.CodeAction]:
    actions: dict[tuple[int, str], types.CodeAction] = {}
    for finding in findings:
        key = (finding.location.line, finding.code)
        if key not in actions:
            action = noqa_action(finding, target, encoding)
            if action is not None:
                actions[key] = action
    return list(actions.values())


def whole_text_edit(old: str, new: str, encoding: str) -> list[types.TextEdit]:
    """The smallest single edit turning ``old`` into ``new`` (none when equal)."""
    if old == new:
        return []
    prefix, suffix = common_ends(old, new)
    before = old[:prefix]
    start_line = before.count("\n")
    start_col = prefix - (before.rfind("\n") + 1)
    stop = len(old) - suffix
    upto = old[:stop]
    end_line = upto.count("\n")
    end_col = stop - (upto.rfind("\n") + 1)
    lines = _lines(old)
    span = types.Range(
        types.Position(start_line, client_units(lines[start_line], start_col, encoding)),
        types.Position(end_line, client_units(lines[end_line], end_col, encoding)),
    )
    return [types.TextEdit(span, new[prefix : len(new) - suffix])]


def fix_all_text(text: str, path: str, kind: DocumentKind, config: Config) -> str:
    """``text`` with the safe fixes applied, as ``mlsafe check --fix`` would."""
    return fix_text(text, path, config, unsafe=False, kind=kind).fixed


def fix_all_cells(cells: Sequence[LiveCell], path: str, config: Config) -> list[str]:
    """The text of each live cell after applying the safe fixes of the notebook."""
    original = json.dumps(notebook_json(cells), indent=1, ensure_ascii=False)
    fixed = fix_text(original, path, config, unsafe=False, kind="notebook").fixed
    if fixed == original:
        return [cell.text for cell in cells]
    try:
        data = json.loads(fixed)
        sources = [cell["source"] for cell in data["cells"]]
    except (ValueError, KeyError, TypeError):
        return [cell.text for cell in cells]
    texts = ["".join(s) if isinstance(s, list) else str(s) for s in sources]
    return texts if len(texts) == len(cells) else [cell.text for cell in cells]


def fix_all_action(kind: str, changes: dict[str, list[types.TextEdit]]) -> types.CodeAction:
    return types.CodeAction(
        title="mlsafe: Fix all safely fixable problems",
        kind=kind,
        edit=types.WorkspaceEdit(changes=changes),
    )
