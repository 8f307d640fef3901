-- figures.lua: figure files from a script. Trains a small network on DE1 (a couple of
-- minutes on one core), then saves its sorted activity heatmap and its training curves
-- side by side, and each alone in every format.
--   recmem examples/figures.lua [OUT.png|.pdf|.svg]     (default: figures.png)
-- (RECMEM_QUICK=1: 50 iterations, and without OUT a temporary file that is removed.)
-- The README's docs/figure-example.png is made by
--   recmem examples/figures.lua docs/figure-example.png
local quick = os.getenv("RECMEM_QUICK")
local tmp = quick and not arg[1] and os.tmpname()
local out = arg[1] or (tmp and tmp .. ".png") or "figures.png"

local net = recmem.net{task = "DE1", hidden = 50, lambda = 0.98, sigma = 0, seed = 1}
local run = net:train{iters = quick and 50 or 1500, log_every = quick and 25 or 250}
local tr = net:probe{trials = 1, seed = 1}
print(string.format("trained %d iterations: loss %.3f, SI of the probe %.2f", run.done,
                    run.last_loss, tr:si()))

local heat = tr:plot{title = "DE1, 50 units, λ0 0.98: one probe trial"}
local curves = run:plot{title = "training"}
local fig = recmem.plot.grid{heat, curves, ncols = 2, width = 864, height = 324}
fig:save(out)
print("wrote " .. out)
if tmp then os.remove(out); os.remove(tmp) end
