"""The layout the architecture map (docs/architecture.md) promises: a small top level, rules in
family folders named after their rules, one import place for rule authors, every package shipped."""

from __future__ import annotations

import ast
import importlib
import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

import linter.kit as kit
from linter.registry import all_rules

ROOT = Path(__file__).resolve().parent.parent
FAMILIES = {"bandit", "pii", "secrets", "supply_chain", "tool", "unsafe_load", "verbose_errors"}


def test_linter_top_level_has_at_most_14_modules() -> None:
    modules = sorted(p.name for p in (ROOT / "linter").glob("*.py"))
    assert len(modules) <= 14, modules


def test_rules_live_in_family_folders_only() -> None:
    top = sorted(p.name for p in (ROOT / "rules").glob("*.py"))
    assert top == ["__init__.py"]
    folders = {p.name for p in (ROOT / "rules").iterdir() if p.is_dir() and not p.name.startswith("__")}
    assert folders == FAMILIES


def test_each_rule_module_is_named_after_its_rule_and_holds_one_rule() -> None:
    for rule in all_rules():
        module = rule.__module__
        assert module.rsplit(".", 1)[-1] == rule.name.replace("-", "_"), (rule.code, module)
        siblings = [r.code for r in all_rules() if r.__module__ == module]
        assert siblings == [rule.code], module


def test_rule_families_match_their_code_hundreds() -> None:
    family_of = {"MLS0": "tool", "MLS1": "unsafe_load", "MLS2": "secrets", "MLS3": "verbose_errors"}
    family_of |= {"MLS4": "supply_chain", "MLS5": "pii"}
    for rule in all_rules():
        family = rule.__module__.split(".")[2]
        assert family == family_of.get(rule.code[:4], "bandit"), (rule.code, rule.__module__)


def _typed_imports() -> dict[str, str]:
    """name -> module of the imports under ``if TYPE_CHECKING:`` in linter/kit/__init__.py."""
    tree = ast.parse((ROOT / "linter" / "kit" / "__init__.py").read_text())
    block = next(node for node in tree.body if isinstance(node, ast.If))
    return {
        alias.name: node.module
        for node in block.body
        if isinstance(node, ast.ImportFrom) and node.module
        for alias in node.names
    }


def test_kit_table_and_typed_imports_agree_and_resolve() -> None:
    assert dict(kit.EXPORTS) == _typed_imports()
    for name, module in kit.EXPORTS.items():
        assert getattr(kit, name) is getattr(importlib.import_module(module), name)


def test_rules_import_the_engine_only_through_the_kit() -> None:
    """A rule module imports linter.kit and private helper modules (``_x.py``), never another rule."""
    for path in sorted((ROOT / "rules").rglob("*.py")):
        family = path.parent.name
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("linter"):
                allowed = node.module == "linter.kit" or node.module.startswith("linter.rules.")
                assert allowed, f"{path.relative_to(ROOT)} imports {node.module}"
                if node.module.startswith("linter.rules.") and family in FAMILIES:
                    assert node.module.split(".")[3].startswith("_"), f"{path} imports another rule module"


def test_every_package_folder_is_shipped() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    shipped = set(config["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "linter").rglob("__init__.py")}
    found |= {"linter." + ".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "rules").rglob("__init__.py")}
    assert shipped == found


def test_test_modules_have_unique_basenames() -> None:
    """pytest imports test modules by basename ("rootdir" mode without packages): two test files of
    the same name in tests/ and jupyter_ext/tests/ stop the whole run at collection."""
    names = [p.name for folder in ("tests", "jupyter_ext/tests") for p in (ROOT / folder).glob("test_*.py")]
    assert sorted(n for n in set(names) if names.count(n) > 1) == []
