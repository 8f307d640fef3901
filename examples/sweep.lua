-- sweep.lua: a small version of the paper's grid over the initial recurrent weights
-- (lambda0 on the diagonal, sigma0 off it), two seeds per point, as a sweep description.
--   recmem sweep examples/sweep.lua        trains it on every core (-j N; --slurm for a
--                                          cluster; Ctrl-C stops, the same command resumes)
--   recmem examples/sweep.lua              prints the grid of what is done so far: the
--                                          mean SI of the kept networks at each point
-- RECMEM_QUICK=1 (for both) makes a grid of tiny networks that trains in seconds.
local quick = os.getenv("RECMEM_QUICK")
local description = {
  name = quick and "example-quick" or "example",
  dir = quick and "sweeps/example-quick" or "sweeps/example",
  base = {task = "CD1", hidden = quick and 8 or 40, batch = quick and 5 or 20,
          iters = quick and 10 or 1000, test_batches = quick and 1 or 6,
          si_trials = quick and 10 or 300},
  axes = {lambda = "0.80:0.98:3", sigma = {0, 0.01}, seed = "1-2"},
}
-- `recmem sweep` reads the description in a plain Lua state: no `recmem` there
if not recmem then return description end

local ok, s = pcall(recmem.sweep.load, description.dir)
if not ok then
  print("no sweep in " .. description.dir .. " yet; train it with: recmem sweep " .. arg[0])
  return
end
-- rows -> grid[lambda][sigma] = {SIs of kept networks}, counting what is not there yet
local grid, lambdas, sigmas, seen = {}, {}, {}, {}
local count = {done = 0, failed = 0, running = 0, missing = 0, unkept = 0}
for _, r in ipairs(s:results()) do
  local l, sg = r.config.lambda, r.config.sigma
  if not seen[l] then seen[l] = true; lambdas[#lambdas + 1] = l; grid[l] = {} end
  if not seen["s" .. sg] then seen["s" .. sg] = true; sigmas[#sigmas + 1] = sg end
  grid[l][sg] = grid[l][sg] or {}
  count[r.status] = count[r.status] + 1
  if r.status == "done" and r.keep then table.insert(grid[l][sg], r.si)
  elseif r.status == "done" then count.unkept = count.unkept + 1 end
end
io.write(string.format("%8s", "lambda0"))
for _, sg in ipairs(sigmas) do io.write(string.format("  SI(s0=%-5g)", sg)) end
io.write("\n")
for _, l in ipairs(lambdas) do
  io.write(string.format("%8.2f", l))
  for _, sg in ipairs(sigmas) do
    local v = grid[l][sg]
    local sum = 0
    for _, x in ipairs(v) do sum = sum + x end
    io.write(#v > 0 and string.format("  %7.3f (%d)", sum / #v, #v) or string.format("  %11s", "-"))
  end
  io.write("\n")
end
print(string.format("%s: %d done (%d not kept: test information loss >= 0.5), %d failed, " ..
                    "%d running, %d missing", s.name, count.done, count.unkept, count.failed,
                    count.running, count.missing))
