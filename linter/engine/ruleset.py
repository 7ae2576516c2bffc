"""The selected rules prepared for one run (hook dispatch, trigger scanners) and the raw findings
they produce before suppressions and mapping."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING

import libcst as cst

from linter.engine import catalogue
from linter.engine.triggers import Needle, TriggerScanner
from linter.fix.edits import span_edit
from linter.model import Edit, Fix, Position
from linter.registry import all_rules, is_selected, rule_classes, select_rules
from linter.rule import Context, Report, Rule
from linter.sources.document import Document

if TYPE_CHECKING:
    from linter.engine.bandit_bridge import BanditCheck

SYNTAX_ERROR = "MLS001"


READ_ERROR = "MLS002"


Hook = Callable[[cst.CSTNode, Context], Iterable[Report]]


# Node types that cannot occur inside a statement made of a string alone (a docstring): a rule
# whose hooks are all of these types can never report there, so its triggers are not looked for in
# docstrings (library code has ``Model.from_pretrained(...)`` examples in most of them).
CODE_ONLY_HOOKS = frozenset({"Call", "Arg", "DictElement", "Assign", "AnnAssign", "Param", "Return", "Yield"})


@dataclass(frozen=True)
class RuleSet:
    """The selected rules, prepared once per run: hook dispatch table and trigger scanner."""

    rules: tuple[Rule, ...]
    dispatch: Mapping[str, tuple[tuple[Rule, str], ...]]
    scanner: TriggerScanner  # the hook rules' triggers (code-only ones ignored in docstrings)
    function_scanner: TriggerScanner  # triggers of the rules that read whole functions
    always: bool
    tool_codes: frozenset[str]
    known: frozenset[str] = frozenset()  # every rule code there is, selected or not (for MLS003)
    bandit: tuple[BanditCheck, ...] = ()
    # the codes the user selected: ``rules`` may hold only those that can report in one document
    # (linter.engine.catalogue); a noqa for a selected rule that was not loaded is still "unused"
    selected: frozenset[str] = frozenset()

    @classmethod
    def build(
        cls,
        rules: Sequence[Rule],
        use_triggers: bool = True,
        known: Iterable[str] = (),
        selected: Iterable[str] = (),
        needles: Mapping[str, tuple[str, bool, bool]] | None = None,
    ) -> RuleSet:
        """Prepare ``rules``; ``use_triggers=False`` visits every statement (results must be the
        same: the trigger filter is only a shortcut, and a test holds it to that). ``known`` lists
        every rule code there is, selected or not (MLS003 reports unknown codes in suppressions);
        ``selected`` the codes selected (default: those of ``rules``); ``needles`` the catalogue's
        needle of each trigger (default: read from the expression)."""
        needle = functools.partial(_needle, needles or {})
        table: dict[str, list[tuple[Rule, str]]] = {}
        words: set[str] = set()
        code_words: set[str] = set()
        always = False
        for rule in rules:
            hooks = rule.hooks()
            for node_type, method in hooks.items():
                table.setdefault(node_type, []).append((rule, method))
            if hooks:
                always = always or not rule.triggers or not use_triggers
                (code_words if set(hooks) <= CODE_ONLY_HOOKS else words).update(rule.triggers)
        whole = sorted({t for rule in rules if rule.function_scope and rule.hooks() for t in rule.triggers})
        found = [needle(word, False) for word in sorted(words)]
        found += [needle(word, True) for word in sorted(code_words - words)]
        return cls(
            rules=tuple(rules),
            dispatch=MappingProxyType({k: tuple(v) for k, v in table.items()}),
            scanner=TriggerScanner.build(found),
            function_scanner=TriggerScanner.build(needle(word, False) for word in whole),
            always=always,
            tool_codes=frozenset(r.code for r in rules if r.code in (SYNTAX_ERROR, READ_ERROR)),
            known=frozenset(known) | frozenset(r.code for r in rules),
            bandit=_bandit_checks(rules),
            selected=frozenset(selected) or frozenset(r.code for r in rules),
        )

    def by_code(self, code: str) -> Rule | None:
        return next((r for r in self.rules if r.code == code), None)


def _bandit_checks(rules: Sequence[Rule]) -> tuple[BanditCheck, ...]:
    """The bandit checks among ``rules``; the bridge (and its ``ast`` helpers) is imported only
    when some rule is one (a rule class says so with its ``bandit_test``)."""
    if not any(getattr(rule, "bandit_test", "") for rule in rules):
        return ()
    from linter.engine.bandit_bridge import BanditCheck

    return tuple(rule for rule in rules if isinstance(rule, BanditCheck))


def _needle(table: Mapping[str, tuple[str, bool, bool]], trigger: str, code_only: bool) -> Needle:
    row = table.get(trigger)
    if row is None:
        return Needle.of(trigger, code_only)
    return Needle(row[0], trigger if row[1] else None, code_only, row[2])


@dataclass(frozen=True)
class Raw:
    """A finding before mapping: the rule, the report, and where it is (in the engine's coordinates:
    cell index and columns 0-based)."""

    rule: Rule
    report: Report
    position: Position
    fix: Fix | None = None


def fix_of(rule: Rule, report: Report, edits: tuple[Edit, ...]) -> Fix | None:
    if not edits:
        return None
    return Fix(
        edits=(*edits, *report.extra_edits),
        applicability=report.applicability or rule.fix_applicability,
        title=rule.fix_title,
    )


def tool_raw(ruleset: RuleSet, code: str, message: str, cell: int | None, line: int, col: int) -> Iterator[Raw]:
    rule = ruleset.by_code(code)
    if rule is not None:
        report = Report(message, line=line, column=col)
        yield Raw(rule, report, Position(cell, None, line, col, line, col))


def raw_at(rule: Rule, report: Report, cell: int | None, output: int | None, line_base: int = 0) -> Raw:
    line = line_base + report.line
    end_line = line_base + report.end_line if report.end_line is not None else line
    end_column = report.end_column if report.end_column is not None else report.column
    position = Position(cell, output, line, report.column, end_line, end_column)
    fix = report.fix
    if fix is None and isinstance(report.replacement, str):
        fix = fix_of(rule, report, (span_edit(position, report.replacement),))
    return Raw(rule, report, position, fix)


@functools.lru_cache(maxsize=64)
def ruleset_for(select: tuple[str, ...], ignore: tuple[str, ...]) -> RuleSet:
    """The rules these prefixes select, prepared once per selection and process."""
    return RuleSet.build(select_rules(select, ignore), known=(rule.code for rule in all_rules()))


def ruleset_for_document(document: Document, select: tuple[str, ...], ignore: tuple[str, ...]) -> RuleSet:
    """The rules these prefixes select that could report in ``document`` (see
    :mod:`linter.engine.catalogue`), loaded on first use; every selected rule when the catalogue
    is missing."""
    found = catalogue.stored()
    if found is None:
        return ruleset_for(select, ignore)
    codes = selected_codes(found, select, ignore)
    return ruleset_of(catalogue.needed_codes(found, codes, document), select, ignore)


@functools.lru_cache(maxsize=64)
def selected_codes(found: catalogue.Catalogue, select: tuple[str, ...], ignore: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(entry.code for entry in found.entries if is_selected(entry.code, select, ignore))


@functools.lru_cache(maxsize=256)
def ruleset_of(codes: frozenset[str], select: tuple[str, ...], ignore: tuple[str, ...]) -> RuleSet:
    """The rules ``codes`` (a part of what ``select``/``ignore`` select), in the order of the
    selection, importing only their modules; prepared once per set of codes and process."""
    found = catalogue.stored()
    assert found is not None
    selected = selected_codes(found, select, ignore)
    located = ((entry.code, entry.module) for entry in found.entries if entry.code in codes)
    return RuleSet.build(
        [rule() for rule in rule_classes(located)],
        known=(entry.code for entry in found.entries),
        selected=selected,
        needles=found.needles,
    )
