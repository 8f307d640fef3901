-- paper_docs.lua: the measured tables under docs/paper/ agree with themselves and with
-- docs/paper.md. For every SCALE/RUN/FACTOR-summary.csv there, each comparison is recomputed
-- from FACTOR-networks.csv with recmem.paper's pairing and keep criterion (pairs, n, dropped,
-- mean difference, interval, p to 1e-4), and docs/paper.md must quote its mean difference
-- and interval as "+0.873 [+0.714, +1.032]" (three decimals, sign shown), or, for a comparison
-- without two kept pairs, say "COMPARISON: P pairs, none kept".
-- Run as: recmem tests/lua/paper_docs.lua (top_srcdir from the environment).
local paper = require "recmem.paper"
local top = os.getenv("top_srcdir") or "."
local fails = 0
local function bad(msg) print("FAIL: " .. msg); fails = fails + 1 end

local function read_csv(path)
  local f = assert(io.open(path))
  local header, rows = nil, {}
  for line in f:lines() do
    local t = {}
    for field in (line .. ","):gmatch("([^,]*),") do t[#t + 1] = field end
    if not header then header = t
    else
      local r = {}
      for i, c in ipairs(header) do r[c] = tonumber(t[i]) or (t[i] == "nan" and 0 / 0) or t[i] end
      rows[#rows + 1] = r
    end
  end
  f:close()
  return rows
end

local doc = assert(io.open(top .. "/docs/paper.md")):read("a")
local p = io.popen("ls " .. top .. "/docs/paper/*/*/*-summary.csv 2>/dev/null")
local checked = 0
for path in p:lines() do
  local nets = read_csv(path:gsub("%-summary%.csv$", "-networks.csv"))
  for _, s in ipairs(read_csv(path)) do
    local a, b = {}, {}
    local key = function(r) return string.format("%.6g/%.6g/%s", r.lambda, r.sigma, tostring(r.seed)) end
    local axis = s.a:match("^(%a+)_hi$")  -- the coupling grid's corners: lambda_hi - lambda_lo
    if axis then
      local lo, hi = math.huge, -math.huge
      for _, r in ipairs(nets) do
        if r.task == s.task then lo, hi = math.min(lo, r[axis]), math.max(hi, r[axis]) end
      end
      local other = axis == "lambda" and "sigma" or "lambda"
      key = function(r) return string.format("%.6g/%s", r[other], tostring(r.seed)) end
      for _, r in ipairs(nets) do
        if r.task == s.task and r[axis] == hi then a[#a + 1] = r end
        if r.task == s.task and r[axis] == lo then b[#b + 1] = r end
      end
    else
      -- a comparison made per task (its task column names one) pairs within that task; the
      -- task and multitask scripts' comparisons (columns such as "COMP vs 2AFC") use all rows
      local function scored_on(r) return r.task2 ~= "" and r.task2 or r.task end
      local per_task = false
      for _, r in ipairs(nets) do if scored_on(r) == s.task then per_task = true end end
      for _, r in ipairs(nets) do
        if not per_task or scored_on(r) == s.task then
          if r.arm == s.a then a[#a + 1] = r elseif r.arm == s.b then b[#b + 1] = r end
        end
      end
    end
    local row = paper.summarise({}, a, b, key)
    for _, k in ipairs{"pairs", "n", "dropped", "mean_diff", "ci_lo", "ci_hi", "p"} do
      local both_nan = row[k] ~= row[k] and s[k] ~= s[k]  -- no kept pair: no statistics
      if not both_nan and not (math.abs(row[k] - s[k]) < 1e-4) then
        bad(string.format("%s %s: %s recomputed %.6g, table %.6g", path, s.comparison, k, row[k], s[k]))
      end
    end
    local quoted = string.format("%+.3f [%+.3f, %+.3f]", s.mean_diff, s.ci_lo, s.ci_hi)
    if s.n < 2 then
      -- no interval to quote: the page must say the comparison had no kept pairs
      quoted = string.format("%s: %d pairs, none kept", s.comparison, s.pairs)
      if s.n == 1 then quoted = string.format("%s: %d pairs, 1 kept", s.comparison, s.pairs) end
    end
    if not doc:find(quoted, 1, true) then
      bad(string.format("docs/paper.md does not quote %s for %s (%s)", quoted, s.comparison, path))
    end
    checked = checked + 1
  end
end
p:close()
if checked == 0 then bad("no summary tables under docs/paper/") end
if fails > 0 then os.exit(1) end
print(string.format("paper_docs: %d comparisons agree", checked))
