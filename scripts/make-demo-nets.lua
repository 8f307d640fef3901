-- make-demo-nets.lua: trains the two networks `recmem --demo` opens on and saves them as
-- examples/demo/comp.safetensors and examples/demo/2afc.safetensors. Run it through
-- scripts/make-demo-nets.sh (one BLAS thread), or as
--   OPENBLAS_NUM_THREADS=1 recmem scripts/make-demo-nets.lua [OUTDIR]
--
-- The contrast is docs/demo-contrast.md's (b): COMP vs 2AFC, model rnn, 100 units,
-- lambda0 0.98, sigma0 0, seed 1, 500 iterations, default training settings. Training is
-- deterministic for a given binary and OpenBLAS kernel, so this command remakes the same
-- bytes on the same kernel; another kernel (OPENBLAS_CORETYPE) gives other digits. The
-- ordering (COMP more sequential than 2AFC) held in 10 of 10 seeds on two kernels (Zen and
-- Sandybridge) at 250 and 500 iterations: that, not these two files, is the evidence.

local out = arg and arg[1] or "examples/demo"
local test_seed = 987654321   -- the held-out trials of docs/demo-contrast.md

for _, task in ipairs{"COMP", "2AFC"} do
    local net = recmem.net{model = "rnn", task = task, hidden = 100, lambda = 0.98, sigma = 0,
                           seed = 1}
    net:train{iters = 500}
    local r = net:test{batches = 100, si_trials = 300, seed = test_seed}
    local path = string.format("%s/%s.safetensors", out, task:lower())
    net:save(path, {name = task .. " λ0 0.98 σ0 0, seed 1, 500 iterations"})
    print(string.format("%-5s test information loss %.6f  SI %.6f  -> %s", task, r.infloss,
                        r.si, path))
end
