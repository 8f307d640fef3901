-- train_probe.lua: net:train's probe options (the workbench's heatmap and run.si):
-- probe_every makes the first probe come that soon, probe_trials is accepted, bad values
-- are refused with a message naming them, and neither changes what the network learns
-- (the probe draws its own trials).
local T = dofile(arg[0]:match("(.-)[^/]*$") .. "check.lua")

-- a probe every 3 iterations: run.si is set long before the default's first, at 200
local net = recmem.net{task = "DE1", hidden = 64, seed = 5}
local run = net:train{iters = 100000, async = true, probe_every = 3, probe_trials = 4}
local seen
repeat
  local si = run.si   -- read before the iteration: a probe it shows came no later
  local it = run.iter
  if si == si then seen = it end
until seen or it >= 200
run:stop()
run:wait()
T.check(seen and seen < 200, "a probe before iteration 200 with probe_every = 3 (seen at " ..
        tostring(seen) .. ")")

local fresh = recmem.net{task = "DE1", hidden = 4, seed = 1}
T.raises(function() fresh:train{iters = 2, probe_every = 0} end, "probe_every = 0 is out of range")
T.raises(function() fresh:train{iters = 2, probe_trials = 0} end, "probe_trials = 0 is out of range")
T.raises(function() fresh:train{iters = 2, probe_every = 1.5} end, "probe_every must be an integer")

-- the same network and data whatever the probe
local function trained(opts)
  local n = recmem.net{task = "DE1", hidden = 8, seed = 3}
  opts.iters, opts.batch = 30, 5
  n:train(opts)
  return n:probe{trials = 5, seed = 9}:si(), n:probe{trials = 5, seed = 9}:infloss()
end
local si_a, il_a = trained{}
local si_b, il_b = trained{probe_every = 2, probe_trials = 7}
T.eq(si_b, si_a, "SI after training with and without frequent probes")
T.eq(il_b, il_a, "information loss after training with and without frequent probes")
T.done("train_probe")
