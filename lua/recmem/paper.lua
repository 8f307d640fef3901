-- paper.lua: the machinery shared by the scripts in examples/paper/ (require "recmem.paper").
--
-- Each script names a factor of Orhan & Ma (2019) and its arms (two or more settings that
-- differ only in that factor); this module does the rest, once:
--   * parses the script's command line (--scale quick|reduced|paper, --dir, -j, --slurm ...);
--   * writes one sweep description per arm and task (the scale's units, iterations, grid and
--     seeds, the same for every arm) and trains it through `recmem sweep` (local pool or
--     SLURM) in a network store shared by the scripts (--networks; default paper-networks
--     beside DIR), named by what it trains, so networks two scripts share are trained once;
--   * pairs the arms' networks by grid point and seed, applies the paper's keep criterion
--     (test information loss < 0.5 on both members; the others are counted and dropped) and
--     summarises each comparison with recmem.stats (mean SI difference, 95% t interval,
--     sign-flip permutation p);
--   * writes NAME-networks.csv and NAME-summary.csv, and figures (.pdf, .svg, .png) of the
--     paired differences, sorted activity of one example network per arm and their training
--     curves (and, for a grid, the SI heatmap), then prints the summary table;
--   * draws each figure in the terminal as it is saved when stdout is a terminal (--show /
--     --no-show to choose; never into a pipe or a log unless asked).
--
--   local paper = require "recmem.paper"
--   paper.compare{name = "hebbian", claim = "...", tasks = {reduced = {"2AFC"}},
--                 arms = {{id = "hebbian", base = {condition = "hebbian"}},
--                         {id = "basic", base = {condition = "basic"}}}}
-- Runs inside `recmem SCRIPT` (it needs the recmem module for loading checkpoints and plots).
local stats = require "recmem.stats"

local paper = {}

-- The scales. quick: tiny networks for tests (seconds). reduced: sized to finish on a
-- 2-core machine in about an hour per script. paper: the paper's networks (a cluster).
-- lambda/sigma are the grid the factor scripts pair over; grid_* the coupling grid.
paper.scales = {
  quick = {hidden = 8, iters = 20, batch = 10, test_batches = 1, si_trials = 10,
           log_every = 10, seeds = "1-2", lambda = {0.98}, sigma = {0},
           grid_lambda = {0.8, 0.98}, grid_sigma = {0, 0.018}, grid_seeds = "1-2"},
  -- reduced: at 100 units and 1,500 iterations 2AFC networks with sigma0 0 learn only at
  -- lambda0 0.98 (none of 8 at 0.80-0.92 in coupling's full grid), and the grid's learning
  -- corner is lambda0 {0.92, 0.98} x sigma0 {0.009, 0.018}; six seeds, so that an exact
  -- sign-flip p can fall below 0.05 (2/64) in one task.
  reduced = {hidden = 100, iters = 1500, test_batches = 6, si_trials = 300, log_every = 250,
             seeds = "1-6", lambda = {0.98}, sigma = {0},
             grid_lambda = {0.92, 0.98}, grid_sigma = {0.009, 0.018}, grid_seeds = "1-6"},
  paper = {hidden = 500, iters = 25001, test_batches = 2501, si_trials = 300, log_every = 500,
           seeds = "1", lambda = "0.80:0.98:10", sigma = "0:0.018:10",
           grid_lambda = "0.80:0.98:10", grid_sigma = "0:0.018:10", grid_seeds = "1"},
}

-- Whether save_all draws figures in the terminal too (paper.options sets it).
local draw_figures = false

local function fail(msg)
  io.stderr:write((arg and arg[0] or "paper") .. ": " .. msg .. "\n")
  os.exit(2)
end
paper.fail = fail

local function isnan(x) return x ~= x end

-- Single-quotes a word for /bin/sh.
local function shq(s) return "'" .. tostring(s):gsub("'", "'\\''") .. "'" end

-- The recmem program running this script (argv[0]); a bare name is looked up on PATH.
local function program()
  local i, p = -1, nil
  while arg and arg[i] do p = arg[i]; i = i - 1 end
  return p or "recmem"
end

local usage = "usage: recmem SCRIPT [--scale quick|reduced|paper] [--dir DIR] [--networks DIR] [-j N] " ..
  "[--seeds SPEC] [--hidden N] [--iters N] [--tasks A,B] [--lambda X,Y] [--sigma X,Y] [--slurm [--partition P] [--time T] [--mem M] " ..
  "[--sbatch-arg ARG]... [--max-running K] [--dry-run]] [--show|--no-show]"

-- The command line: returns {scale=, dir=, jobs=, slurm=, sweep_args={...}, overrides}.
function paper.options(name, args)
  local o = {scale = os.getenv("RECMEM_QUICK") and "quick" or "reduced",
             dir = "paper-" .. name, sweep_args = {},
             show = recmem.plot.terminal() ~= nil}
  local i = 1
  local function value(flag)
    local v = args[i + 1]
    if v == nil then fail(flag .. " needs a value") end
    i = i + 1
    return v
  end
  while i <= #args do
    local a = args[i]
    if a == "--scale" then o.scale = value(a)
    elseif a == "--dir" or a == "-d" then o.dir = value(a)
    elseif a == "--networks" then o.networks = value(a)
    elseif a == "-j" then
      o.jobs = math.tointeger(tonumber(value(a)))
      if not o.jobs or o.jobs < 1 then fail("-j needs a whole number >= 1") end
    elseif a == "--seeds" then o.seeds = value(a)
    elseif a == "--tasks" then
      o.tasks = {}
      for t in value(a):gmatch("[^,]+") do o.tasks[#o.tasks + 1] = t end
    elseif a == "--lambda" or a == "--sigma" then
      o[a:sub(3)] = {}
      for x in value(a):gmatch("[^,]+") do
        table.insert(o[a:sub(3)], tonumber(x) or fail(a .. " needs numbers: " .. x))
      end
    elseif a == "--hidden" or a == "--iters" then
      local n = math.tointeger(tonumber(value(a)))
      if not n or n < 1 then fail(a .. " needs a whole number >= 1") end
      o[a:sub(3)] = n
    elseif a == "--slurm" then o.slurm = true; table.insert(o.sweep_args, a)
    elseif a == "--dry-run" then o.dry_run = true; table.insert(o.sweep_args, a)
    elseif a == "--partition" or a == "--time" or a == "--mem" or a == "--sbatch-arg"
        or a == "--max-running" then
      table.insert(o.sweep_args, a); table.insert(o.sweep_args, value(a))
    elseif a == "--show" then o.show = true
    elseif a == "--no-show" then o.show = false
    elseif a == "-h" or a == "--help" then print(usage); os.exit(0)
    else fail("unknown argument '" .. a .. "'\n" .. usage) end
    i = i + 1
  end
  if not paper.scales[o.scale] then
    fail("unknown scale '" .. o.scale .. "' (quick, reduced or paper)")
  end
  if #o.sweep_args > 0 and not o.slurm then fail("SLURM options and --dry-run need --slurm") end
  draw_figures = o.show
  return o
end

-- The scale's settings with the command line's overrides; .label says what was changed.
local function settings(o)
  local s = {}
  for k, v in pairs(paper.scales[o.scale]) do s[k] = v end
  local changed = {}
  for _, k in ipairs{"hidden", "iters", "seeds", "lambda", "sigma", "tasks"} do
    if o[k] then
      s[k] = o[k]
      if k == "seeds" or k == "lambda" or k == "sigma" then s["grid_" .. k] = o[k] end
      local v = type(o[k]) == "table" and table.concat(o[k], ",") or o[k]
      changed[#changed + 1] = k .. " " .. v
    end
  end
  s.label = o.scale .. (#changed > 0 and " (" .. table.concat(changed, ", ") .. ")" or "")
  return s
end

-- A list (or spec string) for people: {0.9, 0.98} -> "0.9, 0.98".
local function show(v)
  if type(v) ~= "table" then return tostring(v) end
  local t = {}
  for i, x in ipairs(v) do t[i] = type(x) == "number" and string.format("%.4g", x) or tostring(x) end
  return table.concat(t, ", ")
end

-- Writes a value as Lua source (descriptions are read by `recmem sweep` in a plain state).
local function lua_value(v)
  if type(v) == "table" then
    local parts = {}
    for _, x in ipairs(v) do parts[#parts + 1] = lua_value(x) end
    local keys = {}
    for k in pairs(v) do if type(k) == "string" then keys[#keys + 1] = k end end
    table.sort(keys)  -- the same table always reads the same (compared on a rerun)
    for _, k in ipairs(keys) do parts[#parts + 1] = k .. " = " .. lua_value(v[k]) end
    return "{" .. table.concat(parts, ", ") .. "}"
  elseif type(v) == "string" then return string.format("%q", v)
  elseif math.type(v) == "integer" then return tostring(v)
  else return string.format("%.17g", v) end
end

local function mkdir(path)
  if not os.execute("mkdir -p " .. shq(path)) then fail("cannot create directory " .. path) end
end

local function absolute(path)
  if path:sub(1, 1) == "/" then return path end
  local p = io.popen("pwd")
  local cwd = p:read("l")
  p:close()
  return cwd .. "/" .. path
end

-- The kernel line of `recmem --version` (results depend on the BLAS kernel).
function paper.kernel()
  local p = io.popen(shq(program()) .. " --version 2>/dev/null")
  local k
  if p then
    for line in p:lines() do k = k or line:match("kernel ([^;(]+)") end
    p:close()
  end
  return k and k:gsub("%s+$", "") or "unknown"
end

-- Writes text to file, or, if file exists, checks that it holds the same text: another scale
-- or override in the same directory would mix two experiments.
local function write_once(file, text, dir)
  local old = io.open(file, "r")
  if old then
    local was = old:read("a")
    old:close()
    if was ~= text then
      fail(dir .. " holds a sweep of other settings (" .. file .. "); use another --dir")
    end
  else
    local f = assert(io.open(file, "w"))
    f:write(text)
    f:close()
  end
end

-- Trains (or resumes, or only collects) one sweep; returns its rows.
-- With --slurm the points are submitted and nil is returned until they are all done.
local function run_sweep(o, desc, file)
  local text = "-- written by recmem.paper; `recmem sweep " .. file .. "` trains or resumes it\n" ..
               "return " .. lua_value(desc) .. "\n"
  write_once(file, text, desc.dir)
  local function rows()
    local ok, s = pcall(recmem.sweep.load, desc.dir)
    if not ok then return nil end
    local r = s:results()
    for _, x in ipairs(r) do if x.status ~= "done" then return nil, r end end
    return r
  end
  local done = rows()
  if done then return done end
  local cmd = shq(program()) .. " sweep " .. shq(file)
  if o.jobs then cmd = cmd .. " -j " .. o.jobs end
  for _, a in ipairs(o.sweep_args) do cmd = cmd .. " " .. shq(a) end
  io.stderr:write("+ " .. cmd .. "\n")
  local ok, how, code = os.execute(cmd)
  if how == "signal" or code == 130 then fail("interrupted; the same command resumes") end
  if o.slurm then
    if not ok then fail("recmem sweep --slurm failed for " .. desc.dir .. " (see above)") end
    return nil
  end
  local r, partial = rows()
  if not r then
    -- failed points (a NaN loss, say) are reported and left out, not fatal
    r = partial or fail("sweep in " .. desc.dir .. " has no results")
    io.stderr:write("note: some points of " .. desc.dir .. " failed (see its logs/)\n")
  end
  return r
end

-- Left out of a network's description when they have their default value, so that an arm
-- {condition = "basic"} and an arm {} name the same networks.
local defaults = {condition = "basic", rho = 0, variant = "none", model = "rnn"}

-- FNV-1a (32 bits) of a text: a short, stable name for a description.
local function fnv1a(text)
  local h = 2166136261
  for i = 1, #text do h = ((h ~ text:byte(i)) * 16777619) & 0xffffffff end
  return string.format("%08x", h)
end

-- Trains (or resumes, or only collects) the networks base x axes in the network store netdir,
-- as a sweep named by what it trains: every script that needs the same networks finds them
-- there. Returns its rows (with .checkpoint), or nil while SLURM jobs run.
local function network_sweep(o, netdir, base, axes)
  local b, a = {}, {}
  for k, v in pairs(base) do if defaults[k] ~= v then b[k] = v end end
  for k, v in pairs(axes) do if b[k] == nil then a[k] = v end end
  local words = {b.task}
  if b.task2 then words[#words + 1] = b.task2 end
  words[#words + 1] = b.condition or "basic"
  if b.rho then words[#words + 1] = "rho" .. tostring(b.rho) end
  local slug = table.concat(words, "-")
  local id = slug:gsub("[^%w%-%.]", "") .. "-" .. fnv1a(lua_value({base = b, axes = a}))
  local desc = {name = "paper-" .. id, dir = netdir .. "/" .. id, base = b, axes = a}
  local rows = run_sweep(o, desc, netdir .. "/" .. id .. ".lua")
  for _, r in ipairs(rows or {}) do
    r.checkpoint = string.format("%s/points/%04d.safetensors", desc.dir, r.point)
  end
  return rows
end

-- The tables and figures in DIR belong to one set of settings: a run with other settings is
-- refused rather than overwriting them (the networks themselves are kept apart anyway).
local function claim_dir(dir, name, settings_)
  write_once(dir .. "/" .. name .. "-settings.lua", "return " .. lua_value(settings_) .. "\n", dir)
end

local function waiting_message(o)
  print(o.dry_run and "dry run: the SLURM job scripts are in the network store's */slurm/; nothing submitted"
        or "submitted to SLURM; run the same command again when the jobs are done to collect")
  return nil
end

local function csv_field(v)
  if v == nil then return "" end
  if type(v) == "boolean" then return v and "1" or "0" end
  if math.type(v) == "float" then
    if isnan(v) then return "nan" end
    return string.format("%.6g", v)
  end
  return tostring(v):gsub(",", ";")
end

local function write_csv(path, columns, rows)
  local f = assert(io.open(path .. ".tmp", "w"))
  f:write(table.concat(columns, ","), "\n")
  for _, r in ipairs(rows) do
    local t = {}
    for i, c in ipairs(columns) do t[i] = csv_field(r[c]) end
    f:write(table.concat(t, ","), "\n")
  end
  f:close()
  assert(os.rename(path .. ".tmp", path))
end

-- Saves fig as stem.pdf, .svg and .png and, with --show (the default on a terminal), draws
-- it in the terminal under its file name; quiet = true saves only (a figure whose panels
-- were drawn already).
local function save_all(fig, stem, quiet)
  for _, ext in ipairs{".pdf", ".svg", ".png"} do fig:save(stem .. ext) end
  if draw_figures and not quiet then
    io.write("\n", stem, ".{pdf,svg,png}:\n")
    fig:print()
  end
  return stem
end

local network_columns = {"factor", "arm", "task", "task2", "condition", "lambda", "sigma",
  "rho", "hidden", "iters", "seed", "status", "test_infloss", "keep", "si", "seconds",
  "checkpoint"}
local summary_columns = {"factor", "comparison", "a", "b", "task", "scale", "hidden", "iters",
  "kernel", "pairs", "n", "dropped", "mean_a", "mean_b", "mean_diff", "ci_lo", "ci_hi", "p",
  "p_method", "p_t", "pos", "neg"}

-- One CSV row per network of an arm.
local function network_rows(factor, arm, rows)
  local out = {}
  for _, r in ipairs(rows) do
    local c = r.config or {}
    out[#out + 1] = {factor = factor, arm = arm.id, task = c.task, task2 = c.task2,
      condition = c.condition, lambda = c.lambda, sigma = c.sigma, rho = c.rho,
      hidden = c.hidden, iters = c.iters, seed = c.seed, status = r.status,
      test_infloss = r.test_infloss or 0 / 0, keep = r.keep, si = r.si or 0 / 0,
      seconds = r.seconds, checkpoint = r.checkpoint, point = r.point}
  end
  return out
end

-- Pairs rows of a and b by key(row); returns arrays si_a, si_b, il_a, il_b and the keys.
local function pair(a, b, key)
  local index = {}
  for _, r in ipairs(b) do index[key(r)] = r end
  local sa, sb, ia, ib, keys = {}, {}, {}, {}, {}
  for _, r in ipairs(a) do
    local q = index[key(r)]
    if q then
      sa[#sa + 1], sb[#sb + 1] = r.si, q.si
      ia[#ia + 1], ib[#ib + 1] = r.test_infloss, q.test_infloss
      keys[#keys + 1] = {a = r, b = q}
    end
  end
  return sa, sb, ia, ib, keys
end
paper.pair = pair

local function mean(t)
  local s, n = 0, 0
  for _, x in ipairs(t) do if not isnan(x) then s, n = s + x, n + 1 end end
  return n > 0 and s / n or 0 / 0
end

-- The paired summary of a (minus) b: a summary_columns row, the kept differences, and the
-- kept pairs (for picking example networks).
function paper.summarise(info, a_rows, b_rows, key)
  local sa, sb, ia, ib, pairs_ = pair(a_rows, b_rows, key)
  local ka, kb, kept = {}, {}, {}
  for i = 1, #sa do
    if ia[i] < 0.5 and ib[i] < 0.5 and not isnan(sa[i]) and not isnan(sb[i]) then
      ka[#ka + 1], kb[#kb + 1] = sa[i], sb[i]
      kept[#kept + 1] = pairs_[i]
    end
  end
  local row = {pairs = #sa, n = #ka, dropped = #sa - #ka, mean_a = mean(ka), mean_b = mean(kb),
               mean_diff = 0 / 0, ci_lo = 0 / 0, ci_hi = 0 / 0, p = 0 / 0, p_t = 0 / 0,
               pos = 0, neg = 0, p_method = ""}
  for k, v in pairs(info) do row[k] = v end
  local diffs, all = {}, {}
  for i = 1, #ka do diffs[i] = ka[i] - kb[i] end
  for i = 1, #sa do all[i] = sa[i] - sb[i] end
  if #ka >= 1 then
    local r = stats.paired(ka, kb)
    row.mean_diff, row.ci_lo, row.ci_hi, row.p, row.p_t = r.mean, r.lo, r.hi, r.p, r.p_t
    row.p_method, row.pos, row.neg = r.method, r.pos, r.neg
  end
  return row, diffs, kept, all, pairs_
end

-- Figures of one comparison's example networks: sorted activity of each arm's network and
-- their training curves, from the checkpoints.
local function example_figures(stem, title, a_label, b_label, pair_)
  local heat, series = {}, {}
  for _, side in ipairs{{pair_.a, a_label}, {pair_.b, b_label}} do
    local r, label = side[1], side[2]
    local ok, net = pcall(recmem.load, r.checkpoint)
    if not ok then
      io.stderr:write("note: cannot load " .. tostring(r.checkpoint) .. ": " .. tostring(net) .. "\n")
      return nil
    end
    local tr = net:probe{trials = 50, seed = 1}
    -- active: leave out silent units, so the rows show what the active ones do
    heat[#heat + 1] = tr:plot{active = true, title = string.format("%s (seed %d): SI %.2f", label,
                                                   r.seed, r.si)}
    local h = net:history()
    local loss = h.loss:totable()
    -- the mean of each block of iterations (at most 200 points): smoother and lighter
    local step = math.max(1, #loss // 200)
    local x, y = {}, {}
    for i = step, #loss, step do
      local sum = 0
      for j = i - step + 1, i do sum = sum + loss[j] end
      x[#x + 1] = i; y[#y + 1] = sum / step
    end
    series[#series + 1] = {x = x, y = y, label = label}
  end
  heat.ncols = 2
  heat.title = title .. ": sorted activity, one pair"
  heat.width, heat.height = 864, 324
  save_all(recmem.plot.grid(heat), stem .. "-activity")
  save_all(recmem.plot.lines{series = series, logy = true,
                             title = title .. ": training loss (block means)",
                             xlabel = "iteration", ylabel = "loss"}, stem .. "-loss")
  return true
end

-- The paired differences as dots with mean and 95% interval, one group per comparison.
-- When no pair of any comparison is kept (tiny test runs), every pair is drawn instead and
-- the title says so: the file exists, and nobody mistakes it for a result.
local function diff_figure(groups, name, dir)
  local any = false
  for _, g in ipairs(groups) do if #g.values > 0 then any = true end end
  local shown = {}
  for i, g in ipairs(groups) do
    local v = any and g.values or g.all
    shown[i] = {label = g.label, values = #v > 0 and v or {0 / 0}}
  end
  local title = name .. (any and ": paired SI differences, kept pairs"
                         or ": NO PAIR KEPT, all pairs shown")
  local ok, err = pcall(function()
    save_all(recmem.plot.dots{groups = shown, hline = 0, title = title,
                              ylabel = "SI difference (a - b)"},
             dir .. "/figures/" .. name .. "-diff")
  end)
  if not ok then io.stderr:write("note: no difference figure: " .. tostring(err) .. "\n") end
end

local function print_summary(rows, s)
  print(string.format("\n%s, scale %s: %d units, %d iterations, seeds %s; kernel %s",
                      rows[1] and rows[1].factor or "?", s.label, s.hidden, s.iters,
                      tostring(s.seeds), rows[1] and rows[1].kernel or "?"))
  print(string.format("%-32s %-12s %5s %4s %4s %8s %8s %8s %20s %8s", "comparison (a - b)",
                      "task", "pairs", "n", "drop", "SI a", "SI b", "diff", "95% CI", "p"))
  for _, r in ipairs(rows) do
    print(string.format("%-32s %-12s %5d %4d %4d %8.3f %8.3f %+8.3f   [%+7.3f, %+7.3f] %8.4f",
                        r.comparison, r.task or "", r.pairs, r.n, r.dropped, r.mean_a,
                        r.mean_b, r.mean_diff, r.ci_lo, r.ci_hi, r.p))
  end
end

local function spec_list(v, default)
  if v == nil then return default end
  if type(v) == "table" and v.quick then return v end
  return {quick = v, reduced = v, paper = v}
end

-- spec: {name=, claim=, tasks={quick=, reduced=, paper=} (lists; or one list for all),
--        arms={{id=, label=, base={...}, task=function(t) ... end (optional: the arm's
--        task for task t)}, ...},
--        comparisons={{"id_a", "id_b"}, ...} (default: arm 1 minus arm 2),
--        per_task=true (arms are made for each task; default)}
-- Each arm is one sweep over lambda x sigma x seed (x task). Returns the summary rows.
function paper.compare(spec, args)
  local o = paper.options(spec.name, args or arg)
  local s = settings(o)
  local tasks = o.tasks or spec_list(spec.tasks, {quick = {"2AFC"}, reduced = {"2AFC"}, paper = {"2AFC"}})[o.scale]
  local dir = absolute(o.dir)
  -- the networks go to a store shared by the scripts (default: paper-networks beside DIR)
  local netdir = absolute(o.networks or ((dir:match("^(.*)/[^/]+/*$") or ".") .. "/paper-networks"))
  mkdir(netdir); mkdir(dir .. "/figures")
  local arm_list = {}
  for i, arm in ipairs(spec.arms) do arm_list[i] = {id = arm.id, base = arm.base or {}} end
  claim_dir(dir, spec.name, {scale = o.scale, hidden = s.hidden, iters = s.iters,
                             seeds = s.seeds, lambda = s.lambda, sigma = s.sigma,
                             tasks = tasks, arms = arm_list})
  local kernel = paper.kernel()
  print(string.format("%s: %s\nscale %s: %d units, %d iterations, seeds %s, lambda0 %s, " ..
                      "sigma0 %s, tasks %s; output in %s, networks in %s", spec.name,
                      spec.claim or "", s.label, s.hidden, s.iters, tostring(s.seeds),
                      show(s.lambda), show(s.sigma), table.concat(tasks, ", "), dir, netdir))
  local by_arm, networks, waiting = {}, {}, false
  for _, arm in ipairs(spec.arms) do
    local base = {hidden = s.hidden, iters = s.iters, batch = s.batch,
                  test_batches = s.test_batches, si_trials = s.si_trials,
                  log_every = s.log_every}
    for k, v in pairs(arm.base or {}) do base[k] = v end
    -- one sweep per task: networks of the same configuration are then the same sweep in
    -- every script (the basic arm is trained once for all factors)
    local arm_tasks = {}
    if base.task then arm_tasks[1] = base.task
    else
      for i, t in ipairs(tasks) do arm_tasks[i] = arm.task and arm.task(t) or t end
    end
    local rows, arm_waiting = {}, false
    for _, t in ipairs(arm_tasks) do
      local b = {}
      for k, v in pairs(base) do b[k] = v end
      b.task = t
      local got = network_sweep(o, netdir, b, {lambda = s.lambda, sigma = s.sigma, seed = s.seeds})
      if not got then arm_waiting = true  -- submitted (--slurm): go on submitting the rest
      else for _, r in ipairs(got) do rows[#rows + 1] = r end end
    end
    if arm_waiting then waiting = true
    else
      for _, r in ipairs(rows) do r.seed = r.config and r.config.seed end
      -- the task a row stands for (a multitask arm's network ends on task2)
      by_arm[arm.id] = network_rows(spec.name, arm, rows)
      for i, r in ipairs(by_arm[arm.id]) do
        r.checkpoint = rows[i].checkpoint
        networks[#networks + 1] = r
      end
    end
  end
  if waiting then return waiting_message(o) end
  write_csv(dir .. "/" .. spec.name .. "-networks.csv", network_columns, networks)

  local comparisons = spec.comparisons or {{spec.arms[1].id, spec.arms[2].id}}
  local label = {}
  for _, arm in ipairs(spec.arms) do label[arm.id] = arm.label or arm.id end
  local summary, groups = {}, {}
  for _, c in ipairs(comparisons) do
    local a_id, b_id = c[1], c[2]
    local ta = c.tasks or tasks
    for _, task in ipairs(ta) do
      -- pair on grid point and seed, within the comparison's task
      local function on_task(rows, t)
        local out = {}
        for _, r in ipairs(rows) do
          if (r.task2 and r.task2 ~= "" and r.task2 or r.task) == t or c.tasks then
            out[#out + 1] = r
          end
        end
        return out
      end
      local key = function(r)
        return string.format("%.6g/%.6g/%s", r.lambda or 0, r.sigma or 0, tostring(r.seed))
      end
      local a_rows = on_task(by_arm[a_id], c.task_a and c.task_a(task) or task)
      local b_rows = on_task(by_arm[b_id], c.task_b and c.task_b(task) or task)
      local name = c.name or (label[a_id] .. " - " .. label[b_id])
      local row, diffs, kept, all, all_pairs = paper.summarise({factor = spec.name,
        comparison = name, a = a_id, b = b_id, task = c.task_label or task, scale = s.label,
        hidden = s.hidden, iters = s.iters, kernel = kernel}, a_rows, b_rows, key)
      summary[#summary + 1] = row
      groups[#groups + 1] = {label = name .. (#ta > 1 and " (" .. task .. ")" or ""),
                             values = diffs, all = all}
      local example = kept[1] or all_pairs[1]
      if example then
        local tag = (a_id .. "-" .. b_id .. (#ta > 1 and "-" .. task or "")):gsub("[^%w%-]", "")
        example_figures(dir .. "/figures/" .. spec.name .. "-" .. tag,
                        spec.name .. " (" .. (c.task_label or task) .. ")" ..
                        (kept[1] and "" or ", not kept"), label[a_id], label[b_id], example)
      end
    end
  end
  write_csv(dir .. "/" .. spec.name .. "-summary.csv", summary_columns, summary)
  diff_figure(groups, spec.name, dir)
  print_summary(summary, s)
  print("tables: " .. dir .. "/" .. spec.name .. "-{networks,summary}.csv; figures: " ..
        dir .. "/figures/")
  return summary
end

-- The coupling factor: SI over the lambda0 x sigma0 grid, per task, as heatmaps, and the
-- paired contrasts of the grid's corners: highest minus lowest lambda0 (same sigma0, seed)
-- and highest sigma0 minus 0 (same lambda0, seed).
function paper.grid(spec, args)
  local o = paper.options(spec.name, args or arg)
  local s = settings(o)
  local tasks = o.tasks or spec_list(spec.tasks)[o.scale]
  local lo_hi = function(v)
    if type(v) == "table" then return v end
    local lo, hi, n = v:match("^([^:]+):([^:]+):(%d+)$")
    local t = {}
    for i = 0, n - 1 do t[#t + 1] = lo + (hi - lo) * i / (n - 1) end
    return t
  end
  local lambdas, sigmas = lo_hi(s.grid_lambda), lo_hi(s.grid_sigma)
  local dir = absolute(o.dir)
  mkdir(dir .. "/sweeps"); mkdir(dir .. "/figures")
  local kernel = paper.kernel()
  print(string.format("%s: %s\nscale %s: %d units, %d iterations, seeds %s, lambda0 %s, " ..
                      "sigma0 %s, tasks %s; output in %s", spec.name, spec.claim or "",
                      s.label, s.hidden, s.iters, tostring(s.grid_seeds), show(lambdas),
                      show(sigmas), table.concat(tasks, ", "), dir))
  local networks, summary, groups, waiting = {}, {}, {}, false
  local rows_of = {}
  for _, task in ipairs(tasks) do
    local desc = {name = spec.name .. "-" .. task, dir = dir .. "/sweeps/" .. task,
                  base = {task = task, hidden = s.hidden, iters = s.iters, batch = s.batch,
                          test_batches = s.test_batches, si_trials = s.si_trials,
                          log_every = s.log_every},
                  axes = {lambda = lambdas, sigma = sigmas, seed = s.grid_seeds}}
    local rows = run_sweep(o, desc, dir .. "/sweeps/" .. task .. ".lua")
    if not rows then waiting = true
    else
      for _, r in ipairs(rows) do
        r.checkpoint = string.format("%s/points/%04d.safetensors", desc.dir, r.point)
      end
      local nr = network_rows(spec.name, {id = task}, rows)
      for i, r in ipairs(nr) do r.checkpoint = rows[i].checkpoint; networks[#networks + 1] = r end
      rows_of[task] = nr
    end
  end
  if waiting then return waiting_message(o) end
  write_csv(dir .. "/" .. spec.name .. "-networks.csv", network_columns, networks)
  local near = function(x, y) return math.abs(x - y) < 1e-9 end
  local heatmaps = {}
  for _, task in ipairs(tasks) do
    local rows = rows_of[task]
    -- heatmap: rows sigma0 (lowest at the bottom), columns lambda0; mean SI of kept networks
    local z, ylabels, xlabels = {}, {}, {}
    for j, l in ipairs(lambdas) do xlabels[j] = string.format("%.2f", l) end
    for i, sg in ipairs(sigmas) do
      ylabels[i] = string.format("%.3g", sg)
      z[i] = {}
      for j, l in ipairs(lambdas) do
        local v = {}
        for _, r in ipairs(rows) do
          if r.keep and near(r.lambda, l) and near(r.sigma, sg) then v[#v + 1] = r.si end
        end
        z[i][j] = mean(v)
      end
    end
    local fig = recmem.plot.heatmap{z = z, origin = "bottom", xlabels = xlabels,
      ylabels = ylabels, xlabel = "lambda0", ylabel = "sigma0", zlabel = "SI (kept)",
      title = string.format("%s: SI over the grid (%d units, %d it.)", task, s.hidden, s.iters)}
    save_all(fig, dir .. "/figures/" .. spec.name .. "-" .. task .. "-grid")
    heatmaps[#heatmaps + 1] = fig
    -- the corners as paired contrasts
    local hi_l, lo_l = lambdas[#lambdas], lambdas[1]
    local hi_s, lo_s = sigmas[#sigmas], sigmas[1]
    local function select(f)
      local out = {}
      for _, r in ipairs(rows) do if f(r) then out[#out + 1] = r end end
      return out
    end
    local contrasts = {
      {name = string.format("lambda0 %.2f - %.2f", hi_l, lo_l),
       a = select(function(r) return near(r.lambda, hi_l) end),
       b = select(function(r) return near(r.lambda, lo_l) end),
       key = function(r) return string.format("%.6g/%s", r.sigma, tostring(r.seed)) end},
      {name = string.format("sigma0 %.3g - %.3g", hi_s, lo_s),
       a = select(function(r) return near(r.sigma, hi_s) end),
       b = select(function(r) return near(r.sigma, lo_s) end),
       key = function(r) return string.format("%.6g/%s", r.lambda, tostring(r.seed)) end},
    }
    for ci, c in ipairs(contrasts) do
      local row, diffs, kept, all, all_pairs = paper.summarise({factor = spec.name,
        comparison = c.name,
        a = ci == 1 and "lambda_hi" or "sigma_hi", b = ci == 1 and "lambda_lo" or "sigma_lo",
        task = task, scale = s.label, hidden = s.hidden, iters = s.iters, kernel = kernel},
        c.a, c.b, c.key)
      summary[#summary + 1] = row
      groups[#groups + 1] = {label = task .. ": " .. c.name, values = diffs, all = all}
      local example = kept[1] or all_pairs[1]
      if example and ci == 1 then
        example_figures(dir .. "/figures/" .. spec.name .. "-" .. task, spec.name .. " (" ..
                        task .. ")" .. (kept[1] and "" or ", not kept"),
                        string.format("lambda0 %.2f", hi_l), string.format("lambda0 %.2f", lo_l),
                        example)
      end
    end
  end
  if #heatmaps > 1 then
    heatmaps.ncols = math.min(#heatmaps, 2)
    heatmaps.width = 432 * heatmaps.ncols
    heatmaps.height = 324 * math.ceil(#heatmaps / heatmaps.ncols)
    save_all(recmem.plot.grid(heatmaps), dir .. "/figures/" .. spec.name .. "-grid", true)
  end
  write_csv(dir .. "/" .. spec.name .. "-summary.csv", summary_columns, summary)
  diff_figure(groups, spec.name, dir)
  s.seeds = s.grid_seeds
  print_summary(summary, s)
  print("tables: " .. dir .. "/" .. spec.name .. "-{networks,summary}.csv; figures: " ..
        dir .. "/figures/")
  return summary
end

return paper
