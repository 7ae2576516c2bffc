"""The server route POST /mlsafe/lint against a real `jupyter lab` subprocess: authentication,
XSRF, the size limit, bad bodies, findings keyed by cell id, redaction, settings."""

from __future__ import annotations

import json
from typing import Any

from lab_support import LabServer, cookie_session, lint, request

from linter.api import lint_notebook
from linter.kit.examples import code_cell, markdown_cell, notebook, stream_output
from mlsafe_jupyter.payload import MAX_BODY_BYTES, cell_ids, finding_json, redactable_outputs

AWS_KEY = "AKIAQWERTYUIOPASDF12"
CUSTOMER = "unmistakable_customer_column"

NOTEBOOK: dict[str, Any] = json.loads(
    notebook(
        markdown_cell("# Training"),
        code_cell("import pickle\n"),
        code_cell(f"{CUSTOMER} = 1\nwith open('model.pkl', 'rb') as f:\n    model = pickle.load(f)\n"),
        code_cell(f"aws_key = '{AWS_KEY}'\nprint(aws_key)\n", outputs=[stream_output(AWS_KEY + "\n")]),
    )
)


def payload(nb: dict[str, Any] = NOTEBOOK, **options: Any) -> dict[str, Any]:
    return {"notebook": nb, **options}


def test_refuses_a_request_without_the_token(lab: LabServer) -> None:
    reply = lint(lab, payload(), token=False)
    assert reply.status == 403
    assert b"pickle" not in reply.body


def test_refuses_a_wrong_token(lab: LabServer) -> None:
    reply = lint(lab, payload(), token=False, headers={"Authorization": "token " + "0" * 32})
    assert reply.status == 403


def test_cookie_session_needs_the_xsrf_header(lab: LabServer) -> None:
    opener, jar = cookie_session(lab)
    xsrf = next(cookie.value for cookie in jar if cookie.name == "_xsrf")
    refused = lint(lab, payload(), token=False, opener=opener)
    assert refused.status == 403
    assert b"_xsrf" in refused.body
    forged = lint(lab, payload(), token=False, opener=opener, headers={"X-XSRFToken": "2|forged|0|0"})
    assert forged.status == 403
    accepted = lint(lab, payload(), token=False, opener=opener, headers={"X-XSRFToken": xsrf})
    assert accepted.status == 200
    assert accepted.json()["count"] >= 1


def test_findings_are_keyed_by_cell_id(lab: LabServer) -> None:
    reply = lint(lab, payload())
    assert reply.status == 200
    body = reply.json()
    assert set(body["cells"]) == {"cell-1", "cell-2", "cell-3", "cell-4"}
    assert body["notebook"] == []
    load = [f for f in body["cells"]["cell-3"] if f["code"] == "MLS101"]
    assert [(f["cell"], f["output"], f["line"], f["column"], f["end_line"], f["end_column"]) for f in load] == [
        (3, None, 3, 13, 3, 27)
    ]
    assert load[0]["name"] == "pickle-load"
    assert load[0]["severity"] in ("low", "medium", "high")
    assert load[0]["url"].endswith("#mls101-pickle-load")
    assert body["cells"]["cell-1"] == []
    assert body["count"] == sum(len(found) for found in body["cells"].values())


def test_answer_is_the_engine_result_for_the_live_content(lab: LabServer) -> None:
    """The route adds and drops nothing: the engine's findings, each under its cell's id."""
    expected: dict[str, list[dict[str, Any]]] = {cell["id"]: [] for cell in NOTEBOOK["cells"]}
    result = lint_notebook(NOTEBOOK)
    redactable = redactable_outputs(result.findings)
    for finding in result.findings:
        assert finding.cell_id is not None
        where = (finding.location.cell, finding.location.output)
        expected[finding.cell_id].append(finding_json(finding, cell_ids(NOTEBOOK), where in redactable))
    assert lint(lab, payload()).json()["cells"] == expected


def test_unsaved_edit_is_linted_and_nothing_is_read_from_disk(lab: LabServer) -> None:
    edited = json.loads(json.dumps(NOTEBOOK))
    edited["cells"][1]["source"] = "import pickle\nobj = pickle.loads(blob)\n"
    (lab.root / "on-disk.ipynb").write_text(notebook(code_cell("x = 1\n")))
    body = lint(lab, {**payload(edited), "path": "on-disk.ipynb"}).json()
    assert [(f["code"], f["line"], f["column"]) for f in body["cells"]["cell-2"]] == [("MLS101", 2, 7)]


def test_response_never_holds_source_text_or_a_full_secret(lab: LabServer) -> None:
    text = lint(lab, payload()).body.decode()
    assert CUSTOMER not in text
    assert AWS_KEY not in text
    assert AWS_KEY[:8] not in text
    for findings in json.loads(text)["cells"].values():
        for finding in findings:
            assert "source" not in finding


def test_ignore_and_severity_threshold(lab: LabServer) -> None:
    ignored = lint(lab, payload(ignore=["MLS1"])).json()
    assert all(not f["code"].startswith("MLS1") for found in ignored["cells"].values() for f in found)
    everything = lint(lab, payload()).json()
    high = lint(lab, payload(min_severity="high")).json()
    expected = {cell: [f for f in found if f["severity"] == "high"] for cell, found in everything["cells"].items()}
    assert high["cells"] == expected
    refused = lint(lab, payload(min_severity="severe"))
    assert refused.status == 400
    assert "low, medium or high" in refused.json()["message"]


def test_body_over_the_limit_gets_413_with_a_clear_message(lab: LabServer) -> None:
    big = json.loads(json.dumps(NOTEBOOK))
    big["cells"].append(code_cell("x = 1\n" * (MAX_BODY_BYTES // 6 + 10)))
    reply = lint(lab, payload(big))
    assert reply.status == 413
    message = reply.json()["message"]
    assert "too large" in message and "MB" in message


def test_bad_bodies_get_400(lab: LabServer) -> None:
    assert request(lab, "POST", "mlsafe/lint", b"{not json").status == 400
    reply = lint(lab, {"notebook": {"cells": "nope"}})
    assert reply.status == 400
    assert "cells" in reply.json()["message"]
    assert lint(lab, {"notebook": NOTEBOOK, "ignore": "MLS1"}).status == 400


def test_broken_cell_is_a_finding_not_an_error(lab: LabServer) -> None:
    broken = json.loads(notebook(code_cell("def broken(:\n"), code_cell("import pickle\npickle.load(f)\n")))
    body = lint(lab, payload(broken)).json()
    assert [f["code"] for f in body["cells"]["cell-1"]] == ["MLS001"]
    assert [(f["code"], f["line"]) for f in body["cells"]["cell-2"]] == [("MLS101", 2)]


def test_get_is_not_allowed(lab: LabServer) -> None:
    assert request(lab, "GET", "mlsafe/lint").status == 405


def test_extension_is_enabled_by_the_install(lab: LabServer) -> None:
    log = lab.log.read_text()
    assert "mlsafe_jupyter: POST /mlsafe/lint registered" in log


def test_fixes_sent_to_the_page_edit_sources_only() -> None:
    """A source fix is sent (new text only); fixes of saved outputs (clearing a traceback) are not."""
    from linter.kit.examples import error_output

    nb = json.loads(
        notebook(
            code_cell("import torch\nstate = torch.load(p)\n"),
            code_cell("1/0", outputs=[error_output("ZeroDivisionError", "division by zero", ["Tb"])]),
        )
    )
    sent = {f["code"]: f["fix"] for f in (finding_json(g, cell_ids(nb)) for g in lint_notebook(nb).findings)}
    assert sent["MLS102"] == {
        "title": "Pass `weights_only=True`",
        "applicability": "safe",
        "edits": [
            {
                "cell": 1,
                "cell_id": nb["cells"][0]["id"],
                "line": 2,
                "column": 21,
                "end_line": 2,
                "end_column": 21,
                "content": ", weights_only=True",
            }
        ],
    }
    assert sent["MLS304"] is None


def redact(server: LabServer, body: dict[str, Any], **options: Any) -> Any:
    return request(server, "POST", "mlsafe/redact", json.dumps(body).encode(), **options)


def test_redact_route_masks_the_output_and_never_answers_the_value(lab: LabServer) -> None:
    from linter.kit.examples import result_output
    from linter.kit.redaction import redact as mask
    from linter.rules.secrets._examples import TOKENS

    token = TOKENS["huggingface"]
    email = "jose.ortega@outlook.es"
    output = result_output({"text/plain": f"'{token}' {email}", "text/html": f"<td>{email}</td>"})
    reply = redact(lab, {"output": output})
    assert reply.status == 200
    text = reply.body.decode()
    assert token not in text and token[:8] not in text and email not in text
    body = reply.json()
    assert body["masked"] == 3
    assert body["output"]["data"] == {
        "text/plain": f"'{mask(token)}' {mask(email)}",
        "text/html": f"<td>{mask(email)}</td>",
    }
    assert body["output"]["execution_count"] == output["execution_count"]
    # The user's ignored rules are not redacted.
    kept = redact(lab, {"output": output, "ignore": ["MLS5"]}).json()
    assert kept["masked"] == 1 and email in kept["output"]["data"]["text/html"]


def test_redact_route_auth_and_bad_bodies(lab: LabServer) -> None:
    output = stream_output(AWS_KEY + "\n")
    assert redact(lab, {"output": output}, token=False).status == 403
    assert request(lab, "POST", "mlsafe/redact", b"{not json").status == 400
    assert redact(lab, {"output": "text"}).status == 400
    assert redact(lab, {"output": output, "ignore": "MLS2"}).status == 400
    for depth in (900, 5000):  # within and past what json.loads takes: 400, never a 500
        nested = "[" * depth + '"x"' + "]" * depth
        body = '{"output": {"output_type": "display_data", "data": {"application/json": ' + nested + "}}}"
        assert request(lab, "POST", "mlsafe/redact", body.encode()).status in (200, 400), depth
    assert request(lab, "GET", "mlsafe/redact").status == 405


def test_findings_in_outputs_say_whether_they_can_be_redacted(lab: LabServer) -> None:
    from linter.kit.examples import error_output
    from linter.rules.secrets._examples import TOKENS

    nb = json.loads(
        notebook(
            code_cell("print(key)", outputs=[stream_output(TOKENS["huggingface"] + "\n")]),
            code_cell("run()", outputs=[error_output("ValueError", "bad", ["ValueError: bad shape"])]),
        )
    )
    body = lint(lab, payload(nb)).json()
    found = {(f["code"], f["cell"], f["output"]): f.get("redactable") for c in body["cells"].values() for f in c}
    assert found[("MLS204", 1, 0)] is True
    assert found[("MLS304", 2, 0)] is False
