"""MLS305 home-path-in-output."""

from __future__ import annotations

import re
from collections.abc import Iterator

from linter.kit import (
    UNSAFE,
    Category,
    Context,
    Edit,
    Fix,
    OutputText,
    Report,
    Rule,
    Severity,
    at,
    code_cell,
    error_output,
    lazy_compile,
    notebook_example,
    redact,
    result_output,
    stream_output,
)

# A home folder with the user's name: /home/<u>/, /Users/<u>/, C:\Users\<u>\ (also with the
# doubled backslashes of a repr), and the user@host of a shell prompt.
HOME = lazy_compile(
    r"(?:(?<![\w/.-])/home/|(?<![\w/.-])/Users/|(?<![\w])[A-Za-z]:(?:\\\\|\\|/)Users(?:\\\\|\\|/))"
    r"(?P<user>[A-Za-z0-9][A-Za-z0-9._-]{0,39})(?=[/\\])"
)
# Host names of private networks: EC2 internal names and the .internal/.corp/.intranet domains.
HOST = lazy_compile(
    r"(?<![\w.-])(?P<user>ip-\d{1,3}-\d{1,3}-\d{1,3}-\d{1,3}(?:\.[a-z0-9-]+)*\.internal"
    r"|[a-z0-9][a-z0-9-]{0,62}(?:\.[a-z0-9-]{1,63})*\.(?:corp|intranet|internal))(?![\w.-])",
    re.IGNORECASE,
)
# Accounts that name no person: service and container users, CI runners, placeholders.
GENERIC_USERS = frozenset(
    {
        "root",
        "user",
        "users",
        "username",
        "your_username",
        "yourname",
        "me",
        "ubuntu",
        "debian",
        "centos",
        "ec2-user",
        "sagemaker-user",
        "jovyan",
        "runner",
        "vscode",
        "codespace",
        "admin",
        "administrator",
        "guest",
        "default",
        "public",
        "shared",
        "all users",
        "jupyter",
        "notebook",
        "app",
        "docker",
        "ray",
        "azureuser",
        "cdsw",
        "dataiku",
        "studio-lab-user",
        "coder",
        "circleci",
        "travis",
        "builder",
        "build",
        "ci",
        "test",
        "nobody",
        "linuxbrew",
        "gradient",
        "paperspace",
        "databricks",
        "spark",
        "hadoop",
        "airflow",
        "mambauser",
        "conda",
        "developer",
        "dev",
        "work",
        "home",
        "model-server",
        "torchserve",
        "triton-server",
    }
)
# Representations of one output: the one a reader sees is scanned (each path is reported once).
_PREFERENCE = ("stream", "traceback", "text/html", "text/markdown", "text/plain", "text/latex", "application/json")
# Outputs stored as text the fix can edit in place.
_EDITABLE = frozenset({"stream", "text/plain"})
REPLACEMENT = "<user>"


def _rank(mime: str) -> int:
    return _PREFERENCE.index(mime) if mime in _PREFERENCE else len(_PREFERENCE)


def _scanned(output: OutputText, ctx: Context) -> bool:
    cells = ctx.document.cells
    if output.cell >= len(cells):
        return True
    siblings = [o for o in cells[output.cell].outputs if o.index == output.index]
    return _rank(output.mime) <= min(_rank(o.mime) for o in siblings)


def _line_column(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1)


def disclosures(text: str) -> Iterator[tuple[str, str, int, int]]:
    """(kind, value, start, end) of each user name in a home path and each private host name (the
    expressions run only on texts holding their fixed parts: most outputs hold none)."""
    if "/home/" in text or "Users" in text:
        for match in HOME.finditer(text):
            user = match.group("user")
            if user.lower() not in GENERIC_USERS:
                yield "home", user, match.start("user"), match.end("user")
    lower = text.lower()
    if ".internal" in lower or ".corp" in lower or ".intranet" in lower:
        for match in HOST.finditer(text):
            yield "host", match.group("user"), match.start("user"), match.end("user")


# The cells of the INVALID examples, built for a user or host name: the example names a person,
# its fixed notebook the placeholder.
def _printed_paths(user: str) -> dict[str, object]:
    return code_cell(
        "print(model_dir)",
        outputs=[
            stream_output(f"""
            loading /home/{user}/projects/churn/model.pt
            saved /home/{user}/out
            """)
        ],
    )


def _path_result(user: str) -> dict[str, object]:
    return code_cell("p", outputs=[result_output({"text/plain": f"PosixPath('/Users/{user}/Desktop/data.csv')"})])


def _missing_file(user: str) -> dict[str, object]:
    message = f"FileNotFoundError: [Errno 2] No such file: 'C:\\\\Users\\\\{user}\\\\data.csv'"
    return code_cell("open(f)", outputs=[error_output("FileNotFoundError", "missing", [message])])


def _hostname(host: str) -> dict[str, object]:
    return code_cell(
        "!hostname",
        outputs=[
            stream_output(f"""
            {host}
            """)
        ],
    )


class HomePathInOutput(Rule):
    """
    ## What it does
    Flags saved notebook outputs (printed text, results, tracebacks, HTML) that hold a home folder
    with a user name (`/home/<name>/`, `/Users/<name>/`, `C:\\Users\\<name>\\`) or the host name of a
    private network (`ip-10-0-3-17.ec2.internal`, `build01.corp`). Accounts that name no person
    (`root`, `ubuntu`, `jovyan`, `ec2-user`, `sagemaker-user`, `runner`...) are not reported. One
    finding per name and output; the message shows the name redacted.

    ## Why is this bad?
    A notebook's outputs travel with the file: a path printed by a loader or a traceback tells
    who ran the notebook, on which machine and how their disk is organised, and internal host
    names map a private network. It is a small disclosure (low severity), but a frequent one in
    public repositories.

    ## Fix
    Clear the output before saving, or print paths relative to the project (`Path.cwd()`-relative,
    `~`). `mlsafe check --unsafe-fixes` replaces the name with `<user>` (or the host with `<host>`)
    everywhere in that stream or `text/plain` output, keeping the other bytes of the notebook;
    tracebacks and HTML outputs are left to you (clear them).
    """

    code = "MLS305"
    name = "home-path-in-output"
    category = Category.VERBOSE_ERROR
    severity = Severity.LOW
    summary = "A saved output discloses a user name in a home path or an internal host name"
    cwe = (200, 497)
    fix_title = "Replace the user name with `<user>` in the saved output"
    fix_applicability = UNSAFE

    VALID = (
        notebook_example(
            code_cell(
                "print(path)",
                outputs=[
                    stream_output("""
                    /home/jovyan/work/data.csv
                    /Users/runner/work/x
                    /home/user/data
                    """)
                ],
            ),
            code_cell(
                "print(p)",
                outputs=[
                    stream_output("""
                saved to ~/models/ and ./outputs/run1
                """)
                ],
            ),
            code_cell(
                "print(u)",
                outputs=[
                    stream_output("""
                see https://example.com/home/alice/ and /srv/home/bob/x
                """)
                ],
            ),
            title="generic accounts, relative paths, a URL path",
        ),
    )
    INVALID = (
        notebook_example(
            _printed_paths("alice"),
            _path_result("bob.smith"),
            expect=(at(1, 15, cell=1, output=0), at(1, 19, cell=2, output=0)),
            title="a printed path and a result",
            fixed=(_printed_paths(REPLACEMENT), _path_result(REPLACEMENT)),
        ),
        notebook_example(
            _missing_file("maria"),
            _hostname("ip-10-0-3-17.ec2.internal"),
            expect=(at(1, 56, cell=1, output=0), at(1, 1, cell=2, output=0)),
            title="a traceback (no fix: clear it) and an internal host name",
            fixed=(_missing_file("maria"), _hostname("<host>")),
        ),
    )

    def check_output(self, output: OutputText, ctx: Context) -> Iterator[Report]:
        if not _scanned(output, ctx):
            return
        found: dict[tuple[str, str], list[tuple[int, int]]] = {}
        for kind, value, start, end in disclosures(output.text):
            found.setdefault((kind, value), []).append((start, end))
        for (kind, value), spans in found.items():
            line, column = _line_column(output.text, spans[0][0])
            end_line, end_column = _line_column(output.text, spans[0][1])
            what = (
                f"a home folder of user `{redact(value)}`" if kind == "home" else f"the internal host `{redact(value)}`"
            )
            more = f" ({len(spans)} times)" if len(spans) > 1 else ""
            yield Report(
                f"saved output discloses {what}{more}: who ran the notebook and where; clear the output or print "
                "paths relative to the project",
                line=line,
                column=column,
                end_line=end_line,
                end_column=end_column,
                fix=self._fix(output, spans, REPLACEMENT if kind == "home" else "<host>"),
            )

    def _fix(self, output: OutputText, spans: list[tuple[int, int]], text: str) -> Fix | None:
        if output.mime not in _EDITABLE:
            return None
        edits = []
        for start, end in spans:
            line, column = _line_column(output.text, start)
            end_line, end_column = _line_column(output.text, end)
            edits.append(Edit(output.cell + 1, output.index, line, column + 1, end_line, end_column + 1, text=text))
        return Fix(tuple(edits), UNSAFE, self.fix_title)
