"""Latency of ``mlsafe lsp``: from an edit to the published diagnostics, on a 100-cell notebook
(run by hand, not a test).

    python -m pip install -e '.[lsp]'
    python bench/lsp_latency.py [--notebook ml|simple] [--edits 40] [--pause 150] [--debounce 50]

Starts the server as an editor does (a subprocess speaking JSON-RPC on stdio), opens a 100-cell
notebook through LSP notebook sync, warms it up with a few edits, then times ``--edits`` edits of
one cell in the middle (a risky line added, then removed), each ``--pause`` ms after the previous
result (150 ms: a keystroke of steady typing): the time from writing ``notebookDocument/didChange``
until the edited cell's new diagnostics arrive (the server publishes only cells whose diagnostics
changed). An edit after a pause longer than the debounce setting is linted at once; ``--pause 0``
measures edits in a burst, which wait for the debounce delay. Prints the median (p50) and 90th
percentile (p90) in ms, and the median time of linting the same notebook in-process.
"""

from __future__ import annotations

import argparse
import queue
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from linter.config import Config  # noqa: E402
from linter.lsp.documents import LiveCell, lint_cells  # noqa: E402
from tests.lsp_client import LspClient  # noqa: E402

CELLS = 100
EDITED = 51  # a code cell in both notebooks
TEMPLATES = (
    "import numpy as np\nimport pandas as pd\nimport torch\n",
    "df = pd.read_csv('data/train_{i}.csv')\ndf = df.dropna()\nfeatures = df.drop(columns=['label']).to_numpy()\n",
    "def step_{i}(batch, model, optimizer):\n    optimizer.zero_grad()\n    loss = model(batch).mean()\n"
    "    loss.backward()\n    optimizer.step()\n    return loss.item()\n",
    "for epoch in range(3):\n    total = 0.0\n    for batch in np.array_split(features, 10):\n"
    "        total += float(np.mean(batch))\n    print(epoch, total)\n",
    "!pip install -q scikit-learn=={i}.0.0\n",
    "state_{i} = torch.load('checkpoints/epoch_{i}.pt', weights_only=True)\n",
    "results_{i} = {{'accuracy': 0.9, 'f1': 0.8}}\nprint(results_{i})\n",
)


def _cells(kind: str) -> list[tuple[int, str]]:
    """(LSP cell kind, text) of each cell. ``ml``: imports, data loading, training loops, ``!pip``
    lines and checkpoints; ``simple``: the JupyterLab extension's latency notebook (numpy cells, every
    tenth cell markdown), for comparison with its figures."""
    if kind == "simple":
        cells = [(2, "import pickle\nimport numpy as np\n")]
        for i in range(1, CELLS):
            body = f"values_{i} = np.arange({i})\ntotal_{i} = values_{i}.sum()\nprint(total_{i})\n"
            cells.append((2, body) if i % 10 else (1, f"## Step {i}\nNotes."))
        return cells
    return [(2, TEMPLATES[i % len(TEMPLATES)].format(i=i) if i else TEMPLATES[0]) for i in range(CELLS)]


def _lint_alone(sources: list[tuple[int, str]], repeat: int = 20) -> float:
    """Median ms of linting the notebook in this process (what the server does per edit, without
    the protocol, the debounce and the thread hand-off)."""
    cells = [LiveCell(f"#{i}", "code" if kind == 2 else "markdown", text) for i, (kind, text) in enumerate(sources)]
    times = []
    for n in range(repeat + 3):
        start = time.perf_counter()
        lint_cells(cells, "bench.ipynb", Config())
        if n >= 3:
            times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def _drain(client: LspClient) -> None:
    while True:
        try:
            client.published.get_nowait()
        except queue.Empty:
            return


def _edit(client: LspClient, notebook: Path, uri: str, version: int, text: str) -> None:
    client.notify(
        "notebookDocument/didChange",
        {
            "notebookDocument": {"uri": notebook.as_uri(), "version": version},
            "change": {
                "cells": {
                    "textContent": [
                        {
                            "document": {"uri": uri, "version": version},
                            "changes": [{"text": text}],
                        }
                    ]
                }
            },
        },
    )


def _wait(client: LspClient, uri: str, want: int, start: float) -> float:
    """Seconds until ``uri`` gets ``want`` diagnostics."""
    while True:
        stamp, published, diagnostics = client.published.get(timeout=30)
        if published == uri and len(diagnostics) == want:
            return stamp - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--edits", type=int, default=40)
    parser.add_argument("--debounce", type=int, default=50, help="the server's debounce setting, ms")
    parser.add_argument("--notebook", choices=("ml", "simple"), default="ml")
    parser.add_argument("--pause", type=int, default=150, help="ms between a result and the next edit")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        notebook = root / "bench.ipynb"
        sources = _cells(args.notebook)
        client = LspClient(root, {"debounce": args.debounce})
        try:
            uris = [f"vscode-notebook-cell:{notebook}#cell{i}" for i in range(CELLS)]
            client.notify(
                "notebookDocument/didOpen",
                {
                    "notebookDocument": {
                        "uri": notebook.as_uri(),
                        "notebookType": "jupyter-notebook",
                        "version": 1,
                        "cells": [
                            {"kind": kind, "document": uri} for uri, (kind, _) in zip(uris, sources, strict=True)
                        ],
                    },
                    "cellTextDocuments": [
                        {"uri": uri, "languageId": "python" if kind == 2 else "markdown", "version": 1, "text": text}
                        for uri, (kind, text) in zip(uris, sources, strict=True)
                    ],
                },
            )
            client.wait_for(uris[-1])
            _drain(client)
            risky, safe = "model = torch.load('model.pt')\n", "model = torch.load('model.pt', weights_only=True)\n"
            times = []
            warmup = 5
            for n in range(warmup + args.edits):
                text, want = (risky, 1) if n % 2 == 0 else (safe, 0)
                time.sleep(args.pause / 1000)
                start = time.perf_counter()
                _edit(client, notebook, uris[EDITED], n + 2, text)
                elapsed = _wait(client, uris[EDITED], want, start)
                if n >= warmup:
                    times.append(elapsed * 1000)
        finally:
            client.close()
    print(
        f"{CELLS}-cell {args.notebook} notebook, {args.edits} edits of cell {EDITED + 1}, pause {args.pause} ms, debounce {args.debounce} ms, warm server"
    )
    p50, p90 = statistics.median(times), _percentile(times, 0.9)
    print(f"  edit -> published diagnostics: p50 {p50:.1f} ms, p90 {p90:.1f} ms, max {max(times):.1f} ms")
    print(f"  linting the notebook in-process (no server): median {_lint_alone(_cells(args.notebook)):.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
