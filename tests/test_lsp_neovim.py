"""Neovim (Debian's `neovim` package; .ci/run installs it) as a real editor: headless, it opens a
percent-format script (how Neovim users edit notebooks), attaches `python -m linter lsp` with its
built-in LSP client, and the diagnostics it received are read back (tests/data/nvim_mlsafe.lua)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent / "data" / "nvim_mlsafe.lua"

NOTEBOOK_SCRIPT = """\
# %% [markdown]
# Train a model

# %%
# !pip install torch
import torch

# %%
model = torch.load("checkpoint.pt")
"""


def test_neovim_receives_the_diagnostics(tmp_path: Path) -> None:
    nvim = shutil.which("nvim")
    assert nvim is not None, "install Debian's neovim package (apt-get install -y neovim)"
    source = tmp_path / "train.py"
    source.write_text(NOTEBOOK_SCRIPT)
    out = tmp_path / "diagnostics.json"
    env = {**os.environ, "MLSAFE_NVIM_OUT": str(out), "MLSAFE_PYTHON": sys.executable}
    subprocess.run(
        [nvim, "--headless", "--clean", "-c", f"luafile {SCRIPT}", str(source)],
        cwd=tmp_path,
        env=env,
        timeout=120,
        check=True,
        stdin=subprocess.DEVNULL,
        capture_output=True,
    )
    received = json.loads(out.read_text())
    assert received["ok"] is True
    found = sorted((d["code"], d["lnum"], d["col"]) for d in received["diagnostics"])
    # the install jupytext commented out is read as the magic it stands for
    assert found == [("MLS102", 8, 8), ("MLS401", 4, 15)]
    load = next(d for d in received["diagnostics"] if d["code"] == "MLS102")
    assert load["source"] == "mlsafe"
    assert load["severity"] == 2  # vim.diagnostic.severity.WARN
    assert "weights_only" in load["message"]
