-- views.lua: the analysis results as views (issue 15): recmem.summary (the line
-- recmem.show prints outside the workbench) and recmem.plot.figure_of for each kind, on
-- constructed networks whose numbers are known: a 16-unit shift register (a chain: all
-- recurrent weight one step forward, a nilpotent W_hh), an 8-unit identity recurrence
-- (persistent), 1.5 I (every eigenvalue outside the unit circle), and lesion curves given
-- as tables and as tensors. Each figure is saved as PDF, SVG and PNG and read back.
local T = dofile(arg[0]:match("(.-)[^/]*$") .. "check.lua")
local tensor = recmem.tensor

-- Constructed networks (recmem.toy): a stimulus angle at step 1, 8 delay steps, 1 response.
local toy = require "recmem.toy"
local function network(N, W) return toy.network(W, 8) end

local function eye(N, v)
  local W = tensor(N, N)
  for i = 1, N do W[i][i] = v end
  return W
end

local tmp = os.tmpname()
-- Saves fig in the three formats and checks each file's signature.
local function saves(fig, what)
  local sig = {pdf = "%PDF", svg = "<svg", png = "\137PNG"}
  for ext, magic in pairs(sig) do
    local path = fig:save(tmp .. "." .. ext)
    local f = io.open(path, "rb")
    local data = f and f:read("a") or ""
    if f then f:close() end
    os.remove(path)
    T.check(data:find(magic, 1, true) ~= nil, what .. ": a ." .. ext .. " file with " .. magic)
  end
end

-- the chain: block k (4 units) hands its content to block k + 1
local NC = 16
local Wc = tensor(NC, NC)
for k = 0, 2 do
  for c = 1, 4 do Wc[4 * (k + 1) + c][4 * k + c] = 1 end
end
local chain = network(NC, Wc)
local tc = chain:probe{trials = 40, seed = 3}

local wp = chain:weight_profile(tc)
T.eq(recmem.summary(wp), "weight profile: 16 units, " .. wp.lag:numel() ..
     " lags, asymmetry 1, self 0", "weight profile summary")
local f = recmem.plot.figure_of(wp)
T.eq(f.panels, 1, "weight profile: one panel")
T.eq(tostring(f), 'figure 432x324 pt: lines (1 series) "weight profile: asymmetry 1, self 0"',
     "weight profile figure")
saves(f, "weight profile")

-- periods come with the PCA and decoding results, in recmem.plot's form
local d = tc:decode{lambda = 1e-3}
T.eq(#d.periods, 3, "decode: three task periods")
T.check(d.periods[1][1] == 0 and d.periods[1][2] == 1 and d.periods[1][3] == "stim" and
        d.periods[2][1] == 1 and d.periods[2][2] == 9 and d.periods[2][3] == "delay" and
        d.periods[3][1] == 9 and d.periods[3][2] == 10 and d.periods[3][3] == "resp",
        "decode: periods {0,1,stim} {1,9,delay} {9,10,resp}")
T.check(recmem.summary(d):find(string.format("cross-temporal decoding: 10x10 steps, index %.3g (diag %.3g",
        d.index, d.diag), 1, true) == 1, "decode summary: " .. recmem.summary(d))
f = recmem.plot.figure_of(d)
T.check(tostring(f):find('heatmap 10x10 "decoding: index', 1, true) ~= nil, "decode figure: " .. tostring(f))
saves(f, "decoding matrix")

-- the chain's W_hh is nilpotent: every eigenvalue is 0
local e = recmem.linalg.eig(Wc)
T.eq(recmem.summary(e), "eigenvalues: 16, max |λ| 0, 0 with |λ| > 1", "eig summary (chain)")
f = recmem.plot.figure_of(e)
T.eq(tostring(f), 'figure 400x400 pt: lines (2 series) "eigenvalues: 16, max |λ| 0, 0 with |λ| > 1"',
     "eig figure: square, the unit circle and the eigenvalues")
saves(f, "eigenvalues")
T.eq(recmem.summary(recmem.linalg.eig(eye(8, 1.5))), "eigenvalues: 8, max |λ| 1.5, 8 with |λ| > 1",
     "eig summary (1.5 I)")

-- persistent: W = I keeps the features; two components carry the variance
local pers = network(8, eye(8, 1))
local tp = pers:probe{trials = 40, seed = 3}
local p = tp:pca(4)
T.eq(#p.periods, 3, "pca: task periods")
local s = recmem.summary(p)
T.check(s:find("PCA: 4 components, explained ", 1, true) == 1 and s:find("(100.0% in 4)", 1, true),
        "pca summary: " .. s)
f = recmem.plot.figure_of(p)
T.check(tostring(f):find('lines (3 series) "PCA: PC1 ', 1, true) ~= nil,
        "pca figure: a series per period: " .. tostring(f))
saves(f, "pca")
f = recmem.plot.figure_of(tp:pca(1))
T.check(tostring(f):find("lines (3 series)", 1, true) ~= nil, "pca with one component: over time")

-- fixed points of W = I/2 with no input: the origin
local half = network(8, eye(8, 0.5))
local fp = half:fixed_points{input = "zero", starts = 3, trace = half:probe{trials = 8, seed = 1}}
T.eq(recmem.summary(fp), "fixed points: " .. fp.found .. " found from 3 starts, " .. fp.found ..
     " with q <= tol, " .. fp.found .. " stable", "fixed points summary")
f = recmem.plot.figure_of(fp)
T.check(tostring(f):find('400x400 pt: lines (' .. (1 + math.min(fp.found, 6)) .. ' series) "fixed points: ',
        1, true) ~= nil, "fixed points figure: " .. tostring(f))

-- a lesion curve as tables, and as tensors (the shape net:lesion_curve returns)
local lc = {kind = "lesion_curve", n_removed = {0, 2, 4}, infloss = {0.1, 0.4, 0.7}, order = "random"}
T.eq(recmem.summary(lc), "lesion curve: 3 points, 0 to 4 units removed, infloss 0.1 to 0.7",
     "lesion summary")
f = recmem.plot.figure_of(lc)
T.eq(tostring(f), 'figure 432x324 pt: lines (1 series) "lesion curve (random order)"', "lesion figure")
saves(f, "lesion curve")
local lt = {kind = "lesion_curve", n_removed = tensor{0, 1}, infloss = tensor{0.25, 0.5}}
T.eq(recmem.summary(lt), "lesion curve: 2 points, 0 to 1 units removed, infloss 0.25 to 0.5",
     "lesion summary from tensors")
T.raises(function() recmem.plot.figure_of{kind = "lesion_curve", n_removed = {0, 1, 2}, infloss = {1, 2}} end,
         "n_removed and infloss have 3 and 2 values", "lesion lengths differ")
T.raises(function() recmem.summary{kind = "lesion_curve", infloss = {1}} end,
         "the result has no 'n_removed'", "lesion without n_removed")

-- the other things figure_of takes, and what it refuses
f = recmem.plot.figure_of(tc)
T.check(tostring(f):find("heatmap 16x10", 1, true) ~= nil, "figure_of(trace) is tr:plot(): " .. tostring(f))
T.check(rawequal(recmem.plot.figure_of(f), f), "figure_of(figure) is the figure")
T.raises(function() recmem.plot.figure_of(42) end, "expected an analysis result", "a number")
T.raises(function() recmem.plot.figure_of{kind = "pca"} end, "the result has no tensor 'proj'",
         "a pca table without its tensors")
T.raises(function() recmem.show{kind = "nonsense"} end, "this table is not an analysis result",
         "show of another table")
-- outside the workbench show prints the summary (and returns nothing)
T.eq(select("#", recmem.show(wp)), 0, "show prints")
T.done("views")
