"""Frozen value types shared across module boundaries: findings, locations, rule metadata."""

from __future__ import annotations

import enum
import textwrap
from dataclasses import dataclass, field
from typing import Final, Literal


class Severity(enum.IntEnum):
    """How bad a finding is. Ordered, so thresholds compare with ``>=``."""

    LOW = 1
    MEDIUM = 2
    HIGH = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r} (use low, medium or high)") from None


class Category(str, enum.Enum):
    """The ``category`` field of every finding."""

    TOOL = "tool"
    UNSAFE_LOAD = "unsafe-load"
    SECRET = "secret"
    VERBOSE_ERROR = "verbose-error"
    UNPINNED = "unpinned"
    PII = "pii"
    BANDIT = "bandit"


@dataclass(frozen=True)
class Position:
    """A span of text in a document: which text, ``cell`` (None for a plain file) and ``output`` (the
    0-based index of a saved output of that cell, None for the cell's source), and the span in it,
    from ``line``:``column`` to ``end_line``:``end_column`` (lines 1-based, end exclusive).

    In user coordinates (:class:`Location`, :class:`Edit`) ``cell`` and the columns are 1-based; in
    the engine's coordinates (its raw findings) they are 0-based: the cell's index and offsets.
    """

    cell: int | None
    output: int | None
    line: int
    column: int
    end_line: int
    end_column: int

    def to_user(self) -> Position:
        """This position, given in the engine's coordinates, in user coordinates."""
        return Position(
            None if self.cell is None else self.cell + 1,
            self.output,
            self.line,
            self.column + 1,
            self.end_line,
            self.end_column + 1,
        )


@dataclass(frozen=True, order=True)
class Location:
    """Where a finding is, in the coordinates a user sees.

    ``cell`` is 1-based over all cells of a notebook (None for plain files); ``output`` is the 0-based
    index of the output within that cell when the finding is in a saved output (None for source);
    ``line`` is 1-based within the cell, the output text or the file; ``column`` is 1-based.

    The fields of a :class:`Position` are spelled out here, not held as one: they are the shape of
    the result cache's entries (linter.cache stores dataclasses field by field) and of the JSON
    report, and the order findings sort in. :meth:`at` makes a Location of a Position.
    """

    path: str
    cell: int | None
    output: int | None
    line: int
    column: int
    end_line: int
    end_column: int
    # Notebooks only, filled by linter.api when a report asks for it (SARIF, GitHub annotations):
    # the 1-based line and column of the finding's start and end in the raw .ipynb text (end
    # exclusive, as end_column). Not part of equality or ordering.
    raw_line: int | None = field(default=None, compare=False)
    raw_column: int | None = field(default=None, compare=False)
    raw_end_line: int | None = field(default=None, compare=False)
    raw_end_column: int | None = field(default=None, compare=False)

    @classmethod
    def at(cls, path: str, position: Position) -> Location:
        """The location of ``position`` (user coordinates) in the file ``path``."""
        return cls(
            path,
            position.cell,
            position.output,
            position.line,
            position.column,
            position.end_line,
            position.end_column,
        )

    def sort_key(self) -> tuple[str, int, int, int, int]:
        return (
            self.path,
            -1 if self.cell is None else self.cell,
            -1 if self.output is None else self.output,
            self.line,
            self.column,
        )


@dataclass(frozen=True)
class Excerpt:
    """The source (or output) lines of a finding, already redacted: no secret or PII value the
    secret and PII rules would flag, nor the span of such a finding, is in ``lines``. ``first`` is the
    line number of ``lines[0]`` (as in Location); ``column``/``end_column`` (1-based, end exclusive)
    mark the finding in the redacted first and last line."""

    first: int
    lines: tuple[str, ...]
    column: int
    end_column: int


# Whether a fix is applied by ``--fix`` (safe) or only with ``--unsafe-fixes`` (see :class:`Fix`).
Applicability = Literal["safe", "unsafe"]
SAFE: Final = "safe"
UNSAFE: Final = "unsafe"


@dataclass(frozen=True)
class Edit(Position):
    """One change a fix makes: replace the span (a :class:`Position` in user coordinates, as in
    :class:`Location`: ``cell`` 1-based or None for a plain file, ``output`` 0-based or None for
    source, ``line`` 1-based, ``column`` 1-based, end exclusive) of the cell source, script,
    requirements file or output text with ``text``. With ``clear_output`` the whole output ``output``
    of ``cell`` is removed instead (the span is then ignored)."""

    text: str = ""
    clear_output: bool = False

    def target(self) -> tuple[int | None, int | None]:
        """What the edit changes: (cell, output); edits on different targets never overlap."""
        return self.cell, self.output


@dataclass(frozen=True)
class Fix:
    """A fix for one finding: its edits, applied together or not at all. ``applicability`` is
    ``safe`` (keeps the code's intent: applied by ``--fix``) or ``unsafe`` (may change behaviour:
    only with ``--unsafe-fixes``); ``title`` says what it does."""

    edits: tuple[Edit, ...]
    applicability: Applicability = SAFE
    title: str = ""

    @property
    def is_safe(self) -> bool:
        return self.applicability == SAFE


@dataclass(frozen=True)
class Finding:
    """One problem found, ready for any reporter. Never holds a full secret or PII value."""

    code: str
    name: str
    category: Category
    severity: Severity
    message: str
    location: Location
    cell_id: str | None = None
    fingerprint: str | None = None
    # A hash of the finding's source (or output) line without whitespace; never the text itself.
    # Baselines key on it (with ``fingerprint`` for secrets), so moved code still matches.
    line_hash: str | None = field(default=None, compare=False)
    url: str = ""
    fixable: bool = False
    # Filled by linter.api only when a report shows source (full, html, sarif): never compared.
    excerpt: Excerpt | None = field(default=None, compare=False)
    # The rule's fix for this finding (``fixable`` is then true); never compared.
    fix: Fix | None = field(default=None, compare=False)
    # "noqa" or "nosec" when the finding's line holds a bare noqa comment or a nosec comment that
    # mlsafe does not honour for it (the CLI then says, once, how to suppress it); never compared.
    ignored_comment: str | None = field(default=None, compare=False)

    def sort_key(self) -> tuple[tuple[str, int, int, int, int], str, str]:
        return (self.location.sort_key(), self.code, self.message)


@dataclass(frozen=True)
class Expected:
    """Where an INVALID example must be reported (cell and output as in :class:`Location`)."""

    line: int
    column: int | None = None
    cell: int | None = None
    output: int | None = None
    severity: Severity | None = None


def at(
    line: int,
    column: int | None = None,
    *,
    cell: int | None = None,
    output: int | None = None,
    severity: Severity | None = None,
) -> Expected:
    """Shorthand for :class:`Expected` used in rule examples."""
    return Expected(line=line, column=column, cell=cell, output=output, severity=severity)


def example_text(text: str) -> str:
    """The text an example means by ``text`` (see :class:`Example`): a text that starts with a newline
    loses that newline and is dedented with :func:`textwrap.dedent` (the whitespace common to the
    start of all its lines is removed, and lines of whitespace only are emptied); any other text is
    returned as it is."""
    return textwrap.dedent(text[1:]) if text.startswith("\n") else text


@dataclass(frozen=True)
class Example:
    """A rule example: the text of a file (``path`` tells its kind) and, for INVALID examples, where
    the rule must report and, for fixable ones, ``fixed``: the text after applying the rule's fixes
    (unsafe ones included). Tests and docs are generated from these.

    ``source`` and ``fixed`` (and the texts given to the notebook builders of
    :mod:`linter.kit.examples`: cell sources, stream and result outputs) may be written as an
    indented triple-quoted block whose first line starts below the opening quotes::

        Example(
            \"\"\"
            import pickle

            with open('model.pkl', 'rb') as f:
                model = pickle.load(f)
            \"\"\",
            expect=(at(4, 13),),
        )

    :func:`example_text` drops the newline right after the opening quotes and dedents the rest, so
    the text is the lines between the quotes, and ``at(line, column)`` counts them as shown (1-based).
    The last line keeps its newline when the closing quotes stand on a line of their own (as files
    end); a text without a final newline (as notebook cells are saved) puts the closing quotes right
    after its last line. A text that does not start with a newline is taken as it is. A block cannot
    keep trailing whitespace, lines of whitespace only or whitespace that starts every line: such a
    text stays a one-line string with escapes."""

    source: str
    expect: tuple[Expected, ...] = ()
    path: str = "example.py"
    title: str = ""
    fixed: str | None = None

    def __post_init__(self) -> None:
        # normalised once here, so every reader of an example (tests, docs) sees the same text
        object.__setattr__(self, "source", example_text(self.source))
        if self.fixed is not None:
            object.__setattr__(self, "fixed", example_text(self.fixed))


@dataclass(frozen=True)
class RuleInfo:
    """A rule's user-facing metadata, as reporters and docs need it."""

    code: str
    name: str
    category: Category
    severity: Severity
    summary: str
    docs: str
    url: str
    cwe: tuple[int, ...] = ()
    fixable: bool = False


@dataclass(frozen=True)
class Result:
    """What the engine returns for one or more documents."""

    findings: tuple[Finding, ...] = ()
    files: int = 0
    errors: tuple[str, ...] = field(default=())
    # Findings found but not reported because they are below the severity asked for (--severity).
    below: tuple[Finding, ...] = field(default=(), compare=False)

    def merged(self, other: Result) -> Result:
        return Result(
            findings=tuple(sorted((*self.findings, *other.findings), key=Finding.sort_key)),
            files=self.files + other.files,
            errors=(*self.errors, *other.errors),
        )
