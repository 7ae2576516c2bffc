"""The Rule base class and what the engine hands to rules.

A rule is one class (Fixit style) with its metadata, its docs and its VALID/INVALID examples. It
implements any of these hooks; each returns an iterable of :class:`Report` and never reads files,
prints or knows the output format:

- ``visit_<NodeType>(self, node, ctx)``: called for every libcst node of that type (``visit_Call``,
  ``visit_Assign``, ``visit_SimpleString``...) in one shared traversal of the document's code.
  Report with ``Report(message, node=node)``; the engine computes positions only for reported nodes.
- ``check_magic(self, magic, ctx)``: each shell/magic command of a notebook (:class:`MagicLine`).
  Report positions in cell coordinates (``magic.position(offset)`` helps).
- ``check_text(self, block, ctx)``: the raw text of each code cell, markdown/raw cell, script and
  requirements file (:class:`TextBlock`) of the kinds in ``text_kinds`` (all when None); positions
  are relative to the block (line 1-based).
- ``check_output(self, output, ctx)``: each decoded saved output (:class:`OutputText`); positions
  are relative to the output's text.
- ``check_artifact(self, artifact, ctx)``: a model file found by the walk (:class:`ArtifactInfo`:
  the globals its pickles import, read by the sources layer); reports at line 1 of the file.

``triggers`` lists regular-expression fragments, usually plain words (``yaml``) or whole words
(``\\bload\\b``), one of which must match a top-level statement (or a name imported under an alias
of something matching) for the engine to run the rule's ``visit_*`` hooks on it (empty: always).
The trigger filter is an optimisation only: a test proves results are identical without it.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

import libcst as cst

from linter.links import docs_url
from linter.model import SAFE, Applicability, Category, Edit, Example, Fix, RuleInfo, Severity
from linter.sources.artifacts import ArtifactInfo
from linter.sources.document import Document, MagicLine, OutputText, TextKind
from linter.startup.lazy_pattern import lazy_compile

if TYPE_CHECKING:
    from linter.engine.facts import Facts


@dataclass(frozen=True)
class Report:
    """What a rule reports. For CST hooks give ``node``; for other hooks give ``line``/``column``
    (and optionally the end) in the hook input's coordinates (line 1-based, column 0-based).

    A fixable report says how to fix it, and the engine turns that into a :class:`Fix` in user
    coordinates: ``replacement`` is the new node (CST hooks) or text for the span of ``fix_target``
    (default: ``node``, or the reported span for other hooks), e.g.
    ``Report(msg, node=call, replacement=call.with_changes(...))``; or ``fix`` gives the edits
    directly (in user coordinates, see :class:`Edit`), e.g. to clear an output. ``applicability``
    overrides the rule's ``fix_applicability`` for this report."""

    message: str
    node: cst.CSTNode | None = field(default=None, compare=False)
    line: int = 1
    column: int = 0
    end_line: int | None = None
    end_column: int | None = None
    severity: Severity | None = None
    fingerprint: str | None = None
    # With ``node``: a span inside the node's source text, (line, column, end line, end column) with
    # lines 0-based from the node's first line and columns relative to the node's start on that
    # line (absolute on later lines); e.g. the package name inside ``os.system("pip install x")``.
    inner: tuple[int, int, int, int] | None = None
    replacement: cst.CSTNode | str | None = field(default=None, compare=False)
    fix_target: cst.CSTNode | None = field(default=None, compare=False)
    fix: Fix | None = field(default=None, compare=False)
    applicability: Applicability | None = field(default=None, compare=False)
    # Edits (user coordinates) made together with ``replacement``, e.g. the ``import os`` it needs.
    extra_edits: tuple[Edit, ...] = field(default=(), compare=False)

    @property
    def fixable(self) -> bool:
        return self.replacement is not None or self.fix is not None


@dataclass(frozen=True)
class TextBlock:
    """Raw text handed to ``check_text``: ``kind`` is ``code`` (a notebook code cell, before magic
    neutralising), ``markdown``, ``raw``, ``python`` (a script) or ``requirements``; ``cell`` is the
    0-based cell index or None."""

    kind: TextKind
    text: str
    cell: int | None = None


_UNKNOWN = object()  # not resolved yet in this statement


class Context:
    """Per-document state handed to hooks: the document, its import/download facts, and (during the
    CST traversal) the ancestors of the current node. One per document and run; never shared."""

    def __init__(self, document: Document, facts: Facts) -> None:
        self.document = document
        self.facts = facts
        self.ancestors: list[cst.CSTNode] = []
        self.statement_line = 1  # virtual line where the current top-level statement starts
        # qualified names of the current top-level statement's nodes: most calls are resolved by
        # several rules (cleared by enter_statement, so no tree outlives its statement here)
        self._qualified: dict[cst.CSTNode, str | None] = {}

    def enter_statement(self, line: int) -> None:
        """The CST walk moves to the top-level statement starting at virtual ``line``."""
        self.statement_line = line
        self._qualified.clear()

    @property
    def path(self) -> str:
        return self.document.path

    def use_line(self, node: cst.CSTNode) -> int:
        """The line used to pick among several bindings of a name: the first line of the top-level
        statement holding ``node`` (positions of single nodes are not computed during the visit)."""
        return self.statement_line

    def is_last_in_cell(self, node: cst.SimpleStatementLine) -> bool:
        """Whether ``node`` (a top-level statement) is the last statement of its notebook cell, so
        that IPython displays its value (only blank and comment lines follow it in the cell)."""
        source_map = self.document.source_map
        start = self.use_line(node)
        cell, _, _ = source_map.to_source(start, 0)
        span = cell is not None and source_map.cell_range(cell)
        if not span:
            return False
        own_lines = cst.Module([]).code_for_node(node.with_changes(leading_lines=())).count("\n")
        following = self.document.code.split("\n")[start - 1 + max(own_lines, 1) : span[1]]
        return all(not line.strip() or line.lstrip().startswith("#") for line in following)

    def qualified_name(self, node: cst.CSTNode) -> str | None:
        """``pickle.load`` for ``pk.load`` after ``import pickle as pk``; None when the name is
        rebound locally or is not a plain dotted name."""
        known = self._qualified.get(node, _UNKNOWN)
        if known is not _UNKNOWN:
            return known if isinstance(known, str) else None
        dotted = dotted_name(node)
        found = None if dotted is None else self.facts.resolve(dotted, lambda: self.use_line(node))
        self._qualified[node] = found
        return found

    def call_name(self, call: cst.Call) -> str | None:
        return self.qualified_name(call.func)

    def parent(self, depth: int = 1) -> cst.CSTNode | None:
        """The node ``depth`` levels above the current one (1: its parent)."""
        index = len(self.ancestors) - 1 - depth
        return self.ancestors[index] if index >= 0 else None

    def enclosing(self, *types: type[cst.CSTNode]) -> Iterator[cst.CSTNode]:
        """Ancestors of the current node of the given types, innermost first."""
        for node in reversed(self.ancestors[:-1]):
            if isinstance(node, types):
                yield node


def dotted_name(node: cst.CSTNode) -> str | None:
    """``a.b.c`` for Name/Attribute chains, else None."""
    parts: list[str] = []
    while isinstance(node, cst.Attribute):
        parts.append(node.attr.value)
        node = node.value
    if not isinstance(node, cst.Name):
        return None
    parts.append(node.value)
    return ".".join(reversed(parts))


def keyword(call: cst.Call, name: str) -> cst.Arg | None:
    """The keyword argument ``name=`` of a call, if given."""
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == name:
            return arg
    return None


def positional(call: cst.Call, index: int) -> cst.Arg | None:
    """The ``index``-th positional argument (no ``*args`` before it), if given."""
    count = 0
    for arg in call.args:
        if arg.keyword is not None or arg.star:
            if arg.star == "*":
                return None
            continue
        if count == index:
            return arg
        count += 1
    return None


def argument(call: cst.Call, name: str, index: int | None = None) -> cst.Arg | None:
    """The argument given by keyword ``name`` or at position ``index``."""
    found = keyword(call, name)
    if found is None and index is not None:
        found = positional(call, index)
    return found


def is_true(node: cst.CSTNode | None) -> bool:
    return isinstance(node, cst.Name) and node.value == "True"


def is_false(node: cst.CSTNode | None) -> bool:
    return isinstance(node, cst.Name) and node.value == "False"


def has_kwargs_splat(call: cst.Call) -> bool:
    return any(arg.star == "**" for arg in call.args)


_WORD = lazy_compile(r"[A-Za-z_]\w*")


class Rule:
    """Base class of all rules. Subclasses set the class attributes and implement hooks."""

    code: ClassVar[str] = ""
    name: ClassVar[str] = ""
    category: ClassVar[Category] = Category.TOOL
    severity: ClassVar[Severity] = Severity.MEDIUM
    summary: ClassVar[str] = ""
    cwe: ClassVar[tuple[int, ...]] = ()
    triggers: ClassVar[frozenset[str]] = frozenset()
    # The engine hands hooks only the statements of a long function that hold a trigger (the others
    # are blanked). A rule whose hooks read the rest of the function they are in (a name assigned
    # in one statement and returned in another) sets this: a function holding one of its triggers
    # is then visited whole.
    function_scope: ClassVar[bool] = False
    # The kinds of text block ``check_text`` reads (None: all of them); the engine hands it only
    # those, and loads the rule only for documents that have one (linter.engine.catalogue).
    text_kinds: ClassVar[frozenset[TextKind] | None] = None
    VALID: ClassVar[Sequence[Example]] = ()
    INVALID: ClassVar[Sequence[Example]] = ()
    # Codes of other rules the examples run with (a rule about noqa comments needs a rule for them
    # to suppress); the rule's own code is always selected.
    EXAMPLE_SELECT: ClassVar[tuple[str, ...]] = ()
    # A rule that fixes (some of) its findings names the fix (``Add `weights_only=True` ``) and its
    # default tier: ``safe`` (``--fix``) or ``unsafe`` (``--unsafe-fixes``).
    fix_title: ClassVar[str] = ""
    fix_applicability: ClassVar[Applicability] = SAFE

    @classmethod
    def info(cls) -> RuleInfo:
        return RuleInfo(
            code=cls.code,
            name=cls.name,
            category=cls.category,
            severity=cls.severity,
            summary=cls.summary,
            docs=cls.docs(),
            url=cls.url(),
            cwe=cls.cwe,
            fixable=bool(cls.fix_title),
        )

    @classmethod
    def docs(cls) -> str:
        """The rule's docstring (What it does / Why is this bad? ...), dedented."""
        return textwrap.dedent(cls.__doc__ or "").strip()

    @classmethod
    def url(cls) -> str:
        """The rule's section of the published docs/rules.md ('' when mlsafe declares no project URL)."""
        base = docs_url()
        return f"{base}#{cls.code.lower()}-{cls.name}" if base else ""

    @classmethod
    def hooks(cls) -> dict[str, str]:
        """CST node type name -> method name, for the ``visit_*`` hooks this rule implements."""
        return {
            attr[len("visit_") :]: attr
            for attr in dir(cls)
            if attr.startswith("visit_") and callable(getattr(cls, attr))
        }

    def check_magic(self, magic: MagicLine, ctx: Context) -> Iterable[Report]:
        return ()

    def check_text(self, block: TextBlock, ctx: Context) -> Iterable[Report]:
        return ()

    def check_output(self, output: OutputText, ctx: Context) -> Iterable[Report]:
        return ()

    def check_artifact(self, artifact: ArtifactInfo, ctx: Context) -> Iterable[Report]:
        return ()

    @classmethod
    def reads_text(cls, block: TextBlock) -> bool:
        """Whether ``check_text`` is handed ``block`` (its kind is one of ``text_kinds``)."""
        return cls.text_kinds is None or block.kind in cls.text_kinds

    @classmethod
    def implements(cls, hook: str) -> bool:
        return getattr(cls, hook) is not getattr(Rule, hook)
