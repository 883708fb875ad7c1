-- Drives `debrief lsp` from a real Neovim (headless), as tests/lsp.rs's `neovim` test runs it:
--   DEBRIEF=<binary> BOOK=<book root> JOURNAL=<journal path> STATUS_LINE=<0-based line> \
--   nvim --headless --clean -u NONE -c "luafile tests/editors/nvim.lua"
-- Exits 0 when the server's `handover-missing` appears on the `status` line and goes once a
-- filled `## Passation` section is appended; `cquit 1` (with a message on stderr) otherwise.

local function fail(message)
  io.stderr:write('nvim.lua: ' .. message .. '\n')
  vim.cmd('cquit 1')
end

local ok, err = pcall(function()
  local debrief, book, journal = vim.env.DEBRIEF, vim.env.BOOK, vim.env.JOURNAL
  local status_line = tonumber(vim.env.STATUS_LINE)
  vim.cmd('edit ' .. vim.fn.fnameescape(journal))
  local id = vim.lsp.start_client({ name = 'debrief', cmd = { debrief, 'lsp' }, root_dir = book })
  if not id then
    return fail('the client did not start')
  end
  vim.lsp.buf_attach_client(0, id)

  local function handover_on_status()
    for _, d in ipairs(vim.diagnostic.get(0)) do
      if d.code == 'handover-missing' and d.lnum == status_line then
        return true
      end
    end
    return false
  end

  if not vim.wait(5000, handover_on_status, 20) then
    return fail('no handover-missing diagnostic on line ' .. status_line .. ' within 5 s')
  end
  vim.api.nvim_buf_set_lines(0, -1, -1, false, { '', '## Passation', '', 'Dossier remis à l’équipe interne.' })
  if not vim.wait(5000, function() return not handover_on_status() end, 20) then
    return fail('handover-missing was still there 5 s after the section was written')
  end
  vim.lsp.stop_client(id)
  vim.cmd('qall!')
end)
if not ok then
  fail(tostring(err))
end
