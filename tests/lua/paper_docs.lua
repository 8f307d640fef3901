-- paper_docs.lua: the measured tables under docs/paper/ agree with themselves and with
-- docs/paper.md. For every FACTOR/FACTOR-summary.csv there, each comparison is recomputed
-- from FACTOR-networks.csv with recmem.paper's pairing and keep criterion (pairs, n, dropped,
-- mean difference, interval, p to 1e-4), and docs/paper.md must quote its mean difference
-- and interval as "+0.873 [+0.714, +1.032]" (three decimals, sign shown).
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
local p = io.popen("ls " .. top .. "/docs/paper/*/*-summary.csv 2>/dev/null")
local checked = 0
for path in p:lines() do
  local nets = read_csv(path:gsub("%-summary%.csv$", "-networks.csv"))
  for _, s in ipairs(read_csv(path)) do
    local a, b = {}, {}
    for _, r in ipairs(nets) do
      r.keep = r.keep == 1
      if r.arm == s.a then a[#a + 1] = r elseif r.arm == s.b then b[#b + 1] = r end
    end
    local key = function(r) return string.format("%.6g/%.6g/%s", r.lambda, r.sigma, tostring(r.seed)) end
    local row = paper.summarise({}, a, b, key)
    for _, k in ipairs{"pairs", "n", "dropped", "mean_diff", "ci_lo", "ci_hi", "p"} do
      if not (math.abs(row[k] - s[k]) < 1e-4) then
        bad(string.format("%s %s: %s recomputed %.6g, table %.6g", path, s.comparison, k, row[k], s[k]))
      end
    end
    local quoted = string.format("%+.3f [%+.3f, %+.3f]", s.mean_diff, s.ci_lo, s.ci_hi)
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
