"""The flake8 plugin: ``flake8`` reports mlsafe's MLS findings for Python files.

Registered as the ``MLS`` entry point of ``flake8.extension``, so flake8's ``--select``,
``--extend-select``, ``--ignore``, ``--per-file-ignores`` and ``# noqa: MLS101`` apply as to any
plugin. A thin adapter over :func:`linter.api.lint_source`, run on the lines flake8 read (so
``flake8 -`` on standard input works too).

flake8 reads Python files only: handed a notebook it parses the JSON text as a Python expression, so
this plugin reports nothing for ``.ipynb`` files (nor for requirements files); ``mlsafe check``
scans those. The bandit checks (``B602``...) are left to ``mlsafe check`` as well: flake8's ``B``
prefix belongs to flake8-bugbear, and flake8-bandit already brings bandit to flake8 as ``S`` codes.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from linter import __version__

FLAKE8_SELECT = ("MLS",)


class MlsafeChecker:
    """flake8 calls ``run()`` once per file and reports each ``(line, column, text, type)``; flake8's
    columns are 0-based, mlsafe's 1-based."""

    name = "mlsafe"
    version = __version__

    def __init__(self, tree: Any, filename: str, lines: Sequence[str]) -> None:
        self.filename = filename
        self.lines = lines

    def run(self) -> Iterator[tuple[int, int, str, type[MlsafeChecker]]]:
        from linter.api import lint_source
        from linter.config import Config
        from linter.sources.reading import kind_of

        if kind_of(self.filename) != "python":
            return
        result = lint_source("".join(self.lines), path=self.filename, config=Config(select=FLAKE8_SELECT))
        for finding in result.findings:
            location = finding.location
            yield location.line, max(location.column - 1, 0), f"{finding.code} {finding.message}", type(self)
