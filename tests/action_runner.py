"""Runs a composite GitHub Action's steps on this machine, as a runner would, for tests/test_action.py.

``run:`` steps run in bash (GitHub's ``bash --noprofile --norc -eo pipefail {0}``) with their
``env:``, ``working-directory``, ``GITHUB_OUTPUT`` and ``RUNNER_TEMP``; ``uses:`` steps are not run
(they need GitHub), their ``with:`` values are resolved and recorded for the test to check. Step
``if:`` conditions and ``${{ }}`` expressions are evaluated for the subset GitHub's expression
syntax that action.yml uses: contexts ``inputs``, ``github``, ``runner``, ``steps``, string literals,
``==``, ``!=``, ``&&``, ``||``, ``!``, parentheses and the status functions. Anything else raises.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

TOKEN = re.compile(r"\s*(?:(?P<string>'(?:[^']|'')*')|(?P<op>==|!=|&&|\|\||!|\(|\))|(?P<name>[A-Za-z_][\w.-]*))")
EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}")


@dataclass
class StepResult:
    name: str
    status: str  # "success", "failure" or "skipped"
    outputs: dict[str, str] = field(default_factory=dict)
    uses: str | None = None
    with_: dict[str, str] = field(default_factory=dict)
    stdout: str = ""


class Expression:
    """One ``${{ }}`` expression: GitHub's operators over strings, with its truthiness rules."""

    def __init__(self, text: str, context: dict[str, Any], failed: bool) -> None:
        self.tokens = self._tokens(text)
        self.context = context
        self.failed = failed
        self.index = 0

    @staticmethod
    def _tokens(text: str) -> list[str]:
        tokens, position = [], 0
        while text[position:].strip():
            match = TOKEN.match(text, position)
            if not match:
                raise ValueError(f"unsupported expression: {text!r}")
            tokens.append(match.group(match.lastgroup or ""))
            position = match.end()
        return tokens

    def evaluate(self) -> Any:
        value = self._or()
        if self.index != len(self.tokens):
            raise ValueError(f"unexpected {self.tokens[self.index]!r}")
        return value

    def _peek(self) -> str | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def _take(self) -> str:
        self.index += 1
        return self.tokens[self.index - 1]

    def _or(self) -> Any:
        value = self._and()
        while self._peek() == "||":
            self._take()
            right = self._and()
            value = value if truthy(value) else right
        return value

    def _and(self) -> Any:
        value = self._unary()
        while self._peek() == "&&":
            self._take()
            right = self._unary()
            value = right if truthy(value) else value
        return value

    def _unary(self) -> Any:
        if self._peek() == "!":
            self._take()
            return not truthy(self._unary())
        left = self._primary()
        if self._peek() in ("==", "!="):
            operator, right = self._take(), self._primary()
            equal = str(left).lower() == str(right).lower()  # GitHub compares strings ignoring case
            return equal if operator == "==" else not equal
        return left

    def _primary(self) -> Any:
        token = self._take()
        if token == "(":
            value = self._or()
            assert self._take() == ")"
            return value
        if token.startswith("'"):
            return token[1:-1].replace("''", "'")
        if self._peek() == "(":
            self._take()
            assert self._take() == ")", "only functions without arguments"
            return {"always": True, "success": not self.failed, "failure": self.failed, "cancelled": False}[token]
        value: Any = self.context
        for part in token.split("."):
            if not isinstance(value, dict):
                raise ValueError(f"cannot read {token}")
            value = value.get(part, "")
        return value


def truthy(value: Any) -> bool:
    return value not in ("", False, None, 0)


def text(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def substitute(template: str, context: dict[str, Any], failed: bool = False) -> str:
    return EXPRESSION.sub(lambda match: text(Expression(match.group(1), context, failed).evaluate()), template)


def condition(source: str | None, context: dict[str, Any], failed: bool) -> bool:
    if source is None:
        return not failed
    inner = source.strip()
    if inner.startswith("${{") and inner.endswith("}}"):
        inner = inner[3:-2]
    return truthy(Expression(inner, context, failed).evaluate())


def read_outputs(path: Path) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    return dict(line.split("=", 1) for line in lines if "=" in line)


def run_action(
    action: dict[str, Any], action_path: Path, inputs: dict[str, str], workspace: Path, runner_temp: Path
) -> list[StepResult]:
    """Every step of ``action`` (parsed action.yml), in order, with ``inputs`` over the defaults."""
    declared = action.get("inputs", {})
    unknown = set(inputs) - set(declared)
    assert not unknown, f"inputs not declared in action.yml: {unknown}"
    context: dict[str, Any] = {
        "inputs": {name: text(spec.get("default", "")) for name, spec in declared.items()} | inputs,
        "github": {"action_path": str(action_path), "sha": "0" * 40, "workspace": str(workspace)},
        "runner": {"temp": str(runner_temp), "os": "Linux"},
        "steps": {},
    }
    results: list[StepResult] = []
    failed = False
    for number, step in enumerate(action["runs"]["steps"]):
        name = step.get("name", f"step {number}")
        if not condition(step.get("if"), context, failed):
            results.append(StepResult(name, "skipped"))
            continue
        result = _uses(step, name, context) if "uses" in step else _run(step, name, context, workspace, number)
        results.append(result)
        failed = failed or result.status == "failure"
        if "id" in step:
            context["steps"][step["id"]] = {"outputs": result.outputs, "outcome": result.status}
    return results


def _uses(step: dict[str, Any], name: str, context: dict[str, Any]) -> StepResult:
    resolved = {key: substitute(text(value), context) for key, value in step.get("with", {}).items()}
    return StepResult(name, "success", uses=step["uses"], with_=resolved)


def _run(step: dict[str, Any], name: str, context: dict[str, Any], workspace: Path, number: int) -> StepResult:
    assert step.get("shell") == "bash", f"{name}: the local runner only runs bash steps"
    assert "${{" not in step["run"], f"{name}: an expression pasted into the script"
    runner_temp = Path(context["runner"]["temp"])
    output_file = runner_temp / f"output-{number}"
    output_file.write_text("", encoding="utf-8")
    script = runner_temp / f"step-{number}.sh"
    script.write_text(step["run"], encoding="utf-8")
    env = {
        **os.environ,
        "GITHUB_OUTPUT": str(output_file),
        "RUNNER_TEMP": str(runner_temp),
        "GITHUB_WORKSPACE": str(workspace),
    }
    env.update({key: substitute(text(value), context) for key, value in step.get("env", {}).items()})
    cwd = workspace / substitute(step.get("working-directory", "."), context)
    proc = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    status = "success" if proc.returncode == 0 else "failure"
    return StepResult(name, status, outputs=read_outputs(output_file), stdout=proc.stdout + proc.stderr)
