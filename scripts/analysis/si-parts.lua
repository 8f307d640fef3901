-- si-parts.lua: what a demo network's SI is made of. Trains a 100-unit network on each task
-- given (lambda0 0.98, sigma0 0, like demo-contrast.lua), then on 300 held-out trials prints
-- the SI, its two terms (peak entropy, ridge-to-background), the mean number of units per
-- trial above SI's activity threshold (mean over time > 0.1), and, for the trial-averaged
-- activity of those units, where their peaks fall (stimulus 1-25, delay 26-125, response
-- 126-150) -- enough to tell a cascade from a few units that stay on.
-- Usage: recmem scripts/analysis/si-parts.lua ITERS SEED TASK[:VARIANT]...
-- Example: recmem scripts/analysis/si-parts.lua 500 1 COMP 2AFC 2AFC:vardelay
local iters, seed = math.tointeger(tonumber(arg[1] or "")), math.tointeger(tonumber(arg[2] or ""))
if not iters or not seed or not arg[3] then
  io.stderr:write("si-parts.lua: usage: recmem si-parts.lua ITERS SEED TASK[:VARIANT]...\n")
  os.exit(2)
end
local quick = os.getenv("RECMEM_QUICK")
local hidden = quick and 8 or 100
if quick then iters = 2 end
print(string.format("%-14s %6s %6s %8s %7s %6s  %s", "task", "iters", "SI", "entropy", "ridge",
                    "units", "peaks of active units (trial mean): stim/delay/resp"))
for i = 3, #arg do
  local task, variant = arg[i]:match("^([^:]+):?(.*)$")
  local net = recmem.net{model = "rnn", task = task, variant = variant ~= "" and variant or "none",
                         hidden = hidden, lambda = 0.98, sigma = 0, seed = seed}
  net:train{iters = iters}
  local tr = net:probe{trials = 300, seed = 987654321}
  local si, parts = tr:si()
  local mean = tr.h:mean(1)                 -- [T][units], trial average
  local T, N = mean:size(1), mean:size(2)
  local act = mean:mean(1)                  -- [units], mean over time
  local peak = mean:argmax(1)               -- [units], 1-based time of the peak
  local stim, delay, resp = 0, 0, 0
  for u = 1, N do
    if act[u] > 0.1 then
      local p = peak[u]
      if p <= 25 then stim = stim + 1 elseif p <= 125 then delay = delay + 1 else resp = resp + 1 end
    end
  end
  print(string.format("%-14s %6d %6.3f %8.3f %7.3f %6.1f  %d/%d/%d", arg[i], iters, si,
                      parts.entropy, parts.ridge, parts.units, stim, delay, resp))
end
