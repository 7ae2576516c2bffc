"""The model-file reader (linter.sources.artifacts): formats, budgets, fuzzing, the sentinel test
(no test pickle ever runs), and the load-site verdicts of MLS101/MLS102 and MLS108 on files."""

from __future__ import annotations

import builtins
import gzip
import io
import json
import os
import pickle
import pickletools
import random
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from linter.api import lint_paths
from linter.config import Config
from linter.model import Finding, Severity
from linter.sources.artifacts import read_artifact, read_bytes, referenced_model_files
from linter.sources.pickle_stream import Budget

# ---------------------------------------------------------------------------------------------
# Building test files by hand (nothing here is ever unpickled)


def short(text: str) -> bytes:
    """SHORT_BINUNICODE of ``text``."""
    raw = text.encode()
    return b"\x8c" + bytes([len(raw)]) + raw


def glob(module: str, name: str) -> bytes:
    return b"c" + module.encode() + b"\n" + name.encode() + b"\n"


def torch_state_dict_pickle(extra: bytes = b"") -> bytes:
    """A protocol 2 ``data.pkl`` as ``torch.save(OrderedDict(weight=tensor))`` writes it; ``extra``
    is pushed as a second value and set under the key 'extra'."""
    storage = b"((" + b"X\x07\x00\x00\x00storage" + glob("torch", "FloatStorage") + b"X\x01\x00\x00\x000"
    storage += b"X\x03\x00\x00\x00cpuK\x04tQ"
    tensor = glob("torch._utils", "_rebuild_tensor_v2") + storage
    tensor += b"K\x00K\x04\x85K\x01\x85\x89" + glob("collections", "OrderedDict") + b")RtR"
    body = b"\x80\x02" + glob("collections", "OrderedDict") + b")R" + b"X\x06\x00\x00\x00weight" + tensor + b"s"
    if extra:
        body += b"X\x05\x00\x00\x00extra" + extra + b"s"
    return body + b"."


def torch_zip(pickled: bytes, member: str = "archive/data.pkl") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(member, pickled)
        archive.writestr("archive/data/0", b"\x00" * 16)
        archive.writestr("archive/version", b"3\n")
    return buffer.getvalue()


def npy(header: str, payload: bytes) -> bytes:
    text = header.encode("latin-1")
    text += b" " * (63 - (10 + len(text)) % 64) + b"\n"
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(text)) + text + payload


def joblib_with_array(after: bytes) -> bytes:
    """A protocol 4 pickle as joblib writes a float64 array of 3 items: a NumpyArrayWrapper whose
    BUILD is followed by the raw array bytes (with alignment padding), then ``after``, then STOP."""
    dtype = short("numpy") + b"\x94" + short("dtype") + b"\x94\x93\x94" + short("f8") + b"\x89\x88\x87\x94R\x94"
    dtype += b"(K\x03" + short("<") + b"NNNJ\xff\xff\xff\xffJ\xff\xff\xff\xffK\x00tb"
    state = b"}\x94(" + short("shape") + b"K\x03\x85\x94" + short("dtype") + dtype
    state += short("order") + short("C") + short("numpy_array_alignment_bytes") + b"K\x10ub"
    wrapper = short("joblib.numpy_pickle") + b"\x94" + short("NumpyArrayWrapper") + b"\x94\x93\x94)\x81\x94" + state
    head = b"\x80\x04]\x94" + wrapper
    padding = 16 - (len(head) + 1) % 16
    raw = bytes([padding]) + b"\xff" * padding + b"\x80\x02cos\nsystem\n." + b"\x00" * 10  # 24 bytes of "data"
    assert len(raw) == 1 + padding + 24
    return head + raw + b"a" + after + b"."


class Payload:
    """Pickles to a call of ``func(*args)``: what a malicious model file does."""

    def __init__(self, func: object, *args: object) -> None:
        self.func, self.args = func, args

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        return self.func, self.args


def payloads(sentinel: Path) -> list[bytes]:
    """Pickles that would create ``sentinel`` if they were ever unpickled."""
    command = f"touch {sentinel}"
    source = f"open({str(sentinel)!r}, 'w').close()"
    made = []
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        made.append(pickle.dumps({"state": Payload(os.system, command)}, protocol=protocol))
        made.append(pickle.dumps([1, Payload(builtins.exec, source)], protocol=protocol))
    made.append(b"cbuiltins\nexec\n(V" + source.encode() + b"\ntR.")  # written by hand, protocol 0
    return made


def write_model_files(folder: Path, sentinel: Path) -> list[Path]:
    written = []
    for i, data in enumerate(payloads(sentinel)):
        for name, content in (
            (f"evil{i}.pkl", data),
            (f"evil{i}.joblib", gzip.compress(data)),
            (f"evil{i}.pt", torch_zip(data)),
            (f"evil{i}.npy", npy("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", data)),
        ):
            path = folder / name
            path.write_bytes(content)
            written.append(path)
    return written


def codes_at(findings: tuple[Finding, ...], name: str) -> list[tuple[str, int, Severity]]:
    return sorted((f.code, f.location.line, f.severity) for f in findings if Path(f.location.path).name == name)


# ---------------------------------------------------------------------------------------------
# The sentinel test: scanning never runs a pickle


def test_no_test_pickle_ever_runs(tmp_path: Path) -> None:
    sentinel = tmp_path / "SENTINEL"
    models = tmp_path / "models"
    models.mkdir()
    written = write_model_files(models, sentinel)
    (models / "load.py").write_text(
        "import pickle, torch, joblib\n"
        "a = pickle.load(open('evil0.pkl', 'rb'))\n"
        "b = torch.load('evil0.pt', weights_only=False)\n"
        "c = joblib.load('evil1.joblib')\n"
    )
    result = lint_paths([tmp_path], Config())
    subprocess.run(
        [sys.executable, "-m", "linter", "check", "--no-cache", str(tmp_path)], capture_output=True, check=False
    )
    assert not sentinel.exists()
    flagged = {Path(f.location.path).name for f in result.findings if f.code == "MLS108"}
    assert flagged == {path.name for path in written}
    assert all(f.severity == Severity.HIGH for f in result.findings if f.code == "MLS108")
    assert codes_at(result.findings, "load.py") == [
        ("MLS101", 2, Severity.HIGH),
        ("MLS101", 4, Severity.HIGH),
        ("MLS102", 3, Severity.HIGH),
    ]


# ---------------------------------------------------------------------------------------------
# Formats


def test_torch_zip_state_dict_holds_only_the_weights_only_set() -> None:
    info = read_bytes(torch_zip(torch_state_dict_pickle()), "weights.pt")
    assert (info.format, info.problem, info.pickles) == ("torch-zip", None, 1)
    assert info.globals == ("collections.OrderedDict", "torch.FloatStorage", "torch._utils._rebuild_tensor_v2")


def test_hand_built_pickles_are_valid_pickles() -> None:
    for data in (torch_state_dict_pickle(), torch_state_dict_pickle(b"N")):
        pickletools.dis(data, out=io.StringIO())  # raises on a malformed pickle; never unpickles


def test_stack_global_names_resolved_through_the_memo() -> None:
    data = b"\x80\x04" + short("numpy.core.multiarray") + b"\x94" + short("_reconstruct") + b"\x94\x93\x94"
    data += b"h\x00h\x01\x93."  # BINGET 0, BINGET 1, STACK_GLOBAL again from the memo
    info = read_bytes(data, "a.pkl")
    assert info.globals == ("numpy.core.multiarray._reconstruct",) and info.problem is None


def test_joblib_inline_array_is_skipped_and_reading_resumes_after_it() -> None:
    data = joblib_with_array(short("builtins") + short("eval") + b"\x93")
    info = read_bytes(data, "model.joblib")
    assert info.problem is None
    assert info.format == "joblib"
    # os.system inside the raw array bytes is data, not an opcode; builtins.eval after it is read
    assert info.globals == ("builtins.eval", "joblib.numpy_pickle.NumpyArrayWrapper", "numpy.dtype")


def test_gzip_joblib_and_npz_object_arrays() -> None:
    evil = pickle.dumps(Payload(os.system, "true"), protocol=2)
    assert read_bytes(gzip.compress(evil), "m.joblib").globals == (f"{os.name == 'nt' and 'nt' or 'posix'}.system",)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("plain.npy", npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", b"\x00" * 16))
        archive.writestr("objects.npy", npy("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", evil))
    info = read_bytes(buffer.getvalue(), "arrays.npz")
    assert info.format == "numpy" and info.pickles == 1 and info.globals[0].endswith(".system")


def test_plain_npy_and_non_pickle_bin_say_nothing() -> None:
    plain = read_bytes(npy("{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }", b"\x00" * 16), "x.npy")
    assert (plain.holds_pickle, plain.problem) == (False, None)
    other = read_bytes(b"\x00\x01\x02 some tokenizer", "tokenizer.bin")
    assert (other.holds_pickle, other.problem) == (False, None)


def test_legacy_torch_file_stops_before_raw_storages() -> None:
    data = b"".join(
        pickle.dumps(value, protocol=2) for value in (0x1950A86A20F9469CFC6C, 1001, {"protocol_version": 1001})
    )
    data += torch_state_dict_pickle() + pickle.dumps(["0"], protocol=2) + b"\x80\x02garbage storage bytes"
    info = read_bytes(data, "pytorch_model.bin")
    assert (info.format, info.pickles, info.problem) == ("torch-legacy", 5, None)
    assert "torch._utils._rebuild_tensor_v2" in info.globals


def test_names_from_the_file_are_made_printable() -> None:
    info = read_bytes(b"c\x1b[31mos\nsys\x07tem\n)R.", "x.pkl")
    assert info.globals == ("?[31mos.sys?tem",)


# ---------------------------------------------------------------------------------------------
# Budgets and fuzzing: bad input never crashes, hangs or loads


def test_huge_blob_is_skipped_not_read(tmp_path: Path) -> None:
    path = tmp_path / "big.pkl"
    size = 3 * 1024**3
    with path.open("wb") as stream:  # a sparse file: BINBYTES8 of 3 GB, then a global and STOP
        stream.write(b"\x80\x04\x8e" + struct.pack("<Q", size))
        stream.seek(size, 1)
        stream.write(b"0" + glob("os", "system") + b".")
    info = read_artifact(path)
    assert info.problem is None and info.globals == ("os.system",)


def test_deep_nesting_stops_with_a_located_problem() -> None:
    info = read_bytes(b"\x80\x02" + b"(" * 100_000, "deep.pkl")
    assert info.problem == "nested deeper than 1000 marks at byte 1002"
    tuples = read_bytes(b"\x80\x02)" + b"\x85" * 200_000 + b".", "tuples.pkl")  # TUPLE1 of TUPLE1 of ...
    assert tuples.problem is None


def test_opcode_and_time_budgets() -> None:
    data = b"\x80\x02" + b"N0" * 50_000 + b"."
    assert read_bytes(data, "a.pkl", Budget(opcodes=1000)).problem == ("more than 1000 opcodes; stopped at byte 1001")
    assert "(time limit)" in (read_bytes(data, "a.pkl", Budget(seconds=0.0)).problem or "")


def test_zip_bomb_stops_at_the_byte_budget() -> None:
    bomb = b"\x80\x02" + b"N0" * 20_000_000 + b"."  # 40 MB of opcodes, compressed to ~40 KB
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("archive/data.pkl", bomb)
    assert len(buffer.getvalue()) < 1_000_000
    info = read_bytes(buffer.getvalue(), "bomb.pt", Budget(pickle_bytes=1_000_000, seconds=600))
    assert info.problem == "stopped after 1000000 bytes at byte 1000000 of archive/data.pkl (size limit)"


def test_many_zip_members_stop() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for i in range(30):
            archive.writestr(f"m{i}.pkl", b"N.")
    info = read_bytes(buffer.getvalue(), "many.pt", Budget(members=10))
    assert info.problem == "more than 10 zip entries"


def test_fuzz_random_bytes_never_raise() -> None:
    rng = random.Random(18)
    for _ in range(400):
        data = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 300)))
        prefix = rng.choice([b"", b"\x80\x02", b"\x80\x05", b"PK\x03\x04", b"\x93NUMPY\x01\x00", b"\x1f\x8b"])
        info = read_bytes(prefix + data, rng.choice(["a.pkl", "a.pt", "a.bin", "a.npy", "a.joblib"]))
        assert info.problem is None or len(info.problem) < 400


def test_every_truncation_of_valid_files_is_reported_or_read() -> None:
    whole = [
        torch_state_dict_pickle(),
        pickle.dumps({"a": [1, 2.5, "x", b"y"] * 3, "b": Payload(os.system, "true")}, protocol=5),
        joblib_with_array(b""),
    ]
    for data in whole:
        assert read_bytes(data, "w.pkl").problem is None
        for cut in range(1, len(data)):
            info = read_bytes(data[:cut], "w.pkl")
            assert info.problem is not None and "at byte" in info.problem, (cut, info)


# ---------------------------------------------------------------------------------------------
# Load sites and the walk


def lint_folder(folder: Path, **files: bytes | str) -> tuple[Finding, ...]:
    for name, content in files.items():
        path = folder / name.replace("__", ".")
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return lint_paths([folder], Config()).findings


def messages(findings: tuple[Finding, ...], code: str) -> list[tuple[int, Severity, str]]:
    return [(f.location.line, f.severity, f.message) for f in findings if f.code == code]


def test_torch_load_of_a_weights_only_file(tmp_path: Path) -> None:
    found = lint_folder(
        tmp_path,
        weights__pt=torch_zip(torch_state_dict_pickle()),
        train__py="import torch\n\nstate = torch.load('weights.pt')\n",
    )
    [(line, severity, message)] = messages(found, "MLS102")
    assert (line, severity) == (3, Severity.MEDIUM)
    assert message.endswith(
        "; `weights.pt` holds only tensors and allowlisted types: it loads with `weights_only=True`; "
        "pass weights_only=True or use safetensors"
    )
    assert not messages(found, "MLS108")


def test_torch_load_needs_add_safe_globals(tmp_path: Path) -> None:
    numpy_array = glob("numpy.core.multiarray", "_reconstruct") + b"(" + glob("numpy", "ndarray") + b"K\x00tR"
    found = lint_folder(
        tmp_path,
        ckpt__pt=torch_zip(torch_state_dict_pickle(numpy_array)),
        train__py="import torch\nMODEL = 'ckpt.pt'\nstate = torch.load(MODEL, map_location='cpu')\n",
    )
    [(line, severity, message)] = messages(found, "MLS102")
    assert (line, severity) == (3, Severity.MEDIUM)
    assert (
        "`ckpt.pt` holds data only, but `weights_only=True` needs `torch.serialization.add_safe_globals([...])` "
        "for `numpy.core.multiarray._reconstruct`, `numpy.ndarray`"
    ) in message
    fix = next(f.fix for f in found if f.code == "MLS102")
    assert fix is not None and not fix.is_safe


def test_pickle_load_of_an_evil_file_through_with_open(tmp_path: Path) -> None:
    evil = pickle.dumps(Payload(os.system, "true"), protocol=4)
    found = lint_folder(
        tmp_path,
        evil__pkl=evil,
        nb__ipynb=json.dumps(
            {
                "cells": [
                    {"cell_type": "code", "source": "import pickle", "metadata": {}, "outputs": []},
                    {
                        "cell_type": "code",
                        "source": "with open('evil.pkl', 'rb') as f:\n    model = pickle.load(f)",
                        "metadata": {},
                        "outputs": [],
                    },
                ],
                "nbformat": 4,
                "nbformat_minor": 5,
                "metadata": {},
            }
        ),
    )
    [finding] = [f for f in found if f.code == "MLS101"]
    assert (finding.location.cell, finding.location.line, finding.severity) == (2, 2, Severity.HIGH)
    assert (
        finding.message
        == f"`pickle.load`: `evil.pkl` imports `{os.name == 'nt' and 'nt' or 'posix'}.system`: it runs code when loaded"
    )
    [walked] = [f for f in found if f.code == "MLS108"]
    assert (Path(walked.location.path).name, walked.location.line, walked.severity) == ("evil.pkl", 1, Severity.HIGH)


def test_joblib_load_of_a_file_with_unknown_classes(tmp_path: Path) -> None:
    model = glob("sklearn.linear_model._logistic", "LogisticRegression") + b")R."
    found = lint_folder(tmp_path, clf__joblib=model, app__py="import joblib\nclf = joblib.load('clf.joblib')\n")
    [(line, severity, message)] = messages(found, "MLS101")
    assert (line, severity) == (2, Severity.MEDIUM)
    assert "`sklearn.linear_model._logistic.LogisticRegression`" in message and "review them" in message


def test_pickle_load_of_data_only_file_is_low(tmp_path: Path) -> None:
    found = lint_folder(
        tmp_path, vocab__pkl=pickle.dumps({"a": 1}), app__py="import pickle\nv = pickle.load(open('vocab.pkl', 'rb'))\n"
    )
    [(line, severity, _)] = messages(found, "MLS101")
    assert (line, severity) == (2, Severity.LOW)


def test_referenced_files_are_relative_to_the_document_only(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "m.pkl").write_bytes(b"N.")
    code = "a = load('m.pkl')\nb = load('/etc/m.pkl')\nc = load('http://x/m.pkl')\nd = load('missing.pt')\n"
    (tmp_path / "sub" / "s.py").write_text(code)
    assert list(referenced_model_files(str(tmp_path / "sub" / "s.py"), code)) == ["m.pkl"]
    assert referenced_model_files("<string>.py", code) == {}


def test_cache_notices_a_changed_model_file(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "m.pkl").write_bytes(pickle.dumps([1]))
    (folder / "a.py").write_text("import pickle\nx = pickle.load(open('m.pkl', 'rb'))\n")
    cache = tmp_path / "cache"
    first = lint_paths([folder / "a.py"], Config(), cache_dir=cache).findings
    (folder / "m.pkl").write_bytes(pickle.dumps(Payload(os.system, "true"), protocol=2))
    second = lint_paths([folder / "a.py"], Config(), cache_dir=cache).findings
    assert [f.severity for f in first] == [Severity.LOW]
    assert [f.severity for f in second] == [Severity.HIGH]


def test_torch_pin_in_requirements_lowers_bare_load(tmp_path: Path) -> None:
    found = lint_folder(
        tmp_path, requirements__txt="numpy\ntorch>=2.6.0\n", train__py="import torch\nm = torch.load('x.pt')\n"
    )
    [(line, severity, message)] = messages(found, "MLS102")
    assert (line, severity) == (2, Severity.LOW)
    assert "requirements.txt requires torch>=2.6, where it defaults to weights_only=True" in message


def test_older_torch_pin_keeps_medium(tmp_path: Path) -> None:
    found = lint_folder(
        tmp_path, requirements__txt="torch==2.5.1\n", train__py="import torch\nm = torch.load('x.pt')\n"
    )
    [(line, severity, message)] = messages(found, "MLS102")
    assert (line, severity) == (2, Severity.MEDIUM)
    assert "before PyTorch 2.6 it unpickles arbitrary objects" in message


@pytest.mark.parametrize("name", ["tokenizer.bin", "embeddings.npy"])
def test_non_pickle_model_suffixes_are_quiet(tmp_path: Path, name: str) -> None:
    assert lint_folder(tmp_path, **{name.replace(".", "__"): b"\x00\x01binary"}) == ()


def test_home_path_user_names_never_reach_excerpts() -> None:
    from linter.api import lint_source
    from linter.kit.examples import code_cell, notebook, stream_output

    user = "zq" + "harlowe"
    text = notebook(code_cell("print(p)", outputs=[stream_output(f"loading /home/{user}/data.csv\n")]))
    for select in (("MLS305",), ("MLS1",)):
        found = lint_source(text, "nb.ipynb", Config(select=select), context=True).findings
        for finding in found:
            assert user not in finding.message and user not in repr(finding.excerpt)
    [finding] = lint_source(text, "nb.ipynb", Config(select=("MLS305",)), context=True).findings
    assert (finding.location.cell, finding.location.output, finding.location.line) == (1, 0, 1)


def test_add_safe_globals_fix_adds_exactly_the_needed_names(tmp_path: Path) -> None:
    from linter.fix.apply import fix_paths

    numpy_array = glob("numpy.core.multiarray", "_reconstruct") + b"(" + glob("numpy", "ndarray") + b"K\x00tR"
    (tmp_path / "ckpt.pt").write_bytes(torch_zip(torch_state_dict_pickle(numpy_array)))
    script = tmp_path / "train.py"
    script.write_text("import torch\n\nstate = torch.load('ckpt.pt', map_location='cpu')\n")
    assert [f.applied for f in fix_paths([script], Config(), unsafe=False).files] == [0]  # an unsafe fix
    fix_paths([script], Config(), unsafe=True)
    assert script.read_text() == (
        "import torch\n\n"
        "import numpy\n"
        "import numpy.core.multiarray\n"
        "import torch.serialization\n"
        "torch.serialization.add_safe_globals([numpy.core.multiarray._reconstruct, numpy.ndarray])\n"
        "state = torch.load('ckpt.pt', map_location='cpu', weights_only=True)\n"
    )


def test_protocol_0_pickle_named_bin_is_read_and_text_bin_is_not() -> None:
    evil = pickle.dumps(Payload(os.system, "true"), protocol=0)
    assert read_bytes(evil, "pytorch_model.bin").globals[0].endswith(".system")
    quiet = read_bytes(b"(some text that is not a pickle\n", "vocab.bin")
    assert (quiet.format, quiet.globals, quiet.problem) == ("unknown", (), None)


def test_python2_names_and_joblib_wrappers_are_data_only() -> None:
    from linter.rules.unsafe_load._model_globals import classify

    verdict = classify(["__builtin__.set", "copy_reg._reconstructor", "joblib.numpy_pickle.NumpyArrayWrapper"])
    assert (verdict.level, verdict.data_only) == (
        "safe-globals",
        ("copyreg._reconstructor", "joblib.numpy_pickle.NumpyArrayWrapper"),
    )
    assert classify(["__builtin__.eval"]).runs_code == ("builtins.eval",)


def test_fuzz_mutated_valid_files_never_raise_and_never_run(tmp_path: Path) -> None:
    sentinel = tmp_path / "SENTINEL"
    seeds = [
        *payloads(sentinel),
        torch_state_dict_pickle(),
        joblib_with_array(b""),
        torch_zip(torch_state_dict_pickle()),
    ]
    rng = random.Random(1818)
    for _ in range(600):
        data = bytearray(rng.choice(seeds))
        for _ in range(rng.randrange(1, 6)):
            position = rng.randrange(len(data))
            choice = rng.randrange(3)
            if choice == 0:
                data[position] = rng.randrange(256)
            elif choice == 1:
                del data[position : position + rng.randrange(1, 8)]
            else:
                data[position:position] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 8)))
        info = read_bytes(bytes(data), rng.choice(["m.pkl", "m.pt", "m.joblib", "m.bin"]), Budget(seconds=30))
        assert (
            info.problem is None or "at byte" in info.problem or info.problem.startswith(("cannot read", "more than"))
        )
    assert not sentinel.exists()


def test_numpy_load_of_an_object_array_that_runs_code(tmp_path: Path) -> None:
    evil = pickle.dumps([Payload(os.system, "true")], protocol=3)
    found = lint_folder(
        tmp_path,
        arr__npy=npy("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", evil),
        a__py="import numpy as np\nx = np.load('arr.npy', allow_pickle=True)\n",
    )
    [(line, severity, message)] = messages(found, "MLS103")
    assert (line, severity) == (2, Severity.HIGH)
    assert "`arr.npy` imports" in message and "it runs code when loaded" in message
