-- Neovim setup for tests/lsp_neovim.rs's typing test: start `whys lsp` for the draft that
-- `whys new` wrote, then play the steps in $WHYS_STEPS (JSON: a list of {at, to, lines,
-- rule, fix}) as unsaved buffer edits. After each edit, wait until the diagnostics show the
-- step's rule; for a step with a fix, ask the server for code actions on that diagnostic.
-- Every result goes to $WHYS_TYPING_OUT, one line each, for the test to check.
-- Written for Neovim 0.7 (Debian 12's package) and later.
local bin = vim.env.WHYS_BIN
local out = vim.env.WHYS_TYPING_OUT
local steps = vim.fn.json_decode(table.concat(vim.fn.readfile(vim.env.WHYS_STEPS), '\n'))

local function matching(buf, rule)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.code and tostring(d.code):sub(1, #rule) == rule then
      table.insert(found, d)
    end
  end
  return found
end

-- The diagnostic in the server's terms, to send back with the code-action request. Neovim
-- keeps only some of the server's fields under user_data.lsp (`data` among them).
local function as_lsp(d)
  local kept = (d.user_data and d.user_data.lsp) or {}
  return {
    range = {
      start = { line = d.lnum, character = d.col },
      ['end'] = { line = d.end_lnum or d.lnum, character = d.end_col or d.col },
    },
    message = d.message, code = d.code, source = d.source, severity = d.severity,
    data = kept.data,
  }
end

local function play(buf)
  local results = {}
  for i, step in ipairs(steps) do
    vim.api.nvim_buf_set_lines(buf, step.at, step.to, false, step.lines)
    local shown = vim.wait(15000, function() return #matching(buf, step.rule) > 0 end, 20)
    table.insert(results, string.format('step %d %s %s', i, step.rule, shown and 'shown' or 'missing'))
    if shown and step.fix then
      local d = as_lsp(matching(buf, step.rule)[1])
      local params = {
        textDocument = { uri = vim.uri_from_bufnr(buf) },
        range = d.range,
        context = { diagnostics = { d } },
      }
      local titles = {}
      local replies = vim.lsp.buf_request_sync(buf, 'textDocument/codeAction', params, 10000) or {}
      for _, reply in pairs(replies) do
        if reply.err then
          table.insert(titles, 'error: ' .. vim.inspect(reply.err))
        end
        for _, action in ipairs(reply.result or {}) do
          table.insert(titles, action.title)
        end
      end
      table.insert(results, string.format('fix %d %s %s', i, step.rule, table.concat(titles, ' | ')))
    end
  end
  vim.fn.writefile(results, out)
  vim.cmd('qall!')
end

vim.api.nvim_create_autocmd('BufReadPost', {
  pattern = '*.yaml',
  callback = function(args)
    local client = vim.lsp.start_client({
      name = 'whys',
      cmd = { bin, 'lsp' },
      root_dir = vim.fn.getcwd(),
    })
    vim.lsp.buf_attach_client(args.buf, client)
    -- Once the server has checked the draft as opened, start typing.
    vim.defer_fn(function()
      vim.wait(15000, function() return vim.lsp.buf_is_attached(args.buf, client) end, 20)
      play(args.buf)
    end, 0)
  end,
})

-- Never hang a test run: give up after 120 s with a distinct exit code.
vim.defer_fn(function() vim.cmd('cquit 3') end, 120000)
