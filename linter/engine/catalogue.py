"""The rules as data: what the engine must know of each rule to tell, for one document, whether the
rule could report anything there, without importing it.

Importing every rule module (its examples, data tables and expressions) cost about 50 ms of a
one-notebook run, a fifth of what the run spent outside libcst, for rules most documents cannot
trigger. ``rules/catalogue.json`` holds one entry per rule: its module, the hooks it implements and
its triggers, plus the needle of every trigger (its literal, read once here rather than by
parsing each expression in every run). A document then loads only the rules it may need
(:func:`needed_codes`):

- a rule with syntax-tree hooks, when one of its triggers could match the code or a name bound
  by an import (the parts of the trigger's literal all occur in the code), or when it has no
  trigger;
- a rule with ``check_text``, when the document has a text block of a kind it reads (its
  ``text_kinds``: requirements files only, for most supply-chain rules); ``check_magic``, when the
  document has magics; ``check_output``, when a cell has outputs; ``check_artifact``, for a model file;
- a bandit check, when one of its ``bandit_triggers`` matches the code (they are sound by contract);
- the tool rules (MLS001-MLS003), always.

Every condition is looser than the engine's own (which looks per statement), so a rule that is
left out could not have reported: a test holds the findings of every rule example, bundled sample
and hand-written edge case equal with and without the catalogue. The file is generated from the
rule classes (``python -m linter.engine.catalogue --write``); a test fails when it is stale.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import json
import re
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from linter.sources.document import Document

if TYPE_CHECKING:
    from linter.engine.triggers import Needle
    from linter.rule import Rule

HOOKS = ("check_text", "check_magic", "check_output", "check_artifact")
TOOL_CODES = frozenset({"MLS001", "MLS002", "MLS003"})
_PARTS = re.compile(r"[A-Za-z0-9_]+")


@dataclass(frozen=True)
class Entry:
    """One rule as the catalogue describes it."""

    code: str
    module: str
    syntax_tree: bool  # implements visit_* hooks
    hooks: tuple[str, ...]  # the other hooks it implements (of HOOKS)
    triggers: tuple[str, ...] = ()
    bandit_triggers: tuple[str, ...] = ()
    bandit: bool = False
    text_kinds: tuple[str, ...] | None = None  # the text blocks check_text reads (None: all)
    bandit_name: str = ""  # a bandit check's test name (``# nosec: exec_used``)


@dataclass(frozen=True, eq=False)  # compared (and cached by) identity: there is one per process
class Catalogue:
    entries: tuple[Entry, ...]
    # trigger -> (its literal, whether the trigger is an expression to confirm it with, anchored)
    needles: Mapping[str, tuple[str, bool, bool]]

    def entry(self, code: str) -> Entry | None:
        return _index(self).get(code)


@functools.lru_cache(maxsize=4)
def _index(catalogue: Catalogue) -> Mapping[str, Entry]:
    return {entry.code: entry for entry in catalogue.entries}


def path() -> Path:
    from linter.registry import rules_folder

    return rules_folder() / "catalogue.json"


def entry_of(rule: type[Rule]) -> Entry:
    from linter.engine.bandit_bridge import BanditCheck

    bandit = issubclass(rule, BanditCheck)
    return Entry(
        code=rule.code,
        module=rule.__module__,
        syntax_tree=bool(rule.hooks()),
        hooks=tuple(hook for hook in HOOKS if rule.implements(hook)),
        triggers=tuple(sorted(rule.triggers)),
        bandit_triggers=tuple(sorted(rule.bandit_triggers)) if bandit else (),  # type: ignore[attr-defined]
        bandit=bandit,
        text_kinds=None if rule.text_kinds is None else tuple(sorted(rule.text_kinds)),
        bandit_name=rule.bandit_name if bandit else "",  # type: ignore[attr-defined]
    )


def needle_row(needle: Needle) -> tuple[str, bool, bool]:
    return (needle.text, needle.pattern is not None, needle.anchored)


def computed() -> Catalogue:
    """The catalogue of the rule classes as they are (imports every rule)."""
    from linter.engine.triggers import Needle
    from linter.registry import all_rules

    entries = tuple(entry_of(rule) for rule in all_rules())
    triggers = sorted({t for entry in entries for t in entry.triggers})
    return Catalogue(entries, {t: needle_row(Needle.of(t)) for t in triggers})


def to_json(catalogue: Catalogue) -> str:
    rules = [dataclasses.asdict(entry) for entry in catalogue.entries]
    needles = {t: list(row) for t, row in sorted(catalogue.needles.items())}
    return json.dumps({"rules": rules, "needles": needles}, indent=0, sort_keys=True) + "\n"


def from_json(text: str) -> Catalogue:
    """The catalogue of :func:`to_json`'s text (JSON lists back to the entries' tuples)."""
    data: dict[str, Any] = json.loads(text)
    entries = tuple(Entry(**_tuples(row)) for row in data["rules"])
    needles = {t: (str(row[0]), bool(row[1]), bool(row[2])) for t, row in data["needles"].items()}
    return Catalogue(entries, needles)


def _tuples(row: dict[str, Any]) -> dict[str, Any]:
    return {key: tuple(value) if isinstance(value, list) else value for key, value in row.items()}


@functools.lru_cache(maxsize=1)
def stored() -> Catalogue | None:
    """The catalogue shipped with the rules; None when it is missing or unreadable (the engine then
    loads every selected rule, as it did before the catalogue)."""
    try:
        return from_json(path().read_text(encoding="utf-8"))
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return None


def _could_match(literal: str, present: Callable[[str], bool]) -> bool:
    """Whether a trigger whose matches all hold ``literal`` could match the code or a name an
    import in it binds (``torch.load`` after ``from torch import load as tl``): every run of
    letters, digits and underscores of the literal occurs in the code (a literal without one
    could be anywhere)."""
    return all(present(part) for part in _parts(literal))


def _occurrence_test(code: str) -> Callable[[str], bool]:
    """Whether a run of letters, digits and underscores occurs in ``code``, answered from the
    code's distinct runs: an occurrence always lies inside one (a few hundred trigger parts are
    asked per document; searching the whole code for each cost seconds on a 6 MB script)."""
    runs = "\n".join(set(_PARTS.findall(code)))
    known: dict[str, bool] = {}

    def present(part: str) -> bool:
        found = known.get(part)
        if found is None:
            found = known[part] = part in runs
        return found

    return present


@functools.lru_cache(maxsize=4096)
def _parts(literal: str) -> tuple[str, ...]:
    return tuple(_PARTS.findall(literal))


def _triggered(entry: Entry, present: Callable[[str], bool], needles: Mapping[str, tuple[str, bool, bool]]) -> bool:
    if not entry.triggers:
        return True
    for trigger in entry.triggers:
        row = needles.get(trigger)
        if row is None or _could_match(row[0], present):
            return True
    return False


def _bandit_triggered(entry: Entry, code: str) -> bool:
    from linter.engine.bandit_triggers import fragments_triggered

    return fragments_triggered(code, entry.bandit_triggers)


def needed(
    entry: Entry,
    document: Document,
    needles: Mapping[str, tuple[str, bool, bool]],
    text_kinds: frozenset[str],
    present: Callable[[str], bool],
) -> bool:
    """Whether ``entry``'s rule could report in ``document``, whose text blocks are of
    ``text_kinds`` and whose code holds the runs ``present`` says (see the module's docstring)."""
    if entry.code in TOOL_CODES:
        return True
    if "check_text" in entry.hooks and (entry.text_kinds is None or text_kinds & set(entry.text_kinds)):
        return True
    if "check_magic" in entry.hooks and document.magics:
        return True
    if "check_output" in entry.hooks and any(cell.outputs for cell in document.cells):
        return True
    if "check_artifact" in entry.hooks and document.artifact is not None:
        return True
    if entry.bandit:
        return not entry.bandit_triggers or _bandit_triggered(entry, document.code)
    return entry.syntax_tree and _triggered(entry, present, needles)


def needed_codes(catalogue: Catalogue, codes: Iterable[str], document: Document) -> frozenset[str]:
    """Of the rules ``codes``, those that could report in ``document``; a code the catalogue does
    not know is kept (it may be a rule added since the catalogue was written)."""
    from linter.engine.run import text_blocks  # the engine runs next: nothing more is loaded

    kinds = frozenset(block.kind for block in text_blocks(document))
    present = _occurrence_test(document.code)
    found = set()
    for code in codes:
        entry = catalogue.entry(code)
        if entry is None or needed(entry, document, catalogue.needles, kinds, present):
            found.add(code)
    return frozenset(found)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m linter.engine.catalogue", description=__doc__)
    parser.add_argument("--write", action="store_true", help="write rules/catalogue.json from the rule classes")
    args = parser.parse_args(argv)
    text = to_json(computed())
    if args.write:
        path().write_text(text, encoding="utf-8")
        return 0
    current = path().read_text(encoding="utf-8") if path().exists() else ""
    if current != text:
        sys.stderr.write(f"{path()} is stale: run python -m linter.engine.catalogue --write\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
