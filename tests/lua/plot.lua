-- plot.lua: figures from Lua: each kind built from tables and tensors, saved in every
-- format (files read back: PNG size from its header, PDF page size, SVG size), the
-- helpers for traces, runs and registry rows, recmem.show outside the workbench, and the
-- one-line errors for bad arguments.
local T = dofile(arg[0]:match("(.-)[^/]*$") .. "check.lua")

local dir = os.tmpname()
os.remove(dir)
assert(os.execute("mkdir " .. dir))
local function path(name) return dir .. "/" .. name end
local function slurp(p)
  local f = assert(io.open(p, "rb"))
  local s = f:read("a")
  f:close()
  return s
end
-- width and height of a PNG from its IHDR chunk
local function png_size(p)
  local s = slurp(p)
  T.eq(s:sub(1, 8), "\137PNG\r\n\26\n", p .. " has the PNG signature")
  return string.unpack(">I4I4", s, 17)
end

-- heatmap: a table of rows, labels, NaN
local nan = 0 / 0
local h = recmem.plot.heatmap{z = {{0, 0.5, 1}, {0.25, nan, 0.75}}, zmin = 0, zmax = 1,
  title = "cells", xlabel = "column", ylabel = "row", zlabel = "value",
  xlabels = {"a", "b", "c"}, ylabels = {1, 2}, width = 300, height = 200, dpi = 144}
T.eq(tostring(h), 'figure 300x200 pt: heatmap 2x3 "cells"', "heatmap summary")
T.eq(h.panels, 1, "one panel")
T.eq(h:save(path("h.png")), path("h.png"), "save returns the path")
local w, ht = png_size(path("h.png"))
T.eq(w, 600, "png width at 144 dpi")
T.eq(ht, 400, "png height at 144 dpi")
h:save(path("h.pdf"))
local pdf = slurp(path("h.pdf"))
T.eq(pdf:sub(1, 4), "%PDF", "pdf header")
T.check(pdf:find("/MediaBox [ 0 0 300 200 ]", 1, true), "pdf page 300x200 pt")
h:save(path("h.svg"))
local svg = slurp(path("h.svg"))
T.check(svg:find('width="300pt"', 1, true) and svg:find("<image", 1, true), "svg size and cell image")

-- a heatmap of a 2-D tensor, bottom origin
local z = recmem.tensor{{1, 2}, {3, 4}, {5, 6}}
local ht2 = recmem.plot.heatmap{z = z, origin = "bottom", periods = {{0, 1, "a"}, {1, 2, "b"}}}
T.eq(tostring(ht2), "figure 432x324 pt: heatmap 3x2", "tensor heatmap")
ht2:save(path("t.png"))
T.eq(png_size(path("t.png")), 900, "default size 432 pt at 150 dpi")

-- lines: several series, tensors, log axis; single-series shorthand
local l = recmem.plot.lines{series = {{x = {1, 2, 3}, y = {1, 10, 100}, label = "a"},
  {y = recmem.tensor{3, 2, 1}, label = "b", markers = true}}, logy = true, hline = 1}
T.eq(tostring(l), "figure 432x324 pt: lines (2 series)", "lines summary")
l:save(path("l.svg"))
local one = recmem.plot.lines{x = {0, 1}, y = {0, 1}, label = "y = x", xlabel = "x"}
T.eq(tostring(one), "figure 432x324 pt: lines (1 series)", "shorthand series")

-- dots: groups, given intervals
local d = recmem.plot.dots{groups = {{label = "a", values = {1, 2, 3}},
  {label = "b", values = recmem.tensor{-1, 0, 1}, mean = 0, lo = -0.5, hi = 0.5}}, hline = 0}
d:save(path("d.pdf"))
T.eq(slurp(path("d.pdf")):sub(1, 4), "%PDF", "dots pdf")

-- grid of figures: the panels are copied
local g = recmem.plot.grid{h, l, d, ncols = 3, title = "all", width = 900, height = 300}
T.eq(tostring(g), 'figure 900x300 pt: heatmap 2x3 "cells", lines (2 series), dots (2 groups)', "grid")
h = nil
collectgarbage()
g:save(path("g.png"))
T.eq(png_size(path("g.png")), 1875, "grid png width (900 pt at 150 dpi)")

-- recmem's objects: a trace's sorted heatmap, a run's curves, registry rows as a map
local net = recmem.net{task = "DE1", hidden = 12, seed = 3}
local run = net:train{iters = 20, log_every = 10}
local tr = net:probe{trials = 3}
local ft = tr:plot{title = "probe"}
T.eq(tostring(ft), 'figure 432x324 pt: heatmap 12x150 "probe"', "tr:plot: units x steps")
ft:save(path("tr.png"))
T.eq(tostring(tr:plot{sort = "index", norm = "global"}), 'figure 432x324 pt: heatmap 12x150 "DE1: 3 trials"',
     "tr:plot options, default title")
local fr = run:plot()
T.eq(tostring(fr), "figure 432x324 pt: lines (2 series)", "run:plot: loss and information loss")
fr:save(path("run.svg"))
local rows = {{lambda0 = 0.9, sigma0 = 0, si = 1}, {lambda0 = 0.9, sigma0 = 0, si = 3},
  {lambda0 = 1, sigma0 = 0.1, si = 2}, {lambda0 = 1, si = 5}}
local m = recmem.plot.runs_map(rows, {x = "lambda0", y = "sigma0", z = "si", title = "SI"})
T.eq(tostring(m), 'figure 432x324 pt: heatmap 2x2 "SI"', "runs_map: distinct x by distinct y")
m:save(path("m.png"))

-- the analyses' results draw through the same functions (tensors in, figures out)
local wp = net:weight_profile(tr)
local fw = recmem.plot.lines{x = wp.lag, y = wp.w, hline = 0, markers = true,
  xlabel = "peak lag", ylabel = "mean W_hh"}
T.eq(tostring(fw), "figure 432x324 pt: lines (1 series)", "weight profile as lines (NaN bins break it)")
local dec = net:probe{trials = 4}:decode{}   -- decoding needs 2 training and 2 test trials
local fd = recmem.plot.heatmap{z = dec.score, origin = "bottom", xlabel = "test step", ylabel = "train step"}
T.eq(tostring(fd), "figure 432x324 pt: heatmap 150x150", "cross-temporal decoding as a heatmap")
local pca = tr:pca(3)
local fp = recmem.plot.lines{y = pca.ratio, logy = true, markers = true}
recmem.plot.grid{fw, fd, fp, ncols = 3}:save(path("analyses.svg"))
T.check(slurp(path("analyses.svg")):find("<image", 1, true), "the decoding map is in the grid's svg")

-- show outside the workbench prints the summary
recmem.show(m)

-- bad arguments: one-line errors naming the problem
local function bad(fn, pat, what)
  local ok, err = pcall(fn)
  T.check(not ok and tostring(err):find(pat, 1, true) and not tostring(err):find("\n"),
          (what or pat) .. ": got " .. tostring(err))
end
bad(function() recmem.plot.heatmap{z = {}} end, "empty heatmap data (0 x 0)")
bad(function() recmem.plot.heatmap{} end, "z (the 2-D data) is missing")
bad(function() recmem.plot.heatmap{z = {{1, 2}, {3}}} end, "z row 2 has 1 values, row 1 has 2")
bad(function() recmem.plot.heatmap{z = recmem.tensor{1, 2}} end, "must be a 2-D tensor")
bad(function() recmem.plot.heatmap{z = {{1, 2}}, xlabels = {"a"}} end, "1 column labels for 2 columns")
bad(function() recmem.plot.heatmap{z = {{1}}, origin = "left"} end, 'origin must be "top" or "bottom"')
bad(function() recmem.plot.heatmap{z = {{1}}, colour = "x"} end, "unknown option 'colour'")
bad(function() recmem.plot.heatmap{z = {{1, "a"}}} end, "must be a number, not string")
bad(function() recmem.plot.heatmap{z = {{1}}, zmin = 1, zmax = 0} end, "zmax 0 is not above zmin 1")
bad(function() recmem.plot.lines{x = {1, 2}, y = {1}} end, "series 1 has 2 x values and 1 y values")
bad(function() recmem.plot.lines{y = {}} end, "series 1 is empty")
bad(function() recmem.plot.lines{} end, "give y (and x), or series")
bad(function() recmem.plot.lines{y = {1}, logy = true, ymin = 0} end, "log axis needs ymin > 0")
bad(function() recmem.plot.dots{groups = {}} end, "groups is empty")
bad(function() recmem.plot.dots{groups = {{label = "x"}}} end, "groups[1] has no values")
bad(function() recmem.plot.grid{} end, "no figures given")
bad(function() recmem.plot.grid{1} end, "item 1 must be a figure, not number")
bad(function() recmem.plot.runs_map({}, {}) end, "no rows")
bad(function() recmem.plot.runs_map({{a = 1}}, {x = "a", y = "b"}) end, "no row has both a and b")
bad(function() m:save("/nonexistent-dir/m.png") end, "/nonexistent-dir/m.png")
bad(function() m:save(path("m.gif")) end, "must end in .pdf, .svg or .png")
bad(function() m:save(dir) end, "must end in")
bad(function() recmem.plot.lines{y = {1}, width = 10} end, "figure size")
bad(function() tr:plot{sort = "time"} end, 'sort must be "peak" or "index"')
bad(function() recmem.show(42) end, "expected a run, a trace or a network")
T.check(not io.open(path("m.gif")), "no file for a refused format")

os.execute("rm -r " .. dir)
T.done("plot")
