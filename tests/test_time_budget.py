"""The time budget per file (issue 19): a document that runs over ``timeout-per-file`` is reported
as MLS002 with the time spent, and the run goes on. The slow document is made slow by a rule
injected here (it sleeps in its hook), never by anything in the product."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterable
from pathlib import Path

import pytest

import linter.api as api
from linter.config import Config, ConfigError, config_from_table
from linter.engine.ruleset import RuleSet, ruleset_for_document
from linter.rule import Context, Report, Rule, TextBlock

BUDGET = 0.2
SLEEP = 1.0  # per text block holding the marker: five budgets
MARKER = "SLOW_DOWN"
LOAD = "import pickle\npickle.load(open('m.pkl', 'rb'))\n"
STOPPED = re.compile(
    r"analysis stopped after (\d+\.\d\d) s, over the time budget of 0\.2 s per file \(--timeout-per-file\); not scanned"
)


class SlowRule(Rule):
    """A test-only rule that takes SLEEP seconds on every text block holding MARKER."""

    code = "MLS999"
    name = "slow-rule"

    def check_text(self, block: TextBlock, ctx: Context) -> Iterable[Report]:
        if MARKER in block.text:
            time.sleep(SLEEP)
        return ()


@pytest.fixture
def slow(monkeypatch: pytest.MonkeyPatch) -> None:
    def with_slow_rule(config: Config, document: api.Document) -> RuleSet:
        base = ruleset_for_document(document, *config.selection(document.path))
        return RuleSet.build((*base.rules, SlowRule()), known=base.known, selected=base.selected)

    monkeypatch.setattr(api, "_ruleset", with_slow_rule)


def _stopped(findings: Iterable[api.Finding], name: str) -> float:
    (finding,) = [f for f in findings if Path(f.location.path).name == name]
    assert (finding.code, finding.location.cell, finding.location.line, finding.location.column) == (
        "MLS002",
        None,
        1,
        1,
    )
    match = STOPPED.fullmatch(finding.message)
    assert match, finding.message
    return float(match.group(1))


@pytest.mark.usefixtures("slow")
def test_slow_file_is_reported_with_the_time_spent_and_the_run_goes_on(tmp_path: Path) -> None:
    (tmp_path / "a_before.py").write_text(LOAD)
    (tmp_path / "slow.py").write_text(f"# {MARKER}\n" + LOAD)
    (tmp_path / "z_after.py").write_text(LOAD)
    started = time.monotonic()
    result = api.lint_paths([tmp_path], Config(timeout_per_file=BUDGET))
    assert time.monotonic() - started < SLEEP * 3  # the sleeping hook was interrupted
    spent = _stopped(result.findings, "slow.py")
    assert BUDGET <= spent < SLEEP
    for name in ("a_before.py", "z_after.py"):
        assert [(f.code, f.location.line) for f in result.findings if Path(f.location.path).name == name] == [
            ("MLS101", 2)
        ]


@pytest.mark.usefixtures("slow")
def test_budget_holds_in_a_worker_thread(tmp_path: Path) -> None:
    """The Jupyter route and a language server lint in threads, where no alarm signal can be used:
    the engine's checkpoint after the slow step stops the document."""
    notebook = {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": MARKER},
            {"cell_type": "code", "metadata": {}, "outputs": [], "source": LOAD},
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    results: list[api.Result] = []
    worker = threading.Thread(
        target=lambda: results.append(api.lint_notebook(notebook, "live.ipynb", Config(timeout_per_file=BUDGET)))
    )
    worker.start()
    worker.join(60)
    assert not worker.is_alive()
    spent = _stopped(results[0].findings, "live.ipynb")
    assert spent >= SLEEP  # the step itself cannot be interrupted in a thread; the next checkpoint stops
    assert [f.code for f in results[0].findings] == ["MLS002"]


@pytest.mark.usefixtures("slow")
def test_no_budget_lets_the_slow_file_finish(tmp_path: Path) -> None:
    (tmp_path / "slow.py").write_text(f"# {MARKER}\n" + LOAD)
    result = api.lint_paths([tmp_path], Config(timeout_per_file=0))
    assert [(f.code, f.location.line) for f in result.findings] == [("MLS101", 3)]


@pytest.mark.usefixtures("slow")
def test_timed_out_result_is_not_cached(tmp_path: Path) -> None:
    (tmp_path / "slow.py").write_text(f"# {MARKER}\n" + LOAD)
    cache = tmp_path / "cache"
    first = api.lint_paths([tmp_path / "slow.py"], Config(timeout_per_file=BUDGET), cache_dir=cache)
    assert [f.code for f in first.findings] == ["MLS002"]
    second = api.lint_paths([tmp_path / "slow.py"], Config(timeout_per_file=0), cache_dir=cache)
    assert [(f.code, f.location.line) for f in second.findings] == [("MLS101", 3)]


def test_cli_option_and_configuration_key(tmp_path: Path) -> None:
    from linter.cli import main

    assert config_from_table({"timeout-per-file": 5}).timeout_per_file == 5.0
    assert Config().timeout_per_file == 60.0
    with pytest.raises(ConfigError, match="timeout-per-file must be a number"):
        config_from_table({"timeout-per-file": "soon"})
    (tmp_path / "ok.py").write_text("x = 1\n")
    assert main(["check", "--no-cache", "--timeout-per-file", "-1", str(tmp_path)]) == 2
    assert main(["check", "--no-cache", "--timeout-per-file", "0.5", str(tmp_path)]) == 0
