-- For `vim.lsp.enable("tamis")` on Neovim 0.11+, with this folder on 'runtimepath'.
return {
  cmd = { "tamis", "lsp" },
  filetypes = { "text" },
  root_markers = { "tamis.toml", ".git" },
}
