"""MLS104 yaml-unsafe-load."""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst

from linter.kit import Category, Context, Example, Report, Rule, Severity, argument, at, with_attr
from linter.rules.unsafe_load._loading import load_severity, shown_name

YAML_LOADS = frozenset({"yaml.load", "yaml.load_all"})
ALWAYS_UNSAFE = frozenset({"yaml.unsafe_load", "yaml.unsafe_load_all", "yaml.full_load", "yaml.full_load_all"})
SAFE_LOADERS = frozenset({"SafeLoader", "CSafeLoader", "BaseLoader", "CBaseLoader"})
UNSAFE_LOADERS = frozenset({"Loader", "UnsafeLoader", "FullLoader", "CLoader", "CUnsafeLoader", "CFullLoader"})


def _loader_kind(node: cst.BaseExpression, ctx: Context) -> str:
    """``safe``, ``unsafe`` or ``unknown`` for the value given as ``Loader=``."""
    name = ctx.qualified_name(node)
    last = (name or "").rsplit(".", 1)[-1]
    if name and name.startswith("yaml.") and last in SAFE_LOADERS:
        return "safe"
    if name and name.startswith("yaml.") and last in UNSAFE_LOADERS:
        return "unsafe"
    return "unknown"


class YamlUnsafeLoad(Rule):
    """
    ## What it does
    Flags `yaml.load`/`yaml.load_all` without a safe loader or with `Loader=yaml.Loader`,
    `UnsafeLoader`, `FullLoader` or `CLoader`, and `yaml.unsafe_load`/`yaml.full_load` (and their
    `_all` forms). A loader PyYAML does not define (a custom class) is reported at low severity.

    ## Why is this bad?
    PyYAML's unsafe loaders build arbitrary Python objects from tags such as
    `!!python/object/apply:os.system`, so a config or model card from elsewhere can run code.

    ## Fix
    Use `yaml.safe_load(x)` or `Loader=yaml.SafeLoader`/`yaml.CSafeLoader`. `mlsafe check --fix`
    rewrites `yaml.load(x)`, `yaml.unsafe_load(x)` and `yaml.full_load(x)` to `yaml.safe_load(x)`
    (keeping the alias you import yaml under, and `_all` forms to `safe_load_all`) and an unsafe
    `Loader=yaml.X` to `yaml.SafeLoader` (`yaml.CSafeLoader` for the C loaders). Names imported
    with `from yaml import load` are left to you.
    """

    code = "MLS104"
    name = "yaml-unsafe-load"
    category = Category.UNSAFE_LOAD
    severity = Severity.MEDIUM
    summary = "yaml.load with an unsafe loader can construct arbitrary objects"
    cwe = (502,)
    triggers = frozenset({"yaml"})
    fix_title = "Use `yaml.safe_load` / `yaml.SafeLoader`"

    VALID = (
        Example(
            """
            import yaml

            cfg = yaml.safe_load(open('config.yaml'))
            """
        ),
        Example(
            """
            import yaml

            cfg = yaml.load(text, Loader=yaml.SafeLoader)
            all_docs = yaml.load_all(text, yaml.CSafeLoader)
            """
        ),
        Example(
            """
            import yaml
            from yaml.cyaml import CSafeLoader

            cfg = yaml.load(text, Loader=CSafeLoader)
            raw = yaml.load(text, Loader=yaml.BaseLoader)
            """
        ),
        Example(
            """
            import json

            cfg = json.load(open('config.json'))
            """
        ),
    )
    INVALID = (
        Example(
            """
            import yaml

            cfg = yaml.load(open('config.yaml'))
            """,
            expect=(at(3, 7),),
            fixed="""
            import yaml

            cfg = yaml.safe_load(open('config.yaml'))
            """,
        ),
        Example(
            """
            import yaml as y

            cfg = y.load(text, Loader=y.FullLoader)
            obj = y.unsafe_load(text)
            docs = y.load_all(text, y.CLoader)
            """,
            expect=(at(3, 7), at(4, 7), at(5, 8)),
            title="aliases and unsafe loaders",
            fixed="""
            import yaml as y

            cfg = y.load(text, Loader=y.SafeLoader)
            obj = y.safe_load(text)
            docs = y.load_all(text, y.CSafeLoader)
            """,
        ),
        Example(
            """
            from yaml import load, Loader

            class Config:
                def read(self, text):
                    return load(text, Loader)
            """,
            expect=(at(5, 16),),
            title="positional Loader in a method (imported names: no fix)",
            fixed="""
            from yaml import load, Loader

            class Config:
                def read(self, text):
                    return load(text, Loader)
            """,
        ),
        Example(
            """
            import yaml

            cfg = yaml.load(text, Loader=MyLoader)
            """,
            expect=(at(3, 7, severity=Severity.LOW),),
            title="a custom loader",
        ),
    )

    def visit_Call(self, node: cst.Call, ctx: Context) -> Iterator[Report]:
        name = ctx.call_name(node)
        if name in ALWAYS_UNSAFE:
            kind = "unsafe"
        elif name in YAML_LOADS:
            loader = argument(node, "Loader", 1)
            kind = "unsafe" if loader is None else _loader_kind(loader.value, ctx)
        else:
            return
        if kind == "safe":
            return
        severity, note = load_severity(node, ctx)
        if kind == "unknown":
            severity, note = Severity.LOW, "; the loader is not one PyYAML marks safe"
        target, replacement = _fix(node, name, ctx) if kind == "unsafe" else (None, None)
        yield Report(
            f"{shown_name(node, name)} can construct arbitrary Python objects from YAML tags{note}; use yaml.safe_load",
            node=node,
            severity=severity,
            replacement=replacement,
            fix_target=target,
        )


def _fix(call: cst.Call, name: str, ctx: Context) -> tuple[cst.CSTNode | None, cst.CSTNode | None]:
    """(node to replace, its replacement): the function renamed to ``safe_load``(``_all``) when no
    loader is given, else the loader attribute renamed to ``SafeLoader``/``CSafeLoader``; nothing
    unless the name is written as an attribute of the yaml module (``y.load``, ``yaml.Loader``),
    so the new name needs no import."""
    loader = argument(call, "Loader", 1) if name in YAML_LOADS else None
    if loader is None:
        func = call.func
        if not _yaml_attribute(func, ctx):
            return None, None
        assert isinstance(func, cst.Attribute)
        safe = "safe_load_all" if name.endswith("_all") else "safe_load"
        return func, with_attr(func, safe)
    value = loader.value
    if not _yaml_attribute(value, ctx):
        return None, None
    assert isinstance(value, cst.Attribute)
    return value, with_attr(value, "CSafeLoader" if value.attr.value.startswith("C") else "SafeLoader")


def _yaml_attribute(node: cst.BaseExpression, ctx: Context) -> bool:
    """``yaml.x``, ``y.x`` or ``yaml.cyaml.x`` with the part before the dot naming a yaml module."""
    if not isinstance(node, cst.Attribute):
        return False
    base = ctx.qualified_name(node.value)
    return base is not None and (base == "yaml" or base.startswith("yaml."))
