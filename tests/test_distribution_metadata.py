"""The cheap metadata reader agrees with importlib.metadata on installed distributions."""

from __future__ import annotations

import importlib.metadata
from pathlib import Path

import pytest

from linter.startup import distribution_metadata
from linter.startup.distribution_metadata import field_values, header_fields, installed_version, normalised


@pytest.mark.parametrize("name", ["mlsafe", "bandit", "libcst", "packaging"])
def test_agrees_with_importlib_metadata(name: str) -> None:
    expected = importlib.metadata.distribution(name).metadata
    assert installed_version(name) == expected["Version"]
    assert field_values(name, "Project-URL") == tuple(expected.get_all("Project-URL") or ())


def test_a_distribution_that_is_not_installed() -> None:
    assert installed_version("no-such-distribution-mlsafe-test") is None
    assert field_values("no-such-distribution-mlsafe-test", "Version") == ()


def test_header_stops_at_the_body_and_keeps_repeated_fields() -> None:
    text = "Metadata-Version: 2.1\nName: demo\nLicense: one\n        \n  two\nProject-URL: Source, https://example.org/a\nProject-URL: Rules, https://example.org/r\n\nProject-URL: body, not a header\n"
    assert header_fields(text) == (
        ("Metadata-Version", "2.1"),
        ("Name", "demo"),
        ("License", "one"),
        ("Project-URL", "Source, https://example.org/a"),
        ("Project-URL", "Rules, https://example.org/r"),
    )


def test_reads_dist_info_and_egg_info_folders_in_path_order(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    (first / "Demo_Pkg.egg-info").mkdir(parents=True)
    (first / "Demo_Pkg.egg-info" / "PKG-INFO").write_text("Name: Demo-Pkg\nVersion: 1.0\n")
    (second / "demo_pkg-2.0.dist-info").mkdir(parents=True)
    (second / "demo_pkg-2.0.dist-info" / "METADATA").write_text("Name: demo-pkg\nVersion: 2.0\n")
    (second / "not-a-folder.dist-info").write_text("")
    assert normalised("Demo.Pkg") == "demo_pkg"
    read = distribution_metadata._installed_metadata
    assert read("demo-pkg", [str(first), str(second)]) == "Name: Demo-Pkg\nVersion: 1.0\n"
    assert read("demo.pkg", [str(tmp_path / "missing"), str(second)]) == "Name: demo-pkg\nVersion: 2.0\n"
    assert read("other", [str(first), str(second)]) is None
