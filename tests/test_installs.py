"""The install-command parser: words with exact offsets, installs, targets, options, remote
execution, requirements-file lines."""

from __future__ import annotations

import pytest

from linter.kit.install_commands import commands, installs_in, parse_requirements, remote_executions, tokenize


def _span(text: str, start: int, end: int) -> str:
    return text[start:end]


def test_words_keep_offsets_through_quotes_and_continuations() -> None:
    text = "pip install \"torch>=2\" \\\n  'a b' x\\ y"
    words = [w for w in tokenize(text) if not w.operator]
    assert [w.value for w in words] == ["pip", "install", "torch>=2", "a b", "x y"]
    torch = words[2]
    assert text[torch.offsets[0]] == "t" and (torch.start, torch.end) == (12, 22)
    assert [text[o] for o in words[4].offsets] == ["x", " ", "y"]


def test_commands_split_at_operators_and_drop_redirections() -> None:
    text = "pip install a 2>&1 > log.txt && pip install b; echo c | tee d"
    assert [[w.value for w in c.words] for c in commands(text)] == [
        ["pip", "install", "a"],
        ["pip", "install", "b"],
        ["echo", "c"],
        ["tee", "d"],
    ]


def test_comment_ends_the_command() -> None:
    assert [w.value for w in tokenize("pip install a  # and b")] == ["pip", "install", "a"]


@pytest.mark.parametrize(
    ("text", "tool"),
    [
        ("pip install x", "pip"),
        ("pip3.11 install x", "pip"),
        ("python -m pip install x", "pip"),
        ("python3 -u -m pip install x", "pip"),
        ("{sys.executable} -m pip install x", "pip"),
        ("sudo -H pip install x", "pip"),
        ("PIP_NO_CACHE=1 pip install x", "pip"),
        ("uv pip install x", "uv"),
        ("conda install -y x", "conda"),
        ("mamba install x", "mamba"),
        ("/usr/bin/pip install x", "pip"),
        ("pip -q --disable-pip-version-check install x", "pip"),
    ],
)
def test_installers(text: str, tool: str) -> None:
    (install,) = installs_in(text)
    assert install.tool == tool
    assert [t.name for t in install.targets] == ["x"]


@pytest.mark.parametrize(
    "text",
    [
        "pip show x",
        "pip list",
        "pip download x",
        "echo pip install x",
        "python -m venv x",
        "pip freeze > requirements.txt",
        "apt-get install x",
    ],
)
def test_not_installs(text: str) -> None:
    assert installs_in(text) == ()


def test_targets_are_classified() -> None:
    text = (
        "pip install -U torch 'transformers[torch]==4.46.3' numpy===1.26.4 'scipy>=1;python_version>\"3\"' "
        "-e . ./pkg dist/a-1.0-py3-none-any.whl https://x.org/a.tar.gz git+https://github.com/o/r@v1 "
        "-r req.txt -c cons.txt {pkg} $EXTRA 'a==1.*'"
    )
    (install,) = installs_in(text)
    got = [(t.kind, t.name, t.pinned) for t in install.targets]
    assert got == [
        ("requirement", "torch", False),
        ("requirement", "transformers", True),
        ("requirement", "numpy", True),
        ("requirement", "scipy", False),
        ("editable", None, True),
        ("path", None, True),
        ("path", None, True),
        ("url", None, True),
        ("vcs", None, False),
        ("requirements-file", "req.txt", True),
        ("constraints-file", "cons.txt", True),
        ("dynamic", None, True),
        ("dynamic", None, True),
        ("requirement", "a", False),
    ]
    assert install.upgrade
    transformers = install.targets[1]
    assert _span(text, transformers.name_start, transformers.name_end) == "transformers"


def test_options_and_short_clusters() -> None:
    text = "pip install -qU --extra-index-url=https://e.org -i http://i.org --trusted-host i.org -rreq.txt x==1"
    (install,) = installs_in(text)
    assert install.upgrade
    assert [(o.name, o.value) for o in install.options] == [
        ("-qU", None),
        ("--extra-index-url", "https://e.org"),
        ("--index-url", "http://i.org"),
        ("--trusted-host", "i.org"),
        ("--requirement", "req.txt"),
    ]
    index = install.option("--index-url")[0]
    assert _span(text, index.start, index.end) == "-i http://i.org"


def test_conda_specs() -> None:
    (install,) = installs_in(
        "conda install -c conda-forge -n env numpy=1.26.4 scipy 'pandas>=2' pytorch::torch==2.4.1 x=1.*"
    )
    assert [(t.name, t.pinned) for t in install.targets] == [
        ("numpy", True),
        ("scipy", False),
        ("pandas", False),
        ("torch", True),
        ("x", False),
    ]


def test_vcs_refs() -> None:
    sha = "0123456789abcdef0123456789abcdef01234567"
    (install,) = installs_in(
        f"pip install git+https://github.com/o/r.git git+https://github.com/o/r@{sha} "
        f"'pkg @ git+ssh://git@github.com/o/r@main' -e git+https://github.com/o/r@v2#egg=r"
    )
    assert [(t.kind, t.ref, t.pinned) for t in install.targets] == [
        ("vcs", None, False),
        ("vcs", sha, True),
        ("vcs", "main", False),
        ("vcs", "v2", False),
    ]
    assert install.targets[2].name == "pkg"


@pytest.mark.parametrize(
    ("text", "runner"),
    [
        ("curl -fsSL https://x | sh", "sh"),
        ("curl https://x | sudo -E bash -", "bash"),
        ("wget -qO- https://x | bash", "bash"),
        ("wget -O - https://x | python3", "python3"),
        ("python <(curl -s https://x)", "python"),
        ('sh -c "$(curl -fsSL https://x)"', "sh"),
        ('bash -c "$(wget -qO- https://x)"', "bash"),
    ],
)
def test_remote_executions(text: str, runner: str) -> None:
    (found,) = remote_executions(text)
    assert found.runner == runner and found.start == 0


@pytest.mark.parametrize(
    "text",
    [
        "curl -o x.sh https://x && bash x.sh",
        "wget https://x | sh",
        "curl https://x | jq .",
        "curl -O https://x/a.sh; sh a.sh",
        "echo 'curl x | sh'",
    ],
)
def test_not_remote_executions(text: str) -> None:
    assert remote_executions(text) == ()


def test_requirements_lines() -> None:
    text = (
        "# top\ntorch==2.4.1 \\\n    --hash=sha256:aa\n\nnumpy>=1 ; python_version < '3.11'  # c\n"
        "-r base.txt\n--extra-index-url https://e.org\n-e .\npandas\n"
    )
    lines = parse_requirements(text)
    assert [(ln.line, ln.target.kind if ln.target else None, ln.hashed) for ln in lines] == [
        (2, "requirement", True),
        (5, "requirement", False),
        (6, "requirements-file", False),
        (7, None, False),
        (8, "editable", False),
        (9, "requirement", False),
    ]
    numpy = lines[1].target
    assert numpy is not None and _span(text, numpy.name_start, numpy.name_end) == "numpy"
    assert [(o.name, o.value) for o in lines[3].options] == [("--extra-index-url", "https://e.org")]


def test_requirement_continuation_offsets() -> None:
    text = "  scikit-learn \\\n    >=1.4\n"
    (line,) = parse_requirements(text)
    assert line.target is not None and line.target.name == "scikit-learn" and not line.target.pinned
    assert _span(text, line.target.name_start, line.target.name_end) == "scikit-learn"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "'",
        '"unterminated',
        "\\",
        "pip install '",
        "pip install -r",
        "pip install --index-url",
        "$(",
        "<(",
        "conda install",
        "pip install @ @",
    ],
)
def test_bad_input_never_raises(text: str) -> None:
    installs_in(text)
    remote_executions(text)
    parse_requirements(text)


def test_commands_inside_sh_c_are_found_at_their_offsets() -> None:
    text = "sudo -u galaxy -H sh -c \"${VENV}/bin/pip install -q psycopg2 && bash -c 'pip install b'\""
    found = [t for install in installs_in(text) for t in install.targets]
    assert [(t.name, text[t.name_start : t.name_end]) for t in found] == [("psycopg2", "psycopg2"), ("b", "b")]
    remote = "bash -c 'curl -s https://x | sh'"
    assert [remote[r.start : r.end] for r in remote_executions(remote)] == ["curl -s https://x | sh"]
