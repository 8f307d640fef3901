-- quickstart.lua: train one network on change detection, then look at what it learned.
-- Run: recmem examples/quickstart.lua      (about a minute; RECMEM_QUICK=1 for seconds)
local quick = os.getenv("RECMEM_QUICK")

-- A LeInit ReLU network (SPEC section 2) with 50 units on CD1: one stimulus, a delay of
-- 100 steps, then a probe stimulus; the network answers "changed or not".
local net = recmem.net{model = "rnn", task = "CD1", lambda = 0.98, sigma = 0, hidden = quick and 8 or 50, seed = 1}
print(net)

-- Train: every iteration draws a fresh batch. verbose prints each log point.
local run = net:train{iters = quick and 20 or 1500, batch = quick and 5 or 20, log_every = quick and 10 or 250,
                      condition = "basic", verbose = true}
print(run)
print("loss over the first and last 50 iterations:",
      run.loss:sub(1, math.min(50, run.loss:numel())):mean(), run.loss:sub(math.max(1, run.loss:numel() - 49)):mean())

-- Probe: the network's activity on fresh trials, [trials][T][units].
local tr = net:probe{trials = quick and 5 or 50}
print(tr, tr.h)
local si, parts = tr:si()
print(string.format("information loss %.3f (0 is the ideal observer)", tr:infloss()))
print(string.format("sequentiality index %.3f = peak entropy %.3f + ridge-to-background %.3f",
                    si, parts.entropy, parts.ridge))

-- The paper's test: many fresh batches, SI over 300 trials.
local test = net:test{batches = quick and 2 or 20, batch = quick and 5 or 50}
print(string.format("test: information loss %.3f, SI %.3f over %d trials", test.infloss, test.si, test.trials))
