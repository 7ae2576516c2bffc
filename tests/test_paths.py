"""linter.kit.is_test_path: the one test-code predicate of the rules (MLS202/203 lower, MLS301/302
lower, MLS303 skips, MLS503 lowers what they find in test code)."""

from __future__ import annotations

import pytest

from linter.kit import is_test_path


@pytest.mark.parametrize(
    "path",
    [
        "tests/app.py",
        "test/app.py",
        "testing/app.py",
        "src/tests/data/settings.py",
        "/home/me/project/tests/fixtures.ipynb",
        "tests\\app.py",
        "C:\\project\\test\\app.py",
        "test_app.py",
        "src/test_app.py",
        "test_notebook.ipynb",
        "test_",
        "app_test.py",
        "pkg/app_test.py",
        "conftest.py",
        "src\\conftest.py",
        "tests/",
    ],
)
def test_test_code(path: str) -> None:
    assert is_test_path(path)


@pytest.mark.parametrize(
    "path",
    [
        "",
        "app.py",
        "tests",  # a file named tests, in no test folder
        "tests.py",
        "testing.py",
        "test.py",
        "contest.py",
        "latest/app.py",
        "tests_old/app.py",
        "test_data/app.py",
        "test_notebooks/demo.ipynb",
        "mytests/app.py",
        "Tests/app.py",
        "Test_app.py",
        "app_test.ipynb",
        "app_tests.py",
        "conftest.pyc",
        "notebooks/attest.ipynb",
    ],
)
def test_not_test_code(path: str) -> None:
    assert not is_test_path(path)
