-- teach.lua: the teaching demo (`recmem --demo` runs it inside the workbench; `recmem
-- examples/teach.lua` runs it headless and prints the result).
--
-- Two recurrent networks learn the same short-term-memory task (DE1: hold an orientation
-- through a 100-step delay, then report it), from the same seed, with the same 100 units.
-- The only difference is how the recurrent weights start (Orhan & Ma 2019):
--   left:  W = 0.98 I          (lambda0 0.98, sigma0 0)     -> a sequence: units fire one
--                                                              after another (higher SI)
--   right: W = 0.9 I + 0.01 Z  (lambda0 0.9, sigma0 0.01)   -> persistent activity: a few
--                                                              units stay on (lower SI)
-- Units are sorted by the time of their peak: a sequence shows as a diagonal ridge, persistent
-- activity as horizontal bars through the delay. Three minutes on a 2-core laptop show it.
--
-- Arguments (headless): iterations per network (default 8000), seed (default 1).
-- RECMEM_QUICK=1 shrinks it to seconds (40 iterations, 16 units, batch 10): it shows the
-- mechanics, not the result.

local quick = os.getenv("RECMEM_QUICK")
local iters = tonumber(arg and arg[1]) or (quick and 40 or 8000)
local seed = tonumber(arg and arg[2]) or 1

local function make(lambda, sigma)
    return recmem.net{model = "rnn", task = "DE1", hidden = quick and 16 or 100, lambda = lambda,
                      sigma = sigma, seed = seed}
end

demo = {}
demo.seq = make(0.98, 0)
demo.per = make(0.9, 0.01)
local batch = quick and 10 or nil   -- nil: the default (50)
demo.seq_run = demo.seq:train{iters = iters, batch = batch, async = true, name = "λ0 0.98, σ 0"}
demo.per_run = demo.per:train{iters = iters, batch = batch, async = true, name = "λ0 0.9, σ 0.01"}

local wb = recmem.workbench
if wb then
    wb.compare(true)
    wb.caption("Only the start differs: W=0.98·I (left) → a sequence; W=0.9·I+0.01·noise (right) "
               .. "→ persistent")
    print("demo: two networks are training; watch the sorted heatmaps and their SIs.")
    print("      demo.seq, demo.per are the networks; demo.seq_run, demo.per_run their runs.")
    return
end

-- headless: wait for both, then measure SI on fresh trials
demo.seq_run:wait()
demo.per_run:wait()
local function report(label, net)
    local tr = net:probe{trials = quick and 5 or 50, seed = 7}
    local si = tr:si()
    print(string.format("%-16s SI %.3f", label, si))
    return si
end
local a = report("lambda0 0.98:", demo.seq)
local b = report("lambda0 0.9+σ:", demo.per)
print(string.format("SI difference (sequential - persistent): %+.3f", a - b))
