"""The visible text of an HTML output (a pandas table, a rich display), for the output hooks.
Imported by :mod:`linter.sources.outputs` when an output has HTML, so runs over code alone never
load ``html.parser``."""

from __future__ import annotations

import html.parser


class _HTMLText(html.parser.HTMLParser):
    """Collects the text of an HTML fragment; table cells end with a tab, rows with a newline."""

    _BLOCKS = frozenset({"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "thead", "tbody", "table"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag in ("td", "th"):
            self.parts.append("\t")
        elif tag == "tr" or tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data.strip("\n") if data.strip() else "")


def html_text(markup: str) -> str:
    """The visible text of an HTML output, one table row a line, cells separated by tabs."""
    parser = _HTMLText()
    try:
        parser.feed(markup)
        parser.close()
    except (AssertionError, ValueError):  # malformed markup: fall back to the raw text
        return markup
    lines = ("\t".join(cell.strip() for cell in row.split("\t")).strip() for row in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)
