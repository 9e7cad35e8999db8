-- Neovim in tmux, for the README's screen: the plugin on a sample release, diagnostics as virtual
-- text, and :TamisEntities in the quickfix list. Driven by tests/editors/nvim_screen.sh.
local root = assert(os.getenv("TAMIS_ROOT"))
vim.opt.runtimepath:prepend(root .. "/editors/nvim")
vim.o.columns = 120
vim.o.termguicolors = false
vim.diagnostic.config({ virtual_text = { prefix = "●" }, severity_sort = true })
vim.cmd("filetype on")
require("tamis").setup({ cmd = { assert(os.getenv("TAMIS_BIN")), "lsp" } })
local shown = false
vim.api.nvim_create_autocmd("DiagnosticChanged", {
  callback = function(ev)
    local codes = {}
    for _, d in ipairs(vim.diagnostic.get(ev.buf)) do
      codes[d.code] = true
    end
    if codes["boilerplate-corpus"] and not shown then
      shown = true
      vim.schedule(function()
        vim.cmd("TamisEntities")
        vim.cmd("resize 8")
        vim.cmd("wincmd p")
        vim.cmd("normal! gg")
      end)
    end
  end,
})
