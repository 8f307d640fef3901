-- check.lua: the tiny harness the Lua test files share (loaded with dofile).
-- check(cond, what) records a failure; raises(fn, pattern) expects a Lua error whose
-- message contains pattern (plain text); done() exits non-zero if anything failed.
local M = {failed = 0, passed = 0}

local function where()
  local info = debug.getinfo(3, "Sl")
  return info.short_src .. ":" .. info.currentline
end

function M.check(cond, what)
  if cond then
    M.passed = M.passed + 1
  else
    M.failed = M.failed + 1
    io.stderr:write("FAIL ", where(), ": ", tostring(what), "\n")
  end
  return cond
end

function M.eq(a, b, what)
  return M.check(a == b, (what or "values differ") .. ": got " .. tostring(a) ..
                 ", expected " .. tostring(b))
end

function M.near(a, b, tol, what)
  return M.check(math.abs(a - b) <= tol, (what or "not close") .. ": got " .. tostring(a) ..
                 ", expected " .. tostring(b) .. " +- " .. tostring(tol))
end

function M.raises(fn, pattern, what)
  local ok, err = pcall(fn)
  if ok then
    M.failed = M.failed + 1
    io.stderr:write("FAIL ", where(), ": ", what or "no error", " (expected '", pattern, "')\n")
    return false
  end
  err = tostring(err)
  if not err:find(pattern, 1, true) then
    M.failed = M.failed + 1
    io.stderr:write("FAIL ", where(), ": ", what or "wrong error", ": '", err,
                    "' does not contain '", pattern, "'\n")
    return false
  end
  M.passed = M.passed + 1
  return true
end

function M.done(name)
  io.stdout:write(string.format("%s: %d passed, %d failed\n", name, M.passed, M.failed))
  if M.failed > 0 then os.exit(1) end
end

return M
