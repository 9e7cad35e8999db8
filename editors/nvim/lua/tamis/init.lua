-- tamis for Neovim 0.11+: starts `tamis lsp` on plain-text files and adds :TamisFixAll,
-- :TamisFixWorkspace, :TamisEntities and :TamisReport.
--
--   require("tamis").setup({
--     cmd = { "tamis", "lsp" },          -- the server command
--     filetypes = { "text" },            -- where to start it
--     root_markers = { "tamis.toml", ".git" },
--     settings = {},                     -- tamis.toml keys, sent as initializationOptions
--   })
local M = {}

M.defaults = {
  cmd = { "tamis", "lsp" },
  filetypes = { "text" },
  root_markers = { "tamis.toml", ".git" },
  settings = {},
}

--- The keys `settings` takes: those of tamis.toml, dotted (a test holds them equal to the
--- server's). The server applies the defaults itself; `rules` is a table of codes or families.
M.settings_keys = {
  "files",
  "exclude",
  "rules",
  "boilerplate.min-docs",
  "boilerplate.min-ratio",
  "boilerplate.min-run",
  "boilerplate.patterns",
  "boilerplate.allow",
  "email.allow",
  "phone.default-region",
  "phone.format",
  "phone.allow",
}

--- The dotted keys of `settings` that tamis.toml does not have (typos), sorted.
function M.unknown_settings(settings)
  local known, unknown = {}, {}
  for _, k in ipairs(M.settings_keys) do
    known[k] = true
  end
  for k, v in pairs(settings or {}) do
    if type(v) == "table" and not known[k] and not vim.islist(v) then
      for sub in pairs(v) do
        if not known[k .. "." .. sub] then
          table.insert(unknown, k .. "." .. sub)
        end
      end
    elseif not known[k] then
      table.insert(unknown, k)
    end
  end
  table.sort(unknown)
  return unknown
end

--- The configuration for vim.lsp.config / vim.lsp.start.
function M.config(opts)
  opts = vim.tbl_deep_extend("force", M.defaults, opts or {})
  return {
    name = "tamis",
    cmd = opts.cmd,
    filetypes = opts.filetypes,
    root_markers = opts.root_markers,
    init_options = opts.settings,
    settings = { tamis = opts.settings },
  }
end

--- Applies every safe fix of the current buffer (the server's `source.fixAll.tamis` action).
function M.fix_all(bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local client = vim.lsp.get_clients({ bufnr = bufnr, name = "tamis" })[1]
  if not client then
    vim.notify("tamis: no tamis client on this buffer", vim.log.levels.WARN)
    return false
  end
  local last = math.max(vim.api.nvim_buf_line_count(bufnr) - 1, 0)
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = { start = { line = 0, character = 0 }, ["end"] = { line = last, character = 0 } },
    context = { diagnostics = {}, only = { "source.fixAll.tamis" } },
  }
  local result = client:request_sync("textDocument/codeAction", params, 5000, bufnr)
  if not result or result.err then
    vim.notify("tamis: fix-all failed: " .. vim.inspect(result and result.err), vim.log.levels.ERROR)
    return false
  end
  local applied = false
  for _, action in ipairs(result.result or {}) do
    if action.edit then
      vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
      applied = true
    end
  end
  if not applied then
    vim.notify("tamis: nothing to fix", vim.log.levels.INFO)
  end
  return applied
end

--- Applies the safe fixes to every corpus file of the workspace (`tamis.fixWorkspace`).
function M.fix_workspace(bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local client = vim.lsp.get_clients({ bufnr = bufnr, name = "tamis" })[1]
  if not client then
    return false
  end
  local result = client:request_sync(
    "workspace/executeCommand",
    { command = "tamis.fixWorkspace", arguments = {} },
    60000,
    bufnr
  )
  return result and not result.err
end

--- The entities of a buffer (from the server's outline) as quickfix items, in reading order.
function M.entities(bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local client = vim.lsp.get_clients({ bufnr = bufnr, name = "tamis" })[1]
  if not client then
    vim.notify("tamis: no tamis client on this buffer", vim.log.levels.WARN)
    return nil
  end
  local result = client:request_sync(
    "textDocument/documentSymbol",
    { textDocument = { uri = vim.uri_from_bufnr(bufnr) } },
    5000,
    bufnr
  )
  if not result or result.err then
    vim.notify("tamis: entities failed: " .. vim.inspect(result and result.err), vim.log.levels.ERROR)
    return nil
  end
  local items = {}
  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  for _, group in ipairs(result.result or {}) do
    local kind = group.name:gsub(" %(%d+%)$", "")
    for _, s in ipairs(group.children or {}) do
      local line = s.range.start.line
      -- LSP characters to a byte column, in the client's encoding.
      local col = vim.lsp.util._get_line_byte_from_position
          and vim.lsp.util._get_line_byte_from_position(bufnr, s.range.start, client.offset_encoding)
        or s.range.start.character
      table.insert(items, {
        bufnr = bufnr,
        lnum = line + 1,
        col = col + 1,
        text = string.format(
          "[%s] %s%s",
          kind,
          s.name,
          (s.detail and s.detail ~= s.name) and ("  · " .. s.detail) or ""
        ),
        line_text = lines[line + 1],
      })
    end
  end
  table.sort(items, function(a, b)
    return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col)
  end)
  return items
end

--- Writes the HTML report of the workspace (`tamis report`) and opens it with the system's
--- opener (`vim.ui.open`). `opts.open = false` only writes it; `opts.on_done(path, err)` is
--- called when the report is written (or failed). Returns the path the report is written to.
function M.report(opts)
  opts = opts or {}
  local bufnr = opts.bufnr or vim.api.nvim_get_current_buf()
  local client = vim.lsp.get_clients({ bufnr = bufnr, name = "tamis" })[1]
  local cmd = (client and client.config.cmd) or M.defaults.cmd
  local root = opts.root or (client and client.config.root_dir) or vim.fn.getcwd()
  local out = opts.output or (vim.fn.stdpath("cache") .. "/tamis-report.html")
  vim.fn.mkdir(vim.fn.fnamemodify(out, ":h"), "p")
  vim.notify("tamis: writing the report of " .. root, vim.log.levels.INFO)
  vim.system({ cmd[1], "report", root, "-o", out }, { text = true }, function(r)
    vim.schedule(function()
      local err = r.code ~= 0 and (r.stderr ~= "" and r.stderr or ("exit " .. r.code)) or nil
      if err then
        vim.notify("tamis: report failed: " .. err, vim.log.levels.ERROR)
      elseif opts.open ~= false then
        vim.ui.open(out)
      end
      if opts.on_done then
        opts.on_done(out, err)
      end
    end)
  end)
  return out
end

function M.setup(opts)
  local config = M.config(opts)
  local unknown = M.unknown_settings(config.init_options)
  if #unknown > 0 then
    vim.notify(
      "tamis: unknown settings (not tamis.toml keys): " .. table.concat(unknown, ", "),
      vim.log.levels.WARN
    )
  end
  vim.lsp.config("tamis", config)
  vim.lsp.enable("tamis")
  vim.api.nvim_create_user_command("TamisFixAll", function()
    M.fix_all()
  end, { desc = "tamis: apply every safe fix of this buffer" })
  vim.api.nvim_create_user_command("TamisFixWorkspace", function()
    M.fix_workspace()
  end, { desc = "tamis: apply the safe fixes to every corpus file" })
  vim.api.nvim_create_user_command("TamisEntities", function()
    local items = M.entities()
    if items then
      vim.fn.setqflist({}, " ", { title = "tamis entities", items = items })
      vim.cmd("copen")
    end
  end, { desc = "tamis: the entities of this buffer in the quickfix list" })
  vim.api.nvim_create_user_command("TamisReport", function()
    M.report()
  end, { desc = "tamis: write the HTML report of the workspace and open it" })
end

return M
