"""The language server: pygls over stdio, a thin adapter over :mod:`linter.api`.

- Text documents (scripts, ``# %%`` scripts, requirements files, jupyterlab-lsp's joined notebooks)
  and notebook documents (LSP 3.17 notebook sync: all code cells one module) are linted after each
  change: at once after a pause, else ``debounce`` ms after the last change of a burst; a newer
  change cancels a pending lint (also one queued for the worker), and results for a document
  version that is no longer current are dropped.
- Linting runs in one worker thread, so the server keeps reading messages (changes, cancellations).
- Saved outputs are not synced by LSP: on notebook open and save the file on disk is linted and its
  output findings are published on the cell that owns the output.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import time
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import unquote

from lsprotocol import types
from pygls.lsp.server import LanguageServer

from linter import __version__
from linter.config import Config
from linter.engine.gc_tuning import freeze_loaded
from linter.lsp import actions
from linter.lsp.diagnostics import add_outputs, cell_diagnostics, text_diagnostics
from linter.lsp.documents import (
    DiskOutputs,
    LiveCell,
    cell_kind,
    disk_outputs,
    lint_cells,
    lint_text,
    tags_of,
    text_kind,
    uri_path,
)
from linter.lsp.settings import Settings, config_stamp, settings_from

T = TypeVar("T")
NOTEBOOK_SYNC = types.NotebookDocumentSyncOptions(
    notebook_selector=[
        types.NotebookDocumentFilterWithNotebook(
            notebook="jupyter-notebook",
            cells=[types.NotebookCellLanguage("python"), types.NotebookCellLanguage("markdown")],
        )
    ],
    save=True,
)


@dataclass(frozen=True)
class NotebookSnapshot:
    uri: str
    version: int
    path: str
    cells: tuple[LiveCell, ...]


class MlsafeServer(LanguageServer):
    """The server and its per-session state: settings, pending lints, saved-output findings."""

    def __init__(self) -> None:
        super().__init__(
            "mlsafe",
            __version__,
            text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
            notebook_document_sync=NOTEBOOK_SYNC,
        )
        self.settings = Settings()
        self.pending: dict[str, asyncio.Task[None]] = {}
        self.last_change: dict[str, float] = {}
        self.outputs: dict[str, DiskOutputs] = {}
        self.published: dict[str, frozenset[str]] = {}
        self.cell_diagnostics: dict[str, list[types.Diagnostic]] = {}
        self.warned: set[str] = set()
        self.configs: dict[str, tuple[tuple[tuple[str, int, int], ...], Config, str | None]] = {}
        self.linter = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mlsafe-lint")

    # -- helpers ---------------------------------------------------------------------------

    @property
    def encoding(self) -> str:
        encoding = self.workspace.position_encoding
        return str(encoding.value if isinstance(encoding, types.PositionEncodingKind) else encoding or "utf-16")

    def config_for(self, path: str) -> Config:
        """The configuration of ``path``, read again only when a ``pyproject.toml`` above it changed."""
        stamp = config_stamp(path)
        cached = self.configs.get(path)
        if cached is not None and cached[0] == stamp:
            config, problem = cached[1], cached[2]
        else:
            config, problem = self.settings.config_for(path)
            self.configs[path] = (stamp, config, problem)
        if problem is not None and problem not in self.warned:
            self.warned.add(problem)
            self.window_show_message(types.ShowMessageParams(types.MessageType.Warning, problem))
        return config

    async def in_worker(self, job: Callable[[], T]) -> T:
        """``job()`` in the lint thread; cancelling the caller cancels a job not yet started."""
        return await asyncio.get_running_loop().run_in_executor(self.linter, job)

    def schedule(self, key: str, job: Callable[[], Awaitable[None]]) -> None:
        """Run ``job`` for a document, cancelling the one pending for it. An edit after a pause is
        linted at once; an edit that follows another within the debounce delay waits for that
        delay, so a burst of edits is linted once, after its last edit."""
        previous = self.pending.pop(key, None)
        if previous is not None:
            previous.cancel()
        now = time.monotonic()
        last = self.last_change.get(key)
        self.last_change[key] = now
        delay = (
            self.settings.debounce_ms / 1000
            if last is not None and now - last < self.settings.debounce_ms / 1000
            else 0
        )
        self.pending[key] = asyncio.ensure_future(self._debounced(key, job, delay))

    async def _debounced(self, key: str, job: Callable[[], Awaitable[None]], delay: float) -> None:
        try:
            if delay:
                await asyncio.sleep(delay)
            await job()
        except asyncio.CancelledError:
            pass
        finally:
            if self.pending.get(key) is asyncio.current_task():
                del self.pending[key]

    def cancel(self, key: str) -> None:
        self.last_change.pop(key, None)
        task = self.pending.pop(key, None)
        if task is not None:
            task.cancel()

    def publish(self, uri: str, diagnostics: list[types.Diagnostic], version: int | None = None) -> None:
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri, diagnostics, version))

    # -- text documents --------------------------------------------------------------------

    def text_snapshot(self, uri: str) -> tuple[str, int | None, str | None] | None:
        document = self.workspace.text_documents.get(unquote(uri))
        if document is None:
            return None
        return document.source, document.version, document.language_id

    async def lint_text_document(self, uri: str) -> None:
        snapshot = self.text_snapshot(uri)
        if snapshot is None or self.workspace.get_notebook_document(cell_uri=uri) is not None:
            return  # a notebook's cell is linted with its notebook
        text, version, language = snapshot
        path = uri_path(uri)
        config = self.config_for(path)
        found = await self.in_worker(lambda: lint_text(text, path, language, config))
        current = self.text_snapshot(uri)
        if current is None or current[1] != version:
            return  # stale: a newer version is being linted
        self.publish(uri, text_diagnostics(found, text, self.settings.severity, self.encoding), version)

    # -- notebooks -------------------------------------------------------------------------

    def notebook_snapshot(self, uri: str) -> NotebookSnapshot | None:
        notebook = self.workspace.get_notebook_document(notebook_uri=uri)
        if notebook is None:
            return None
        cells = []
        for cell in notebook.cells:
            document = self.workspace.text_documents.get(unquote(cell.document))
            language = document.language_id if document is not None else None
            text = document.source if document is not None else ""
            cells.append(LiveCell(cell.document, cell_kind(int(cell.kind), language), text, tags_of(cell.metadata)))
        return NotebookSnapshot(notebook.uri, notebook.version, uri_path(notebook.uri), tuple(cells))

    async def lint_notebook_document(self, uri: str, read_disk: bool = False) -> None:
        snapshot = self.notebook_snapshot(uri)
        if snapshot is None:
            return
        config = self.config_for(snapshot.path)
        if read_disk:
            self.outputs[uri] = await self.in_worker(lambda: disk_outputs(snapshot.path, config))
        found = await self.in_worker(lambda: lint_cells(snapshot.cells, snapshot.path, config))
        current = self.workspace.get_notebook_document(notebook_uri=uri)
        if current is None or current.version != snapshot.version:
            return
        threshold, encoding = self.settings.severity, self.encoding
        published = cell_diagnostics(found, snapshot.cells, threshold, encoding)
        add_outputs(published, self.outputs.get(uri, DiskOutputs((), ())), snapshot.cells, threshold, encoding)
        for gone in self.published.get(uri, frozenset()) - published.keys():
            self.publish(gone, [])
            self.cell_diagnostics.pop(gone, None)
        for cell_uri, diagnostics in published.items():
            if self.cell_diagnostics.get(cell_uri) != diagnostics:  # the client keeps the others
                self.publish(cell_uri, diagnostics)
                self.cell_diagnostics[cell_uri] = diagnostics
        self.published[uri] = frozenset(published)

    def clear_notebook(self, uri: str, cell_uris: Sequence[str]) -> None:
        self.cancel(uri)
        self.outputs.pop(uri, None)
        for cell_uri in sorted(self.published.pop(uri, frozenset()) | set(cell_uris)):
            self.publish(cell_uri, [])
            self.cell_diagnostics.pop(cell_uri, None)

    def relint_all(self) -> None:
        for uri in list(self.workspace.notebook_documents):
            self.schedule(uri, functools.partial(self.lint_notebook_document, uri))
        notebook_cells = {
            u for nb in self.workspace.notebook_documents.values() for u in (c.document for c in nb.cells)
        }
        for uri in list(self.workspace.text_documents):
            if uri not in notebook_cells:
                self.schedule(uri, functools.partial(self.lint_text_document, uri))

    # -- code actions ----------------------------------------------------------------------

    def action_job(self, params: types.CodeActionParams) -> Callable[[], list[types.CodeAction]] | None:
        """Snapshot what the request needs (on the event loop) and return the work to do in the
        worker thread."""
        uri = params.text_document.uri
        notebook = self.workspace.get_notebook_document(cell_uri=uri)
        if notebook is not None:
            snapshot = self.notebook_snapshot(notebook.uri)
            if snapshot is None:
                return None
            index = next((i for i, c in enumerate(snapshot.cells) if unquote(c.uri) == unquote(uri)), None)
            if index is None:
                return None
            request = self.action_request(params, snapshot.path)
            return lambda: notebook_actions(snapshot, index, request)
        text = self.text_snapshot(uri)
        if text is None:
            return None
        path = uri_path(uri)
        target = actions.Target(uri, text[0], text_kind(path, text[2]))
        request = self.action_request(params, path)
        return lambda: text_actions(target, path, text[2], request)

    def action_request(self, params: types.CodeActionParams, path: str) -> ActionRequest:
        return ActionRequest(
            params.range, params.context.only, self.config_for(path), self.settings.severity, self.encoding
        )


@dataclass(frozen=True)
class ActionRequest:
    """What a code-action request asks, snapshotted on the event loop for the worker thread: the
    selected range, the kinds of action wanted, the file's configuration, the severity threshold
    of the published diagnostics and the client's position encoding."""

    selection: types.Range
    only: Sequence[str] | None
    config: Config
    threshold: int
    encoding: str


def text_actions(
    target: actions.Target, path: str, language: str | None, request: ActionRequest
) -> list[types.CodeAction]:
    found = lint_text(target.text, path, language, request.config)
    chosen = actions.in_range(found, None, request.selection, request.threshold)
    result: list[types.CodeAction] = []
    if actions.wanted(types.CodeActionKind.QuickFix, request.only):
        result += actions.quick_fixes(chosen, target, {None: target}, request.encoding)
        result += actions.noqa_actions(chosen, target, request.encoding)
    if actions.wanted(actions.FIX_ALL, request.only):
        fixed = actions.fix_all_text(target.text, path, text_kind(path, language), request.config)
        edits = actions.whole_text_edit(target.text, fixed, request.encoding)
        if edits:
            result.append(actions.fix_all_action(actions.FIX_ALL, {target.uri: edits}))
    return result


def notebook_actions(snapshot: NotebookSnapshot, index: int, request: ActionRequest) -> list[types.CodeAction]:
    cells = snapshot.cells
    targets: dict[int | None, actions.Target] = {
        i + 1: actions.Target(cell.uri, cell.text, cell.kind) for i, cell in enumerate(cells)
    }
    target = targets[index + 1]
    result: list[types.CodeAction] = []
    only, encoding = request.only, request.encoding
    if actions.wanted(types.CodeActionKind.QuickFix, only):
        found = lint_cells(cells, snapshot.path, request.config)
        chosen = actions.in_range(found, index + 1, request.selection, request.threshold)
        result += actions.quick_fixes(chosen, target, targets, encoding)
        result += actions.noqa_actions(chosen, target, encoding)
    kinds = [k for k in (actions.FIX_ALL, actions.NOTEBOOK_FIX_ALL) if actions.wanted(k, only)]
    if only is None:
        kinds = [actions.FIX_ALL]
    if kinds:
        texts = actions.fix_all_cells(cells, snapshot.path, request.config)
        changes = {
            cell.uri: edits
            for cell, text in zip(cells, texts, strict=True)
            if (edits := actions.whole_text_edit(cell.text, text, encoding))
        }
        if changes:
            result += [actions.fix_all_action(kind, changes) for kind in kinds]
    return result


TextParams = types.DidOpenTextDocumentParams | types.DidChangeTextDocumentParams | types.DidSaveTextDocumentParams
NotebookParams = (
    types.DidOpenNotebookDocumentParams | types.DidChangeNotebookDocumentParams | types.DidSaveNotebookDocumentParams
)


def lint_buffer(ls: MlsafeServer, params: TextParams) -> None:
    """Lint a text document from its synced buffer."""
    uri = params.text_document.uri
    ls.schedule(uri, functools.partial(ls.lint_text_document, uri))


def lint_notebook_cells(ls: MlsafeServer, params: NotebookParams) -> None:
    """Lint a notebook from its synced cells, keeping the saved-output findings last read from disk."""
    uri = params.notebook_document.uri
    ls.schedule(uri, functools.partial(ls.lint_notebook_document, uri))


def lint_notebook_and_disk(ls: MlsafeServer, params: NotebookParams) -> None:
    """Lint a notebook from its synced cells and read its saved outputs from the file on disk."""
    uri = params.notebook_document.uri
    ls.schedule(uri, functools.partial(ls.lint_notebook_document, uri, read_disk=True))


LintHandler = Callable[[MlsafeServer, TextParams], None] | Callable[[MlsafeServer, NotebookParams], None]
# The notifications that lint a document, and where its text comes from.
LINT_ON: tuple[tuple[str, LintHandler], ...] = (
    (types.TEXT_DOCUMENT_DID_OPEN, lint_buffer),
    (types.TEXT_DOCUMENT_DID_CHANGE, lint_buffer),
    (types.TEXT_DOCUMENT_DID_SAVE, lint_buffer),
    (types.NOTEBOOK_DOCUMENT_DID_OPEN, lint_notebook_and_disk),
    (types.NOTEBOOK_DOCUMENT_DID_CHANGE, lint_notebook_cells),
    (types.NOTEBOOK_DOCUMENT_DID_SAVE, lint_notebook_and_disk),
)


def create_server() -> MlsafeServer:
    server = MlsafeServer()

    @server.feature(types.INITIALIZE)
    def initialize(ls: MlsafeServer, params: types.InitializeParams) -> None:
        ls.settings = settings_from(params.initialization_options)

    @server.feature(types.INITIALIZED)
    def initialized(ls: MlsafeServer, params: types.InitializedParams) -> None:
        # Load the engine and the rules now, in the worker, and move them out of the garbage
        # collector's way (linter.engine.gc_tuning): the first lint is then as fast as the others.
        ls.linter.submit(freeze_loaded, *Config().selection())

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    def change_configuration(ls: MlsafeServer, params: types.DidChangeConfigurationParams) -> None:
        if params.settings:
            ls.settings = settings_from(params.settings)
        ls.warned.clear()
        ls.configs.clear()
        ls.relint_all()

    for method, handler in LINT_ON:
        server.feature(method)(handler)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: MlsafeServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.cancel(params.text_document.uri)
        ls.publish(params.text_document.uri, [])

    @server.feature(types.NOTEBOOK_DOCUMENT_DID_CLOSE)
    def notebook_close(ls: MlsafeServer, params: types.DidCloseNotebookDocumentParams) -> None:
        ls.clear_notebook(params.notebook_document.uri, [c.uri for c in params.cell_text_documents])

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(code_action_kinds=list(actions.KINDS)))
    async def code_action(ls: MlsafeServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        job = ls.action_job(params)
        if job is None:
            return None
        return await ls.in_worker(job)

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: MlsafeServer, params: None) -> None:
        for key in list(ls.pending):
            ls.cancel(key)
        with contextlib.suppress(RuntimeError):
            ls.linter.shutdown(wait=False, cancel_futures=True)

    return server


def serve() -> int:
    """``mlsafe lsp``: serve on stdin/stdout until the client exits."""
    create_server().start_io()
    return 0
