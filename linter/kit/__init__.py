"""Everything a rule imports, from one place: ``from linter.kit import Rule, Report, Severity, ...``.

The names are loaded on first use (PEP 562), so a module that needs one helper of the kit (the
requirements reader needs the install-command parser, reports need redaction) does not load libcst,
bandit and the rest. ``tests/test_kit.py`` checks that the table below and the typed imports agree.

- the rule model: :class:`Rule`, :class:`Report`, :class:`Context`, :class:`TextBlock` and the node
  helpers of :mod:`linter.rule`; :class:`Severity`, :class:`Category`, :class:`Example`, :func:`at`,
  :class:`Edit`, :class:`Fix`, ``SAFE``/``UNSAFE`` of :mod:`linter.model`;
- what hooks receive: :class:`MagicLine`, :class:`OutputText` (:mod:`linter.sources.document`),
  :class:`ArtifactInfo` (:mod:`linter.sources.artifacts`);
- literal evaluation (:mod:`linter.kit.literals`), node builders for fixes
  (:mod:`linter.kit.node_builders`), notebook example builders (:mod:`linter.kit.examples`), the
  install-command parser (:mod:`linter.kit.install_commands`), redaction (:mod:`linter.kit.redaction`),
  which paths are test code (:mod:`linter.kit.paths`),
  edits in user coordinates (:mod:`linter.fix.edits`), bandit checks (:mod:`linter.engine.bandit_bridge`)
  and the web frameworks whose import makes a document a web app (:mod:`linter.engine.facts`).
"""

from __future__ import annotations

import importlib
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from linter.engine.bandit_bridge import BLACKLIST as BLACKLIST
    from linter.engine.bandit_bridge import BanditCheck as BanditCheck
    from linter.engine.bandit_bridge import BanditHit as BanditHit
    from linter.engine.bandit_bridge import BanditSite as BanditSite
    from linter.engine.facts import WEB_FRAMEWORKS as WEB_FRAMEWORKS
    from linter.fix.edits import import_edit as import_edit
    from linter.fix.edits import line_starts as line_starts
    from linter.kit.examples import code_cell as code_cell
    from linter.kit.examples import error_output as error_output
    from linter.kit.examples import markdown_cell as markdown_cell
    from linter.kit.examples import notebook_example as notebook_example
    from linter.kit.examples import result_output as result_output
    from linter.kit.examples import stream_output as stream_output
    from linter.kit.install_commands import Install as Install
    from linter.kit.install_commands import Option as Option
    from linter.kit.install_commands import RequirementLine as RequirementLine
    from linter.kit.install_commands import Target as Target
    from linter.kit.install_commands import Word as Word
    from linter.kit.install_commands import commands as commands
    from linter.kit.install_commands import install_of as install_of
    from linter.kit.install_commands import parse_requirements as parse_requirements
    from linter.kit.install_commands import pip_problem as pip_problem
    from linter.kit.install_commands import remote_executions as remote_executions
    from linter.kit.literals import HOLE as HOLE
    from linter.kit.literals import is_string_expression as is_string_expression
    from linter.kit.literals import is_string_part as is_string_part
    from linter.kit.literals import raw_source as raw_source
    from linter.kit.literals import string_value as string_value
    from linter.kit.node_builders import with_attr as with_attr
    from linter.kit.node_builders import with_keyword as with_keyword
    from linter.kit.node_builders import without_arg as without_arg
    from linter.kit.paths import is_test_path as is_test_path
    from linter.kit.redaction import fingerprint as fingerprint
    from linter.kit.redaction import redact as redact
    from linter.kit.redaction import redact_url_credentials as redact_url_credentials
    from linter.model import SAFE as SAFE
    from linter.model import UNSAFE as UNSAFE
    from linter.model import Category as Category
    from linter.model import Edit as Edit
    from linter.model import Example as Example
    from linter.model import Fix as Fix
    from linter.model import Severity as Severity
    from linter.model import at as at
    from linter.rule import Context as Context
    from linter.rule import Report as Report
    from linter.rule import Rule as Rule
    from linter.rule import TextBlock as TextBlock
    from linter.rule import argument as argument
    from linter.rule import dotted_name as dotted_name
    from linter.rule import has_kwargs_splat as has_kwargs_splat
    from linter.rule import is_false as is_false
    from linter.rule import is_true as is_true
    from linter.rule import keyword as keyword
    from linter.sources.artifacts import ArtifactInfo as ArtifactInfo
    from linter.sources.document import MagicLine as MagicLine
    from linter.sources.document import OutputText as OutputText
    from linter.sources.document import TextKind as TextKind
    from linter.startup.lazy_pattern import LazyPattern as LazyPattern
    from linter.startup.lazy_pattern import lazy_compile as lazy_compile

# name -> the module that defines it
EXPORTS = MappingProxyType(
    {
        "BLACKLIST": "linter.engine.bandit_bridge",
        "BanditCheck": "linter.engine.bandit_bridge",
        "BanditHit": "linter.engine.bandit_bridge",
        "BanditSite": "linter.engine.bandit_bridge",
        "WEB_FRAMEWORKS": "linter.engine.facts",
        "import_edit": "linter.fix.edits",
        "line_starts": "linter.fix.edits",
        "code_cell": "linter.kit.examples",
        "error_output": "linter.kit.examples",
        "markdown_cell": "linter.kit.examples",
        "notebook_example": "linter.kit.examples",
        "result_output": "linter.kit.examples",
        "stream_output": "linter.kit.examples",
        "Install": "linter.kit.install_commands",
        "Option": "linter.kit.install_commands",
        "RequirementLine": "linter.kit.install_commands",
        "Target": "linter.kit.install_commands",
        "Word": "linter.kit.install_commands",
        "commands": "linter.kit.install_commands",
        "install_of": "linter.kit.install_commands",
        "parse_requirements": "linter.kit.install_commands",
        "pip_problem": "linter.kit.install_commands",
        "remote_executions": "linter.kit.install_commands",
        "HOLE": "linter.kit.literals",
        "is_string_expression": "linter.kit.literals",
        "is_string_part": "linter.kit.literals",
        "raw_source": "linter.kit.literals",
        "string_value": "linter.kit.literals",
        "with_attr": "linter.kit.node_builders",
        "with_keyword": "linter.kit.node_builders",
        "without_arg": "linter.kit.node_builders",
        "is_test_path": "linter.kit.paths",
        "fingerprint": "linter.kit.redaction",
        "redact": "linter.kit.redaction",
        "redact_url_credentials": "linter.kit.redaction",
        "Category": "linter.model",
        "Edit": "linter.model",
        "Example": "linter.model",
        "Fix": "linter.model",
        "SAFE": "linter.model",
        "Severity": "linter.model",
        "UNSAFE": "linter.model",
        "at": "linter.model",
        "Context": "linter.rule",
        "Report": "linter.rule",
        "Rule": "linter.rule",
        "TextBlock": "linter.rule",
        "argument": "linter.rule",
        "dotted_name": "linter.rule",
        "has_kwargs_splat": "linter.rule",
        "is_false": "linter.rule",
        "is_true": "linter.rule",
        "keyword": "linter.rule",
        "ArtifactInfo": "linter.sources.artifacts",
        "MagicLine": "linter.sources.document",
        "OutputText": "linter.sources.document",
        "TextKind": "linter.sources.document",
        "LazyPattern": "linter.startup.lazy_pattern",
        "lazy_compile": "linter.startup.lazy_pattern",
    }
)

__all__ = sorted(EXPORTS)


def __getattr__(name: str) -> Any:
    module = EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
