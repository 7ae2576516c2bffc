"""MLS107's message names the repository when it is a literal, and reads as a sentence when it is not."""

from __future__ import annotations

from linter.api import lint_source


def _messages(source: str) -> list[str]:
    return [f.message for f in lint_source(source, "x.py").findings if f.code == "MLS107"]


def test_literal_repository_is_named() -> None:
    (message,) = _messages("import torch\nmodel = torch.hub.load('someone/repo', 'net')\n")
    assert message.startswith("`torch.hub.load` of 'someone/repo' runs the repository's hubconf.py")


def test_repository_from_a_parameter_leaves_no_dangling_of() -> None:
    (message,) = _messages("import torch\n\ndef get(repo):\n    return torch.hub.load(repo, 'net')\n")
    assert message.startswith("`torch.hub.load` runs the repository's hubconf.py")
