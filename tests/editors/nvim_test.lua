-- Headless Neovim test of the tamis plugin against the real server:
--   nvim -u NONE -i NONE -n -l nvim_test.lua
-- Env: TAMIS_BIN (the server binary), TAMIS_ROOT (the repository), TAMIS_SEEDS (../shared corpus),
--      TAMIS_SCREEN (where to write the screen as text).
local uv = vim.uv or vim.loop
local function out(s) io.stdout:write(s .. "\n") end
local root = assert(os.getenv("TAMIS_ROOT"), "TAMIS_ROOT")
local bin = assert(os.getenv("TAMIS_BIN"), "TAMIS_BIN")
local seeds = assert(os.getenv("TAMIS_SEEDS"), "TAMIS_SEEDS")
vim.opt.runtimepath:prepend(root .. "/editors/nvim")

local function finish(code, msg)
  out((code == 0 and "PASS" or "FAIL") .. ": " .. msg)
  for _, c in ipairs(vim.lsp.get_clients()) do
    c:stop()
  end
  vim.wait(2000, function() return #vim.lsp.get_clients() == 0 end, 20)
  vim.cmd(code == 0 and "qall!" or ("cquit! " .. code))
end

local ok, err = pcall(function()
  -- A workspace: the seed corpus and a tamis.toml.
  local dir = vim.fn.tempname()
  vim.fn.mkdir(dir, "p")
  for _, name in ipairs(vim.fn.readdir(seeds)) do
    vim.fn.writefile(vim.fn.readfile(seeds .. "/" .. name, "b"), dir .. "/" .. name, "b")
  end
  vim.fn.writefile({ "[phone]", 'format = "international"' }, dir .. "/tamis.toml")
  vim.cmd("filetype on")
  -- 0. Settings are checked against tamis.toml's keys: a typo is named, known keys pass.
  local unknown = require("tamis").unknown_settings({
    phone = { ["default-region"] = "HT", defaultRegion = "HT" },
    rules = { ["phone-grouping"] = "off" },
    files = { "*.txt" },
  })
  assert(vim.deep_equal(unknown, { "phone.defaultRegion" }), vim.inspect(unknown))
  require("tamis").setup({ cmd = { bin, "lsp" } })
  vim.cmd("edit " .. vim.fn.fnameescape(dir .. "/002_5ad4ddfa5634b5fc.txt"))
  local buf = vim.api.nvim_get_current_buf()
  assert(vim.wait(10000, function() return #vim.lsp.get_clients({ bufnr = buf }) > 0 end, 10), "no client attached")
  local client = vim.lsp.get_clients({ bufnr = buf })[1]

  -- 1. Diagnostics, with the corpus-confirmed boilerplate once indexing is done.
  local function codes()
    local set = {}
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      set[d.code] = (set[d.code] or 0) + 1
    end
    return set
  end
  assert(vim.wait(15000, function() return codes()["boilerplate-corpus"] == 1 end, 20),
    "no boilerplate-corpus diagnostic: " .. vim.inspect(codes()))
  local c = codes()
  assert(c["phone-malformed"] == 2 and c["email-html-remnant"] == 2, vim.inspect(c))
  out("diagnostics: " .. vim.inspect(c))

  -- 2. :TamisEntities: the buffer's entities in the quickfix list.
  vim.cmd("TamisEntities")
  local qf = vim.fn.getqflist()
  local texts = {}
  for _, item in ipairs(qf) do
    table.insert(texts, item.text)
  end
  local all = table.concat(texts, "\n")
  for _, want in ipairs({ "[People] Michela Macchiavello", "[Emails] mmacchiavello@iom.int", "[Amounts] 1,6 million de dollars", "[Contacts] Leonard Doyle" }) do
    assert(all:find(want, 1, true), "quickfix lacks " .. want .. ":\n" .. all)
  end
  local first = qf[1]
  assert(first.lnum >= 1 and first.bufnr == buf, vim.inspect(first))
  out(":TamisEntities: " .. #qf .. " entities in the quickfix list")
  vim.cmd("cclose")

  -- 3. A hover on the mail-link remnant.
  local lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  local remnant
  for i, l in ipairs(lines) do
    if l:find('^"mailto:mmacchiavello') then remnant = i - 1 end
  end
  local res = client:request_sync("textDocument/hover", {
    textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = remnant, character = 20 },
  }, 5000, buf)
  local value = res and res.result and res.result.contents.value or ""
  assert(value:find("Email `mmacchiavello@iom.int`", 1, true), "hover: " .. value)
  out("hover: " .. value:gsub("\n.*", ""))

  -- 4. The quick fix on the remnant, applied as the code-action menu applies it.
  local actions = client:request_sync("textDocument/codeAction", {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = { start = { line = remnant, character = 2 }, ["end"] = { line = remnant, character = 2 } },
    context = { diagnostics = {} },
  }, 5000, buf)
  local preferred
  for _, a in ipairs(actions.result or {}) do
    if a.isPreferred then preferred = a end
  end
  assert(preferred, "no preferred quick fix: " .. vim.inspect(actions))
  vim.lsp.util.apply_workspace_edit(preferred.edit, client.offset_encoding)
  lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  assert(vim.tbl_contains(lines, "E-mail: mmacchiavello@iom.int"), "quick fix not applied")
  out("quick fix applied")

  -- 5. :TamisFixAll applies every safe fix: the title comes first, no remnant is left.
  vim.wait(300)
  vim.cmd("TamisFixAll")
  assert(vim.wait(5000, function()
    local first = vim.api.nvim_buf_get_lines(buf, 0, 1, false)[1]
    return first == "L'OIM intensifie ses efforts de lutte contre la traite sur Hispaniola"
  end, 20), "TamisFixAll did not remove the menu: " .. vim.api.nvim_buf_get_lines(buf, 0, 1, false)[1])
  lines = vim.api.nvim_buf_get_lines(buf, 0, -1, false)
  assert(not table.concat(lines, "\n"):find("mailto", 1, true), "a remnant is left")
  out(":TamisFixAll applied")

  -- 6. :TamisReport writes the workspace's report and hands it to the system's opener.
  local opened
  vim.ui.open = function(path) opened = path end
  vim.cmd("TamisReport")
  assert(vim.wait(30000, function() return opened ~= nil end, 50), "TamisReport opened nothing")
  local html = table.concat(vim.fn.readfile(opened), "\n")
  assert(html:find("<svg", 1, true) and html:find("Corpus report", 1, true), "not a report: " .. opened)
  out(":TamisReport wrote and opened " .. vim.fn.fnamemodify(opened, ":t"))

  local screen = os.getenv("TAMIS_SCREEN")
  if screen then
    vim.fn.writefile(vim.list_slice(lines, 1, 20), screen)
  end
end)

if ok then finish(0, "diagnostics, :TamisEntities, hover, quick fix, :TamisFixAll, :TamisReport") else finish(1, tostring(err)) end
