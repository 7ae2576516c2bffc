"""Text shared by the documentation of several bandit checks (XML parsers, shell plugins)."""

from __future__ import annotations

SHELL = "bandit.plugins.injection_shell"


XML_FIX = (
    "Parse untrusted XML with `defusedxml` (`defusedxml.ElementTree.parse`, "
    "`defusedxml.minidom.parseString`...), a drop-in replacement that refuses entity expansion and "
    "external entities."
)


XML_WHY = (
    "The standard library's XML parsers expand entities: a crafted document can exhaust memory "
    '("billion laughs") or, with some parsers, read local files. Datasets and annotations '
    "downloaded from the internet (Pascal VOC, sitemaps, RSS) are untrusted input."
)
