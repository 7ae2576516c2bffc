"""``mlsafe lsp``: a language server (pygls, stdio) over :mod:`linter.api`, for VS Code notebooks,
Neovim and JupyterLab through jupyterlab-lsp.

- :mod:`linter.lsp.documents`: editor documents (buffers, notebooks as cells) -> what the api lints;
- :mod:`linter.lsp.diagnostics`: findings -> LSP diagnostics on the right URI, in the client's units;
- :mod:`linter.lsp.actions`: quick fixes, fix-all and ``# noqa`` suppressions as code actions;
- :mod:`linter.lsp.settings`: client settings (severity threshold, select/ignore, debounce);
- :mod:`linter.lsp.server`: the pygls server: sync, debounce, stale results dropped;
- :mod:`linter.lsp.jupyter_spec`: the jupyter-lsp spec that lets jupyterlab-lsp start the server.

pygls is an optional dependency (``pip install 'mlsafe[lsp]'``): nothing outside this package imports
it, and the CLI imports this package only for ``mlsafe lsp``.
"""
