-- Neovim as a real LSP client for tests/test_lsp_neovim.py: attach `python -m linter lsp` to the
-- current buffer, wait for its diagnostics, write them as JSON to $MLSAFE_NVIM_OUT and quit.
local out = os.getenv("MLSAFE_NVIM_OUT")
local config = {
  name = "mlsafe",
  cmd = { os.getenv("MLSAFE_PYTHON"), "-m", "linter", "lsp" },
  root_dir = vim.fn.getcwd(),
}
local bufnr = vim.api.nvim_get_current_buf()
if vim.lsp.start then -- Neovim 0.8 and newer
  vim.lsp.start(config)
else -- Debian's Neovim 0.7
  local client = vim.lsp.start_client(config)
  vim.lsp.buf_attach_client(bufnr, client)
end
local ok = vim.wait(60000, function()
  return #vim.diagnostic.get(bufnr) > 0
end, 50)
local items = {}
for _, d in ipairs(vim.diagnostic.get(bufnr)) do
  local lsp = (d.user_data and d.user_data.lsp) or {}
  table.insert(items, {
    code = d.code or lsp.code,
    lnum = d.lnum,
    col = d.col,
    severity = d.severity,
    source = d.source,
    message = d.message,
    href = lsp.codeDescription and lsp.codeDescription.href or vim.NIL,
  })
end
local file = io.open(out, "w")
file:write(vim.fn.json_encode({ ok = ok, diagnostics = items }))
file:close()
vim.cmd("qa!")
