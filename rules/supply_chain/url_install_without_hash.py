"""MLS407 url-install-without-hash."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from linter.kit import (
    Category,
    Example,
    Report,
    Severity,
    at,
    code_cell,
    lazy_compile,
    notebook_example,
    redact_url_credentials,
)

if TYPE_CHECKING:  # install_commands is imported when a command or requirement is read
    from linter.kit import RequirementLine, Target
from linter.rules.supply_chain._shell_commands import CALL_TRIGGERS, Emit, RequirementsCommandRule, Shell, installs

# pip checks a hash given in the URL's fragment (``#sha256=...``).
_HASH_FRAGMENT = lazy_compile(r"#(?:.*&)?(?:sha256|sha384|sha512)=[0-9a-fA-F]{32,}")
_ARCHIVES = (".whl", ".tar.gz", ".zip", ".tgz", ".tar.bz2", ".tar.xz")
_VERSION_CONTROL_HOSTS = lazy_compile(r"(?i)^https?://(?:www\.)?(?:github|gitlab)\.com/[^/]+/[^/]+/archive/")


def _unhashed_archive(target: Target) -> bool:
    url = target.requirement.url if target.requirement is not None and target.requirement.url else target.text
    if target.kind != "url" or not url.lower().startswith(("http://", "https://", "ftp://")):
        return False
    if _HASH_FRAGMENT.search(url) or _VERSION_CONTROL_HOSTS.match(url):
        return False  # a GitHub/GitLab archive is MLS403's
    return url.split("#", 1)[0].split("?", 1)[0].lower().endswith(_ARCHIVES)


def _message(target: Target) -> str:
    text = redact_url_credentials(target.text)
    shown = text if len(text) <= 80 else text[:77] + "..."
    return (
        f"`{shown}` installs a file from a URL without a hash: whoever controls that server (or the network, "
        "over HTTP) decides what runs; add `#sha256=<hash>` to the URL or `--hash=sha256:<hash>` in a "
        "requirements file"
    )


class UrlInstallWithoutHash(RequirementsCommandRule):
    """
    ## What it does
    Flags installs of a wheel or source archive from a URL (`%pip install https://.../x-0.0.13-py3-none-any.whl`,
    `name @ https://.../x.tar.gz` in a requirements file) that carry no hash: neither a `#sha256=`
    fragment in the URL (which pip checks) nor a `--hash` option on the requirements line. GitHub and
    GitLab branch archives are MLS403's; local files and index installs are not flagged.

    ## Why is this bad?
    The version in the file name promises nothing: the server can serve other bytes tomorrow, and
    the URL often points at a personal bucket, a release asset anyone with access can replace, or
    a plain-HTTP host. pip installs and runs whatever comes back.

    ## Fix
    Pin the bytes you tested: `pip install "https://host/x-0.0.13-py3-none-any.whl#sha256=<hash>"`, or
    in a requirements file `x @ https://host/x-0.0.13-py3-none-any.whl --hash=sha256:<hash>`
    (`pip hash x.whl` prints it). Better, install the release from an index.
    """

    code = "MLS407"
    name = "url-install-without-hash"
    category = Category.UNPINNED
    severity = Severity.MEDIUM
    summary = "A wheel or archive is installed from a URL without a hash"
    cwe = (494, 829)
    triggers = CALL_TRIGGERS

    VALID = (
        notebook_example(
            code_cell(
                """
                !pip install "https://example.org/wheels/tool-0.0.13-py3-none-any.whl#sha256=0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0"
                !pip install ./dist/tool-0.0.13-py3-none-any.whl
                !pip install tool==0.0.13"""
            )
        ),
        Example(
            """
            tool @ https://example.org/tool-0.0.13.tar.gz --hash=sha256:0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0
            """,
            path="requirements.txt",
        ),
    )
    INVALID = (
        notebook_example(
            code_cell("%pip install -q https://example.org/wheels/tool-0.0.13-py3-none-any.whl"),
            expect=(at(1, 17, cell=1),),
        ),
        Example(
            """
            numpy==2.1.0
            tool @ https://example.org/tool-0.0.13.tar.gz
            """,
            path="requirements.txt",
            expect=(at(2, 1),),
        ),
        Example(
            """
            name: demo
            dependencies:
              - python=3.11
              - pip:
                - tool @ https://example.org/tool-0.0.13.tar.gz
            """,
            path="environment.yml",
            expect=(at(5, 7),),
            title="the pip list of a conda environment file",
        ),
    )

    def check_requirement(self, line: RequirementLine, emit: Emit) -> Iterator[Report]:
        if line.target is not None and not line.hashed and _unhashed_archive(line.target):
            yield emit(line.target.name_start, line.target.name_end, _message(line.target), None)

    def check_shell(self, shell: Shell) -> Iterator[Report]:
        for install in installs(shell):
            if install.tool not in ("pip", "uv") or install.option("--require-hashes"):
                continue
            for target in install.targets:
                if _unhashed_archive(target):
                    yield shell.report(target.name_start, target.name_end, _message(target), None)
