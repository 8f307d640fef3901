-- explore.lua: look inside a trained network. Probe it, average the activity over trials,
-- sort the units by the time of their peak, and draw the sorted activity as text: a
-- diagonal ridge is a sequence, horizontal bands are persistent activity.
-- Run: recmem examples/explore.lua      (about a minute; RECMEM_QUICK=1 for seconds)
local quick = os.getenv("RECMEM_QUICK")

local net = recmem.net{task = "DE1", hidden = quick and 8 or 40, lambda = 0.9, sigma = 0.01, seed = 2}
net:train{iters = quick and 20 or 1200, batch = quick and 5 or 20, verbose = not quick}

local tr = net:probe{trials = quick and 5 or 50}
local mean = tr.h:mean(1)            -- [T][units], averaged over trials
local peak = mean:argmax(1)          -- [units]: the step at which each unit peaks
local top = mean:max(1)              -- [units]: its peak activity

-- units that fire at all, sorted by peak time
local units = {}
for u = 1, tr.N do
  if top[u] > 1e-3 then units[#units + 1] = u end
end
table.sort(units, function(a, b) return peak[a] < peak[b] end)
print(string.format("%d of %d units are active; peak steps:", #units, tr.N))
local steps = {}
for i, u in ipairs(units) do steps[i] = string.format("%d", peak[u]) end
print(table.concat(steps, " "))

-- a text heatmap: one row per unit (sorted), one column per 3 steps, darker = stronger
local shades = {" ", ".", ":", "-", "=", "+", "*", "#", "%", "@"}
local task = net.task
print(string.format("stimulus steps 1-%d, delay to %d, response to %d", task.stim,
                    task.stim + task.delay, task.T))
for _, u in ipairs(units) do
  local row = {}
  for t = 1, tr.T, 3 do
    local v = mean[t][u] / top[u]
    row[#row + 1] = shades[math.min(#shades, 1 + math.floor(v * (#shades - 1) + 0.5))]
  end
  print(string.format("%4d |%s|", u, table.concat(row)))
end

local si, parts = tr:si()
print(string.format("SI %.3f (peak entropy %.3f, ridge-to-background %.3f); information loss %.3f",
                    si, parts.entropy, parts.ridge, tr:infloss()))
