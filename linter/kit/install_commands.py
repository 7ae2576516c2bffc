"""Parse package-install commands and requirements files into exact, located pieces (pure functions).

A shell command (the text of a ``!pip install ...`` line, a ``%pip``/``%conda`` magic, one logical
line of a ``%%bash`` cell, or a string passed to ``os.system``/``subprocess``) is split into words
by :func:`tokenize`, a small POSIX-shell lexer that keeps, for every character of a word's value,
its offset in the text (so ``"torch>=2"`` points at ``t``, backslash-newline continuations and
quotes included). Words are grouped into commands at ``&&``, ``||``, ``;``, ``|``, ``&``, newlines
and parentheses; :func:`install_of` recognises ``pip``/``pip3``/``python -m pip``/``uv pip``/
``conda``/``mamba``/``micromamba`` installs and classifies each target with ``packaging``
(requirement, VCS, URL, local path or wheel, editable, ``-r``/``-c`` file, dynamic ``$VAR``/``{var}``).
:func:`remote_executions` finds ``curl ... | sh``-style pipelines. :func:`parse_requirements` reads
the lines of a requirements/constraints file the way pip does (comments, continuations, option lines,
per-requirement ``--hash`` options, markers). Nothing here reads files or runs anything.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from linter.startup.lazy_pattern import lazy_compile

if TYPE_CHECKING:  # packaging is imported when a target is classified: most documents install nothing
    from packaging.requirements import Requirement

OPERATORS = ("&&", "||", "|&", ";;", "<(", ">(", "$(", ";", "|", "&", "(", ")", "\n")
_REDIRECTS = (">>", ">&", "&>", "<<<", "<<", "<", ">")
# The characters an operator or a redirection starts with: any other character is part of a word.
_OPERATOR_STARTS = frozenset(op[0] for op in (*OPERATORS, *_REDIRECTS))
_HEX40 = lazy_compile(r"[0-9a-fA-F]{40}")
_VCS_PREFIXES = ("git+", "hg+", "svn+", "bzr+")
_ARCHIVE = lazy_compile(
    r"^https?://(?:github\.com|gitlab\.com)/[^/]+/[^/]+/(?:-/)?archive/(?:refs/(?:heads|tags)/)?(?P<ref>.+?)(?:\.zip|\.tar\.gz|\.tgz)$"
)
_NAME = lazy_compile(r"[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?")
_PYTHON = lazy_compile(r"^(?:python(?:\d+(?:\.\d+)*)?|py|\{sys\.executable\}|\$\{?PYTHON\}?|\{python\})$")
_PIP = lazy_compile(r"^pip(?:\d+(?:\.\d+)*)?$")
_ASSIGNMENT = lazy_compile(r"^[A-Za-z_]\w*=")
_CONDA_SPEC = lazy_compile(r"^(?:(?P<channel>[\w./:-]+)::)?(?P<name>[A-Za-z0-9_][A-Za-z0-9_.\-]*)(?P<spec>.*)$")
_LOCAL_ARCHIVE = (".whl", ".tar.gz", ".zip", ".tar.bz2", ".tgz", ".egg")

PIP_VALUED = frozenset(
    {
        "-r",
        "--requirement",
        "-c",
        "--constraint",
        "-e",
        "--editable",
        "-i",
        "--index-url",
        "--extra-index-url",
        "-f",
        "--find-links",
        "--trusted-host",
        "-t",
        "--target",
        "--prefix",
        "--root",
        "--src",
        "--platform",
        "--python-version",
        "--implementation",
        "--abi",
        "--upgrade-strategy",
        "--progress-bar",
        "--log",
        "--cache-dir",
        "--proxy",
        "--retries",
        "--timeout",
        "--exists-action",
        "--cert",
        "--client-cert",
        "--no-binary",
        "--only-binary",
        "--global-option",
        "--install-option",
        "-C",
        "--config-settings",
        "--report",
        "--python",
        "-p",
        "--root-user-action",
        "--keyring-provider",
        "--use-feature",
        "--use-deprecated",
        "--index",
        "--default-index",
        "--index-strategy",
        "--group",
        "--extra",
        "--hash",
    }
)
CONDA_VALUED = frozenset(
    {
        "-c",
        "--channel",
        "-n",
        "--name",
        "-p",
        "--prefix",
        "--file",
        "--repodata-fn",
        "--experimental-solver",
        "--solver",
    }
)
_SHORT_VALUED = frozenset("rceiftCp")
_LONG_NAMES = {
    "-r": "--requirement",
    "-c": "--constraint",
    "-e": "--editable",
    "-i": "--index-url",
    "-f": "--find-links",
    "-t": "--target",
    "-C": "--config-settings",
    "-p": "--python",
    "-U": "--upgrade",
}
_CONDA_LONG = {"-c": "--channel", "-n": "--name", "-p": "--prefix"}
_PREFIX_VALUED = frozenset({"-u", "-g", "-U", "-C", "-D", "-p", "-r", "-t", "-T", "-h", "-n", "-S"})
_SHELLS = frozenset({"sh", "bash", "zsh", "dash", "ksh"})
_PREFIX_COMMANDS = frozenset({"sudo", "time", "nohup", "command", "exec", "env", "nice"})
RUNNERS = lazy_compile(
    r"^(?:sh|bash|zsh|dash|ksh|fish|perl|ruby|node|php|source|\.|eval|"
    r"python(?:\d+(?:\.\d+)*)?)$"
)


@dataclass(frozen=True)
class Word:
    """One shell word: its value (quotes removed, escapes applied) and, for each value character, its
    offset in the scanned text; ``start``/``end`` span the word as written. ``operator`` words are
    the separators (``&&``, ``|``, ``<(``...), ``dynamic`` ones hold ``$VAR``/``{var}`` expansions."""

    value: str
    start: int
    end: int
    offsets: tuple[int, ...]
    operator: bool = False
    dynamic: bool = False

    def span(self, first: int, last: int) -> tuple[int, int]:
        """Text offsets covering value characters ``first`` to ``last - 1``."""
        if not self.offsets or first >= len(self.offsets):
            return self.start, self.end
        return self.offsets[first], self.offsets[max(first, min(last, len(self.offsets)) - 1)] + 1


@dataclass(frozen=True)
class Command:
    """The words of one simple command and the operators around it (None at either end)."""

    words: tuple[Word, ...]
    before: str | None
    after: str | None
    # Words glued to a following ``>``/``<`` (``pip install torch>=2`` unquoted: the shell writes to
    # a file named ``=2``), by their end offset, with the redirection text the shell swallowed.
    swallowed: tuple[tuple[int, str], ...] = ()

    @property
    def start(self) -> int:
        return self.words[0].start

    @property
    def end(self) -> int:
        return self.words[-1].end


@dataclass(frozen=True)
class Option:
    """An install option (long spelling, ``--index-url``) with its value and text span."""

    name: str
    value: str | None
    start: int
    end: int


@dataclass(frozen=True)
class Target:
    """One thing an install installs. ``kind``: ``requirement`` (a PEP 508 requirement, ``requirement``
    set), ``conda`` (a conda match spec), ``vcs`` (``git+...``, ``name @ git+...``, or a GitHub/GitLab
    branch archive), ``url`` (a file URL), ``path`` (local directory, wheel or archive), ``editable``
    (``-e`` of a path), ``requirements-file``, ``constraints-file``, ``dynamic`` (``$VAR``/``{var}``)
    or ``invalid``. ``name_start``/``name_end`` locate the package name (or the whole word)."""

    kind: str
    word: Word
    name: str | None
    name_start: int
    name_end: int
    pinned: bool
    spec: str = ""
    ref: str | None = None
    requirement: Requirement | None = None
    swallowed: str = ""  # ``>=2`` of an unquoted ``torch>=2``, taken by the shell as a redirection

    @property
    def text(self) -> str:
        return self.word.value


@dataclass(frozen=True)
class Install:
    """One install command: the tool (``pip``, ``uv``, ``conda``...), its targets and options."""

    tool: str
    start: int
    end: int
    targets: tuple[Target, ...]
    options: tuple[Option, ...]
    upgrade: bool

    def option(self, *names: str) -> tuple[Option, ...]:
        return tuple(o for o in self.options if o.name in names)


@dataclass(frozen=True)
class RemoteExecution:
    """A download piped (or substituted) into an interpreter: ``curl URL | sh``."""

    fetcher: str
    runner: str
    start: int
    end: int


# ---------------------------------------------------------------------------------------------
# Shell words


class _Lexer:
    def __init__(self, text: str) -> None:
        self.text = text
        self.i = 0
        self.words: list[Word] = []
        self.value: list[str] = []
        self.offsets: list[int] = []
        self.start = -1
        self.dynamic = False

    def add(self, ch: str, at: int) -> None:
        if self.start < 0:
            self.start = at
        self.value.append(ch)
        self.offsets.append(at)

    def flush(self, end: int) -> None:
        if self.start >= 0:
            self.words.append(Word("".join(self.value), self.start, end, tuple(self.offsets), dynamic=self.dynamic))
        self.value, self.offsets, self.start, self.dynamic = [], [], -1, False

    def operator(self, op: str) -> None:
        self.flush(self.i)
        self.words.append(Word(op, self.i, self.i + len(op), (), operator=True))
        self.i += len(op)

    def run(self) -> tuple[Word, ...]:
        text, n = self.text, len(self.text)
        while self.i < n:
            ch = text[self.i]
            if text.startswith("\\\n", self.i):
                self.i += 2
            elif ch in " \t\r":
                self.flush(self.i)
                self.i += 1
            elif ch == "#" and self.start < 0:
                end = text.find("\n", self.i)
                self.i = n if end < 0 else end
            elif ch == "\\":
                if self.i + 1 < n:
                    self.add(text[self.i + 1], self.i + 1)
                self.i += 2
            elif ch == "'":
                self.single_quoted()
            elif ch == '"':
                self.double_quoted()
            elif ch in _OPERATOR_STARTS and self.redirect():
                continue
            elif (
                ch in _OPERATOR_STARTS
                and any(text.startswith(op, self.i) for op in OPERATORS)
                and not self.brace_expansion()
            ):
                self.operator(next(op for op in OPERATORS if text.startswith(op, self.i)))
            else:
                if ch in "${":
                    self.dynamic = True
                self.add(ch, self.i)
                self.i += 1
        self.flush(n)
        return tuple(self.words)

    def brace_expansion(self) -> bool:
        """``$(`` inside a word (``x$(cmd)``) is kept in the word; elsewhere it is an operator."""
        return self.text.startswith("$(", self.i) and self.start >= 0

    def redirect(self) -> bool:
        text = self.text
        if text.startswith(("<(", ">(", "&&"), self.i):
            return False
        op = next((r for r in _REDIRECTS if text.startswith(r, self.i)), None)
        if op is None:
            return False
        if self.value and all(c.isdigit() for c in self.value):
            self.value, self.offsets, self.start = [], [], -1
        self.operator(op)
        return True

    def single_quoted(self) -> None:
        if self.start < 0:
            self.start = self.i
        end = self.text.find("'", self.i + 1)
        end = len(self.text) if end < 0 else end
        for j in range(self.i + 1, end):
            self.add(self.text[j], j)
        self.i = end + 1

    def double_quoted(self) -> None:
        if self.start < 0:
            self.start = self.i
        j, text, n = self.i + 1, self.text, len(self.text)
        while j < n and text[j] != '"':
            if text[j] == "\\" and j + 1 < n and text[j + 1] in '"\\$`\n':
                if text[j + 1] != "\n":
                    self.add(text[j + 1], j + 1)
                j += 2
                continue
            if text[j] in "$`{":
                self.dynamic = True
            self.add(text[j], j)
            j += 1
        self.i = j + 1


def tokenize(text: str) -> tuple[Word, ...]:
    """Shell words and operators of ``text`` with exact offsets (never raises; an unterminated
    quote runs to the end of the text)."""
    return _Lexer(text).run()


def commands(text: str) -> tuple[Command, ...]:
    """Simple commands of ``text`` in order, redirection targets dropped."""
    found: list[Command] = []
    current: list[Word] = []
    swallowed: list[tuple[int, str]] = []
    before: str | None = None
    redirect: Word | None = None
    for word in tokenize(text):
        if word.operator and word.value in _REDIRECTS:
            redirect = word
            continue
        if redirect is not None and not word.operator:
            if current and current[-1].end == redirect.start and word.start == redirect.end:
                swallowed.append((current[-1].end, redirect.value + word.value))
            redirect = None
            continue
        if word.operator:
            if current:
                found.append(Command(tuple(current), before, word.value, tuple(swallowed)))
                current, swallowed = [], []
            before = word.value
            continue
        current.append(word)
    if current:
        found.append(Command(tuple(current), before, None, tuple(swallowed)))
    return tuple(found) + tuple(nested for command in found for nested in _shell_c(command))


def _shell_c(command: Command) -> Iterator[Command]:
    """The commands of ``sh -c "..."``/``bash -c '...'`` (any depth), at their offsets in the text."""
    words = _strip_prefixes(command.words)
    if not words or posixpath.basename(words[0].value) not in _SHELLS:
        return
    for k, word in enumerate(words[1:-1], start=1):
        if word.value.startswith("-") and "c" in word.value[1:] and not word.value.startswith("--"):
            script = words[k + 1]
            if len(script.offsets) == len(script.value):
                for inner in commands(script.value):
                    yield _remap(inner, script)
            return


def _remap(command: Command, script: Word) -> Command:
    table = script.offsets

    def at(offset: int) -> int:
        return table[offset] if offset < len(table) else script.end

    def word(w: Word) -> Word:
        end = table[w.end - 1] + 1 if 0 < w.end <= len(table) else script.end
        return replace(w, start=at(w.start), end=end, offsets=tuple(at(o) for o in w.offsets))

    return Command(
        tuple(word(w) for w in command.words),
        command.before,
        command.after,
        tuple((table[e - 1] + 1 if 0 < e <= len(table) else script.end, t) for e, t in command.swallowed),
    )


# ---------------------------------------------------------------------------------------------
# Installs


def _strip_prefixes(words: Sequence[Word]) -> Sequence[Word]:
    i = 0
    while i < len(words):
        value = words[i].value
        if _ASSIGNMENT.match(value):
            i += 1
        elif value in _PREFIX_COMMANDS:
            i += 1
            while i < len(words) and words[i].value.startswith("-"):
                i += 2 if words[i].value in _PREFIX_VALUED else 1
        else:
            break
    return words[i:]


def _installer(words: Sequence[Word]) -> tuple[str, Sequence[Word]] | None:
    """(tool, words after the tool's ``install`` subcommand), or None if this is no install."""
    words = _strip_prefixes(words)
    if not words:
        return None
    exe = posixpath.basename(words[0].value)
    rest = words[1:]
    if _PYTHON.match(exe) or "sys.executable" in words[0].value:
        while rest and rest[0].value.startswith("-") and rest[0].value != "-m":
            rest = rest[1:]
        if len(rest) < 2 or rest[0].value != "-m" or rest[1].value not in ("pip", "uv", "conda"):
            return None
        exe, rest = rest[1].value, rest[2:]
    if exe == "uv" and rest and rest[0].value == "pip":
        exe, rest = "uv", rest[1:]
    elif _PIP.match(exe):
        exe = "pip"
    elif exe not in ("conda", "mamba", "micromamba"):
        return None
    rest = _skip_global_options(rest, PIP_VALUED if exe in ("pip", "uv") else CONDA_VALUED)
    verbs = ("install",) if exe in ("pip", "uv") else ("install", "create")
    if not rest or rest[0].value not in verbs:
        return None
    return exe, rest[1:]


def _skip_global_options(words: Sequence[Word], valued: frozenset[str]) -> Sequence[Word]:
    i = 0
    while i < len(words) and words[i].value.startswith("-"):
        i += 2 if words[i].value in valued else 1
    return words[i:]


def _option_at(words: Sequence[Word], i: int, conda: bool) -> tuple[Option | None, int, bool]:
    """Parse the option at ``words[i]``: (option with a value or None, next index, upgrade flag)."""
    word = words[i]
    value = word.value
    valued = CONDA_VALUED if conda else PIP_VALUED
    longs = _CONDA_LONG if conda else _LONG_NAMES
    if value.startswith("--"):
        name, eq, given = value.partition("=")
        if eq:
            return Option(name, given, word.start, word.end), i + 1, False
        if name in valued and i + 1 < len(words):
            nxt = words[i + 1]
            return Option(name, nxt.value, word.start, nxt.end), i + 2, False
        return Option(name, None, word.start, word.end), i + 1, name == "--upgrade"
    flags = value[1:]
    upgrade = False
    for k, letter in enumerate(flags):
        short = "-" + letter
        if short in valued and (conda or letter in _SHORT_VALUED):
            name = longs.get(short, short)
            if k + 1 < len(flags):
                return Option(name, flags[k + 1 :].lstrip("="), word.start, word.end), i + 1, upgrade
            if i + 1 < len(words):
                return Option(name, words[i + 1].value, word.start, words[i + 1].end), i + 2, upgrade
            return Option(name, None, word.start, word.end), i + 1, upgrade
        upgrade = upgrade or (letter == "U" and not conda)
    return Option(longs.get(value, value), None, word.start, word.end), i + 1, upgrade


def install_of(words: Sequence[Word], swallowed: Sequence[tuple[int, str]] = ()) -> Install | None:
    """The install a simple command performs, or None if it is not an install. ``swallowed`` comes
    from :attr:`Command.swallowed`."""
    found = _installer(words)
    if found is None:
        return None
    tool, args = found
    conda = tool in ("conda", "mamba", "micromamba")
    options: list[Option] = []
    targets: list[Target] = []
    upgrade = False
    i = 0
    args = _merge_at_urls(args)
    while i < len(args):
        word = args[i]
        if word.value.startswith("-") and len(word.value) > 1 and not word.dynamic:
            if word.value == "--":
                i += 1
                continue
            option, i, flag = _option_at(args, i, conda)
            upgrade = upgrade or flag
            if option is not None:
                options.append(option)
                targets.extend(_option_targets(option, args[i - 1]))
            continue
        target = conda_target(word) if conda else classify(word)
        lost = next((text for end, text in swallowed if end == word.end), "")
        targets.append(replace(target, swallowed=lost) if lost else target)
        i += 1
    return Install(tool, words[0].start, words[-1].end, tuple(targets), tuple(options), upgrade)


def _merge_at_urls(words: Sequence[Word]) -> Sequence[Word]:
    """``name @ git+https://...`` written unquoted: three words that form one requirement."""
    merged: list[Word] = []
    i = 0
    while i < len(words):
        if i + 2 < len(words) and words[i + 1].value == "@" and not words[i].value.startswith("-"):
            a, at, url = words[i], words[i + 1], words[i + 2]
            value = f"{a.value} @ {url.value}"
            offsets = (*a.offsets, at.start - 1, *at.offsets, url.start - 1, *url.offsets)
            merged.append(Word(value, a.start, url.end, offsets, dynamic=a.dynamic or url.dynamic))
            i += 3
        else:
            merged.append(words[i])
            i += 1
    return merged


def _option_targets(option: Option, last: Word) -> Iterable[Target]:
    """Targets named by an option: ``-e path``, ``-r file``, ``-c file``."""
    if option.value is None:
        return ()
    value_start = len(last.value) - len(option.value)
    word = Word(option.value, last.start, last.end, last.offsets[max(value_start, 0) :], dynamic=last.dynamic)
    if option.name == "--editable":
        target = classify(word)
        kind = target.kind if target.kind in ("vcs", "dynamic") else "editable"
        return (
            Target(
                kind,
                word,
                target.name,
                target.name_start,
                target.name_end,
                target.pinned or kind == "editable",
                target.spec,
                target.ref,
                target.requirement,
            ),
        )
    if option.name in ("--requirement", "--constraint"):
        kind = "requirements-file" if option.name == "--requirement" else "constraints-file"
        return (Target(kind, word, option.value, word.start, word.end, True),)
    return ()


def classify(word: Word) -> Target:
    """What a pip install argument (or requirement line) names."""
    value = word.value.strip()
    lead = len(word.value) - len(word.value.lstrip())
    whole = (word.start, word.end)
    if word.dynamic and re.search(r"\$\{?\w|\{[^}]*\}", value):
        return Target("dynamic", word, None, *whole, pinned=True)
    vcs = _vcs_ref(value)
    if vcs is not None:
        name_match = _NAME.match(value)
        has_name = " @ " in value or "@" in value.split("://", 1)[0] and not value.startswith(_VCS_PREFIXES)
        name = name_match.group(0) if has_name and name_match else _egg_name(value)
        start, end = word.span(lead, len(word.value))
        return Target("vcs", word, name, start, end, pinned=vcs[1], ref=vcs[0])
    if re.match(r"^(?:https?|file|ftp)://", value):
        return Target("url", word, None, *whole, pinned=True)
    if _is_path(value):
        return Target("path", word, None, *whole, pinned=True)
    from packaging.requirements import InvalidRequirement, Requirement

    try:
        requirement = Requirement(value)
    except InvalidRequirement:
        return Target("invalid", word, None, *whole, pinned=True)
    name_match = _NAME.match(value)
    start, end = word.span(lead, lead + len(name_match.group(0)) if name_match else len(word.value))
    if requirement.url:
        return Target("url", word, requirement.name, start, end, pinned=True, requirement=requirement)
    spec = str(requirement.specifier)
    return Target(
        "requirement",
        word,
        requirement.name,
        start,
        end,
        pinned=is_pinned(requirement),
        spec=spec,
        requirement=requirement,
    )


def is_pinned(requirement: Requirement) -> bool:
    """``==X`` or ``===X`` (no wildcard) among the specifiers, or a direct URL."""
    if requirement.url:
        return True
    return any(s.operator in ("==", "===") and "*" not in s.version for s in requirement.specifier)


def _is_path(value: str) -> bool:
    if value.startswith((".", "/", "~", "\\")) or re.match(r"^[A-Za-z]:[\\/]", value):
        return True
    if "/" in value or "\\" in value:
        return " @ " not in value and "@" not in value
    return value.lower().endswith(_LOCAL_ARCHIVE)


def _vcs_ref(value: str) -> tuple[str | None, bool] | None:
    """(ref or None, pinned to a 40-hex commit) for a VCS requirement or branch archive; else None."""
    url = value.split(" @ ", 1)[1].strip() if " @ " in value else value
    if "@" in url and not url.startswith(_VCS_PREFIXES) and "://" not in url.split("@", 1)[0]:
        url = url.split("@", 1)[1].strip()
    url = url.split(";", 1)[0].strip()
    if url.startswith(_VCS_PREFIXES):
        rest = url.split("://", 1)[-1].split("#", 1)[0]
        path = rest.split("/", 1)[1] if "/" in rest else ""
        ref = path.rsplit("@", 1)[1] if "@" in path else None
        return ref, bool(ref and _HEX40.fullmatch(ref))
    archive = _ARCHIVE.match(url)
    if archive:
        ref = archive.group("ref")
        return ref, bool(_HEX40.fullmatch(ref))
    return None


def _egg_name(value: str) -> str | None:
    match = re.search(r"[#&]egg=([A-Za-z0-9._-]+)", value)
    return match.group(1) if match else None


def conda_target(word: Word) -> Target:
    """A conda match spec: pinned with ``=X`` or ``==X`` (no wildcard, no range)."""
    value = word.value
    if word.dynamic:
        return Target("dynamic", word, None, word.start, word.end, pinned=True)
    if _is_path(value) or "://" in value:
        return Target("path", word, None, word.start, word.end, pinned=True)
    match = _CONDA_SPEC.match(value)
    if match is None:
        return Target("invalid", word, None, word.start, word.end, pinned=True)
    spec = match.group("spec").strip()
    version = spec.lstrip("=").split("=", 1)[0].strip()
    pinned = bool(spec.startswith("=") and version and not re.search(r"[*<>!,|]", version))
    start, end = word.span(match.start("name"), match.end("name"))
    return Target("conda", word, match.group("name"), start, end, pinned=pinned, spec=spec)


def installs_in(text: str) -> tuple[Install, ...]:
    """Every install command in a shell text."""
    return tuple(
        found for command in commands(text) if (found := install_of(command.words, command.swallowed)) is not None
    )


# ---------------------------------------------------------------------------------------------
# Remote script execution


def _fetches_to_stdout(words: Sequence[Word]) -> str | None:
    words = _strip_prefixes(words)
    if not words:
        return None
    exe = posixpath.basename(words[0].value)
    args = [w.value for w in words[1:]]
    if exe == "curl":
        writes_file = any(
            a in ("-o", "-O", "--output", "--remote-name", "--remote-name-all")
            or a.startswith("--output=")
            or (re.match(r"^-[a-zA-Z]*[oO]", a) and not a.startswith("--"))
            for a in args
        )
        return None if writes_file else "curl"
    if exe == "wget":
        for k, a in enumerate(args):
            if a in ("-O", "--output-document") and k + 1 < len(args) and args[k + 1] == "-":
                return "wget"
            if re.match(r"^-[a-zA-Z]*O-$", a) or a == "--output-document=-":
                return "wget"
            if re.match(r"^-[a-zA-Z]*O$", a) and k + 1 < len(args) and args[k + 1] == "-":
                return "wget"
        return None
    return None


def _runner(words: Sequence[Word]) -> str | None:
    words = _strip_prefixes(words)
    if not words:
        return None
    exe = posixpath.basename(words[0].value)
    return exe if RUNNERS.match(exe) else None


def _stdin_is_data(words: Sequence[Word]) -> bool:
    """``python3 -m json.tool``, ``bash -c 'jq .'``: the interpreter runs a module or a command
    given on its command line, and what is piped in is that program's input, not code."""
    for word in _strip_prefixes(words)[1:]:
        if word.value in ("-", "--", "-s"):
            return False
        if word.value in ("-m", "-c"):
            return True
    return False


_SUBSTITUTED = lazy_compile(r"(?:\$\(|`)\s*(?:sudo\s+)?(curl|wget)\b")


def remote_executions(text: str) -> tuple[RemoteExecution, ...]:
    """``curl URL | sh``, ``wget -O - URL | bash``, ``python <(curl URL)``, ``sh -c "$(curl URL)"``."""
    cmds = commands(text)
    found: list[RemoteExecution] = []
    for k, command in enumerate(cmds):
        fetcher = _fetches_to_stdout(command.words)
        if fetcher is None:
            continue
        if command.after in ("|", "|&") and k + 1 < len(cmds):
            runner = _runner(cmds[k + 1].words)
            if runner is not None and not _stdin_is_data(cmds[k + 1].words):
                found.append(RemoteExecution(fetcher, runner, command.start, cmds[k + 1].words[0].end))
        if command.before == "<(" and k > 0 and cmds[k - 1].after == "<(":
            runner = _runner(cmds[k - 1].words)
            if runner is not None:
                found.append(RemoteExecution(fetcher, runner, cmds[k - 1].start, command.end))
    for k, command in enumerate(cmds):
        runner = _runner(command.words)
        if runner is None:
            continue
        if command.after == "$(" and k + 1 < len(cmds) and _fetches_to_stdout(cmds[k + 1].words):
            found.append(
                RemoteExecution(posixpath.basename(cmds[k + 1].words[0].value), runner, command.start, cmds[k + 1].end)
            )
            continue
        for word in command.words[1:]:
            match = _SUBSTITUTED.search(word.value)
            if match and word.dynamic:
                found.append(RemoteExecution(match.group(1), runner, command.start, word.end))
                break
    return tuple(sorted(set(found), key=lambda r: (r.start, r.end)))


# ---------------------------------------------------------------------------------------------
# Requirements files


@dataclass(frozen=True)
class RequirementLine:
    """One logical line of a requirements file: an option line (``-r``, ``--index-url``...) or a
    requirement with its per-line options (``--hash``). Offsets are into the file's text."""

    line: int
    options: tuple[Option, ...]
    target: Target | None

    @property
    def hashed(self) -> bool:
        return any(o.name == "--hash" for o in self.options)


_COMMENT = lazy_compile(r"(^|\s+)#.*$")
# The options pip accepts in a requirements file (long spellings, as the parser names them).
PIP_FILE_OPTIONS = frozenset(
    {
        "--requirement",
        "--constraint",
        "--editable",
        "--index-url",
        "--extra-index-url",
        "--no-index",
        "--find-links",
        "--hash",
        "--trusted-host",
        "--no-binary",
        "--only-binary",
        "--prefer-binary",
        "--pre",
        "--require-hashes",
        "--use-feature",
        "--config-settings",
        "--global-option",
    }
)


def pip_problem(line: RequirementLine) -> tuple[int, str] | None:
    """Why pip cannot read a requirements file's line, with the text offset of the culprit: an
    option pip does not accept there, or a requirement that is neither PEP 508 nor a path or URL
    (``["torch",`` of a Python list)."""
    for option in line.options:
        if option.name not in PIP_FILE_OPTIONS:
            return option.start, f"`{option.name[:40]}` is not an option of requirements files"
    target = line.target
    if target is not None and (target.kind == "invalid" or (target.kind == "path" and " " in target.text)):
        return target.word.start, f"`{target.text[:60]}` is not a requirement, an option or an include"
    return None


def _logical_lines(text: str) -> Iterable[tuple[int, str, tuple[int, ...]]]:
    """(first line number, joined text, text offset of each character) per logical line."""
    lines = text.split("\n")
    pos = 0
    number = 0
    while number < len(lines):
        first = number + 1
        chars: list[str] = []
        offsets: list[int] = []
        while True:
            line = lines[number].rstrip("\r")
            continued = line.endswith("\\") and not _COMMENT.search(line) and number + 1 < len(lines)
            body = line[:-1] if continued else line
            chars.extend(body)
            offsets.extend(range(pos, pos + len(body)))
            pos += len(lines[number]) + 1
            number += 1
            if not continued:
                break
        yield first, "".join(chars), tuple(offsets)


def parse_requirements(text: str) -> tuple[RequirementLine, ...]:
    """Logical lines of a requirements or constraints file, as pip reads them."""
    found: list[RequirementLine] = []
    for line, joined, offsets in _logical_lines(text):
        comment = _COMMENT.search(joined)
        body = joined[: comment.start()] if comment else joined
        if not body.strip():
            continue
        matches = list(re.finditer(r"\S+", body))
        words = [
            Word(m.group(0), offsets[m.start()], offsets[m.end() - 1] + 1, offsets[m.start() : m.end()])
            for m in matches
        ]
        if not words:
            continue
        split = next((k for k, w in enumerate(words) if w.value.startswith("-")), len(words))
        options = _requirement_options(words[split:])
        if split > 0:
            start, stop = matches[0].start(), matches[split - 1].end()
            value = body[start:stop]
            word = Word(value, offsets[start], offsets[stop - 1] + 1, offsets[start:stop], dynamic="${" in value)
            target: Target | None = classify(word)
        else:
            target = next(iter(_targets_of_options(options, words)), None)
        found.append(RequirementLine(line, options, target))
    return tuple(found)


def _requirement_options(words: Sequence[Word]) -> tuple[Option, ...]:
    options: list[Option] = []
    i = 0
    while i < len(words):
        if not words[i].value.startswith("-"):
            i += 1
            continue
        option, i, _ = _option_at(words, i, conda=False)
        if option is not None:
            options.append(option)
    return tuple(options)


def _targets_of_options(options: Sequence[Option], words: Sequence[Word]) -> Iterable[Target]:
    for option in options:
        last = next((w for w in reversed(words) if w.end == option.end), words[-1])
        yield from _option_targets(option, last)
