-- A minimal Neovim setup for the language-server test (tests/lsp_neovim.rs): start
-- `whys lsp` for the YAML file, wait for its diagnostics, write them to a file, quit.
-- Written for Neovim 0.7 (Debian 12's package) and later: start_client + buf_attach_client
-- rather than vim.lsp.start, which 0.8 added.
local bin = vim.env.WHYS_BIN
local out = vim.env.WHYS_DIAGNOSTICS_OUT

vim.api.nvim_create_autocmd('BufReadPost', {
  pattern = '*.yaml',
  callback = function(args)
    local client = vim.lsp.start_client({
      name = 'whys',
      cmd = { bin, 'lsp' },
      root_dir = vim.fn.getcwd(),
    })
    vim.lsp.buf_attach_client(args.buf, client)
  end,
})

-- First the diagnostics of the file as opened; then a line is typed (never saved) and the
-- diagnostics of the unsaved text are written after them.
local typed = false
vim.api.nvim_create_autocmd('DiagnosticChanged', {
  callback = function(args)
    local found = vim.diagnostic.get(args.buf)
    if #found == 0 then
      return
    end
    local lines = {}
    for _, d in ipairs(found) do
      local message = d.message:gsub('\n', ' | ')
      table.insert(lines, string.format('%d:%d %s %s', d.lnum + 1, d.col + 1, d.code or '?', message))
    end
    if not typed then
      typed = true
      vim.fn.writefile(lines, out .. '.opened')
      local last = vim.api.nvim_buf_line_count(args.buf)
      vim.api.nvim_buf_set_lines(args.buf, last, last, false,
        { 'lessons: Post in #inc-payments first.' })
      return
    end
    vim.fn.writefile(lines, out .. '.typed')
    vim.cmd('qall!')
  end,
})

-- Never hang a test run: give up after 20 s with a distinct exit code.
vim.defer_fn(function() vim.cmd('cquit 3') end, 20000)
