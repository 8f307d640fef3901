-- train.lua: training from Lua: blocking and asynchronous runs, determinism, a network
-- refusing changes while it trains, stop/pause, multitask, testing, history, and tasks
-- defined in Lua trained exactly like built-in ones. Tiny networks, few iterations.
local T = dofile(arg[0]:match("(.-)[^/]*$") .. "check.lua")

local function small(extra)
  local o = {model = "rnn", task = "DE1", hidden = 10, seed = 5}
  for k, v in pairs(extra or {}) do o[k] = v end
  return recmem.net(o)
end

-- blocking training returns a finished run with its history
local net = small()
local run = net:train{iters = 30, batch = 5, log_every = 10}
T.eq(run:status(), "done", "blocking run is done")
T.eq(run.loss:numel(), 30, "one loss per iteration")
T.eq(run.infloss:numel(), 3, "one information loss per log point")
T.eq(run.infloss_iter[3], 30, "log points at multiples of log_every")
T.eq(net.iter, 30, "net.iter counts iterations")
T.eq(run.done, 30, "run.done")
T.check(not net.saved, "a trained network is unsaved")
T.check(tostring(run):find("done, 30/30"), "run tostring: " .. tostring(run))
local run2 = net:train{iters = 20}
T.eq(run2.loss:numel(), 20, "a second run has its own slice of history")
T.eq(net.iter, 50, "training continues where it stopped")
T.eq(net:history().loss:numel(), 50, "history() covers all training")
T.raises(function() net:train{iters = 1, batch = 7} end, "batch size is fixed", "batch is fixed")

-- determinism: same config and seed, bit-identical losses; another seed differs
local a = small():train{iters = 15, batch = 5}
local b = small():train{iters = 15, batch = 5}
T.eq((a.loss - b.loss):max(), 0, "same seed, same losses")
T.eq((b.loss - a.loss):max(), 0, "same seed, same losses (other side)")
local c = small{seed = 6}:train{iters = 15, batch = 5}
T.check((a.loss - c.loss):max() > 0 or (c.loss - a.loss):max() > 0, "another seed, other losses")
-- async and blocking runs give the same result
local d = small():train{iters = 15, batch = 5, async = true}
d:wait()
T.eq((a.loss - d.loss):max(), 0, "async = blocking")

-- training learns: the loss falls on CD1 over a few hundred iterations
do
  local n = recmem.net{task = "CD1", hidden = 20, seed = 1}
  local r = n:train{iters = 300, batch = 10, log_every = 100}
  local first, last = r.loss:sub(1, 30):mean(), r.loss:sub(271, 300):mean()
  T.check(last < first, string.format("loss falls (%.4f -> %.4f)", first, last))
end

-- asynchronous runs: the network refuses changes until the run ends
local an = small()
local ar = an:train{iters = 100000, batch = 5, async = true}
T.eq(ar:status(), "running", "async run is running")
T.check(an.busy, "net.busy while training")
T.raises(function() an:probe{trials = 1} end, "the network is being trained", "probe while training")
T.raises(function() an:train{iters = 1} end, "the network is being trained", "train while training")
T.raises(function() an:set_param("b_out", recmem.tensor{0}) end, "being trained", "set_param while training")
T.raises(function() an:loss(recmem.task("DE1"):sample{batch = 2}) end, "being trained", "loss while training")
T.raises(function() return an.iter end, "being trained", "iter while training")
T.check(tostring(an):find("training"), "tostring while training")
ar:pause()
T.eq(ar:status(), "paused", "pause")
ar:resume()
T.eq(ar:status(), "running", "resume")
local t0 = os.clock()
while ar.iter < ar.start + 5 and os.clock() - t0 < 20 do end
T.eq(ar:stop(), "stopped", "stop")
T.check(not an.busy, "idle after stop")
local done = an.iter
T.check(done >= 5 and done < 100000, "stopped part way: " .. done)
T.eq(ar.loss:numel(), done, "the stopped run's history")
T.eq(an:probe{trials = 1}.trials, 1, "the network is usable after stop")
T.eq(an:train{iters = 3}.done, 3, "and trains again")

-- multitask: same network, another task with the same inputs and outputs
do
  local mt = recmem.net{condition = "multitask", task = "CD1", hidden = 8}
  mt:train{iters = 10, batch = 5}
  local r2 = mt:train{iters = 10, task = "2AFC"}
  T.eq(mt.task.name, "2AFC", "the network now does 2AFC")
  T.eq(mt.iter, 20, "training continued")
  T.eq(r2.loss:numel(), 10, "second phase history")
  T.eq(mt:probe{trials = 1, task = "CD1"}.trials, 1, "probe on the first task still works")
  local res = mt:test{batches = 2, batch = 5, task = "CD1"}
  T.check(res.infloss == res.infloss, "test on the first task")
end

-- test: the paper's evaluation
local res = net:test{batches = 3, batch = 5}
T.eq(res.trials, 15, "test trials")
T.check(res.infloss == res.infloss and res.loss >= 0, "test infloss and loss")
T.check(type(res.si) == "number", "test SI")

-- every condition trains (tethered, vardelay and dynamic included)
for name, cond in pairs(recmem.conditions) do
  local model_ok = true
  if cond.model_required then
    model_ok = false
    for _, m in ipairs(recmem.models()) do model_ok = model_ok or m == cond.model end
  end
  if model_ok then
    local task = cond.pairs and cond.pairs[1][1] or "CD1"
    local n = recmem.net{condition = name, task = task, hidden = 6}
    local r = n:train{iters = 3, batch = 4}
    T.eq(r:status(), "done", "condition " .. name .. " trains")
    if cond.pairs then
      n:train{iters = 2, task = cond.pairs[1][2]}
      T.eq(n.task.name, cond.pairs[1][2], "multitask second task")
    end
  end
end
-- a condition can be a table too
T.eq(small():train{iters = 2, batch = 4, condition = {kappa_a = 0.5, read_back = 7}}:status(),
     "done", "condition given as a table")

-- a task defined in Lua: sample, train (blocking), probe, test
local ramp = recmem.task.define{
  name = "ramp", inputs = 3, outputs = 1, steps = {stim = 5, delay = 10, resp = 5}, loss = "l1",
  sample = function(batch, rng)
    for i = 1, batch.B do
      local level = rng:uniform(0, 1)
      for t = 1, batch.stim do batch.x[i][t][1] = level end
      for t = batch.T - batch.resp + 1, batch.T do batch.target[i][t][1] = level end
      batch.s[i][1] = level
      batch.opt[i][1] = level
    end
  end,
}
T.eq(ramp.T, 20, "Lua task length")
T.check(ramp.lua, "task.lua")
local rb = ramp:sample{batch = 4, seed = 1}
T.eq(table.concat(rb.x:shape(), "x"), "4x20x3", "Lua task batch shape")
T.check(rb.x[2][3][1] > 0 and rb.x[2][3][2] == 0, "sample wrote channel 1 only")
T.eq(rb.x[2][1][1], rb.target[2][20][1], "target is the stimulus level")
T.eq((ramp:sample{batch = 4, seed = 1}.x - rb.x):max(), 0, "Lua tasks are deterministic too")
T.eq(recmem.task("ramp").name, "ramp", "defined tasks are found by name")
local rn = recmem.net{task = "ramp", hidden = 12, seed = 2}
T.eq(rn.inputs, 3, "network sized for the Lua task")
local rr = rn:train{iters = 200, batch = 8, log_every = 50}
T.eq(rr:status(), "done", "train on a Lua task")
T.check(rr.loss:sub(181, 200):mean() < rr.loss:sub(1, 20):mean(), "it learns the Lua task")
T.raises(function() rn:train{iters = 5, async = true} end, "defined in Lua", "no async on Lua tasks")
T.eq(rn:probe{trials = 3}.trials, 3, "probe a Lua task")
T.check(rn:test{batches = 2, batch = 4}.loss >= 0, "test on a Lua task")

-- errors in a Lua task name the task and leave the network intact
local bad = recmem.task.define{
  name = "bad", inputs = 2, outputs = 1, steps = {stim = 5, delay = 5, resp = 5},
  sample = function(batch, rng) error("no stimulus today") end,
}
local bn = recmem.net{task = "bad", hidden = 4}
T.raises(function() bn:train{iters = 2} end, "task bad: sample:", "sample error is reported")
T.raises(function() bn:train{iters = 2} end, "no stimulus today", "with the Lua message")
T.eq(bn.iter, 0, "no iteration counted")
local kept
local leaky = recmem.task.define{
  name = "leaky", inputs = 2, outputs = 1, steps = {stim = 5, delay = 5, resp = 5},
  sample = function(batch, rng) kept = rng; batch.x = recmem.tensor(1) end,
}
T.raises(function() leaky:sample{batch = 2} end, "batch.x has the wrong shape", "shape check")
T.raises(function() kept:uniform() end, "only valid during the sample() call", "rng expires")
T.raises(function() recmem.task.define{name = "DE1", inputs = 1, outputs = 1,
                                        steps = {resp = 10}, sample = print} end,
         "built-in task", "cannot shadow a built-in task")
T.raises(function() recmem.task.define{name = "x", inputs = 1, outputs = 1, steps = {resp = 10},
                                        sample = print, loss = "mse"} end,
         "loss must be", "bad loss name")
T.raises(function() recmem.task.define{name = "x", inputs = 1, outputs = 1, steps = {resp = 10}} end,
         "sample must be a function", "sample missing")
T.raises(function() recmem.task.define{name = "x", inputs = 0, outputs = 1, steps = {resp = 10},
                                        sample = print} end,
         "inputs = 0 is out of range 1..100000", "zero inputs")
T.raises(function() recmem.task{name = "ramp", variant = "vardelay"} end,
         "variants apply to the built-in tasks only", "no variants for Lua tasks")

-- a Lua task with Poisson rates and an observer
local pois = recmem.task.define{
  name = "pois", inputs = 4, outputs = 1, steps = {stim = 5, delay = 5, resp = 5}, loss = "bce",
  poisson = true,
  sample = function(batch, rng)
    for i = 1, batch.B do
      local c = rng:bernoulli(0.5)
      for t = 1, batch.stim do batch.x[i][t][c + 1] = 3 end
      for t = 1, batch.T do batch.target[i][t][1] = c end
      batch.s[i][1] = c
    end
  end,
  observe = function(batch)
    for i = 1, batch.B do
      local a, b = batch.x[i]:sum(1)[1], batch.x[i]:sum(1)[2]
      batch.opt[i][1] = 1 / (1 + math.exp(a - b))
    end
  end,
}
local pb = pois:sample{batch = 6, seed = 3}
T.check(math.floor(pb.x:sum()) == pb.x:sum(), "Poisson counts are integers")
T.check(pb.opt[1][1] >= 0 and pb.opt[1][1] <= 1, "observer wrote opt")
local pn = recmem.net{task = "pois", hidden = 6}
T.eq(pn.task.output, "sigmoid", "bce tasks get a sigmoid output")
pn:train{iters = 5, batch = 6}
T.check(pn:probe{trials = 6}:infloss() == pn:probe{trials = 6}:infloss(), "infloss with an observer")

-- show without a workbench prints a summary
recmem.show(rr)

T.done("train")
