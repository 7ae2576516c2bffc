"""Links to mlsafe's documentation, from the ``[project.urls]`` of the installed distribution
(its ``Project-URL`` metadata, read by :mod:`linter.startup.distribution_metadata`), never from a hard-coded repository.
Light on purpose: the result cache's salt reads :func:`docs_url` without loading the engine."""

from __future__ import annotations

import functools
import re

from linter.startup.distribution_metadata import field_values


@functools.lru_cache(maxsize=1)
def project_urls() -> tuple[tuple[str, str], ...]:
    """The ``[project.urls]`` of the installed mlsafe (``Project-URL`` entries of its metadata):
    (label, url) pairs; none when mlsafe is not installed."""
    pairs = (entry.partition(",") for entry in field_values("mlsafe", "Project-URL"))
    return tuple((label.strip(), url.strip()) for label, _, url in pairs if url.strip())


def project_url(*labels: str) -> str:
    """The first project URL whose label is one of ``labels`` (case and punctuation ignored), or ''."""
    wanted = [re.sub(r"[^a-z]", "", label.lower()) for label in labels]
    found = {re.sub(r"[^a-z]", "", label.lower()): url for label, url in project_urls()}
    return next((found[label] for label in wanted if label in found), "")


def docs_url() -> str:
    """Where docs/rules.md is published: the ``Rules`` project URL, else ``docs/rules.md`` in the
    GitHub or GitLab repository named by ``Source``/``Repository``/``Homepage``; '' when the
    project declares neither (findings then carry no link)."""
    rules = project_url("Rules")
    if rules:
        return rules.split("#", 1)[0]
    repository = project_url("Source", "Repository", "Source Code", "Homepage").rstrip("/")
    if re.match(r"https://(?:github\.com|gitlab\.com)/[^/]+/[^/]+$", repository):
        return f"{repository.removesuffix('.git')}/blob/main/docs/rules.md"
    return ""
