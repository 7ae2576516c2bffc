"""Imports point one way (docs/architecture.md, "Who may import whom"): each layer imports only the
layers below it, so rules stay small units and front doors stay thin adapters."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

FRONT_DOORS = ("linter.api", "linter.cli", "linter.flake8_plugin", "linter.config", "linter.cache")
FRONT_DOORS += ("linter.baseline", "linter.docs", "linter.__main__", "linter.lsp")

# standalone helpers below every layer (they import no mlsafe module): anyone may import them
BASE = ("linter.startup",)

# layer (module prefix) -> the mlsafe modules (prefixes) it may import, besides its own layer
ALLOWED: dict[str, tuple[str, ...]] = {
    "linter.startup": (),
    "linter.model": (),
    "linter.links": (),
    "linter.sources": ("linter.model", "linter.kit.install_commands"),
    "linter.registry": ("linter.rule", "linter.rules"),
    "linter.rule": ("linter.model", "linter.links", "linter.sources", "linter.engine.facts"),
    "linter.kit": (
        "linter.model",
        "linter.rule",
        "linter.sources",
        "linter.fix.edits",
        "linter.engine.bandit_bridge",
        "linter.engine.facts",
    ),
    "linter.rules": ("linter.kit",),
    "linter.engine": ("linter.model", "linter.rule", "linter.registry", "linter.sources", "linter.fix.edits"),
    "linter.report": ("linter.model", "linter.sources", "linter.kit.redaction", "linter.docs", "linter.registry"),
    "linter.fix": (
        "linter.model",
        "linter.sources",
        "linter.engine",
        "linter.report",
        "linter.api",
        "linter.config",
        "linter.registry",
    ),
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    if parts[0] == "rules":
        parts = ("linter", *parts)
    return ".".join(part for part in parts if part != "__init__")


def _imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found += [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
    return [name for name in found if name == "linter" or name.startswith("linter.")]


def _layer(module: str) -> str | None:
    return max((layer for layer in ALLOWED if module == layer or module.startswith(layer + ".")), key=len, default=None)


def _within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes)


SOURCES = sorted([*(ROOT / "linter").rglob("*.py"), *(ROOT / "rules").rglob("*.py")])


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_point_down(path: Path) -> None:
    module = _module_name(path)
    layer = _layer(module)
    if layer is None or _within(module, FRONT_DOORS):
        return  # front doors may import anything
    for name in _imports(path):
        if name == "linter.__version__" or name == "linter" or _within(name, (layer, *BASE)):
            continue
        # `from linter.x import y` lists both linter.x and linter.x.y: judge the module
        if _within(name, ALLOWED[layer]) or any(name.startswith(p + ".") for p in ALLOWED[layer]):
            continue
        parent = name.rsplit(".", 1)[0]
        assert _within(parent, ALLOWED[layer]) or _within(parent, (layer,)), f"{module} imports {name}"
