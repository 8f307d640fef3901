-- multitask.lua: the paper's multitask condition. Train a network on CD1, test it, keep
-- training the same network on 2AFC, and test it on both tasks: does it forget CD1, and
-- does its activity become more or less sequential?
-- Run: recmem examples/multitask.lua      (a few minutes; RECMEM_QUICK=1 for seconds)
local quick = os.getenv("RECMEM_QUICK")
local iters, batch = quick and 10 or 1500, quick and 5 or 20
local test = {batches = quick and 2 or 10, batch = quick and 5 or 30}

local pair = recmem.conditions.multitask.pairs[1]            -- {"CD1", "2AFC"}
local net = recmem.net{condition = "multitask", task = pair[1], hidden = quick and 8 or 50, seed = 3}

net:train{iters = iters, batch = batch}
local a1 = net:test(test)
print(string.format("after %s:  %s infloss %.3f, SI %.3f", pair[1], pair[1], a1.infloss, a1.si))

net:train{iters = iters, task = pair[2]}
test.task = pair[2]
local b2 = net:test(test)
test.task = pair[1]
local a2 = net:test(test)
print(string.format("after %s: %s infloss %.3f, SI %.3f; %s infloss now %.3f", pair[2], pair[2],
                    b2.infloss, b2.si, pair[1], a2.infloss))
