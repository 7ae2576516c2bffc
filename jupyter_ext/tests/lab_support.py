"""Helpers for the JupyterLab tests: a real `jupyter lab` started as a subprocess on 127.0.0.1
with a random token, and small HTTP helpers (standard library only)."""

from __future__ import annotations

import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from http.cookiejar import CookieJar
from pathlib import Path
from typing import Any

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
STARTUP_SECONDS = 90


@dataclass(frozen=True)
class LabServer:
    url: str  # base URL, ending in "/"
    token: str
    root: Path
    process: subprocess.Popen[bytes]
    log: Path


@dataclass(frozen=True)
class Reply:
    status: int
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_lab(work: Path, app: str = "jupyterlab") -> LabServer:
    """Start `jupyter lab` (or with ``app="notebook"``, Jupyter Notebook 7's `jupyter notebook`) with
    its own config, settings and workspace folders under ``work``."""
    root = work / "notebooks"
    settings = work / "settings"
    notification = settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    notification.parent.mkdir(parents=True)
    notification.write_text(json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    root.mkdir()
    (work / "config").mkdir()
    (work / "workspaces").mkdir()
    port, token = free_port(), secrets.token_hex(16)
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(work / "config"),
        "JUPYTERLAB_SETTINGS_DIR": str(settings),
        "JUPYTERLAB_WORKSPACES_DIR": str(work / "workspaces"),
    }
    log = work / f"{app}.log"
    command = [
        sys.executable, "-m", app, "--no-browser", "--ip=127.0.0.1", f"--port={port}",
        f"--IdentityProvider.token={token}", "--allow-root", "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={root}",
    ]  # fmt: skip
    with log.open("wb") as sink:
        process = subprocess.Popen(command, env=env, stdout=sink, stderr=subprocess.STDOUT)
    server = LabServer(f"http://127.0.0.1:{port}/", token, root, process, log)
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{app} exited with {process.returncode}:\n{log.read_text()}")
        try:
            if request(server, "GET", "api/status").status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.25)
    stop_lab(server)
    raise RuntimeError(f"{app} did not answer within {STARTUP_SECONDS} s:\n{log.read_text()}")


def stop_lab(server: LabServer) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait(timeout=10)


def request(
    server: LabServer,
    method: str,
    path: str,
    body: bytes | None = None,
    *,
    token: bool = True,
    headers: dict[str, str] | None = None,
    opener: urllib.request.OpenerDirector | None = None,
) -> Reply:
    """One HTTP request; ``token=False`` sends no credentials at all."""
    sent = dict(headers or {})
    if token:
        sent["Authorization"] = f"token {server.token}"
    if body is not None:
        sent.setdefault("Content-Type", "application/json")
    req = urllib.request.Request(server.url + path, data=body, method=method, headers=sent)
    try:
        with (opener or urllib.request.build_opener()).open(req, timeout=60) as response:
            return Reply(response.status, response.read())
    except urllib.error.HTTPError as error:
        return Reply(error.code, error.read())


def lint(server: LabServer, payload: dict[str, Any], **options: Any) -> Reply:
    return request(server, "POST", "mlsafe/lint", json.dumps(payload).encode(), **options)


def cookie_session(server: LabServer) -> tuple[urllib.request.OpenerDirector, CookieJar]:
    """A browser-like session: log in once with the token in the URL, then only cookies."""
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(f"{server.url}lab?token={server.token}", timeout=60) as response:
        response.read()
    return opener, jar
