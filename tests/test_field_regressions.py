"""Regression cases for the false-positive classes found on the field corpus (issue 20): model
revisions (MLS405), bandit's checks on cells, the TLS switch bandit misses (MLS408), and personal
data (MLS501-MLS503). Each case is a small sample written for the test, with a look-alike that must
still be reported; the secret classes are in test_secrets.py."""

from __future__ import annotations

import pytest

from linter.api import lint_source
from linter.config import Config
from linter.kit.examples import code_cell, markdown_cell, notebook, result_output, stream_output
from linter.model import Severity


def _where(source: str, path: str, select: str) -> list[tuple[str, int | None, int | None, int, int, str]]:
    result = lint_source(source, path, Config(select=(select,)))
    return [
        (f.code, f.location.cell, f.location.output, f.location.line, f.location.column, f.severity.name.lower())
        for f in result.findings
    ]


# ----------------------------------------------------------------------------------------------
# MLS405: placeholder owners, the notebook's own model, pickle-format file names


def test_placeholder_owners_are_the_readers_own_repository() -> None:
    source = (
        "from transformers import AutoModel, pipeline\n"
        'a = AutoModel.from_pretrained("username/my_awesome_model")\n'
        'b = pipeline("fill-mask", model="your-namespace/my-model")\n'
        'c = AutoModel.from_pretrained("YOUR_ACCOUNT_NAME/llama-ft")\n'
        'd = AutoModel.from_pretrained("usernameless/bert-ft")\n'
    )
    assert _where(source, "train.py", "MLS405") == [("MLS405", None, None, 5, 31, "low")]


def test_ids_the_notebook_writes_are_its_own_model() -> None:
    source = notebook(
        code_cell(
            "from transformers import AutoModel, TrainingArguments\n"
            'args = TrainingArguments(output_dir="imdb-classifier", push_to_hub=True)\n'
            'model.push_to_hub("acme/summarizer")'
        ),
        code_cell(
            'mine = AutoModel.from_pretrained("jdoe/imdb-classifier")\n'
            'also = AutoModel.from_pretrained("acme/summarizer")\n'
            'base = AutoModel.from_pretrained("acme/summarizer-base")'
        ),
    )
    assert _where(source, "fine_tune.ipynb", "MLS405") == [("MLS405", 2, None, 3, 34, "low")]


@pytest.mark.parametrize(
    ("filename", "severity"),
    [("original/tokenizer.model", "low"), ("consolidated.00.pth", "high"), ("model.joblib", "high")],
)
def test_pickle_format_files_are_an_exact_list(filename: str, severity: str) -> None:
    source = f'from huggingface_hub import hf_hub_download\npath = hf_hub_download("meta/llama", "{filename}")\n'
    assert _where(source, "get.py", "MLS405") == [("MLS405", None, None, 2, 24, severity)]


# ----------------------------------------------------------------------------------------------
# bandit's checks reviewed with what mlsafe knows


def test_a_notebooks_own_eval_is_not_the_builtin() -> None:
    own = notebook(code_cell("def eval(model, X, y):\n    return model.score(X, y)"), code_cell("eval(clf, X, y)"))
    assert _where(own, "baseline.ipynb", "B307") == []
    builtin = notebook(code_cell("def evaluate(model, X, y):\n    pass"), code_cell("value = eval(answer)"))
    assert _where(builtin, "baseline.ipynb", "B307") == [("B307", 2, None, 1, 9, "medium")]


def test_constant_commands_are_not_reported_and_built_ones_are() -> None:
    source = (
        "import os, subprocess\n"
        'os.system(f"ls /mnt/")\n'
        'TAR = "tar -czf model.tar.gz model/"\n'
        "subprocess.run(TAR, shell=True)\n"
        'os.system(f"ls {folder}")\n'
        'subprocess.run("tar -xzf " + archive, shell=True)\n'
    )
    assert _where(source, "pack.py", "B6") == [("B605", None, None, 5, 1, "high"), ("B602", None, None, 6, 1, "high")]


def test_sql_needs_its_shape_or_an_execute_sink() -> None:
    source = (
        'msg = f"`{key}` is not allowed. Please select a value from {choices}"\n'
        'q = f"SELECT * FROM {table} WHERE id = {row}"\n'
        'cursor.execute("delete from " + table)\n'
    )
    assert _where(source, "db.py", "B608") == [
        ("B608", None, None, 2, 5, "medium"),
        ("B608", None, None, 3, 16, "medium"),
    ]


def test_weak_hashes_used_as_identifiers_are_low() -> None:
    source = (
        "import hashlib\n"
        "run_id = hashlib.md5(name.encode()).hexdigest()[:8]\n"
        "digest = hashlib.md5(open(path, 'rb').read()).hexdigest()\n"
    )
    assert _where(source, "ids.py", "B324") == [("B324", None, None, 2, 10, "low"), ("B324", None, None, 3, 10, "high")]


def test_the_ssl_default_context_assignment_is_mls407() -> None:
    source = (
        "import ssl\n"
        "original = ssl._create_default_https_context\n"
        "ssl._create_default_https_context = ssl._create_unverified_context\n"
        "ssl._create_default_https_context = original\n"
    )
    assert _where(source, "download.py", "MLS408") == [("MLS408", None, None, 3, 1, "high")]


# ----------------------------------------------------------------------------------------------
# Personal data


def test_an_escape_in_a_printed_repr_separates_values() -> None:
    source = notebook(
        code_cell("row", outputs=[result_output({"text/plain": "'contact:\\nmaria.k@posteo.de\\tvip'"})]),
    )
    assert _where(source, "crm.ipynb", "MLS502") == [("MLS502", 1, 0, 1, 12, "medium")]


def test_a_credit_far_away_on_a_long_line_does_not_hide_an_address() -> None:
    line = "Author: support bot. " + "row; " * 200 + "customer maria.k@posteo.de"
    near = "Author: maria.k@posteo.de"
    source = notebook(
        code_cell("print(log)", outputs=[stream_output(line + "\n")]),
        code_cell("print(meta)", outputs=[stream_output(near + "\n")]),
    )
    assert _where(source, "log.ipynb", "MLS502") == [("MLS502", 1, 0, 1, len(line) - 16, "medium")]


def test_team_and_service_mailboxes_are_not_personal_but_people_are() -> None:
    source = notebook(
        markdown_cell(
            "Questions: askmlteam@contoso.com or data-api-feedback@contoso.com.\n"
            "Grant bq-connection@gcp-sa-bigquery.iam.gserviceaccount.com access.\n"
            "Ping askjane@gmail.com or lena.berg@contoso.com."
        ),
    )
    assert _where(source, "readme.ipynb", "MLS503") == [
        ("MLS503", 1, None, 3, 6, "medium"),
        ("MLS503", 1, None, 3, 27, "medium"),
    ]


def test_business_lines_and_typed_in_runs_are_not_personal_numbers() -> None:
    source = notebook(
        code_cell(
            "docs[0]",
            outputs=[
                stream_output(
                    "Our principal executive offices are in Springfield; our telephone number is (408) 540-3721.\n"
                    "Test numbers: +49 1234567890, +49 123123123.\n"
                    "Reach Dana Whit at (804) 371-7829.\n"
                )
            ],
        )
    )
    assert _where(source, "filing.ipynb", "MLS502") == [("MLS502", 1, 0, 3, 20, "medium")]


def test_published_contacts_are_not_leaks_but_a_person_in_a_record_is() -> None:
    text = (
        "Tell us what happened. Email us on dumfries@contoso-news.com.\n"
        "Lena Berg, Institute of Computer Science. E-mail: lena.berg@contoso.edu\n"
        "We emailed them. Applicant: maria.k@posteo.de\n"
    )
    source = notebook(code_cell("print(doc)", outputs=[stream_output(text)]))
    assert _where(source, "docs.ipynb", "MLS502") == [("MLS502", 1, 0, 3, 29, "medium")]


def test_card_shaped_ids_in_an_id_column_are_not_cards_but_a_card_column_is() -> None:
    table = "| | receiver_id | card number |\n|--|--:|--:|\n| 1 | 4532015112830366 | 4916338506082832 |"
    assert _where(notebook(markdown_cell(table)), "payments.ipynb", "MLS503") == [("MLS503", 1, None, 3, 26, "high")]


def test_a_field_the_notebook_sets_to_a_literal_is_not_printed_personal_data() -> None:
    literal = notebook(code_cell('user = {"email": "a@b.com"}'), code_cell('print(user["email"])'))
    assert _where(literal, "demo.ipynb", "MLS501") == []
    loaded = notebook(
        code_cell('user = {"email": "a@b.com"}\nuser = {"email": row.email}'), code_cell('print(user["email"])')
    )
    assert _where(loaded, "demo.ipynb", "MLS501") == [("MLS501", 2, None, 1, 7, Severity.MEDIUM.name.lower())]
