"""What a document's path says about it."""

from __future__ import annotations

TEST_FOLDERS = frozenset({"tests", "test", "testing"})


def is_test_path(path: str) -> bool:
    """Whether ``path`` (``/`` or ``\\`` separated, relative or absolute) is test code, which is
    never deployed as is. Test code is a file:

    - in a folder named ``tests``, ``test`` or ``testing``, at any depth (``tests/data/app.py``,
      ``src/test/conftest.py``); ``tests_old/`` and ``test_data/`` are not such folders;
    - or named ``test_*`` (``test_app.py``, ``test_notebook.ipynb``), ``*_test.py`` or
      ``conftest.py``.

    Names are compared as written (``Tests/`` and ``Test_app.py`` are not test code).
    """
    parts = path.replace("\\", "/").split("/")
    name = parts[-1]
    return (
        any(part in TEST_FOLDERS for part in parts[:-1])
        or name.startswith("test_")
        or name.endswith("_test.py")
        or name == "conftest.py"
    )
