"""IPython's clean-up of a cell before it reads any magic: the common leading indentation, doctest
prompts (``>>> ``, ``... ``) and IPython prompts (``In [3]: ``, ``   ...: ``) are cut, as
``IPython.core.inputtransformer2.TransformerManager`` does (``leading_indent``, ``classic_prompt``,
``ipython_prompt``, in that order), so a pasted doctest or an indented cell runs, and is analysed.

``strip_prompts(source)`` returns the cell's lines cut and how many characters were cut from the start of
each; nothing is inserted or moved, so columns map back by adding the cut.
"""

from __future__ import annotations

from os.path import commonprefix

from linter.startup.lazy_pattern import lazy_compile

_INDENT = lazy_compile(r"[ \t]*")
_DOCTEST_PS1 = lazy_compile(r"\s*>>>[ \t]?")
_DOCTEST_PS2 = lazy_compile(r"\s*\.\.\.[ \t]?")
_DOCTEST_START = lazy_compile(r"\s*>>>")
_TRIPLE_QUOTE = lazy_compile(r"(?<!\\)(\"\"\"|''')")
_STRING_PREFIX = lazy_compile(r"(?i)[rubf]*")
_IPYTHON_PROMPT = lazy_compile(r"(?:(?:\[nav\]|\[ins\])? )?In \[\d+\]: |\s*\.{3,}: ?")

Cut = tuple[list[str], list[int]]


def strip_prompts(source: str) -> Cut:
    """The lines of a cell with IPython's clean-up applied, and the characters cut from each line's
    start. Most cells start unindented and hold no prompt: they are split and returned at once."""
    lines = source.split("\n")
    cut = [0] * len(lines)
    body = source.lstrip(" \t\r\n")
    start = len(source) - len(body)
    unindented = start == 0 or source[start - 1] == "\n"
    if unindented and ">>>" not in source and "In [" not in source and "...:" not in source:
        return lines, cut
    current = _apply(list(lines), cut, _dedent_cuts(lines))
    current = _apply(current, cut, _doctest_cuts(current))
    return _apply(current, cut, _ipython_prompt_cuts(current)), cut


def _apply(lines: list[str], total: list[int], cuts: list[int] | None) -> list[str]:
    if cuts is None:
        return lines
    for i, n in enumerate(cuts):
        total[i] += n
    return [line[n:] for line, n in zip(lines, cuts, strict=True)]


def _blank(line: str) -> bool:
    return not line.strip(" \t\r")


def _dedent_cuts(lines: list[str], only: range | None = None) -> list[int] | None:
    """``textwrap.dedent``: the common leading spaces and tabs of the non-blank lines (in ``only``)
    are cut, and blank lines lose their spaces and tabs."""
    indices = range(len(lines)) if only is None else only
    margins = [_INDENT.match(lines[i]).group() for i in indices if not _blank(lines[i])]  # type: ignore[union-attr]
    margin = len(commonprefix(margins)) if margins else 0
    if margin == 0:
        return None  # (IPython also empties blank lines then, which changes no statement)
    cuts = [0] * len(lines)
    for i in indices:
        line = lines[i]
        if _blank(line):
            cuts[i] = len(line) - len(line.lstrip(" \t"))
        else:
            cuts[i] = margin
    return cuts if any(cuts) else None


def _in_doctest_string(lines: list[str]) -> list[bool]:
    """Per line: inside a triple-quoted string that is data, not prompted code (``\"\"\"`` opened
    after a ``>>>`` once a prompt was seen is code; a docstring holding a doctest is data)."""
    mask: list[bool] = []
    quote: str | None = None
    preserve = False
    seen_prompt = False
    for line in lines:
        mask.append(quote is not None and preserve)
        for match in _TRIPLE_QUOTE.finditer(line):
            if quote is None:
                quote = match.group(1)
                before = line[: match.start()]
                bare = _DOCTEST_PS2.sub("", _DOCTEST_PS1.sub("", before, count=1), count=1)
                prompted = bare != before and seen_prompt
                preserve = not prompted and _STRING_PREFIX.fullmatch(bare.strip()) is not None
                mask[-1] = preserve
            elif quote == match.group(1):
                quote, preserve = None, False
        seen_prompt = seen_prompt or _DOCTEST_START.match(line) is not None
    return mask


def _doctest_cuts(lines: list[str]) -> list[int] | None:
    """Doctest prompts, cut when a ``>>>`` starts a line outside a data string; then each run of
    lines where prompts were cut loses its common indentation."""
    in_string = _in_doctest_string(lines)
    if not any(not inside and _DOCTEST_START.match(line) for line, inside in zip(lines, in_string, strict=True)):
        return None
    cuts = [0] * len(lines)
    for i, (line, inside) in enumerate(zip(lines, in_string, strict=True)):
        if not inside:
            prompt = _DOCTEST_PS1.match(line) or _DOCTEST_PS2.match(line)
            cuts[i] = prompt.end() if prompt else 0
    stripped = [line[n:] for line, n in zip(lines, cuts, strict=True)]
    start = 0
    while start < len(lines):
        end = start
        while end < len(lines) and in_string[end] == in_string[start]:
            end += 1
        if not in_string[start] and any(cuts[start:end]):
            more = _dedent_cuts(stripped, range(start, end)) or [0] * len(lines)
            for i in range(start, end):
                cuts[i] += more[i]
        start = end
    return cuts


def _has_ipython_prompt(lines: list[str]) -> bool:
    """Whether the first or second line (leading blank lines skipped, as IPython drops them) has an
    ``In [n]:`` or ``...:`` prompt."""
    start = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    return any(_IPYTHON_PROMPT.match(line) for line in lines[start : start + 2])


def _ipython_prompt_cuts(lines: list[str]) -> list[int] | None:
    """``In [n]:`` and ``...:`` prompts, cut from every line when the first or second line has one."""
    if not _has_ipython_prompt(lines):
        return None
    return [(m.end() if (m := _IPYTHON_PROMPT.match(line)) else 0) for line in lines]
