"""Find the rules (every Rule subclass with a code in the ``linter.rules`` package) and select them."""

from __future__ import annotations

import functools
import importlib
import pkgutil
from collections.abc import Iterable, Sequence
from pathlib import Path
from types import ModuleType

from linter.rule import Rule


@functools.lru_cache(maxsize=1)
def all_rules() -> tuple[type[Rule], ...]:
    """Every rule class, MLS rules first, each group sorted by code. Imports each rule module of
    ``linter.rules``'s family folders once."""
    package = importlib.import_module("linter.rules")
    found: dict[str, type[Rule]] = {}
    for module_name in rule_modules(package.__path__, f"{package.__name__}."):
        module = importlib.import_module(module_name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, Rule)
                and value.code
                and value.__module__ == module.__name__
            ):
                if value.code in found and found[value.code] is not value:
                    raise RuntimeError(f"two rules claim {value.code}: {found[value.code]} and {value}")
                found[value.code] = value
    # mlsafe's own rules first, then the bandit checks (B...) it runs
    return tuple(found[code] for code in sorted(found, key=lambda code: (not code.startswith("MLS"), code)))


def rules_folder() -> Path:
    """The folder of the ``linter.rules`` package (``rules/`` in a checkout)."""
    package = importlib.import_module("linter.rules")
    return Path(next(iter(package.__path__)))


def rule_modules(path: Iterable[str], prefix: str) -> list[str]:
    """The modules of the rules' family folders (``linter.rules.secrets.provider_token``...), sorted;
    modules and folders whose name starts with ``_`` hold shared helpers and are skipped."""
    return sorted(
        info.name
        for info in pkgutil.walk_packages(path, prefix)
        if not info.ispkg and not any(part.startswith("_") for part in info.name.removeprefix(prefix).split("."))
    )


def rule_classes(located: Iterable[tuple[str, str]]) -> tuple[type[Rule], ...]:
    """The rule classes of (code, module) pairs, importing only those modules; a code its module
    does not define (a moved rule) is looked up among all rules, an unknown one is skipped."""
    found = []
    for code, module_name in located:
        rule = _defined_in(importlib.import_module(module_name), code) if module_name else None
        rule = rule or rule_by_code(code)
        if rule is not None:
            found.append(rule)
    return tuple(found)


def _defined_in(module: ModuleType, code: str) -> type[Rule] | None:
    return next(
        (v for v in vars(module).values() if isinstance(v, type) and issubclass(v, Rule) and v.code == code), None
    )


def rule_by_code(code: str) -> type[Rule] | None:
    return next((rule for rule in all_rules() if rule.code == code.upper()), None)


def _longest(code: str, prefixes: Iterable[str]) -> int:
    return max((len(p) for p in prefixes if code.startswith(p)), default=-1)


def is_selected(code: str, select: Sequence[str], ignore: Sequence[str]) -> bool:
    """ruff's rule: the most specific matching prefix wins (``--select MLS101 --ignore MLS1``
    keeps MLS101); ``ALL`` selects everything."""
    chosen = _longest(code, ["" if p == "ALL" else p for p in select])
    dropped = _longest(code, ["" if p == "ALL" else p for p in ignore])
    return chosen >= 0 and chosen > dropped


def unknown_prefixes(prefixes: Iterable[str], codes: Iterable[str]) -> list[str]:
    """Prefixes that match no known code (a typo the user should hear about)."""
    known = list(codes)
    return [p for p in prefixes if p != "ALL" and not any(code.startswith(p) for code in known)]


def select_rules(select: Sequence[str], ignore: Sequence[str]) -> tuple[Rule, ...]:
    return tuple(rule() for rule in all_rules() if is_selected(rule.code, select, ignore))
