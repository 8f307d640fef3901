-- paired.lua: the paired summary of a two-arm CSV (one row per network), with recmem.stats.
-- Rows are grouped by the columns contrast, kernel and iters (those present); within a
-- group the two arms are paired by seed, and for hi - lo it prints: the seeds with both
-- values, how many of them have hi > lo, then over the pairs that meet the keep criterion
-- (information loss < threshold on both networks): n, dropped, the mean difference with its
-- 95% Student-t interval, the sign-flip permutation p (exact up to 20 pairs) and the t-test p.
--
-- Usage: recmem scripts/analysis/paired.lua FILE.csv... [options]
--   --value COL      the compared column (default si)
--   --keep COL       the keep criterion's column (default infloss; "none" keeps every pair)
--   --threshold X    keep if COL < X on both members (default 0.5)
--   --hi ARM --lo ARM  the arms (default: the first arm of each group is hi, the other lo)
--   --iters N        only this checkpoint
--   --md             a Markdown table instead of aligned text
-- The CSV is plain: a header line of column names, comma-separated values, no quoting;
-- "nan" (or an empty field) is a missing value. Columns arm and seed are required.
-- Example: recmem scripts/analysis/paired.lua docs/measurements/task-comp-2afc.default.csv
local stats = require "recmem.stats"

local function fail(msg)
  io.stderr:write("paired.lua: ", msg, "\n")
  os.exit(2)
end

local files, opt = {}, {value = "si", keep = "infloss", threshold = 0.5}
local i = 1
while i <= #arg do
  local a = arg[i]
  if a == "--md" then opt.md = true
  elseif a == "--value" or a == "--keep" or a == "--threshold" or a == "--hi" or a == "--lo"
      or a == "--iters" then
    if arg[i + 1] == nil then fail(a .. " needs a value") end
    opt[a:sub(3)] = arg[i + 1]
    i = i + 1
  elseif a:sub(1, 2) == "--" then fail("unknown option " .. a)
  else files[#files + 1] = a end
  i = i + 1
end
if #files == 0 then fail("usage: recmem paired.lua FILE.csv... [--value COL] [--keep COL|none] "
                         .. "[--threshold X] [--hi ARM --lo ARM] [--iters N] [--md]") end
opt.threshold = tonumber(opt.threshold) or fail("--threshold must be a number")
if opt.iters then opt.iters = math.tointeger(tonumber(opt.iters)) or fail("--iters must be an integer") end
if (opt.hi == nil) ~= (opt.lo == nil) then fail("--hi and --lo go together") end

local function split(line)
  local t = {}
  for field in (line .. ","):gmatch("([^,]*),") do t[#t + 1] = field end
  return t
end

local function number(s)
  if s == nil or s == "" or s:lower() == "nan" then return 0 / 0 end
  return tonumber(s)
end

-- groups[key] = {order of arms, values[arm][seed] = {value, keep}}
local groups, gorder = {}, {}
for _, path in ipairs(files) do
  local f, err = io.open(path, "r")
  if not f then fail("cannot open " .. tostring(err)) end
  local header = f:read("l")
  if not header then fail(path .. " is empty") end
  local col = {}
  for k, name in ipairs(split(header)) do col[name] = k end
  for _, need in ipairs{"arm", "seed", opt.value} do
    if not col[need] then fail(path .. " has no column '" .. need .. "'") end
  end
  if opt.keep ~= "none" and not col[opt.keep] then
    fail(path .. " has no column '" .. opt.keep .. "' (--keep none to keep every pair)")
  end
  local lineno = 1
  for line in f:lines() do
    lineno = lineno + 1
    if line ~= "" then
      local r = split(line)
      local it = col.iters and math.tointeger(tonumber(r[col.iters]))
      if not opt.iters or it == opt.iters then
        local key = table.concat({col.contrast and r[col.contrast] or "-",
                                  col.kernel and r[col.kernel] or "-",
                                  col.iters and r[col.iters] or "-"}, " ")
        local g = groups[key]
        if not g then
          g = {arms = {}, values = {}, key = key}
          groups[key] = g
          gorder[#gorder + 1] = key
        end
        local arm, seed = r[col.arm], r[col.seed]
        local v = number(r[col[opt.value]])
        if v == nil then fail(string.format("%s:%d: %s '%s' is not a number", path, lineno,
                                            opt.value, r[col[opt.value]])) end
        local k = opt.keep == "none" and 0 or number(r[col[opt.keep]])
        if k == nil then fail(string.format("%s:%d: %s is not a number", path, lineno, opt.keep)) end
        if not g.values[arm] then
          g.values[arm] = {}
          g.arms[#g.arms + 1] = arm
        end
        if g.values[arm][seed] then
          fail(string.format("%s:%d: a second row for %s seed %s in group %s", path, lineno, arm,
                             seed, key))
        end
        g.values[arm][seed] = {v, k}
      end
    end
  end
  f:close()
end
if #gorder == 0 then fail("no rows" .. (opt.iters and " at --iters " .. opt.iters or "")) end

local function fmt(x, f) return x ~= x and "nan" or string.format(f or "%.3f", x) end
local function pfmt(p) return p ~= p and "nan" or (p < 0.001 and string.format("%.1e", p)
                                                    or string.format("%.3f", p)) end

local head = {"contrast", "kernel", "iters", "hi - lo", "ordered", "n", "dropped", "mean diff",
              "95% CI", "p (sign-flip)", "p (t)"}
if opt.md then
  print("| " .. table.concat(head, " | ") .. " |")
  print("|" .. string.rep("---|", #head))
else
  print(string.format("%-16s %-11s %6s  %-20s %8s %4s %7s %9s  %-18s %-16s %s", table.unpack(head)))
end
for _, key in ipairs(gorder) do
  local g = groups[key]
  local hi, lo = opt.hi or g.arms[1], opt.lo or g.arms[2]
  if not (g.values[hi] and g.values[lo]) then
    fail("group " .. key .. " needs arms " .. tostring(hi) .. " and " .. tostring(lo)
         .. " (it has " .. table.concat(g.arms, ", ") .. ")")
  end
  local seeds = {}
  for s in pairs(g.values[hi]) do if g.values[lo][s] then seeds[#seeds + 1] = s end end
  table.sort(seeds, function(x, y) return (tonumber(x) or 0) < (tonumber(y) or 0) end)
  local a, b, ka, kb = {}, {}, {}, {}
  local ordered, both = 0, 0
  for j, s in ipairs(seeds) do
    local x, y = g.values[hi][s], g.values[lo][s]
    a[j], b[j], ka[j], kb[j] = x[1], y[1], x[2], y[2]
    if x[1] == x[1] and y[1] == y[1] then
      both = both + 1
      if x[1] > y[1] then ordered = ordered + 1 end
    end
  end
  local dropped = 0
  if opt.keep ~= "none" then a, b, dropped = stats.keep(a, b, ka, kb, opt.threshold) end
  local r = stats.paired(a, b)
  dropped = dropped + r.dropped
  local parts = {}
  for w in key:gmatch("%S+") do parts[#parts + 1] = w end
  local method = r.method == "exact" and "exact" or string.format("MC %d", r.resamples)
  local row = {parts[1], parts[2], parts[3], hi .. " - " .. lo,
               string.format("%d/%d", ordered, both), tostring(r.n), tostring(dropped),
               fmt(r.mean, "%+.3f"), "[" .. fmt(r.lo, "%+.3f") .. ", " .. fmt(r.hi, "%+.3f") .. "]",
               pfmt(r.p) .. " (" .. method .. ")", pfmt(r.p_t)}
  if opt.md then
    print("| " .. table.concat(row, " | ") .. " |")
  else
    print(string.format("%-16s %-11s %6s  %-20s %8s %4s %7s %9s  %-18s %-16s %s", table.unpack(row)))
  end
end
