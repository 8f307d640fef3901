-- custom_task.lua: define a new task in Lua and train a network on it exactly like on a
-- built-in one. The task: a pulse on one of 4 channels during the stimulus period; after
-- the delay the network must report which channel (the channel index / 4) on its output.
-- Run: recmem examples/custom_task.lua      (a minute; RECMEM_QUICK=1 for seconds)
local quick = os.getenv("RECMEM_QUICK")

local which = recmem.task.define{
  name = "which", inputs = 4, outputs = 1,
  steps = {stim = 5, delay = 20, resp = 5},
  loss = "l1",                         -- "l1", "bce" (binary answers) or "circular"
  poisson = true,                      -- sample() writes rates; recmem draws the counts
  -- batch.x [B][T][inputs], batch.target [B][T][outputs], batch.s and batch.opt [B][outputs]
  sample = function(batch, rng)
    for i = 1, batch.B do
      local k = rng:int(4)
      for t = 1, batch.stim do batch.x[i][t][k] = 0.8 end       -- a Poisson rate
      for t = 1, batch.T do batch.target[i][t][1] = k / 4 end
      batch.s[i][1] = k / 4
    end
  end,
}
print(which)

local b = which:sample{batch = 3, seed = 1}
print("one batch:", b.x, "spikes per trial:", b.x:sum(3):sum(2))

local net = recmem.net{task = "which", hidden = quick and 8 or 30, seed = 1}
local run = net:train{iters = quick and 20 or 2000, batch = quick and 5 or 20, log_every = quick and 10 or 500,
                      verbose = true}
local tr = net:probe{trials = quick and 4 or 8}
print("answers at the end of the trial vs targets:")
for i = 1, tr.trials do
  print(string.format("  trial %d: said %.2f, target %.2f", i, tr.y[i][tr.T][1], tr.target[i][tr.T][1]))
end
print(string.format("training loss at the end: %.3f", run.loss[run.loss:numel()]))
