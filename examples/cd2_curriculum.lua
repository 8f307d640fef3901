-- cd2_curriculum.lua: a curriculum in Lua for CD2 (change detection at two locations),
-- aiming at the paper's keep criterion, test information loss < 0.5. It falls short
-- (below); what reaches it is starting from a DE2 network: `recmem train --init-from`,
-- the CD2 rows of the README's learning table (0.409).
--
-- Trained from the start on the fixed 100-step delay, CD2 stays at chance: the initial
-- network's state carries no readable trace of a change, and training silences it before
-- a comparison can form. Three stages get past that:
--   1. the variable-delay variant (delays 10-100): short delays make the comparison
--      learnable, and it carries over to the full delay;
--   2. the fixed delay, at the paper's learning rate;
--   3. the fixed delay at a lower learning rate, checked on held-out trials every CHECK
--      iterations, until the information loss is below 0.5 or MAX iterations are done.
-- The final number is measured on fresh test trials, not the ones used for checking.
--
-- Measured (200 units, one core, OPENBLAS_CORETYPE=SkylakeX): stages 1-2 take 20,000
-- iterations and 15 minutes and reach 0.587 on the check trials (stage 2 is exactly
-- `recmem train --task CD2 --hidden 200 --sigma 0.002 --vardelay-warmup 10000 --iters
-- 20000`); stage 3 gets to 0.568 at 26,000 and then levels off at 0.57-0.59 (33,000):
-- short of the criterion. The loop stops at MAX = 40,000 iterations (about 30 minutes).
--
-- Run:  recmem examples/cd2_curriculum.lua [OUT.safetensors]
-- (RECMEM_QUICK=1 runs a seconds-long version that shows the stages, not a trained
-- network.)
local quick = os.getenv("RECMEM_QUICK")
local out = arg and arg[1] -- where to save the network (after every check), if given
local S = quick and {hidden = 12, warm = 40, fixed = 40, check = 20, max = 120, batches = 4}
               or {hidden = 200, warm = 10000, fixed = 10000, check = 2000, max = 40000,
                   batches = 100}

local net = recmem.net{task = "CD2", variant = "vardelay", hidden = S.hidden,
                       lambda = 0.98, sigma = 0.002, seed = 1}
local fixed = recmem.task{name = "CD2", variant = "none"}
local t0 = os.time()
local function report(what)
  local r = net:test{batches = S.batches, task = fixed, seed = 99} -- held-out check trials
  print(string.format("%-28s iteration %6d  information loss %.4f  (%d s)", what, net.iter,
                      r.infloss, os.time() - t0))
  return r.infloss
end

net:train{iters = S.warm, log_every = 1000, verbose = not quick}
report("1. variable delays")
net:train{iters = S.fixed, task = fixed, log_every = 1000, verbose = not quick}
local il = report("2. fixed delay, lr 5e-4")
while il >= 0.5 and net.iter < S.max do
  net:train{iters = S.check, task = fixed, lr = 1e-4}
  if out then net:save(out) end
  il = report("3. fixed delay, lr 1e-4")
end
if out then net:save(out) end

-- the paper's evaluation on fresh trials (the test seed, not the check seed)
local r = net:test{batches = quick and 4 or 500, task = fixed}
print(string.format("CD2: test information loss %.4f over %d trials (%s the keep criterion), " ..
                    "SI %.3f; %d iterations, %d s%s", r.infloss, r.trials,
                    r.infloss < 0.5 and "meets" or "misses", r.si, net.iter, os.time() - t0,
                    out and "; saved " .. out or ""))
