"""``mlsafe lsp`` driven over stdio with real JSON-RPC (tests/lsp_client.py), as an editor drives it:
scripts, notebooks through LSP 3.17 notebook sync, jupyterlab-lsp's joined documents, code actions,
changes, saves and client settings."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from linter.registry import rule_by_code
from tests.lsp_client import LspClient, codes_at

ERROR, WARNING, INFORMATION = 1, 2, 3


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("lsp-project")


@pytest.fixture(scope="module")
def client(root: Path) -> Iterator[LspClient]:
    lsp = LspClient(root, {"debounce": 100})  # wide enough that quick edits are always coalesced
    yield lsp
    lsp.close()


def _apply(text: str, edits: list[dict[str, Any]]) -> str:
    """Apply LSP text edits (ASCII text: characters are code points) the way an editor does."""
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)

    def offset(position: dict[str, int]) -> int:
        return offsets[position["line"]] + position["character"]

    for edit in sorted(edits, key=lambda e: offset(e["range"]["start"]), reverse=True):
        start, end = offset(edit["range"]["start"]), offset(edit["range"]["end"])
        text = text[:start] + edit["newText"] + text[end:]
    return text


def _cell_uri(notebook: Path, index: int) -> str:
    return f"vscode-notebook-cell:{notebook}#cell{index}"


def _open_notebook(client: LspClient, notebook: Path, sources: list[tuple[str, str]], version: int = 1) -> list[str]:
    """notebookDocument/didOpen with (kind, text) cells; returns the cell URIs."""
    uris = [_cell_uri(notebook, i) for i in range(len(sources))]
    cells = [
        {"kind": 2 if kind == "code" else 1, "document": uri} for uri, (kind, _) in zip(uris, sources, strict=True)
    ]
    documents = [
        {"uri": uri, "languageId": "python" if kind == "code" else "markdown", "version": 1, "text": text}
        for uri, (kind, text) in zip(uris, sources, strict=True)
    ]
    client.notify(
        "notebookDocument/didOpen",
        {
            "notebookDocument": {
                "uri": notebook.as_uri(),
                "notebookType": "jupyter-notebook",
                "version": version,
                "cells": cells,
            },
            "cellTextDocuments": documents,
        },
    )
    return uris


def _notebook_file(path: Path, cells: list[dict[str, Any]]) -> None:
    path.write_text(json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells}, indent=1))


def _code(source: str, outputs: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"cell_type": "code", "metadata": {}, "execution_count": None, "source": source, "outputs": outputs or []}


def test_initialize_declares_notebook_sync_and_code_actions(client: LspClient) -> None:
    capabilities = client.initialize["capabilities"]
    selector = capabilities["notebookDocumentSync"]["notebookSelector"][0]
    assert selector["notebook"] == "jupyter-notebook"
    assert {"language": "python"} in selector["cells"]
    assert capabilities["notebookDocumentSync"]["save"] is True
    kinds = capabilities["codeActionProvider"]["codeActionKinds"]
    assert kinds == ["quickfix", "source.fixAll.mlsafe", "notebook.source.fixAll.mlsafe"]
    assert client.initialize["serverInfo"]["name"] == "mlsafe"


def test_open_script_publishes_diagnostics_with_code_severity_source_and_docs(client: LspClient, root: Path) -> None:
    uri = (root / "load.py").as_uri()
    client.open_text(uri, "import pickle\n\nwith open('m.pkl', 'rb') as f:\n    model = pickle.load(f)\n")
    diagnostics = client.wait_for(uri, bool)
    assert codes_at(diagnostics) == [("MLS101", 3, 12)]
    (found,) = diagnostics
    assert found["severity"] == WARNING  # medium: the file is not downloaded here
    assert found["source"] == "mlsafe"
    assert found["range"]["end"] == {"line": 3, "character": 26}
    # the rule's docs link comes from mlsafe's [project.urls]; without any, findings carry no link
    rule = rule_by_code("MLS101")
    assert rule is not None
    url = rule.url()
    assert found.get("codeDescription") == ({"href": url} if url else None)


def test_positions_are_utf16_code_units(client: LspClient, root: Path) -> None:
    uri = (root / "emoji.py").as_uri()
    client.open_text(uri, "import torch\nname = '\U0001f525'; m = torch.load('m.pt')\n")
    (found,) = client.wait_for(uri, bool)
    # the flame is one code point but two UTF-16 code units
    assert (found["code"], found["range"]["start"]) == ("MLS102", {"line": 1, "character": 17})


def test_notebook_cell_two_uses_the_import_of_cell_one(client: LspClient, root: Path) -> None:
    notebook = root / "train.ipynb"
    uris = _open_notebook(
        client,
        notebook,
        [("code", "import torch as T"), ("markdown", "# Load"), ("code", "x = 1\nmodel = T.load('ckpt.pt')")],
    )
    diagnostics = client.wait_for(uris[2], bool)
    assert codes_at(diagnostics) == [("MLS102", 1, 8)]
    assert client.wait_for(uris[0]) == []
    assert client.wait_for(uris[1]) == []


def test_pip_install_line_in_a_cell(client: LspClient, root: Path) -> None:
    uris = _open_notebook(
        client, root / "setup.ipynb", [("code", "import os\n!pip install -q torch transformers==4.46.3")]
    )
    diagnostics = client.wait_for(uris[0], bool)
    assert codes_at(diagnostics) == [("MLS401", 1, 16)]
    assert "torch" in diagnostics[0]["message"]


def test_quick_fix_through_a_code_action_then_refresh_after_did_change(client: LspClient, root: Path) -> None:
    uri = (root / "fixme.py").as_uri()
    text = "import torch\nstate = torch.load('ckpt.pt', map_location='cpu')\n"
    client.open_text(uri, text)
    (diagnostic,) = client.wait_for(uri, bool)
    actions = client.request(
        "textDocument/codeAction",
        {"textDocument": {"uri": uri}, "range": diagnostic["range"], "context": {"diagnostics": [diagnostic]}},
    )
    titles = [a["title"] for a in actions]
    assert "mlsafe: Pass `weights_only=True` (MLS102)" in titles
    assert "mlsafe: Suppress MLS102 with `# noqa: MLS102`" in titles
    fix = next(a for a in actions if a["title"].startswith("mlsafe: Pass"))
    assert fix["kind"] == "quickfix" and fix["isPreferred"] is True
    fixed = _apply(text, fix["edit"]["changes"][uri])
    assert fixed == "import torch\nstate = torch.load('ckpt.pt', map_location='cpu', weights_only=True)\n"
    client.notify(
        "textDocument/didChange",
        {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": fixed}]},
    )
    assert client.wait_for(uri, lambda d: d == []) == []


def test_noqa_action_suppresses_the_finding(client: LspClient, root: Path) -> None:
    uri = (root / "noqa.py").as_uri()
    text = "import yaml\ncfg = yaml.load(open('c.yaml'))  # noqa: E501\n"
    client.open_text(uri, text)
    (diagnostic,) = client.wait_for(uri, bool)
    actions = client.request(
        "textDocument/codeAction",
        {"textDocument": {"uri": uri}, "range": diagnostic["range"], "context": {"diagnostics": [diagnostic]}},
    )
    suppress = next(a for a in actions if "noqa" in a["title"])
    edited = _apply(text, suppress["edit"]["changes"][uri])
    assert edited == "import yaml\ncfg = yaml.load(open('c.yaml'))  # noqa: E501, MLS104\n"
    client.notify(
        "textDocument/didChange", {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": edited}]}
    )
    assert client.wait_for(uri, lambda d: d == []) == []


def test_incremental_changes_refresh_and_only_the_last_version_counts(client: LspClient, root: Path) -> None:
    uri = (root / "edit.py").as_uri()
    client.open_text(uri, "import numpy as np\n")
    assert client.wait_for(uri) == []
    line = "data = np.load('x.npy', allow_pickle=True)\n"
    # three quick edits: the last one moves the call down two lines
    changes = [
        {"range": {"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": 0}}, "text": line},
        {"range": {"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": 0}}, "text": "\n"},
        {"range": {"start": {"line": 1, "character": 0}, "end": {"line": 1, "character": 0}}, "text": "\n"},
    ]
    for version, change in enumerate(changes, start=2):
        client.notify(
            "textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]}
        )
    diagnostics = client.wait_for(uri, lambda d: any(x["range"]["start"]["line"] == 3 for x in d))
    assert codes_at(diagnostics) == [("MLS103", 3, 24)]
    published = [m["params"] for m in client.messages if m.get("method") == "textDocument/publishDiagnostics"]
    versions = [p.get("version") for p in published if p["uri"] == uri]
    assert versions[-1] == 4
    assert all(v in (1, 4) for v in versions), versions  # debounced: versions 2 and 3 were never published


def test_output_findings_are_read_from_disk_on_save(client: LspClient, root: Path) -> None:
    notebook = root / "outputs.ipynb"
    sources = ["import pandas as pd", "df = pd.read_csv('x.csv')\ndf.head()"]
    _notebook_file(notebook, [_code(s) for s in sources])
    uris = _open_notebook(client, notebook, [("code", s) for s in sources])
    assert client.wait_for(uris[1]) == []
    traceback = {
        "output_type": "error",
        "ename": "FileNotFoundError",
        "evalue": "[Errno 2] No such file or directory: 'x.csv'",
        "traceback": ["FileNotFoundError: [Errno 2] No such file or directory: 'x.csv'"],
    }
    stream = {"output_type": "stream", "name": "stdout", "text": "loaded\n"}
    _notebook_file(notebook, [_code(sources[0]), _code(sources[1], [stream, traceback])])
    client.notify("notebookDocument/didSave", {"notebookDocument": {"uri": notebook.as_uri()}})
    diagnostics = client.wait_for(uris[1], bool)
    assert codes_at(diagnostics) == [("MLS304", 0, 0)]
    assert "FileNotFoundError" in diagnostics[0]["message"]
    assert "output 2" in diagnostics[0]["message"]
    assert diagnostics[0]["range"]["end"] == {"line": 0, "character": len("df = pd.read_csv('x.csv')")}
    assert client.wait_for(uris[0]) == []


def test_output_findings_are_read_from_disk_on_open(client: LspClient, root: Path) -> None:
    notebook = root / "opened_outputs.ipynb"
    sources = ["import pandas as pd", "df = pd.read_csv('y.csv')"]
    traceback = {
        "output_type": "error",
        "ename": "FileNotFoundError",
        "evalue": "[Errno 2] No such file or directory: 'y.csv'",
        "traceback": ["FileNotFoundError: [Errno 2] No such file or directory: 'y.csv'"],
    }
    _notebook_file(notebook, [_code(sources[0]), _code(sources[1], [traceback])])
    uris = _open_notebook(client, notebook, [("code", s) for s in sources])
    diagnostics = client.wait_for(uris[1], bool)  # no save: the open itself read the file
    assert codes_at(diagnostics) == [("MLS304", 0, 0)]
    assert "output 1" in diagnostics[0]["message"]
    assert client.wait_for(uris[0]) == []


def test_saving_a_script_lints_it_again_with_the_saved_configuration(client: LspClient, root: Path) -> None:
    folder = root / "saved"
    folder.mkdir()
    uri = (folder / "load.py").as_uri()
    client.open_text(uri, "import pickle\npickle.loads(b)\n")
    assert codes_at(client.wait_for(uri, bool)) == [("MLS101", 1, 0)]
    (folder / "pyproject.toml").write_text('[tool.mlsafe]\nignore = ["MLS101"]\n')
    client.notify("textDocument/didSave", {"textDocument": {"uri": uri}})
    assert client.wait_for(uri, lambda d: d == []) == []


def test_notebook_change_moves_findings_between_cells(client: LspClient, root: Path) -> None:
    notebook = root / "change.ipynb"
    uris = _open_notebook(client, notebook, [("code", "import pickle"), ("code", "obj = pickle.load(f)")])
    assert codes_at(client.wait_for(uris[1], bool)) == [("MLS101", 0, 6)]
    change = {
        "notebookDocument": {"uri": notebook.as_uri(), "version": 2},
        "change": {
            "cells": {
                "textContent": [
                    {
                        "document": {"uri": uris[1], "version": 2},
                        "changes": [
                            {
                                "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 20}},
                                "text": "obj = 1",
                            }
                        ],
                    },
                    {
                        "document": {"uri": uris[0], "version": 2},
                        "changes": [
                            {
                                "range": {"start": {"line": 0, "character": 13}, "end": {"line": 0, "character": 13}},
                                "text": "\nw = pickle.loads(b)",
                            }
                        ],
                    },
                ]
            }
        },
    }
    client.notify("notebookDocument/didChange", change)
    assert client.wait_for(uris[1], lambda d: d == []) == []
    assert codes_at(client.wait_for(uris[0], bool)) == [("MLS101", 1, 4)]


def test_notebook_fix_all_on_save(client: LspClient, root: Path) -> None:
    notebook = root / "fixall.ipynb"
    uris = _open_notebook(
        client,
        notebook,
        [("code", "import torch, yaml"), ("code", "m = torch.load('a.pt')\nc = yaml.load(open('c.yml'))")],
    )
    client.wait_for(uris[1], bool)
    actions = client.request(
        "textDocument/codeAction",
        {
            "textDocument": {"uri": uris[0]},
            "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
            "context": {"diagnostics": [], "only": ["notebook.source.fixAll"]},
        },
    )
    (action,) = actions
    assert action["kind"] == "notebook.source.fixAll.mlsafe"
    changes = action["edit"]["changes"]
    assert list(changes) == [uris[1]]
    fixed = _apply("m = torch.load('a.pt')\nc = yaml.load(open('c.yml'))", changes[uris[1]])
    assert fixed == "m = torch.load('a.pt', weights_only=True)\nc = yaml.safe_load(open('c.yml'))"


def test_source_fix_all_for_a_script(client: LspClient, root: Path) -> None:
    uri = (root / "fixall.py").as_uri()
    text = "import numpy as np\nimport torch\na = np.load('a.npy', allow_pickle=True)\nb = torch.load('b.pt')\n"
    client.open_text(uri, text)
    client.wait_for(uri, bool)
    actions = client.request(
        "textDocument/codeAction",
        {
            "textDocument": {"uri": uri},
            "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
            "context": {"diagnostics": [], "only": ["source.fixAll"]},
        },
    )
    (action,) = actions
    assert action["kind"] == "source.fixAll.mlsafe"
    fixed = _apply(text, action["edit"]["changes"][uri])
    assert fixed == (
        "import numpy as np\nimport torch\na = np.load('a.npy', allow_pickle=False)\n"
        "b = torch.load('b.pt', weights_only=True)\n"
    )


def test_unsafe_fix_is_labelled(client: LspClient, root: Path) -> None:
    uri = (root / "unsafe.py").as_uri()
    text = "import torch\nlegacy = torch.load('l.pt', weights_only=False)\n"
    client.open_text(uri, text)
    (diagnostic,) = client.wait_for(uri, bool)
    actions = client.request(
        "textDocument/codeAction",
        {"textDocument": {"uri": uri}, "range": diagnostic["range"], "context": {"diagnostics": [diagnostic]}},
    )
    fix = next(a for a in actions if "noqa" not in a["title"])
    assert fix["title"].endswith("(MLS102, unsafe fix)")
    assert fix["isPreferred"] is False


def test_jupyterlab_lsp_joined_document(client: LspClient, root: Path) -> None:
    """jupyterlab-lsp sends the notebook as one Python document with IPython syntax rewritten."""
    uri = (root / ".virtual_documents" / "explore.ipynb").as_uri()
    text = (
        "import torch\n\n\n"
        'get_ipython().getoutput("pip install torch")\n\n\n'
        'get_ipython().run_line_magic("pip", " install transformers")\n\n\n'
        'get_ipython().getoutput("pip install "datasets>=2"")\n\n\n'
        'get_ipython().run_cell_magic("bash", "", """pip install accelerate\necho done\n""")\n\n\n'
        "model = torch.load('m.pt')\n"
    )
    client.open_text(uri, text)
    diagnostics = client.wait_for(uri, bool)
    assert codes_at(diagnostics) == [
        ("MLS102", 17, 8),
        ("MLS401", 3, 37),
        ("MLS401", 6, 46),
        ("MLS401", 9, 38),
        ("MLS401", 12, 56),
    ]


def test_requirements_file(client: LspClient, root: Path) -> None:
    uri = (root / "requirements.txt").as_uri()
    client.open_text(uri, "numpy==2.1.0\ntorch\n", language="pip-requirements")
    assert codes_at(client.wait_for(uri, bool)) == [("MLS402", 1, 0)]


def test_did_close_clears_diagnostics(client: LspClient, root: Path) -> None:
    uri = (root / "closed.py").as_uri()
    client.open_text(uri, "import pickle\npickle.loads(b)\n")
    client.wait_for(uri, bool)
    client.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
    assert client.wait_for(uri, lambda d: d == []) == []


def test_settings_and_pyproject_configuration(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.mlsafe]\nignore = ["MLS103"]\n')
    text = (
        "import numpy, pickle, torch, urllib.request\nnumpy.load('a', allow_pickle=True)\ntorch.load('b')\n"
        "urllib.request.urlretrieve(url, 'm.pkl')\nobj = pickle.load(open('m.pkl', 'rb'))\n"
    )
    lsp = LspClient(tmp_path, {"settings": {"severity": "high", "ignore": ["MLS104"]}})
    try:
        uri = (tmp_path / "src" / "a.py").as_uri()
        lsp.open_text(uri, text)
        # MLS103 ignored by pyproject.toml, MLS102 (medium) below the client's threshold; the
        # downloaded pickle is high
        (high,) = lsp.wait_for(uri, bool)
        assert (high["code"], high["range"]["start"], high["severity"]) == (
            "MLS101",
            {"line": 4, "character": 6},
            ERROR,
        )
        lsp.notify("workspace/didChangeConfiguration", {"settings": {"mlsafe": {"severity": "low"}}})
        assert codes_at(lsp.wait_for(uri, lambda d: len(d) == 2)) == [("MLS101", 4, 6), ("MLS102", 2, 0)]
    finally:
        lsp.close()


def test_notebook_structure_change_adds_and_removes_cells(client: LspClient, root: Path) -> None:
    notebook = root / "structure.ipynb"
    uris = _open_notebook(client, notebook, [("code", "import pickle"), ("code", "a = pickle.loads(b)")])
    assert codes_at(client.wait_for(uris[1], bool)) == [("MLS101", 0, 4)]
    added = f"vscode-notebook-cell:{notebook}#added"
    change = {
        "notebookDocument": {"uri": notebook.as_uri(), "version": 2},
        "change": {
            "cells": {
                "structure": {
                    "array": {"start": 1, "deleteCount": 1, "cells": [{"kind": 2, "document": added}]},
                    "didOpen": [
                        {"uri": added, "languageId": "python", "version": 1, "text": "x = 1\ny = pickle.load(f)"}
                    ],
                    "didClose": [{"uri": uris[1]}],
                }
            }
        },
    }
    client.notify("notebookDocument/didChange", change)
    assert codes_at(client.wait_for(added, bool)) == [("MLS101", 1, 4)]
    assert client.wait_for(uris[1], lambda d: d == []) == []  # the removed cell is cleared
    client.notify(
        "notebookDocument/didClose",
        {"notebookDocument": {"uri": notebook.as_uri()}, "cellTextDocuments": [{"uri": uris[0]}, {"uri": added}]},
    )
    assert client.wait_for(added, lambda d: d == []) == []


def test_a_syntax_error_in_one_cell_leaves_the_others_linted(client: LspClient, root: Path) -> None:
    uris = _open_notebook(
        client,
        root / "broken.ipynb",
        [("code", "import torch"), ("code", "def broken(:\n"), ("code", "torch.load('a')")],
    )
    assert codes_at(client.wait_for(uris[2], bool)) == [("MLS102", 0, 0)]
    assert [d["code"] for d in client.wait_for(uris[1], bool)] == ["MLS001"]


def test_bad_messages_do_not_stop_the_server(client: LspClient, root: Path) -> None:
    unknown = (root / "never-opened.ipynb").as_uri()
    client.notify(
        "notebookDocument/didChange",
        {"notebookDocument": {"uri": unknown, "version": 2}, "change": {"cells": {"textContent": []}}},
    )
    client.notify(
        "textDocument/didChange", {"textDocument": {"uri": unknown + ".py", "version": 2}, "contentChanges": []}
    )
    client.notify("workspace/didChangeConfiguration", {"settings": {"mlsafe": {"severity": 7, "select": "MLS999"}}})
    answer = client.request(
        "textDocument/codeAction",
        {
            "textDocument": {"uri": (root / "nothing-here.py").as_uri()},
            "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
            "context": {"diagnostics": []},
        },
    )
    assert answer is None
    uri = (root / "after.py").as_uri()
    client.open_text(uri, "import pickle\npickle.loads(b)\n")
    assert codes_at(client.wait_for(uri, bool)) == [("MLS101", 1, 0)]
    shown = [m for m in client.messages if m.get("method") == "window/showMessage"]
    assert any("MLS999" in m["params"]["message"] for m in shown)  # the bad setting is named, once
    client.notify("workspace/didChangeConfiguration", {"settings": {"mlsafe": {}}})
