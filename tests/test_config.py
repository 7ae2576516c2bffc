"""[tool.mlsafe] configuration: discovery, keys, command-line overrides, exit status."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from linter.api import lint_paths
from linter.cli import main
from linter.config import Config, ConfigError, Overrides, config_from_table, glob_matches, load_config, resolve
from linter.kit.examples import code_cell, notebook
from linter.model import Severity

PICKLE_PY = "import pickle\n\nmodel = pickle.load(open('m.pkl', 'rb'))\n"
PICKLE_NB = notebook(code_cell("import pickle"), code_cell("model = pickle.load(open('m.pkl', 'rb'))"))


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(["check", "--no-color", *argv], stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def pyproject(directory: Path, table: str) -> Path:
    return write(directory / "pyproject.toml", f'[project]\nname = "demo"\n\n[tool.mlsafe]\n{table}\n')


def codes_at(output: str) -> list[str]:
    """``location CODE`` of each finding line of a text report."""
    found = []
    for line in output.splitlines():
        where, sep, rest = line.partition(": ")
        if sep and rest[:3] == "MLS":
            found.append(f"{where} {rest.split()[0]}")
    return found


# ---------------------------------------------------------------------------------------------
# Discovery


def test_config_found_by_walking_up_from_a_nested_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = tmp_path / "project"
    pyproject(project, 'ignore = ["MLS101"]')
    # a pyproject.toml without [tool.mlsafe] on the way up is skipped, as ruff does
    write(project / "src" / "pyproject.toml", '[project]\nname = "inner"\n')
    script = write(project / "src" / "pkg" / "deep" / "model.py", PICKLE_PY)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)

    status, out, _ = run(str(script))
    assert codes_at(out) == [] and status == 0

    status, out, _ = run("--isolated", str(script))
    assert codes_at(out) == [f"{script}:3:9 MLS101"] and status == 1


def test_config_option_reads_a_named_file_with_top_level_keys(tmp_path: Path) -> None:
    script = write(tmp_path / "a.py", PICKLE_PY)
    settings = write(tmp_path / "conf" / "mlsafe.toml", 'severity = {MLS101 = "high"}\n')
    status, out, _ = run("--config", str(settings), "--format", "json", str(script))
    assert [(f["code"], f["line"], f["severity"]) for f in json.loads(out)] == [("MLS101", 3, "high")]
    assert status == 1


def test_missing_config_file_is_a_usage_error(tmp_path: Path) -> None:
    status, _, err = run("--config", str(tmp_path / "nope.toml"), str(tmp_path))
    assert status == 2 and "nope.toml" in err


# ---------------------------------------------------------------------------------------------
# Errors name the key or the code


def test_unknown_key_exits_2_naming_the_key(tmp_path: Path) -> None:
    pyproject(tmp_path, 'selct = ["MLS1"]')
    script = write(tmp_path / "a.py", PICKLE_PY)
    status, out, err = run(str(script))
    assert status == 2 and out == ""
    assert "unknown key 'selct'" in err and "did you mean 'select'" in err and "pyproject.toml" in err


@pytest.mark.parametrize(
    ("table", "named"),
    [
        ('ignore = ["MLS999"]', "ignore: unknown rule code or prefix: MLS999"),
        ('extend-select = ["XYZ1"]', "extend-select: unknown rule code or prefix: XYZ1"),
        (
            'per-file-ignores = {"*.ipynb" = ["MLS77"]}',
            "per-file-ignores '*.ipynb': unknown rule code or prefix: MLS77",
        ),
        ('severity = {MLS998 = "high"}', "severity: unknown rule code or prefix: MLS998"),
        ('severity = {MLS101 = "critical"}', "severity 'MLS101': unknown severity 'critical'"),
        ('fail-on = "urgent"', "fail-on: unknown severity 'urgent'"),
        ('allow-bare-noqa = "yes"', "allow-bare-noqa must be true or false"),
        ('select = "MLS1"', "select must be a list of strings"),
    ],
)
def test_bad_values_exit_2_naming_key_and_code(tmp_path: Path, table: str, named: str) -> None:
    pyproject(tmp_path, table)
    status, _, err = run(str(write(tmp_path / "a.py", PICKLE_PY)))
    assert status == 2 and named in err, err


def test_unknown_code_on_the_command_line_exits_2(tmp_path: Path) -> None:
    status, _, err = run("--isolated", "--extend-select", "MLS1,MLS9", str(tmp_path))
    assert status == 2 and "--extend-select: unknown rule code or prefix: MLS9 " in err


def test_invalid_toml_exits_2(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.mlsafe\nselect = 1\n")
    status, _, err = run(str(write(tmp_path / "a.py", PICKLE_PY)))
    assert status == 2 and "invalid TOML" in err


# ---------------------------------------------------------------------------------------------
# Command line over configuration


def test_cli_select_replaces_config_selection(tmp_path: Path) -> None:
    pyproject(tmp_path, 'select = ["MLS0"]\nignore = ["MLS101"]')
    script = write(tmp_path / "a.py", PICKLE_PY)
    assert codes_at(run(str(script))[1]) == []
    status, out, _ = run("--select", "MLS101", str(script))
    assert codes_at(out) == [f"{script}:3:9 MLS101"] and status == 1


def test_cli_ignore_and_extend_select_add_to_config(tmp_path: Path) -> None:
    pyproject(tmp_path, 'select = ["MLS0"]')
    script = write(tmp_path / "a.py", PICKLE_PY + "x = 1  # noqa: MLS101\n")
    status, out, _ = run("--extend-select", "MLS101", str(script))
    assert codes_at(out) == [f"{script}:3:9 MLS101", f"{script}:4:8 MLS003"] and status == 1
    status, out, _ = run("--extend-select", "MLS101", "--ignore", "MLS003", str(script))
    assert codes_at(out) == [f"{script}:3:9 MLS101"]


def test_resolve_layers() -> None:
    base = resolve(["."], Overrides(isolated=True, select=("MLS1",), ignore=("MLS003",)))
    assert base.select == ("MLS1",) and base.ignore == ("MLS003",)


# ---------------------------------------------------------------------------------------------
# per-file-ignores, exclude, severity, fail-on


def test_per_file_ignores_with_a_notebook_glob(tmp_path: Path) -> None:
    pyproject(tmp_path, 'per-file-ignores = {"*.ipynb" = ["MLS101"], "legacy/*" = ["MLS1"]}')
    nb = write(tmp_path / "notebooks" / "train.ipynb", PICKLE_NB)
    script = write(tmp_path / "train.py", PICKLE_PY)
    old = write(tmp_path / "legacy" / "old.py", PICKLE_PY)
    status, out, _ = run(str(tmp_path))
    assert codes_at(out) == [f"{script}:3:9 MLS101"] and status == 1
    assert str(nb) not in out and str(old) not in out


def test_exclude_applies_to_walks_and_to_named_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pyproject(tmp_path, 'exclude = ["data", "notebooks/scratch_*.ipynb"]')
    kept = write(tmp_path / "notebooks" / "train.ipynb", PICKLE_NB)
    write(tmp_path / "notebooks" / "scratch_1.ipynb", PICKLE_NB)
    write(tmp_path / "data" / "gen" / "x.py", PICKLE_PY)
    monkeypatch.chdir(tmp_path)
    status, out, _ = run(".")
    assert codes_at(out) == ["notebooks/train.ipynb:cell 2:1:9 MLS101"] and "2 files" not in out
    # named on the command line (as pre-commit does): still excluded, like ruff's force-exclude
    status, out, _ = run("notebooks/scratch_1.ipynb", "data/gen/x.py")
    assert codes_at(out) == [] and status == 0
    assert lint_paths([kept], load_config(tmp_path / "pyproject.toml")).files == 1


def test_globs_match_through_a_symlinked_project_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = tmp_path / "real"
    pyproject(real, 'per-file-ignores = {"notebooks/*.ipynb" = ["MLS101"]}')
    write(real / "notebooks" / "a.ipynb", PICKLE_NB)
    (tmp_path / "link").symlink_to(real, target_is_directory=True)
    monkeypatch.chdir(tmp_path / "link")
    assert run("notebooks/a.ipynb") == (0, "All checks passed (1 file scanned).\n", "")
    assert codes_at(run(str(tmp_path / "link" / "notebooks" / "a.ipynb"))[1]) == []


def test_severity_override_is_visible_in_json(tmp_path: Path) -> None:
    pyproject(tmp_path, 'severity = {MLS101 = "low", MLS0 = "high"}')
    script = write(tmp_path / "a.py", PICKLE_PY + "def broken(:\n")
    status, out, _ = run("--format", "json", str(tmp_path / "a.py"))
    findings = json.loads(out)
    assert [(f["code"], f["line"], f["severity"]) for f in findings] == [("MLS001", 4, "high")]
    write(script, PICKLE_PY)
    findings = json.loads(run("--format", "json", str(script))[1])
    assert [(f["code"], f["line"], f["severity"]) for f in findings] == [("MLS101", 3, "low")]


def test_fail_on_sets_the_exit_status_but_findings_are_still_printed(tmp_path: Path) -> None:
    script = write(tmp_path / "a.py", PICKLE_PY)  # MLS101 is medium here (a local path)
    pyproject(tmp_path, 'fail-on = "high"')
    status, out, _ = run(str(script))
    assert codes_at(out) == [f"{script}:3:9 MLS101"] and status == 0
    status, out, _ = run("--fail-on", "medium", str(script))
    assert codes_at(out) == [f"{script}:3:9 MLS101"] and status == 1
    pyproject(tmp_path, 'fail-on = "medium"')
    assert run(str(script))[0] == 1
    assert run("--fail-on", "high", str(script))[0] == 0


def test_allow_bare_noqa(tmp_path: Path) -> None:
    script = write(tmp_path / "a.py", "import pickle\nmodel = pickle.load(f)  # noqa\n")
    assert codes_at(run(str(script))[1]) == [f"{script}:2:9 MLS101"]
    pyproject(tmp_path, "allow-bare-noqa = true")
    assert codes_at(run(str(script))[1]) == []


# ---------------------------------------------------------------------------------------------
# The Config value


def test_config_is_hashable_with_a_stable_digest(tmp_path: Path) -> None:
    table = {"ignore": ["MLS003"], "severity": {"MLS101": "high"}, "per-file-ignores": {"*.ipynb": ["MLS1"]}}
    one, two = config_from_table(table), config_from_table(dict(reversed(list(table.items()))))
    assert one == two and hash(one) == hash(two) and {one: 1}[two] == 1
    assert one.digest() == two.digest() and one.digest().startswith("sha256:")
    assert one.digest() != Config().digest() != config_from_table({"fail-on": "high"}).digest()
    pfi = {"a/*": ["MLS4", "MLS1"], "*.ipynb": ["MLS1"]}
    assert config_from_table({"per-file-ignores": pfi, "exclude": ["b", "a"]}) == config_from_table(
        {"per-file-ignores": dict(reversed(list(pfi.items()))), "exclude": ["a", "b"]}
    )
    code = "from linter.config import Config; print(Config(ignore=('MLS003',)).digest())"
    other_process = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert other_process.stdout.strip() == Config(ignore=("MLS003",)).digest()
    with pytest.raises(AttributeError):
        one.select = ("MLS1",)  # type: ignore[misc]


def test_config_from_table_values() -> None:
    config = config_from_table(
        {
            "select": ["mls1"],
            "extend-select": ["MLS003"],
            "fail-on": "Medium",
            "allow-bare-noqa": True,
            "exclude": ["data/"],
            "severity": {"MLS101": "high"},
        }
    )
    assert config.select == ("MLS1",) and config.extend_select == ("MLS003",)
    assert config.fail_on is Severity.MEDIUM and config.allow_bare_noqa and config.exclude == ("data/",)
    assert config.severity_of("MLS101") is Severity.HIGH and config.severity_of("MLS001") is None
    assert config.selection("x.py") == (("MLS1", "MLS003"), ())
    with pytest.raises(ConfigError, match="unknown key 'per_file_ignores'.*did you mean 'per-file-ignores'"):
        config_from_table({"per_file_ignores": {}})


@pytest.mark.parametrize(
    ("glob", "path", "matches"),
    [
        ("*.ipynb", "notebooks/train.ipynb", True),
        ("*.ipynb", "train.py", False),
        ("data", "data/raw/x.py", True),
        ("data/", "src/data/x.py", True),
        ("legacy/*.ipynb", "legacy/old.ipynb", True),
        ("legacy/*.ipynb", "src/legacy/old.ipynb", False),
        ("**/test_*.py", "test_a.py", True),
        ("**/test_*.py", "pkg/tests/test_a.py", True),
        ("notebooks/scratch", "notebooks/scratch/a.ipynb", True),
    ],
)
def test_glob_matches(glob: str, path: str, matches: bool) -> None:
    assert glob_matches(glob, path) is matches
