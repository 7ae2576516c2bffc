"""The GitHub Action (action.yml): valid against the action metadata schema, and its steps run here on
test_notebooks/ as a runner would run them (tests/action_runner.py), installing the mlsafe wheel that
``python -m build`` makes into a fresh virtual environment. The ``uses:`` steps (actions/cache,
github/codeql-action/upload-sarif) need GitHub: what they would get is checked instead.

Slow: the wheel build and one install into a fresh venv (about a minute together on a busy 2-core
machine); the later runs reuse that venv.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import jsonschema
import pytest
import yaml
from action_runner import StepResult, run_action

from linter import __version__
from linter.report import formats

ROOT = Path(__file__).resolve().parent.parent
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))


def schema(name: str) -> dict[str, Any]:
    """A SchemaStore schema as vendored by check-jsonschema (github-actions.json is GitHub's action
    metadata syntax, github-workflows.json its workflow syntax, gitlab-ci.json GitLab's)."""
    text = files("check_jsonschema.builtin_schemas.vendor").joinpath(name).read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def schema_errors(document: Any, name: str) -> list[str]:
    validator = jsonschema.validators.validator_for(schema(name))(schema(name))
    return [f"{list(error.absolute_path)}: {error.message}" for error in validator.iter_errors(document)]


def test_action_yml_is_valid_action_metadata() -> None:
    assert schema_errors(ACTION, "github-actions.json") == []
    assert ACTION["runs"]["using"] == "composite"
    # The schema check can fail: a composite `run` step without `shell` is invalid metadata.
    broken = copy.deepcopy(ACTION)
    del broken["runs"]["steps"][0]["shell"]
    assert schema_errors(broken, "github-actions.json") != []


def test_expressions_name_declared_inputs_and_earlier_steps() -> None:
    steps = ACTION["runs"]["steps"]
    text = (ROOT / "action.yml").read_text(encoding="utf-8")
    used_inputs = set(re.findall(r"inputs\.([\w-]+)", text))
    assert used_inputs == set(ACTION["inputs"]), "every input used, and only declared ones"
    seen: set[str] = set()
    for step in steps:
        referenced = set(re.findall(r"steps\.([\w-]+)\.outputs", json.dumps(step)))
        assert referenced <= seen, f"{step['name']} reads a step that has not run: {referenced - seen}"
        seen.add(step.get("id", ""))
        # Inputs reach scripts through env only: a path like `$(curl evil)` stays data.
        assert "${{" not in step.get("run", ""), step["name"]
    outputs = {name: spec["value"] for name, spec in ACTION["outputs"].items()}
    assert outputs["sarif-file"] == "${{ steps.scan.outputs.sarif-file }}"


def test_uses_are_pinned_to_a_major_version() -> None:
    uses = [step["uses"] for step in ACTION["runs"]["steps"] if "uses" in step]
    assert uses == ["actions/cache@v4", "github/codeql-action/upload-sarif@v4"]


@pytest.fixture(scope="module")
def runner_temp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One RUNNER_TEMP for the module: the first run installs into a fresh venv, later runs reuse it."""
    return tmp_path_factory.mktemp("runner-temp")


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A repository checkout holding the sample notebooks (a copy: the run writes .mlsafe_cache)."""
    checkout = tmp_path / "checkout"
    shutil.copytree(ROOT / "test_notebooks", checkout / "test_notebooks", ignore=shutil.ignore_patterns("*.expected"))
    return checkout


def by_name(results: list[StepResult]) -> dict[str, StepResult]:
    return {result.name: result for result in results}


def wheel(dist: Path) -> Path:
    (built,) = dist.glob("mlsafe-*.whl")
    return built


def test_steps_scan_test_notebooks_upload_sarif_and_fail_on_findings(
    mlsafe_dist: Path, runner_temp: Path, workspace: Path
) -> None:
    inputs = {"paths": "test_notebooks", "install": str(wheel(mlsafe_dist))}
    steps = by_name(run_action(ACTION, ROOT, inputs, workspace, runner_temp))

    install = steps["Install mlsafe"]
    assert install.status == "success", install.stdout
    assert install.outputs["version"] == __version__
    assert Path(install.outputs["bin"]) == runner_temp / "mlsafe-venv" / "bin"

    scan = steps["Run mlsafe check"]
    assert scan.status == "success", scan.stdout
    assert scan.outputs["exit-code"] == "1"
    sarif = Path(scan.outputs["sarif-file"])
    assert sarif == workspace / "mlsafe.sarif"
    report = json.loads(sarif.read_text(encoding="utf-8"))
    located = {
        (
            result["ruleId"],
            result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            result["properties"].get("cell"),
            result["properties"].get("cellLine"),
        )
        for result in report["runs"][0]["results"]
    }
    assert ("MLS101", "test_notebooks/model_loading.ipynb", 3, 5) in located
    assert report["runs"][0]["tool"]["driver"]["version"] == __version__

    cache = steps["Restore the mlsafe cache"]
    config_hash = steps["Cache key of the configuration"].outputs["config"]
    assert cache.with_["path"] == str(workspace / ".mlsafe_cache")
    assert (workspace / ".mlsafe_cache").is_dir()  # what the cache step saves after the job
    assert cache.with_["key"] == f"mlsafe-Linux-{__version__}-{config_hash}-{'0' * 40}"
    assert cache.with_["restore-keys"].strip() == f"mlsafe-Linux-{__version__}-{config_hash}-"

    upload = steps["Upload the report to code scanning"]
    assert upload.status == "success" and upload.uses == "github/codeql-action/upload-sarif@v4"
    assert upload.with_ == {"sarif_file": str(sarif), "category": "mlsafe"}

    fail = steps["Fail on findings"]
    assert fail.status == "failure"
    assert "::error title=mlsafe::mlsafe found risks" in fail.stdout


def test_fail_on_never_reports_without_failing_and_config_changes_the_cache_key(
    mlsafe_dist: Path, runner_temp: Path, workspace: Path
) -> None:
    inputs = {"paths": "test_notebooks", "install": str(wheel(mlsafe_dist))}
    before = by_name(run_action(ACTION, ROOT, inputs, workspace, runner_temp))
    (workspace / "pyproject.toml").write_text('[tool.mlsafe]\nignore = ["MLS4"]\n', encoding="utf-8")
    after = by_name(run_action(ACTION, ROOT, {**inputs, "fail-on": "never"}, workspace, runner_temp))

    key = "Cache key of the configuration"
    assert before[key].outputs["config"] != after[key].outputs["config"]
    assert after["Run mlsafe check"].outputs["exit-code"] == "0"
    assert after["Fail on findings"].status == "success"
    results = json.loads((workspace / "mlsafe.sarif").read_text(encoding="utf-8"))["runs"][0]["results"]
    rules = {result["ruleId"] for result in results}
    assert "MLS101" in rules and not any(rule.startswith("MLS4") for rule in rules)  # the config was read
    assert {result["properties"]["severity"] for result in results} == {"low", "medium", "high"}

    high = by_name(run_action(ACTION, ROOT, {**inputs, "severity": "high", "fail-on": "high"}, workspace, runner_temp))
    assert high[key].outputs["config"] != after[key].outputs["config"]  # the severity is part of the key
    assert high["Run mlsafe check"].outputs["exit-code"] == "1"
    results = json.loads((workspace / "mlsafe.sarif").read_text(encoding="utf-8"))["runs"][0]["results"]
    assert {result["properties"]["severity"] for result in results} == {"high"}
    located = {
        (result["ruleId"], result["properties"].get("cell"), result["properties"].get("cellLine")) for result in results
    }
    assert ("MLS101", 3, 5) in located  # model_loading.ipynb's pickle.load of a downloaded file


def test_inputs_are_data_not_shell_code(mlsafe_dist: Path, runner_temp: Path, workspace: Path) -> None:
    inputs = {
        "paths": "test_notebooks/model_loading.ipynb;touch${IFS}pwned $(touch pwned2)",
        "install": str(wheel(mlsafe_dist)),
        "cache": "false",
        "upload-sarif": "false",
    }
    steps = by_name(run_action(ACTION, ROOT, inputs, workspace, runner_temp))
    assert not (workspace / "pwned").exists() and not (workspace / "pwned2").exists()
    assert steps["Cache key of the configuration"].status == "skipped"
    assert steps["Restore the mlsafe cache"].status == "skipped"
    assert steps["Upload the report to code scanning"].status == "skipped"
    scan = steps["Run mlsafe check"]
    assert scan.status == "success" and scan.outputs["exit-code"] == "1", scan.stdout
    results = json.loads((workspace / "mlsafe.sarif").read_text(encoding="utf-8"))["runs"][0]["results"]
    missing = {
        unquote(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"])
        for result in results
        if result["ruleId"] == "MLS002"
    }
    # Split on whitespace only, each word a path that does not exist (MLS002), nothing run.
    assert {"test_notebooks/model_loading.ipynb;touch${IFS}pwned", "$(touch", "pwned2)"} <= missing
    assert steps["Fail on findings"].status == "failure"


def docs_blocks(lang: str = "yaml") -> list[Any]:
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    blocks = re.findall(rf"^```{lang}\n(.*?)^```", text, re.MULTILINE | re.DOTALL)
    return [yaml.safe_load(block) for block in blocks]


def workflow(document: dict[Any, Any]) -> dict[Any, Any]:
    """YAML 1.1 reads the key `on` as True; GitHub reads it as "on"."""
    return {("on" if key is True else key): value for key, value in document.items()}


def test_documented_workflows_are_valid_and_use_this_action() -> None:
    workflows = [workflow(block) for block in docs_blocks() if isinstance(block, dict) and True in block]
    assert len(workflows) == 2  # one repository; the organisation's matrix
    for document in workflows:
        assert schema_errors(document, "github-workflows.json") == []
        (job,) = document["jobs"].values()
        (step,) = [step for step in job["steps"] if step.get("uses", "").startswith("mlsafe/mlsafe@")]
        assert step["uses"] == f"mlsafe/mlsafe@v{__version__}"
        assert set(step.get("with", {})) <= set(ACTION["inputs"])
    per_repo, org = workflows
    assert per_repo["permissions"]["security-events"] == "write"
    assert org["jobs"]["scan"]["strategy"]["fail-fast"] is False and org["jobs"]["scan"]["strategy"]["matrix"]["repo"]
    upload = org["jobs"]["scan"]["steps"][-1]["run"]
    assert "code-scanning/sarifs" in upload and "--input" in upload


def test_documented_gitlab_job_is_valid_and_writes_the_code_quality_report() -> None:
    (pipeline,) = [block for block in docs_blocks() if isinstance(block, dict) and "mlsafe" in block]
    assert schema_errors(pipeline, "gitlab-ci.json") == []
    job = pipeline["mlsafe"]
    report = job["artifacts"]["reports"]["codequality"]
    (check,) = [line for line in job["script"] if line.startswith("mlsafe check")]
    args = check.split()
    assert "gitlab" in formats()  # mlsafe check --format gitlab: GitLab Code Quality JSON
    assert args[args.index("--format") + 1] == "gitlab" and args[args.index("--output-file") + 1] == report
    assert f"@v{__version__}" in job["script"][0]
