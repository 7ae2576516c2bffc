"""Requirements files include others (``-r base.txt``, ``-c constraints.txt``, relative to the
including file). Rules never read files, so the reader follows includes: :func:`read_with_includes`
reads the files a walk found and then every file they include, transitively, each once (a cycle
guard on resolved paths), as requirements documents scanned on their own. An include that cannot be
read becomes an MLS002 finding on the included path; URLs and ``$VAR`` paths are not followed."""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path

from linter.sources.document import Document, DocumentKind
from linter.sources.reading import kind_of, read_path

INCLUDE_KINDS = ("requirements-file", "constraints-file")


def includes(document: Document) -> tuple[str, ...]:
    """The local files a requirements document includes, as written (URLs and variables skipped)."""
    if document.kind != "requirements":
        return ()
    from linter.kit.install_commands import parse_requirements  # with packaging: only for requirements files

    found: list[str] = []
    for line in parse_requirements(document.text):
        target = line.target
        if target is None or target.kind not in INCLUDE_KINDS or not target.name:
            continue
        if "://" in target.name or "$" in target.name:
            continue
        found.append(target.name)
    return tuple(found)


def _key(path: Path) -> str:
    try:
        return str(path.resolve())
    except (OSError, RuntimeError):
        return os.path.abspath(path)


def plan_with_includes(files: Iterable[Path]) -> list[tuple[Path, DocumentKind | None]]:
    """(path, kind) of ``files`` in order, then of the requirements files they include
    (transitively), as :func:`read_with_includes` would read them; only requirements files are
    read here (to find their includes)."""
    queue: deque[tuple[Path, DocumentKind | None]] = deque((path, None) for path in files)
    seen = {_key(path) for path, _ in queue}
    plan: list[tuple[Path, DocumentKind | None]] = []
    while queue:
        path, kind = queue.popleft()
        plan.append((path, kind))
        if (kind or kind_of(str(path))) != "requirements":
            continue
        for name in includes(read_path(path, kind=kind)):
            included = Path(os.path.normpath(path.parent / name))
            key = _key(included)
            if key not in seen:
                seen.add(key)
                queue.append((included, "requirements"))
    return plan


def read_with_includes(files: Iterable[Path]) -> Iterator[Document]:
    """Documents of ``files`` in order, then of the requirements files they include (transitively)."""
    for path, kind in plan_with_includes(files):
        yield read_path(path, kind=kind)
