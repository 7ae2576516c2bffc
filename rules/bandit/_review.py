"""What mlsafe knows about the site of a bandit finding that bandit does not (``BanditCheck.review``):
whether a builtin is the notebook's own function, whether a command is a constant, whether a
string is SQL, whether a weak hash only makes an identifier. Pure functions of ``ast`` nodes."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from linter.kit import BanditSite, lazy_compile

# ---------------------------------------------------------------------------------------------
# Builtins the document rebinds


def shadowed_builtin(site: BanditSite, name: str) -> bool:
    """``eval``/``exec`` bound by the document itself (``def eval(model, X)``, an import of another
    ``eval``) where it is called: the call is not the builtin."""
    line = getattr(site.node, "lineno", 0)
    return site.facts.resolve(name, lambda: line) != name


# ---------------------------------------------------------------------------------------------
# Constant strings


def _stores_of(module: ast.Module, name: str) -> Iterator[ast.AST]:
    """Every node that binds ``name`` anywhere in ``module``: assignments, loop and ``with`` targets,
    parameters, imports, definitions."""
    for node in ast.walk(module):
        if isinstance(node, ast.Name) and node.id == name and not isinstance(node.ctx, ast.Load):
            yield node
        elif isinstance(node, ast.arg) and node.arg == name:
            yield node
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name == name:
            yield node
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            if any((alias.asname or alias.name.split(".")[0]) == name for alias in node.names):
                yield node


def _assigned_value(module: ast.Module, name: str) -> ast.expr | None:
    """The value of ``name`` when the module binds it exactly once, by a plain assignment."""
    stores = list(_stores_of(module, name))
    if len(stores) != 1:
        return None
    for node in ast.walk(module):
        if isinstance(node, ast.Assign) and any(target is stores[0] for target in node.targets):
            return node.value
        if isinstance(node, ast.AnnAssign) and node.target is stores[0]:
            return node.value
    return None


def is_constant_string(node: ast.AST | None, module: ast.Module, depth: int = 0) -> bool:
    """A literal, an f-string without fields (``f"ls /mnt/"``), a ``+`` of those, or a name the
    module assigns once to one of those: a command nothing can be injected into."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.JoinedStr):
        return all(isinstance(part, ast.Constant) for part in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return is_constant_string(node.left, module, depth) and is_constant_string(node.right, module, depth)
    if isinstance(node, ast.Name) and depth < 3:
        return is_constant_string(_assigned_value(module, node.id), module, depth + 1)
    return False


def command_argument(call: ast.Call) -> ast.expr | None:
    """The command a process-starting call runs: its first argument, or ``args=``/``cmd=``/``command=``."""
    if call.args:
        return call.args[0]
    return next((kw.value for kw in call.keywords if kw.arg in ("args", "cmd", "command")), None)


def _binds(statement: ast.stmt, name: str) -> bool:
    return any(
        (isinstance(node, ast.Name) and node.id == name and not isinstance(node.ctx, ast.Load))
        or (isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and node.name == name)
        or (isinstance(node, (ast.Import, ast.ImportFrom)) and any((a.asname or a.name) == name for a in node.names))
        for node in ast.walk(statement)
    )


def reaching_value(site: BanditSite, name: str) -> ast.expr | None:
    """The value of ``name`` at the reported statement when the statements before it in the same
    block bind it last with a plain assignment (``command = "rm ./train.json"`` then
    ``os.system(command)``); None when that is not known."""
    statement = next((node for node in site.ancestors if isinstance(node, ast.stmt)), None)
    if statement is None:
        return None
    block_owner = site.ancestors[site.ancestors.index(statement) + 1 :][:1]
    for field in ("body", "orelse", "finalbody") if block_owner else ():
        block = getattr(block_owner[0], field, None)
        if isinstance(block, list) and statement in block:
            for earlier in reversed(block[: block.index(statement)]):
                if not _binds(earlier, name):
                    continue
                single = isinstance(earlier, ast.Assign) and len(earlier.targets) == 1
                target = earlier.targets[0] if single else None
                return earlier.value if isinstance(target, ast.Name) and target.id == name else None
    return None


def constant_command(site: BanditSite) -> bool:
    """The command is a constant string: written so, or a name whose assignment reaching the call
    (the only one in the module, or the last one before it in the same block) is one."""
    call = site.node
    if not isinstance(call, ast.Call):
        return False
    command = command_argument(call)
    if is_constant_string(command, site.module):
        return True
    if isinstance(command, ast.Name):
        return is_constant_string(reaching_value(site, command.id), site.module, depth=1)
    return False


# ---------------------------------------------------------------------------------------------
# SQL


_SQL_START = lazy_compile(
    r"\s*(?:(?:--[^\n]*\n|/\*.*?\*/|\()\s*)*"
    r"(?:select|with|insert|update|delete|merge|replace|upsert|create|from|where|join|values|set)\b",
    re.IGNORECASE | re.DOTALL,
)
SQL_SINKS = frozenset(
    {"execute", "executemany", "executescript", "read_sql", "read_sql_query", "read_gbq", "query", "sql", "text"}
)
_SQL_NAME = lazy_compile(r"(?i)sql|query|stmt|statement")


def _string_expression(site: BanditSite) -> tuple[ast.AST | None, ast.AST | None]:
    """The whole string expression around the reported literal (a ``+`` chain, ``.format(...)``),
    and what holds it (a call, an assignment...)."""
    expression = site.node
    for parent in site.ancestors:
        if isinstance(parent, (ast.BinOp, ast.JoinedStr)) or (
            isinstance(parent, ast.Attribute) and parent.attr == "format"
        ):
            expression = parent
        elif isinstance(parent, ast.Call) and isinstance(parent.func, ast.Attribute) and parent.func is expression:
            expression = parent
        else:
            return expression, parent
    return expression, None


def leading_text(node: ast.AST | None) -> str:
    """The literal text a string expression starts with ("" when it starts with a variable)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return leading_text(node.values[0]) if node.values else ""
    if isinstance(node, ast.BinOp):
        return leading_text(node.left)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return leading_text(node.func.value)
    if isinstance(node, ast.Attribute):
        return leading_text(node.value)
    return ""


def _call_name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def _target_names(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Assign):
        return [
            t.id if isinstance(t, ast.Name) else t.attr
            for t in node.targets
            if isinstance(t, (ast.Name, ast.Attribute))
        ]
    if isinstance(node, (ast.AnnAssign, ast.AugAssign)):
        target = node.target
        return (
            [target.id] if isinstance(target, ast.Name) else [target.attr] if isinstance(target, ast.Attribute) else []
        )
    if isinstance(node, ast.keyword) and node.arg:
        return [node.arg]
    return []


def sql_shaped(site: BanditSite) -> bool:
    """SQL rather than prose that happens to say "select ... from": the text starts as a statement
    or clause does, or it goes to an execute-like call, or into a name or keyword saying SQL."""
    expression, holder = _string_expression(site)
    if _SQL_START.match(leading_text(expression)):
        return True
    if isinstance(holder, ast.Call) and _call_name(holder).lower() in SQL_SINKS:
        return True
    return any(_SQL_NAME.search(name) for name in _target_names(holder)) if holder is not None else False


# ---------------------------------------------------------------------------------------------
# Weak hashes used as identifiers

_ID_WORDS = frozenset(
    {"id", "ids", "uid", "uuid", "key", "keys", "cache", "dedup", "idem", "idempotency", "bucket", "shard", "seed"}
    | {"name", "suffix", "prefix", "slug", "tag", "label", "color", "colour", "hash"}
)
_ID_COMMENT = lazy_compile(
    r"(?i)#.*(?:\bids?\b|identifier|unique|cache|dedup|fingerprint|non-?security|not (?:used )?for security)"
)
_WORD_SPLIT = lazy_compile(r"[^a-z0-9]+|(?<=[a-z])(?=[A-Z])")


def _words(name: str) -> set[str]:
    return {word.lower() for word in _WORD_SPLIT.split(name) if word}


def _reads_a_file(call: ast.Call) -> bool:
    """The hashed data is read from a file (``f.read()``, ``open(...)``): an integrity check."""
    for node in ast.walk(call):
        if isinstance(node, ast.Call) and _call_name(node) in ("read", "open", "read_bytes", "readinto"):
            return True
    return False


def identifier_digest(site: BanditSite) -> bool:
    """An MD5/SHA-1 digest that names something rather than protects it: truncated
    (``hexdigest()[:8]``), turned into a number (``int(digest, 16)``), stored under an id-like name
    (``cache_key``, ``run_id``) without reading a file, or so described in a comment on the line."""
    if _ID_COMMENT.search(site.line_text):
        return True
    call = site.node
    if not isinstance(call, ast.Call):
        return False
    for parent in site.ancestors:
        if isinstance(parent, ast.Subscript) and isinstance(parent.slice, ast.Slice):
            return True
        if isinstance(parent, ast.Call) and _call_name(parent) == "int" and len(parent.args) == 2:
            return True
        if isinstance(parent, ast.stmt):
            names = _target_names(parent)
            return any(_words(name) & _ID_WORDS for name in names) and not _reads_a_file(call)
    return False
