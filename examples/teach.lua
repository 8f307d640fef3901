-- teach.lua: the teaching demo (`recmem --demo` runs it inside the workbench; `recmem
-- examples/teach.lua [ITERS [SEED]]` runs it headless and prints the SIs).
--
-- One factor of Orhan & Ma (2019): the task. Two 100-unit ReLU networks with the same start
-- (W = 0.98 I, lambda0 0.98, sigma0 0) and the same seed learn two binary tasks:
--   COMP: a stimulus, a delay, then a second stimulus in the response period: was the
--         first larger? The network must carry the first through the delay and compare.
--   2AFC: one stimulus (at -15 or +15), a delay, then answer which of the two it was.
-- COMP, the task of higher temporal complexity, gives the more sequential solution (higher
-- SI): in docs/demo-contrast.md it did so in 10 of 10 seeds on two OpenBLAS kernels, at 250
-- and 500 iterations (mean SI difference +1.15 to +1.26). One pair is an example; that
-- measurement is the evidence.
--
-- The demo opens on the pair shipped in examples/demo/ (made by scripts/make-demo-nets.sh),
-- their sorted heatmaps side by side. Space on an empty prompt (or demo.next()) steps
-- through the captions; the last step trains a fresh pair live (demo.seed, default 1; set
-- it first, or call demo.live(SEED) at any time): the shipped pair moves up a row and the
-- live pair's heatmaps fill in below it, four at once (a terminal under the size the
-- status line names shows the live pair alone).
--
-- RECMEM_QUICK=1 keeps the live pair tiny (16 units, 20 iterations, batch 10): it shows the
-- mechanics, not the result. RECMEM_DEMO_NETS=DIR loads the shipped pair from DIR.

local quick = os.getenv("RECMEM_QUICK")
local here = debug.getinfo(1, "S").source:match("^@(.*)/[^/]*$") or "."
local nets_dir = os.getenv("RECMEM_DEMO_NETS") or (here .. "/demo")

demo = {
    iters = tonumber(arg and arg[1]) or (quick and 20 or 500),
    seed = tonumber(arg and arg[2]) or 1,
}
demo.comp = recmem.load(nets_dir .. "/comp.safetensors")
demo.afc = recmem.load(nets_dir .. "/2afc.safetensors")
-- fresh trials (seed 7 is not a training seed); the heatmaps average them
demo.comp_trace = demo.comp:probe{trials = 50, seed = 7}
demo.afc_trace = demo.afc:probe{trials = 50, seed = 7}
demo.si = {comp = demo.comp_trace:si(), afc = demo.afc_trace:si()}

local wb = recmem.workbench

-- The live pair: same settings as the shipped one, the seed the lecturer chooses; in the
-- workbench it trains below the shipped pair.
function demo.live(seed)
    seed = seed or demo.seed
    local function make(task)
        return recmem.net{model = "rnn", task = task, hidden = quick and 16 or 100,
                          lambda = 0.98, sigma = 0, seed = seed}
    end
    local batch = quick and 10 or nil   -- nil: the default (50)
    demo.live_comp, demo.live_afc = make("COMP"), make("2AFC")
    -- the heatmaps and SIs follow a probe of 20 trials every 25 iterations (20 frames of
    -- 500 iterations; about 5% more CPU), not the default single trial every 200
    local function train(net, task)
        return net:train{iters = demo.iters, batch = batch, async = true, probe_every = 25,
                         probe_trials = 20, name = string.format("%s live, seed %d", task, seed)}
    end
    demo.comp_run = train(demo.live_comp, "COMP")
    demo.afc_run = train(demo.live_afc, "2AFC")
    if wb then demo.beside() end
end

if not wb then
    -- headless: the shipped pair, then a fresh pair trained to the end
    print(string.format("shipped (seed 1, 500 iterations): SI COMP %.3f, 2AFC %.3f, gap %+.3f",
                        demo.si.comp, demo.si.afc, demo.si.comp - demo.si.afc))
    demo.live()
    demo.comp_run:wait()
    demo.afc_run:wait()
    local c = demo.live_comp:probe{trials = 50, seed = 7}:si()
    local a = demo.live_afc:probe{trials = 50, seed = 7}:si()
    print(string.format("live (seed %d, %d iterations): SI COMP %.3f, 2AFC %.3f, gap %+.3f",
                        demo.seed, demo.iters, c, a, c - a))
    return
end

local si_line = string.format("SI: COMP %.2f, 2AFC %.2f", demo.si.comp, demo.si.afc)
-- Each step: a caption (one line, short) and a few lines for the Lua pane.
local steps = {
    {"1/5 The tasks. COMP: stimulus, delay, 2nd stimulus: was the 1st larger? " ..
     "2AFC: one stimulus, delay, answer: which of two?",
     "Same start (100 ReLU units, W = 0.98·I), same seed; only the task differs.\n" ..
     "COMP must carry the first stimulus through the delay to compare; 2AFC can answer at the end."},
    {"2/5 Sorted heatmaps (units by time of peak): COMP (left) peaks one after another; " ..
     "2AFC (right) piles up late",
     "Trial-averaged activity of 50 fresh trials; each row a unit, scaled to its own peak.\n" ..
     "Look at where the peaks fall: across the trial (a cascade) or in the response period."},
    {"3/5 " .. si_line .. ". SI: how sequential (peaks spread over time + a sharp ridge " ..
     "over background)",
     "SI = entropy of the units' peak times + mean log ridge-to-background, per trial (SPEC §4).\n" ..
     "High: units take turns, a sequence. Low: peaks bunched, activity persistent or late."},
    {"4/5 Question: why would comparing two stimuli need a sequence, when answering " ..
     "about one does not?",
     "Ask the room before going on. (2AFC can settle its answer at once and hold it;\n" ..
     "COMP must keep the first stimulus itself until the second arrives.)"},
    {"5/5 Live pair below (seed %d). One pair is an example; the claim rests on 10 seeds × 2 kernels",
     "Top row: the shipped pair (" .. si_line .. "). Bottom row: a fresh pair training now,\n" ..
     "its iteration and SI in the titles, the gap on the caption line. Does COMP pull ahead?\n" ..
     "COMP's SI was higher in 10 of 10 seeds on two BLAS kernels (docs/demo-contrast.md);\n" ..
     "a single pair can still surprise. demo.shipped() shows the shipped pair alone again,\n" ..
     "demo.live(SEED) trains another pair below it."},
}
demo.step = 0

function demo.next()
    if demo.step >= #steps then
        wb.message("the guide is done: demo.live(SEED) trains another pair")
        return
    end
    demo.step = demo.step + 1
    local s = steps[demo.step]
    if demo.step == #steps then
        wb.caption(string.format(s[1], demo.seed))
        demo.live()
    else
        wb.caption(s[1])
    end
    print(s[2])
end

function demo.shipped()
    wb.pin_pair(false)
    wb.show_pair(demo.comp_trace, "COMP (shipped)", demo.afc_trace, "2AFC (shipped)",
                 demo.comp.task)   -- mark the stimulus, delay and response periods
end

-- The shipped pair in a row above the two heatmaps, which follow the runs (the live pair).
function demo.beside()
    demo.shipped()
    wb.pin_pair()
end

demo.shipped()
wb.caption("COMP (left) vs 2AFC (right), trained 500 iterations. " .. si_line ..
           ". Space: next step")
wb.guide(demo.next)
print("demo: COMP vs 2AFC, the pair shipped in " .. nets_dir .. ".")
print("      Space on an empty prompt steps through the guide (demo.next()).")
