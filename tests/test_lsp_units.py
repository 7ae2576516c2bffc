"""The language server's pure parts: position units, noqa comments, settings, output ownership,
the jupyter-lsp spec, and the CLI's `lsp` command."""

from __future__ import annotations

import dataclasses
import io
import subprocess
import sys
from importlib.metadata import entry_points

import pytest

from linter.cli import main
from linter.lsp.actions import noqa_line, wanted, whole_text_edit
from linter.lsp.diagnostics import client_units, code_points
from linter.lsp.documents import LiveCell, owning_cell, tags_of, text_kind
from linter.lsp.jupyter_spec import spec
from linter.lsp.settings import Settings, settings_from
from linter.model import Severity


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [("utf-16", 7), ("utf-8", 9), ("utf-32", 6)],
)
def test_client_units_count_code_units(encoding: str, expected: int) -> None:
    line = "a = '\U0001f525' + x"
    assert client_units(line, 6, encoding) == expected  # after the closing quote
    assert code_points(line, expected, encoding) == 6


def test_client_units_clamp_past_the_end() -> None:
    assert client_units("abc", 10, "utf-16") == 3


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("x = load(f)", "x = load(f)  # noqa: MLS101"),
        ("x = load(f)  # noqa: E501", "x = load(f)  # noqa: E501, MLS101"),
        ("x = load(f)  # noqa", "x = load(f)  # noqa: MLS101"),
        ("x = load(f)  # noqa: MLS101", "x = load(f)  # noqa: MLS101"),
        ("x = load(f)  # NOQA:E501,W291 trailing", "x = load(f)  # NOQA:E501,W291, MLS101 trailing"),
        ("x = load(f)\r", "x = load(f)  # noqa: MLS101\r"),
    ],
)
def test_noqa_line(line: str, expected: str) -> None:
    assert noqa_line(line, "MLS101") == expected


def test_whole_text_edit_is_the_smallest_single_edit() -> None:
    (edit,) = whole_text_edit("a = 1\nb = load(x)\n", "a = 1\nb = safe_load(x)\n", "utf-16")
    assert (edit.range.start.line, edit.range.start.character, edit.range.end.character) == (1, 4, 4)
    assert edit.new_text == "safe_"
    assert whole_text_edit("same", "same", "utf-16") == []


def test_wanted_matches_kind_prefixes() -> None:
    assert wanted("notebook.source.fixAll.mlsafe", ["notebook.source.fixAll"])
    assert wanted("source.fixAll.mlsafe", ["source"])
    assert not wanted("source.fixAll.mlsafe", ["notebook.source.fixAll"])
    assert not wanted("quickfix", ["source.fixAll"])
    assert wanted("quickfix", None)


def test_settings_are_read_leniently() -> None:
    assert settings_from(
        {"settings": {"severity": "medium", "select": "MLS1, MLS2", "ignore": ["mls101"]}}
    ) == Settings(Severity.MEDIUM, ("MLS1", "MLS2"), ("MLS101",))
    assert settings_from({"mlsafe": {"severity": "loud", "debounce": -5, "select": 3}}) == Settings(debounce_ms=0)
    assert settings_from(None) == Settings()
    assert settings_from({"debounce": 10**9}).debounce_ms == 5000


def test_unknown_code_in_settings_falls_back_with_a_message(tmp_path) -> None:  # type: ignore[no-untyped-def]
    config, problem = Settings(select=("MLS999",)).config_for(str(tmp_path / "a.py"))
    assert problem is not None and "MLS999" in problem
    assert config.select == ("MLS", "B")


def test_owning_cell_follows_moved_cells() -> None:
    cells = [LiveCell("u0", "markdown", "# new"), LiveCell("u1", "code", "a"), LiveCell("u2", "code", "b")]
    assert owning_cell(0, ["a", "b"], cells) == 1  # a cell was inserted above since the save
    assert owning_cell(1, ["a", "b"], cells) == 2
    assert owning_cell(2, ["a", "b", "gone"], cells) == 2  # edited since: same index
    assert owning_cell(5, ["a"], cells) is None


def test_tags_from_either_metadata_shape() -> None:
    assert tags_of({"tags": ["mlsafe-ignore"]}) == ("mlsafe-ignore",)
    assert tags_of({"metadata": {"tags": ["raises-exception", 3]}}) == ("raises-exception",)
    assert tags_of(None) == ()


def test_text_kind() -> None:
    assert text_kind("/p/requirements-dev.txt", "plaintext") == "requirements"
    assert text_kind("/p/.virtual_documents/nb.ipynb", "python") == "python"
    assert text_kind("/p/nb.ipynb", "json") == "notebook"
    assert text_kind("/p/notes.txt", "pip-requirements") == "requirements"


def test_jupyter_lsp_spec_and_entry_point() -> None:
    (found,) = [ep for ep in entry_points(group="jupyter_lsp_spec_v1") if ep.name == "mlsafe"]
    assert found.load() is spec
    server = spec(None)["mlsafe"]
    assert server["argv"] == [sys.executable, "-m", "linter", "lsp"]
    assert server["languages"] == ["python"]
    assert server["version"] == 2


def test_cli_lists_the_lsp_command() -> None:
    shown = io.StringIO()
    main([], stdout=shown)
    assert "lsp" in shown.getvalue()
    assert "run the language server" in shown.getvalue()


def test_cli_import_path_does_not_load_pygls() -> None:
    code = "import sys, linter.cli, linter.api; print(sorted(m for m in sys.modules if m.startswith(('pygls', 'lsprotocol'))))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_config_stamp_changes_with_a_pyproject_above(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from linter.lsp.settings import config_stamp

    source = tmp_path / "pkg" / "a.py"
    source.parent.mkdir()
    before = config_stamp(str(source))
    (tmp_path / "pyproject.toml").write_text('[tool.mlsafe]\nignore = ["MLS101"]\n')
    after = config_stamp(str(source))
    assert after != before
    assert (str(tmp_path / "pyproject.toml"), (tmp_path / "pyproject.toml").stat().st_mtime_ns) == after[0][:2]


PERCENT = """\
import os

# %% [markdown]
# # Setup

# %%
# !pip install torch
import torch

# %% load
!pip install -q transformers==4.46.3
model = torch.load("m.pt")
"""


def test_percent_cells_split_and_uncomment_magics() -> None:
    from linter.lsp.percent import is_percent_script, percent_cells

    assert is_percent_script(PERCENT)
    assert not is_percent_script("x = '%%'\n# %%%time is not a marker\n")
    cells = percent_cells(PERCENT)
    assert [(c.kind, c.first) for c in cells] == [("code", 0), ("markdown", 3), ("code", 6), ("code", 10)]
    assert cells[1].text == "# Setup\n"
    assert cells[2].text.split("\n")[0] == "!pip install torch"
    assert cells[2].shifts[:2] == (2, 0)


def test_percent_script_findings_and_fixes_in_script_coordinates() -> None:
    from linter.config import Config
    from linter.lsp.documents import lint_text

    found = lint_text(PERCENT, "/project/nb.py", "python", Config())
    assert [(f.code, f.location.cell, f.location.line, f.location.column) for f in found] == [
        ("MLS401", None, 7, 16),
        ("MLS102", None, 12, 9),
    ]
    (edit,) = found[1].fix.edits if found[1].fix else ()
    assert (edit.cell, edit.line, edit.column, edit.text) == (None, 12, 26, ", weights_only=True")


def test_percent_script_reads_magics_as_jupytext_writes_them() -> None:
    from linter.config import Config
    from linter.lsp.documents import lint_text

    script = (
        "# %%\n"
        "#!pip install commented-out-by-the-author\n"  # a plain comment, as in the notebook
        "# # !pip install also-a-comment\n"  # jupytext's escape of a commented magic
        "# !pip install torch\n"  # a magic jupytext commented out
        "\n"
        "# %%\n"
        "# %%bash\n"  # a commented cell magic, not a cell marker
        "pip install accelerate\n"
    )
    found = lint_text(script, "/project/nb.py", "python", Config())
    assert [(f.code, f.location.line, f.location.column) for f in found] == [("MLS401", 4, 16), ("MLS401", 8, 13)]


def test_diagnostic_links_the_rule_docs_and_maps_severity() -> None:
    from linter.lsp.diagnostics import diagnostic
    from linter.model import Category, Finding, Location

    finding = Finding(
        "MLS101",
        "pickle-load",
        Category.UNSAFE_LOAD,
        Severity.HIGH,
        "`pickle.load` can execute arbitrary code",
        Location("a.py", None, None, 2, 5, 2, 19),
        url="https://docs.example/rules.md#mls101-pickle-load",
    )
    found = diagnostic(finding, ["import pickle", "x = pickle.load(f)"], "utf-16")
    assert found.code_description is not None
    assert found.code_description.href == "https://docs.example/rules.md#mls101-pickle-load"
    assert (found.code, found.source, int(found.severity or 0)) == ("MLS101", "mlsafe", 1)
    assert (found.range.start.line, found.range.start.character, found.range.end.character) == (1, 4, 18)
    assert diagnostic(dataclasses.replace(finding, url=""), ["", "x"], "utf-16").code_description is None
