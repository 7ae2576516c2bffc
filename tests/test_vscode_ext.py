"""The VS Code extension (vscode_ext/) and the server agree: the settings it contributes are the ones
the server reads, it starts the server the way the README says, and its lockfile is committed.
(Building the .vsix needs npm: bash vscode_ext/scripts/package.sh.)"""

from __future__ import annotations

import json
from pathlib import Path

from linter.lsp.actions import NOTEBOOK_FIX_ALL
from linter.lsp.settings import Settings, settings_from
from linter.model import Severity

EXT = Path(__file__).resolve().parent.parent / "vscode_ext"


def _properties() -> dict[str, dict[str, object]]:
    manifest = json.loads((EXT / "package.json").read_text())
    properties: dict[str, dict[str, object]] = manifest["contributes"]["configuration"]["properties"]
    return properties


def test_contributed_settings_are_the_ones_the_server_reads() -> None:
    properties = _properties()
    assert sorted(properties) == [
        "mlsafe.debounce",
        "mlsafe.ignore",
        "mlsafe.interpreter",
        "mlsafe.select",
        "mlsafe.severity",
    ]
    assert properties["mlsafe.severity"]["enum"] == [s.label for s in Severity]
    defaults = {key.removeprefix("mlsafe."): value["default"] for key, value in properties.items()}
    # what the extension sends as initialization options, read by the server: the defaults agree
    assert settings_from({"settings": defaults}) == Settings()
    changed = settings_from({"mlsafe": {**defaults, "severity": "high", "ignore": ["MLS405"], "debounce": 300}})
    assert (changed.severity, changed.ignore, changed.debounce_ms) == (Severity.HIGH, ("MLS405",), 300)


def test_extension_starts_the_server_module_and_syncs_its_section() -> None:
    source = (EXT / "src" / "extension.ts").read_text()
    assert "'-m', 'linter', 'lsp'" in source
    assert "configurationSection: SECTION" in source and "const SECTION = 'mlsafe'" in source
    assert "getActiveEnvironmentPath" in source  # the Python extension's selected interpreter


def test_readme_names_the_notebook_fix_all_kind_and_lockfile_is_committed() -> None:
    assert NOTEBOOK_FIX_ALL in (EXT / "README.md").read_text()
    lock = json.loads((EXT / "package-lock.json").read_text())
    assert "node_modules/vscode-languageclient" in lock["packages"]


def test_readme_code_actions_on_save_name_the_server_kinds() -> None:
    import re

    from linter.lsp.actions import FIX_ALL

    readme = (EXT.parent / "README.md").read_text()
    section = readme.split("### VS Code", 1)[1].split("### Neovim", 1)[0]
    (block,) = re.findall(r"```json\n(.*?)```", section, re.DOTALL)
    settings = json.loads("{" + block + "}")
    assert list(settings["notebook.codeActionsOnSave"]) == [NOTEBOOK_FIX_ALL]
    assert list(settings["[python]"]["editor.codeActionsOnSave"]) == [FIX_ALL]
