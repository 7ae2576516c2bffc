"""The field corpus: real public ML repositories at fixed commits, and mlsafe's findings on them.

    python bench/field.py list
    python bench/field.py extract MIRROR_GIT_DIR [--corpus DIR]     # one repository (a bare git dir)
    python bench/field.py run --out RESULTS_DIR [--corpus DIR] [--only OWNER+REPO ...]
    python bench/field.py report RESULTS_DIR [--by-repo]

``extract`` writes the notebooks, scripts, requirements files and small text files of the pinned
commit of one repository under ``CORPUS/<owner>+<repo>/`` (default ``~/.cache/mlsafe-field``); the
mirror is a bare git directory holding that commit (for instance one fetched to
``/work/.mirror/<owner>+<repo>/repo``). ``run`` lints each repository with
``mlsafe check --format json --no-cache --exit-zero`` from the corpus folder (paths in the JSON
start with ``<owner>+<repo>/``) and writes ``RESULTS_DIR/<owner>+<repo>.json`` and a ``.err`` file
holding mlsafe's stderr and the wall time. ``report`` prints the findings per category, rule and
severity over a results folder. Nothing of the corpus is ever written inside this repository: judge
samples by hand with the shared judging helper and keep verdicts outside the repository too.
"""

from __future__ import annotations

import argparse
import collections
import json
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

DEFAULT_CORPUS = Path.home() / ".cache" / "mlsafe-field"
# What the corpus keeps of a repository: what mlsafe reads, plus small text files that may be
# requirements files under another name.
KEEP_SUFFIXES = (".ipynb", ".py", ".txt", ".in", ".toml", ".cfg", ".sh", ".yml", ".yaml", ".md")


@dataclass(frozen=True)
class Repository:
    owner: str
    name: str
    commit: str

    @property
    def key(self) -> str:
        return f"{self.owner}+{self.name}"

    @property
    def url(self) -> str:
        return f"https://github.com/{self.owner}/{self.name}"


REPOSITORIES = (
    Repository("huggingface", "notebooks", "5068b1142e8ed1e691c8b1e9f98e4473ebe55790"),
    Repository("Azure", "azureml-examples", "085cd6ea399038c1e07843acff811f34261c0887"),
    Repository("rasbt", "LLMs-from-scratch", "28c65cdfbc3338e2e040016eea4b7fdf556e4d57"),
    Repository("GoogleCloudPlatform", "generative-ai", "23b75dab2c25248f352d4c39e3c5984398b4b448"),
    Repository("pinecone-io", "examples", "fce762d5f0844b421b4f3a96192f6a31c536c9cb"),
    Repository("google-gemini", "cookbook", "f1e7e3de6004e6ca604b174684ecf89d628ac6c4"),
    Repository("NielsRogge", "Transformers-Tutorials", "1140198d259d5d9e205ba45a5c3b456261fe2491"),
    Repository("aws", "amazon-sagemaker-examples", "2d519b52c3a2c2361f2b87f0d3de46fd6c0232a5"),
)


def _git(git_dir: Path, *args: str) -> bytes:
    return subprocess.run(["git", "--git-dir", str(git_dir), *args], capture_output=True, check=True).stdout


def _kept_blobs(listing: bytes) -> Iterable[tuple[str, str]]:
    """(path, blob id) of the files to keep, from `git ls-tree -r -z` output."""
    for entry in filter(None, listing.split(b"\0")):
        meta, raw_path = entry.split(b"\t", 1)
        _mode, kind, sha = meta.split()
        path = raw_path.decode("utf-8", "replace")
        if kind == b"blob" and path.endswith(KEEP_SUFFIXES):
            yield path, sha.decode()


def _repository_of(git_dir: Path) -> Repository:
    """The pinned repository whose commit the mirror holds (the folder name says which, else the commit)."""
    for repo in REPOSITORIES:
        if repo.key in git_dir.resolve().parts:
            return repo
    for repo in REPOSITORIES:
        if subprocess.run(["git", "--git-dir", str(git_dir), "cat-file", "-e", repo.commit]).returncode == 0:
            return repo
    raise SystemExit(f"{git_dir}: holds none of the pinned commits (see `field.py list`)")


def extract(git_dir: Path, corpus: Path) -> int:
    repo = _repository_of(git_dir)
    target_root = corpus / repo.key
    written = skipped = 0
    for path, sha in _kept_blobs(_git(git_dir, "ls-tree", "-r", "-z", repo.commit)):
        blob = subprocess.run(["git", "--git-dir", str(git_dir), "cat-file", "blob", sha], capture_output=True)
        if blob.returncode:  # a partial snapshot may lack large blobs
            skipped += 1
            continue
        target = target_root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(blob.stdout)
        written += 1
    print(f"{repo.key}: {written} files from {repo.commit} into {target_root} ({skipped} blobs missing)")
    return 0


def corpus_size(corpus: Path, keys: Sequence[str]) -> dict[str, int]:
    """Notebooks, scripts and requirements files in the extracted corpus."""
    sizes: collections.Counter[str] = collections.Counter()
    for key in keys:
        for path in (corpus / key).rglob("*"):
            if not path.is_file():
                continue
            if path.suffix == ".ipynb":
                sizes["notebooks"] += 1
            elif path.suffix == ".py":
                sizes["scripts"] += 1
            elif path.suffix in (".txt", ".in") and ("requirements" in path.name or "constraints" in path.name):
                sizes["requirements files"] += 1
    return dict(sizes)


def run(corpus: Path, out: Path, only: Sequence[str]) -> int:
    out.mkdir(parents=True, exist_ok=True)
    keys = [repo.key for repo in REPOSITORIES if not only or repo.key in only]
    for key in keys:
        if not (corpus / key).is_dir():
            print(f"{key}: not extracted under {corpus}, skipped", file=sys.stderr)
            continue
        command = [sys.executable, "-m", "linter", "check", "--format", "json", "--no-cache", "--exit-zero", key]
        start = time.perf_counter()
        with open(out / f"{key}.json", "wb") as stdout:
            done = subprocess.run(command, cwd=corpus, stdout=stdout, stderr=subprocess.PIPE)
        wall = time.perf_counter() - start
        (out / f"{key}.err").write_bytes(done.stderr + f"{key} {wall:.2f} s exit {done.returncode}\n".encode())
        print(f"{key}: {wall:.1f} s, exit {done.returncode}")
    print(json.dumps(corpus_size(corpus, keys)))
    return 0


def load_findings(results: Path) -> dict[str, list[dict]]:
    return {path.stem: json.loads(path.read_text() or "[]") for path in sorted(results.glob("*.json"))}


def tally(findings: Iterable[dict]) -> dict[tuple[str, str, str], int]:
    """Findings per (category, code, severity), sorted."""
    counts = collections.Counter((f["category"], f["code"], f["severity"]) for f in findings)
    return dict(sorted(counts.items()))


def report(results: Path, by_repo: bool) -> int:
    per_repo = load_findings(results)
    everything = [f for findings in per_repo.values() for f in findings]
    print(f"{len(everything)} findings in {len(per_repo)} repositories")
    if by_repo:
        for key, findings in per_repo.items():
            print(f"  {key:40} {len(findings):6}")
    categories: collections.Counter[str] = collections.Counter(f["category"] for f in everything)
    severities: collections.Counter[tuple[str, str]] = collections.Counter(
        (f["category"], f["severity"]) for f in everything
    )
    print("\ncategory            total    high  medium     low")
    for category in sorted(categories):
        row = [severities[(category, s)] for s in ("high", "medium", "low")]
        print(f"{category:16} {categories[category]:8} {row[0]:7} {row[1]:7} {row[2]:7}")
    print("\ncategory         rule     severity   count")
    for (category, code, severity), count in tally(everything).items():
        print(f"{category:16} {code:8} {severity:8} {count:7}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("list")
    ex = sub.add_parser("extract")
    ex.add_argument("git_dir", type=Path)
    ex.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    rn = sub.add_parser("run")
    rn.add_argument("--out", type=Path, required=True)
    rn.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    rn.add_argument("--only", nargs="*", default=[])
    rp = sub.add_parser("report")
    rp.add_argument("results", type=Path)
    rp.add_argument("--by-repo", action="store_true")
    args = parser.parse_args(argv)
    if args.command == "list":
        for repo in REPOSITORIES:
            print(f"{repo.key:40} {repo.commit}  {repo.url}")
        return 0
    if args.command == "extract":
        return extract(args.git_dir, args.corpus)
    if args.command == "run":
        return run(args.corpus, args.out, args.only)
    return report(args.results, args.by_repo)


if __name__ == "__main__":
    sys.exit(main())
