"""The per-file result cache (linter/cache.py) through lint_paths and the command line."""

from __future__ import annotations

import io
import json
import multiprocessing
import shutil
from pathlib import Path

import pytest

import linter
import linter.api as api
from linter.api import lint_paths
from linter.cache import Cache, CacheError, decode, encode, open_cache
from linter.cli import main
from linter.config import Config
from linter.kit.examples import code_cell, notebook
from linter.model import UNSAFE, Category, Edit, Finding, Fix, Location, Severity

SAMPLES = Path(__file__).resolve().parent.parent / "test_notebooks"
PICKLE = "import pickle\n\nmodel = pickle.load(open('m.pkl', 'rb'))\n"
TORCH = "import torch\n\nstate = torch.load(path)\n"
NOTEBOOK = notebook(code_cell("import yaml"), code_cell("cfg = yaml.load(text)\n!pip install torch"))


def _where(result) -> list[tuple[str, str, int | None, int, int]]:
    return [
        (Path(f.location.path).name, f.code, f.location.cell, f.location.line, f.location.column)
        for f in result.findings
    ]


def _tree(root: Path) -> Path:
    root.mkdir()
    (root / "a.py").write_text(PICKLE)
    (root / "b.py").write_text(TORCH)
    (root / "nb.ipynb").write_text(NOTEBOOK)
    (root / "requirements.txt").write_text("torch\n-r base.txt\n")
    (root / "base.txt").write_text("numpy>=1.0\n")  # a requirements file only by inclusion
    return root


def _entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.json"))


class Counter:
    """Counts the documents the engine lints."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: list[str] = []
        real = api.lint_document

        def counting(document, *args, **kwargs):
            self.calls.append(Path(document.path).name)
            return real(document, *args, **kwargs)

        monkeypatch.setattr(api, "lint_document", counting)


def test_second_run_is_identical_and_never_calls_the_engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root, cache = _tree(tmp_path / "src"), tmp_path / "cache"
    counter = Counter(monkeypatch)
    first = lint_paths([root], cache_dir=cache)
    assert sorted(counter.calls) == ["a.py", "b.py", "base.txt", "nb.ipynb", "requirements.txt"]
    assert _where(first) == [
        ("a.py", "MLS101", None, 3, 9),
        ("b.py", "MLS102", None, 3, 9),
        ("base.txt", "MLS402", None, 1, 1),
        ("nb.ipynb", "MLS104", 2, 1, 7),
        ("nb.ipynb", "MLS401", 2, 2, 14),
        ("requirements.txt", "MLS402", None, 1, 1),
    ]
    assert len(_entries(cache)) == 5
    counter.calls.clear()
    second = lint_paths([root], cache_dir=cache)
    assert counter.calls == []
    assert second == first
    assert [f.severity for f in second.findings] == [f.severity for f in first.findings]
    assert [(f.fingerprint, f.line_hash, f.url, f.name) for f in second.findings] == [
        (f.fingerprint, f.line_hash, f.url, f.name) for f in first.findings
    ]


def test_context_findings_round_trip_with_excerpts_and_raw_positions(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, cache = _tree(tmp_path / "src"), tmp_path / "cache"
    first = lint_paths([root], context=True, cache_dir=cache)
    plain = lint_paths([root], cache_dir=cache)  # context is part of the key: no excerpts here
    assert all(f.excerpt is None for f in plain.findings)
    counter = Counter(monkeypatch)
    second = lint_paths([root], context=True, cache_dir=cache)
    assert counter.calls == []
    assert [(f.excerpt, f.location.raw_line, f.location.raw_column) for f in second.findings] == [
        (f.excerpt, f.location.raw_line, f.location.raw_column) for f in first.findings
    ]
    notebook_finding = next(f for f in second.findings if f.code == "MLS104")
    assert notebook_finding.excerpt is not None and notebook_finding.location.raw_line is not None


def test_changed_file_is_linted_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root, cache = _tree(tmp_path / "src"), tmp_path / "cache"
    lint_paths([root], cache_dir=cache)
    (root / "b.py").write_text("import json\n\nstate = json.load(path)\n")
    counter = Counter(monkeypatch)
    result = lint_paths([root], cache_dir=cache)
    assert counter.calls == ["b.py"]
    assert ("b.py", "MLS102", None, 3, 9) not in _where(result)
    assert ("a.py", "MLS101", None, 3, 9) in _where(result)


def test_same_content_at_another_path_keeps_its_own_path(tmp_path: Path) -> None:
    root, cache = _tree(tmp_path / "src"), tmp_path / "cache"
    lint_paths([root], cache_dir=cache)
    (root / "copy.py").write_text(PICKLE)
    result = lint_paths([root], cache_dir=cache)
    assert ("copy.py", "MLS101", None, 3, 9) in _where(result)
    assert ("a.py", "MLS101", None, 3, 9) in _where(result)


def test_changed_config_invalidates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root, cache = _tree(tmp_path / "src"), tmp_path / "cache"
    lint_paths([root], cache_dir=cache)
    counter = Counter(monkeypatch)
    narrowed = lint_paths([root], Config(ignore=("MLS4",)), cache_dir=cache)
    assert len(counter.calls) == 5
    assert [code for _, code, *_ in _where(narrowed)] == ["MLS101", "MLS102", "MLS104"]
    severe = lint_paths([root], Config(severity=(("MLS101", Severity.LOW),)), cache_dir=cache)
    assert next(f for f in severe.findings if f.code == "MLS101").severity is Severity.LOW


def test_version_change_invalidates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root, cache = _tree(tmp_path / "src"), tmp_path / "cache"
    lint_paths([root], cache_dir=cache)
    monkeypatch.setattr(linter, "__version__", linter.__version__ + ".post1")
    counter = Counter(monkeypatch)
    lint_paths([root], cache_dir=cache)
    assert len(counter.calls) == 5
    assert len(_entries(cache)) == 10


def test_corrupt_unreadable_and_foreign_entries_are_ignored_and_rewritten(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, cache = tmp_path / "src", tmp_path / "cache"
    root.mkdir()
    (root / "a.py").write_text(PICKLE)
    first = lint_paths([root], cache_dir=cache)
    (entry,) = _entries(cache)
    good = entry.read_bytes()
    other_key = json.loads(good)
    other_key["key"] = "0" * 64
    bad_contents = [
        b"",
        b"{not json",
        b"\xff\xfe\x00",
        b"[]",
        b"null",
        json.dumps(other_key).encode(),
        good.replace(b'"line":3', b'"line":"3"'),
        good.replace(b'"severity":2', b'"severity":9'),
        good.replace(b'"code"', b'"kode"'),
        b'{"format":1,"key":"' + entry.stem.encode() + b'","findings":' + b"[" * 100000 + b"]" * 100000 + b"}",
    ]
    for bad in bad_contents:
        entry.write_bytes(bad)
        counter = Counter(monkeypatch)
        assert lint_paths([root], cache_dir=cache) == first
        assert counter.calls == ["a.py"], bad[:40]
        assert entry.read_bytes() == good  # rewritten
        monkeypatch.undo()
    entry.unlink()
    entry.mkdir()  # unreadable as a file, and cannot be replaced: the run still succeeds
    assert lint_paths([root], cache_dir=cache) == first


def test_crafted_entry_cannot_instantiate_other_classes(tmp_path: Path) -> None:
    """Decoding follows Finding's type hints and an allow-list: no class is ever named by the data,
    and a pickle-style payload is just JSON that does not fit."""
    location = {
        "path": "a.py",
        "cell": None,
        "output": None,
        "line": 1,
        "column": 1,
        "end_line": 1,
        "end_column": 2,
        "raw_line": None,
        "raw_column": None,
        "raw_end_line": None,
        "raw_end_column": None,
    }
    finding = {
        "code": "MLS101",
        "name": "pickle-load",
        "category": "unsafe-load",
        "severity": 2,
        "message": "m",
        "location": location,
        "cell_id": None,
        "fingerprint": None,
        "line_hash": None,
        "url": "",
        "fixable": False,
        "excerpt": None,
        "fix": None,
        "ignored_comment": None,
    }
    assert decode([finding], tuple[Finding, ...])[0].location == Location("a.py", None, None, 1, 1, 1, 2)
    crafted = [
        {**finding, "excerpt": {"__class__": "os.system", "args": ["touch pwned"]}},
        {**finding, "location": {"$": "subprocess.Popen", **location}},
        {**finding, "category": "posix.system"},
        {**finding, "message": {"py/object": "builtins.eval", "args": ["1"]}},
        {**finding, "fix": {"edits": [], "applicability": "safe", "title": "", "__reduce__": "os.system"}},
        {"py/reduce": [{"py/function": "os.system"}, {"py/tuple": ["touch pwned"]}]},
        "cos\nsystem\n(S'touch pwned'\ntR.",
    ]
    for data in crafted:
        with pytest.raises(CacheError):
            decode([data], tuple[Finding, ...])
    with pytest.raises(CacheError):  # a class outside the allow-list, even a harmless one
        decode({}, Config)
    with pytest.raises(CacheError):
        encode(Config())
    # the same payloads in a cache file: a miss, the file is linted, nothing is run
    root, cache = tmp_path / "src", tmp_path / "cache"
    root.mkdir()
    (root / "a.py").write_text(PICKLE)
    first = lint_paths([root], cache_dir=cache)
    (entry,) = _entries(cache)
    for data in crafted:
        entry.write_text(json.dumps({"format": 1, "key": entry.stem, "findings": [data]}))
        assert lint_paths([root], cache_dir=cache) == first
    assert not (tmp_path / "pwned").exists() and not Path("pwned").exists()


def test_encode_decode_is_generic_over_the_allowed_classes() -> None:
    finding = Finding(
        "MLS201",
        "provider-token",
        Category.SECRET,
        Severity.HIGH,
        "key `AKIA…`",
        Location("nb.ipynb", 2, 0, 3, 4, 3, 9, raw_line=7, raw_column=2),
        cell_id="c1",
        fingerprint="sha256:1",
        line_hash="sha256:2",
        url="u",
        fixable=True,
    )
    data = json.loads(json.dumps(encode((finding,))))
    (back,) = decode(data, tuple[Finding, ...])
    assert back == finding and back.location.raw_line == 7 and back.line_hash == "sha256:2"
    assert isinstance(back.severity, Severity) and isinstance(back.category, Category)


def test_literal_fields_take_only_their_values() -> None:
    """``Fix.applicability`` is a Literal: its values round-trip, anything else is no fix."""
    fix = Fix((Edit(2, None, 1, 1, 1, 4, "new"),), UNSAFE, "Pin it")
    data = json.loads(json.dumps(encode(fix)))
    assert decode(data, Fix) == fix
    for crafted in ("risky", None, 1, ["unsafe"]):
        with pytest.raises(CacheError):
            decode({**data, "applicability": crafted}, Fix)


def test_no_cache_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _tree(tmp_path / "src")
    monkeypatch.chdir(tmp_path)
    import linter.cli

    monkeypatch.setattr(linter.cli, "DEFAULT_CACHE_DIR", ".mlsafe_cache")
    assert main(["check", "--no-cache", "--exit-zero", str(root)], stdout=io.StringIO()) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["src"]
    assert main(["check", "--exit-zero", str(root)], stdout=io.StringIO()) == 0
    assert (tmp_path / ".mlsafe_cache" / ".gitignore").read_text().splitlines()[-1] == "*"
    assert len(_entries(tmp_path / ".mlsafe_cache")) == 5


def test_cache_dir_option_and_gitignore(tmp_path: Path) -> None:
    root = _tree(tmp_path / "src")
    folder = tmp_path / "deep" / "cache"
    out = io.StringIO()
    assert main(["check", "--cache-dir", str(folder), str(root)], stdout=out) == 1
    assert (folder / ".gitignore").read_text().splitlines()[-1] == "*"
    assert len(_entries(folder)) == 5
    again = io.StringIO()
    assert main(["check", "--cache-dir", str(folder), str(root)], stdout=again) == 1
    assert again.getvalue() == out.getvalue()
    assert not list(folder.glob(".tmp-*"))  # no temporary file left behind


def test_cache_holds_no_secret(tmp_path: Path) -> None:
    from test_secrets import SECRET_SAMPLES as SECRET_FILES
    from test_secrets import SECRETS

    root, cache = tmp_path / "src", tmp_path / "cache"
    root.mkdir()
    for sample in SECRET_FILES:
        shutil.copy(sample, root / sample.name)
    for context in (False, True):
        result = lint_paths([root], context=context, cache_dir=cache)
        assert {"MLS201", "MLS204"} <= {f.code for f in result.findings}
    data = b"".join(p.read_bytes() for p in cache.iterdir()) + "".join(p.name for p in cache.iterdir()).encode()
    assert len(_entries(cache)) == 2 * len(SECRET_FILES)
    for secret in SECRETS:
        assert secret.encode() not in data
        assert secret[: len(secret) // 4 + 1].encode() not in data


def _run_in_process(root: str, cache: str, queue: multiprocessing.Queue[list[str]]) -> None:
    result = lint_paths([root], cache_dir=cache)
    queue.put([f"{Path(f.location.path).name}:{f.code}:{f.location.line}" for f in result.findings])


def test_two_processes_share_a_cache_folder(tmp_path: Path) -> None:
    root, cache = tmp_path / "src", tmp_path / "cache"
    root.mkdir()
    for index in range(40):
        (root / f"m{index:02d}.py").write_text(PICKLE if index % 2 else TORCH)
    expected = [f"{Path(f.location.path).name}:{f.code}:{f.location.line}" for f in lint_paths([root]).findings]
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    workers = [context.Process(target=_run_in_process, args=(str(root), str(cache), queue)) for _ in range(2)]
    for worker in workers:
        worker.start()
    results = [queue.get(timeout=120) for _ in workers]
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    assert results == [expected, expected]
    assert len(_entries(cache)) == 40
    assert not list(cache.glob(".tmp-*"))
    assert lint_paths([root], cache_dir=cache).findings == lint_paths([root]).findings


def test_parallel_jobs_use_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root, cache = tmp_path / "src", tmp_path / "cache"
    root.mkdir()
    for index in range(api.PARALLEL_MIN_FILES + 4):
        (root / f"m{index:02d}.py").write_text(PICKLE if index % 2 else TORCH)
    shutil.copy(SAMPLES / "model_loading.ipynb", root)
    serial = lint_paths([root])
    parallel = lint_paths([root], jobs=2, cache_dir=cache)
    assert parallel == serial
    assert len(_entries(cache)) == api.PARALLEL_MIN_FILES + 5
    counter = Counter(monkeypatch)
    assert lint_paths([root], jobs=1, cache_dir=cache) == serial  # entries written by the workers
    assert counter.calls == []
    assert lint_paths([root], jobs=2, cache_dir=cache) == serial


def test_unusable_cache_folder_runs_uncached(tmp_path: Path) -> None:
    root = _tree(tmp_path / "src")
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert open_cache(blocker / "cache", "sha256:x") is None
    assert lint_paths([root], cache_dir=blocker / "cache") == lint_paths([root])


def test_cache_key_parts() -> None:
    cache = Cache(folder="x", salt="s")
    base = cache.key(b"data", "a.py", "python", False)
    assert base == Cache(folder="y", salt="s").key(b"data", "a.py", "python", False)
    assert (
        len(
            {
                base,
                cache.key(b"datb", "a.py", "python", False),
                cache.key(b"data", "b.py", "python", False),
                cache.key(b"data", "a.py", "requirements", False),
                cache.key(b"data", "a.py", "python", True),
                Cache(folder="x", salt="t").key(b"data", "a.py", "python", False),
            }
        )
        == 6
    )


def test_fixes_are_cached_with_their_edits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root, cache = _tree(tmp_path / "src"), tmp_path / "cache"
    first = lint_paths([root], cache_dir=cache)
    counter = Counter(monkeypatch)
    second = lint_paths([root], cache_dir=cache)
    assert counter.calls == []
    fixed = [(f.code, f.location.cell, f.fix) for f in second.findings if f.fix is not None]
    assert fixed == [(f.code, f.location.cell, f.fix) for f in first.findings if f.fix is not None]
    yaml_fix = next(fix for code, _, fix in fixed if code == "MLS104")
    assert [(e.cell, e.line, e.column, e.text) for e in yaml_fix.edits] == [(2, 1, 12, "safe_")]


def test_batch_collection_settings_are_restored_after_a_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A run over many files in this process collects garbage less often while it lasts (see
    linter.engine.gc_tuning); afterwards the caller's collector is as it was, and the findings are the
    same as file by file."""
    import gc

    from linter.engine import gc_tuning as collector

    root = tmp_path / "src"
    root.mkdir()
    for index in range(api.PARALLEL_MIN_FILES + 1):
        (root / f"m{index:02d}.py").write_text(PICKLE if index % 2 else TORCH)
    seen: list[tuple[int, ...]] = []
    original = api._lint_planned

    def spy(*args: object, **kwargs: object) -> object:
        seen.append(gc.get_threshold())
        return original(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(api, "_lint_planned", spy)
    before, frozen = gc.get_threshold(), gc.get_freeze_count()
    found = lint_paths([root], jobs=1)
    assert set(seen) == {collector.BATCH_THRESHOLDS}
    assert (gc.get_threshold(), gc.get_freeze_count()) == (before, frozen)
    one_by_one = sorted(
        (f for path in sorted(root.iterdir()) for f in lint_paths([path]).findings), key=lambda f: f.sort_key()
    )
    assert list(found.findings) == one_by_one
    assert [f.location.line for f in found.findings if f.location.path.endswith("m01.py")] == [3]
