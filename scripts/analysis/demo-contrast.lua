-- demo-contrast.lua: measures a candidate contrast for the teaching demo across seeds.
-- For one contrast (two settings that differ in one factor) it trains the network of the
-- chosen arm(s) for each seed, tests it at each checkpoint on held-out trials and writes one
-- CSV row per network and checkpoint:
--   contrast,arm,seed,iters,infloss,si,kernel
-- kernel is $OPENBLAS_CORETYPE or "default". A run that fails (a loss that becomes NaN) is
-- recorded with infloss and si "nan" so the pair is counted as dropped, not silently lost.
--
-- Usage: recmem scripts/analysis/demo-contrast.lua CONTRAST OUT.csv [ARM] [SEEDS] [CHECKPOINTS]
--   CONTRAST     a name from the table below (or "list" to print them)
--   OUT.csv      appended to (the header is written when the file is new or empty)
--   ARM          one arm's name, or "both" (default)
--   SEEDS        "1-10" (default) or a comma list
--   CHECKPOINTS  iterations at which to test, ascending (default "500,1000,1500")
-- Environment: RECMEM_QUICK=1 shrinks everything to a seconds-long smoke run.
-- Example (one arm per process, so two processes cover a contrast):
--   OPENBLAS_NUM_THREADS=1 nice -n 19 recmem scripts/analysis/demo-contrast.lua \
--       de1-coupling docs/measurements/de1-coupling.default.seq.csv seq

local quick = os.getenv("RECMEM_QUICK")

-- Each contrast: a task setting per arm, "hi" the arm expected to have the higher SI.
-- Every arm is a 100-unit model-0 network (the demo's size) unless it says otherwise.
local contrasts = {
  ["de1-coupling"] = {
    about = "the current demo: DE1, (lambda0 0.98, sigma0 0) vs (0.9, 0.01)",
    hi = "seq", lo = "per",
    arms = { seq = {task = "DE1", lambda = 0.98, sigma = 0},
             per = {task = "DE1", lambda = 0.9, sigma = 0.01} },
  },
  ["task-comp-2afc"] = {
    about = "task: COMP vs 2AFC (both binary, same inputs) at (0.98, 0)",
    hi = "comp", lo = "2afc",
    arms = { comp = {task = "COMP", lambda = 0.98, sigma = 0},
             ["2afc"] = {task = "2AFC", lambda = 0.98, sigma = 0} },
  },
  ["delay-2afc"] = {
    about = "fixed vs variable delay on 2AFC at (0.98, 0)",
    hi = "fixed", lo = "vardelay",
    arms = { fixed = {task = "2AFC", lambda = 0.98, sigma = 0},
             vardelay = {task = "2AFC", variant = "vardelay", lambda = 0.98, sigma = 0} },
  },
  ["delay-comp"] = {
    about = "fixed vs variable delay on COMP at (0.98, 0)",
    hi = "fixed", lo = "vardelay",
    arms = { fixed = {task = "COMP", lambda = 0.98, sigma = 0},
             vardelay = {task = "COMP", variant = "vardelay", lambda = 0.98, sigma = 0} },
  },
  ["dynamic-2afc"] = {
    about = "dynamic vs no dynamic input on 2AFC at (0.98, 0)",
    hi = "dynamic", lo = "static",
    arms = { dynamic = {task = "2AFC", variant = "dynamic", lambda = 0.98, sigma = 0},
             static = {task = "2AFC", lambda = 0.98, sigma = 0} },
  },
  ["sigma-2afc"] = {
    about = "coupling on 2AFC: sigma0 0.015 vs 0.005 at lambda0 0.98 (0.15 vs 0.05 unscaled)",
    hi = "strong", lo = "weak",
    arms = { strong = {task = "2AFC", lambda = 0.98, sigma = 0.015},
             weak = {task = "2AFC", lambda = 0.98, sigma = 0.005} },
  },
}

-- bad arguments: one line on stderr, exit status 2
local function usage(msg)
  io.stderr:write("demo-contrast.lua: ", msg or ("usage: recmem demo-contrast.lua CONTRAST "
                  .. "OUT.csv [ARM|both] [SEEDS: 1-10 or 1,2,3] [CHECKPOINTS: 500,1000,1500]"),
                  "\n")
  os.exit(2)
end

local name, out = arg[1], arg[2]
if name == "list" then
  local names = {}
  for k in pairs(contrasts) do names[#names + 1] = k end
  table.sort(names)
  for _, k in ipairs(names) do
    local c = contrasts[k]
    print(string.format("%-16s %s (expected: %s > %s)", k, c.about, c.hi, c.lo))
  end
  return
end
local c = contrasts[name or ""]
if not c then usage(name and ("unknown contrast '" .. name .. "' (try: list)")) end
if not out then usage("missing OUT.csv") end

local armsel = arg[3] or "both"
local arms
if armsel == "both" then arms = {c.hi, c.lo}
elseif c.arms[armsel] then arms = {armsel}
else usage("contrast " .. name .. " has arms " .. c.hi .. " and " .. c.lo .. ", not '"
           .. armsel .. "'") end

local function parse_list(s, what)
  local t = {}
  local a, b = s:match("^(%d+)%-(%d+)$")
  if a then
    for i = tonumber(a), tonumber(b) do t[#t + 1] = i end
  else
    for v in s:gmatch("[^,]+") do
      local n = math.tointeger(tonumber(v))
      if not n or n < 1 then usage(what .. " must be positive integers, not '" .. v .. "'") end
      t[#t + 1] = n
    end
  end
  if #t == 0 then usage("no " .. what .. " in '" .. s .. "'") end
  return t
end
local seeds = parse_list(arg[4] or "1-10", "seeds")
local checks = parse_list(arg[5] or "500,1000,1500", "checkpoints")
for i = 2, #checks do
  if checks[i] <= checks[i - 1] then usage("checkpoints must ascend") end
end

local hidden, batches, si_trials = 100, 100, 300
if quick then hidden, batches, si_trials, checks = 8, 1, 5, {2, 4} end
-- held-out trials: one fixed test seed, distinct from every training seed used here
local test_seed = 987654321
local kernel = os.getenv("OPENBLAS_CORETYPE")
if not kernel or kernel == "" then kernel = "default" end

local f, err = io.open(out, "a+")
if not f then usage("cannot open " .. tostring(err)) end
if f:seek("end") == 0 then f:write("contrast,arm,seed,iters,infloss,si,kernel\n") end

local function num(x) return x ~= x and "nan" or string.format("%.6f", x) end

for _, seed in ipairs(seeds) do
  for _, arm in ipairs(arms) do
    local s = c.arms[arm]
    local net = recmem.net{model = "rnn", task = s.task, variant = s.variant or "none",
                           hidden = hidden, lambda = s.lambda, sigma = s.sigma, seed = seed}
    local done, failed = 0, nil
    for _, at in ipairs(checks) do
      local il, si = 0 / 0, 0 / 0
      if not failed then
        local ok, e = pcall(net.train, net, {iters = at - done})
        if ok then
          done = at
          local r = net:test{batches = batches, si_trials = si_trials, seed = test_seed}
          il, si = r.infloss, r.si
        else
          failed = tostring(e)
          io.stderr:write(string.format("%s %s seed %d: training failed: %s\n",
                                        name, arm, seed, failed))
        end
      end
      f:write(string.format("%s,%s,%d,%d,%s,%s,%s\n", name, arm, seed, at, num(il), num(si),
                            kernel))
      f:flush()
      io.stderr:write(string.format("%s %s seed %d iter %d: infloss %s si %s\n", name, arm,
                                    seed, at, num(il), num(si)))
    end
  end
end
f:close()
