"""Finding urls, SARIF's helpUri and informationUri come from mlsafe's own ``[project.urls]``
(read from the installed metadata with importlib.metadata), never from a made-up repository; and
``mlsafe rule CODE`` needs no network (issue 14)."""

from __future__ import annotations

import importlib.metadata
import io
import json
import socket
import sys
from pathlib import Path

import pytest

import linter.links
from linter.api import lint_source
from linter.cli import main
from linter.report import render

ROOT = Path(__file__).resolve().parent.parent


def declared_in_pyproject() -> dict[str, str]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    urls: dict[str, str] = data["project"].get("urls", {})
    return urls


def test_project_urls_are_read_from_the_installed_metadata() -> None:
    """The installed mlsafe (this checkout, installed editable) declares what pyproject.toml says."""
    linter.links.project_urls.cache_clear()
    try:
        installed = importlib.metadata.metadata("mlsafe").get_all("Project-URL") or []
    except importlib.metadata.PackageNotFoundError:
        pytest.skip("mlsafe is not installed")
    assert dict(linter.links.project_urls()) == {
        label.strip(): url.strip() for label, _, url in (e.partition(",") for e in installed)
    }
    declared = declared_in_pyproject()
    assert dict(linter.links.project_urls()) == declared, "reinstall mlsafe: its metadata is stale"


@pytest.mark.parametrize(
    ("urls", "expected"),
    [
        ((("Rules", "https://docs.example.org/mlsafe/rules.html#top"),), "https://docs.example.org/mlsafe/rules.html"),
        ((("Source", "https://github.com/acme/mlsafe/"),), "https://github.com/acme/mlsafe/blob/main/docs/rules.md"),
        (
            (("Homepage", "https://gitlab.com/acme/mlsafe.git"),),
            "https://gitlab.com/acme/mlsafe/blob/main/docs/rules.md",
        ),
        ((("Homepage", "https://mlsafe.example.org"),), ""),
        ((), ""),
    ],
)
def test_docs_url_is_derived_from_the_project_urls(
    monkeypatch: pytest.MonkeyPatch, urls: tuple[tuple[str, str], ...], expected: str
) -> None:
    monkeypatch.setattr(linter.links, "project_urls", lambda: urls)
    assert linter.links.docs_url() == expected
    finding = lint_source("import pickle\npickle.load(f)\n", "a.py").findings[0]
    assert finding.url == (f"{expected}#mls101-pickle-load" if expected else "")


def test_without_project_urls_reports_carry_no_link(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(linter.links, "project_urls", lambda: ())
    result = lint_source("import pickle\npickle.load(f)\n", "a.py", context=True)
    sarif = json.loads(render("sarif", result))
    driver = sarif["runs"][0]["tool"]["driver"]
    assert "informationUri" not in driver
    assert all("helpUri" not in rule for rule in driver["rules"])
    assert "mlsafe/mlsafe" not in render("full", result) + render("html", result) + render("json", result)


def test_sarif_links_follow_the_declared_urls(monkeypatch: pytest.MonkeyPatch) -> None:
    urls = (("Homepage", "https://example.org/mlsafe"), ("Rules", "https://example.org/mlsafe/rules"))
    monkeypatch.setattr(linter.links, "project_urls", lambda: urls)
    sarif = json.loads(render("sarif", lint_source("import pickle\npickle.load(f)\n", "a.py", context=True)))
    driver = sarif["runs"][0]["tool"]["driver"]
    assert driver["informationUri"] == "https://example.org/mlsafe"
    rule = next(r for r in driver["rules"] if r["id"] == "MLS101")
    assert rule["helpUri"] == "https://example.org/mlsafe/rules#mls101-pickle-load"


def test_rule_command_works_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise OSError("network disabled in this test")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    for code in ("MLS101", "B602", "MLS502"):
        out = io.StringIO()
        assert main(["rule", code], stdout=out, stderr=io.StringIO()) == 0
        assert out.getvalue().startswith(f"## {code} ")
        assert "### Use instead" in out.getvalue()
