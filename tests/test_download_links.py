"""Unsafe loads of a downloaded file are high severity, following the file through gdown's output
(shell line or call, a variable or a joined path) and through the document's own download helpers
(issue 20, class 8); look-alikes stay medium."""

from __future__ import annotations

from linter.api import lint_source
from linter.kit.examples import code_cell, notebook


def _loads(text: str, path: str = "x.py") -> list[tuple]:
    result = lint_source(text, path)
    return [
        (f.code, f.location.cell, f.location.line, f.severity.name)
        for f in result.findings
        if f.code in ("MLS101", "MLS102")
    ]


def test_gdown_shell_line_with_output_flag() -> None:
    text = notebook(
        code_cell("!gdown --id 1a2B3c4D5e -O checkpoints/best.pth"),
        code_cell("import torch\nstate = torch.load('checkpoints/best.pth')"),
    )
    assert _loads(text, "nb.ipynb") == [("MLS102", 2, 2, "HIGH")]


def test_gdown_shell_line_writing_to_a_python_variable() -> None:
    text = notebook(
        code_cell("ckpt = 'best.pth'\n!gdown --id 1a2B3c4D5e -O {ckpt}"),
        code_cell("import torch\nstate = torch.load(ckpt)"),
    )
    assert _loads(text, "nb.ipynb") == [("MLS102", 2, 2, "HIGH")]


def test_gdown_download_to_a_variable_and_its_literal() -> None:
    source = (
        "import gdown, torch\n"
        "output = 'weights.pth'\n"
        "gdown.download(URL, output, quiet=False)\n"
        "a = torch.load(output)\n"
        "b = torch.load('weights.pth')\n"
    )
    assert _loads(source) == [("MLS102", None, 4, "HIGH"), ("MLS102", None, 5, "HIGH")]


def test_gdown_download_to_a_joined_path() -> None:
    source = (
        "import gdown, os, torch\n"
        "gdown.download(id=FILE_ID, output=os.path.join(ROOT, 'w.pt'))\n"
        "m = torch.load(os.path.join(ROOT, 'w.pt'))\n"
    )
    assert _loads(source) == [("MLS102", None, 3, "HIGH")]


def test_helper_calling_urlretrieve_with_its_parameter() -> None:
    source = (
        "import pickle, urllib.request\n"
        "def fetch(url, filename):\n"
        "    urllib.request.urlretrieve(url, filename)\n"
        "fetch(URL, 'model.pkl')\n"
        "m = pickle.load(open('model.pkl', 'rb'))\n"
    )
    assert _loads(source) == [("MLS101", None, 5, "HIGH")]


def test_helper_writing_a_response_to_its_parameter_across_cells() -> None:
    text = notebook(
        code_cell(
            "import requests\n"
            "def download(url, path):\n"
            "    r = requests.get(url)\n"
            "    with open(path, 'wb') as f:\n"
            "        f.write(r.content)"
        ),
        code_cell("download(URL, 'encoder.joblib')"),
        code_cell("import joblib\nenc = joblib.load('encoder.joblib')"),
    )
    assert _loads(text, "nb.ipynb") == [("MLS101", 3, 2, "HIGH")]


def test_look_alike_a_helper_that_saves_without_downloading() -> None:
    source = (
        "import pickle\n"
        "def save(data, path):\n"
        "    with open(path, 'wb') as f:\n"
        "        f.write(data)\n"
        "save(blob, 'model.pkl')\n"
        "m = pickle.load(open('model.pkl', 'rb'))\n"
    )
    assert _loads(source) == [("MLS101", None, 6, "MEDIUM")]


def test_look_alike_a_parameter_name_inside_a_helper_is_not_global() -> None:
    source = (
        "import torch, urllib.request\n"
        "def fetch(url, path):\n"
        "    urllib.request.urlretrieve(url, path)\n"
        "path = 'local.pt'\n"
        "m = torch.load(path)\n"
    )
    assert _loads(source) == [("MLS102", None, 5, "MEDIUM")]


def test_look_alike_another_file_than_the_one_downloaded() -> None:
    source = "import gdown, torch\noutput = 'weights.pth'\ngdown.download(URL, output)\nm = torch.load('other.pth')\n"
    assert _loads(source) == [("MLS102", None, 4, "MEDIUM")]


def test_look_alike_requests_params_are_not_an_output() -> None:
    source = "import requests, torch\nparams = {'q': 1}\nr = requests.get(URL, params)\nm = torch.load(params)\n"
    assert _loads(source) == [("MLS102", None, 4, "MEDIUM")]
