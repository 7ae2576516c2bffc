"""A plain JSON-RPC client for the language server's tests: it starts ``python -m linter lsp`` as a
subprocess and talks LSP over its stdin/stdout (``Content-Length`` framing), as an editor does."""

from __future__ import annotations

import itertools
import json
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


class LspClient:
    def __init__(self, root: Path, initialization_options: dict[str, Any] | None = None) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "linter", "lsp"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=root,
        )
        self.ids = itertools.count(1)
        self.responses: dict[int, Any] = {}
        self.diagnostics: dict[str, list[dict[str, Any]]] = {}
        self.published: queue.Queue[tuple[float, str, list[dict[str, Any]]]] = queue.Queue()
        self.messages: list[dict[str, Any]] = []
        self.lock = threading.Condition()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        capabilities = {
            "textDocument": {
                "publishDiagnostics": {"codeDescriptionSupport": True},
                "codeAction": {"codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["quickfix", "source"]}}},
            },
            "notebookDocument": {"synchronization": {}},
        }
        self.initialize = self.request(
            "initialize",
            {
                "processId": None,
                "rootUri": root.as_uri(),
                "capabilities": capabilities,
                "initializationOptions": initialization_options or {},
            },
        )
        self.notify("initialized", {})

    # -- framing -------------------------------------------------------------------------------

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = None
            while True:
                line = stream.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode().partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            if length is None:
                continue
            message = json.loads(stream.read(length))
            self._handle(message)

    def _handle(self, message: dict[str, Any]) -> None:
        if "id" in message and "method" in message:  # a request from the server
            self._send({"id": message["id"], "result": None})
            return
        with self.lock:
            self.messages.append(message)
            if "id" in message:
                self.responses[message["id"]] = message
            elif message.get("method") == "textDocument/publishDiagnostics":
                params = message["params"]
                self.diagnostics[params["uri"]] = params["diagnostics"]
                self.published.put((time.perf_counter(), params["uri"], params["diagnostics"]))
            self.lock.notify_all()

    # -- API -----------------------------------------------------------------------------------

    def notify(self, method: str, params: Any) -> None:
        self._send({"method": method, "params": params})

    def request(self, method: str, params: Any, timeout: float = 30) -> Any:
        ident = next(self.ids)
        self._send({"id": ident, "method": method, "params": params})
        with self.lock:
            if not self.lock.wait_for(lambda: ident in self.responses, timeout):
                raise TimeoutError(f"no answer to {method}")
            answer = self.responses.pop(ident)
        if "error" in answer:
            raise RuntimeError(answer["error"])
        return answer.get("result")

    def wait_for(
        self, uri: str, predicate: Any = lambda diagnostics: True, timeout: float = 30
    ) -> list[dict[str, Any]]:
        """The diagnostics last published for ``uri``, once ``predicate`` holds for them."""
        with self.lock:
            ok = self.lock.wait_for(lambda: uri in self.diagnostics and predicate(self.diagnostics[uri]), timeout)
            if not ok:
                raise TimeoutError(f"no matching diagnostics for {uri}: {self.diagnostics.get(uri)}")
            return self.diagnostics[uri]

    def open_text(self, uri: str, text: str, language: str = "python", version: int = 1) -> None:
        item = {"uri": uri, "languageId": language, "version": version, "text": text}
        self.notify("textDocument/didOpen", {"textDocument": item})

    def close(self) -> None:
        try:
            self.request("shutdown", None, timeout=10)
            self.notify("exit", None)
            self.process.wait(timeout=10)
        except (TimeoutError, OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()


def codes_at(diagnostics: list[dict[str, Any]]) -> list[tuple[str, int, int]]:
    """(code, 0-based line, 0-based character) of each diagnostic, sorted."""
    return sorted((d["code"], d["range"]["start"]["line"], d["range"]["start"]["character"]) for d in diagnostics)
