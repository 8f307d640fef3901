-- plot_text.lua: figures as text from Lua (fig:text, fig:print, recmem.plot.terminal):
-- the size in cells (escape sequences stripped, characters counted, not bytes), the
-- default size without a terminal, colour on request only, recmem's own figures (sorted
-- activity, training loss), and one-line errors for bad sizes, options and non-figures.
local T = dofile(arg[0]:match("(.-)[^/]*$") .. "check.lua")

local function strip(s) return (s:gsub("\27%[[%d;]*m", "")) end
-- lines of s and the width in characters of each
local function shape(s)
  local widths = {}
  for line in s:gmatch("([^\n]*)\n") do widths[#widths + 1] = utf8.len(strip(line)) end
  return widths
end
local function same_width(s, w, h, what)
  local widths = shape(s)
  T.eq(#widths, h, what .. ": lines")
  local bad = 0
  for _, n in ipairs(widths) do if n ~= w then bad = bad + 1 end end
  T.eq(bad, 0, what .. ": lines not " .. w .. " characters wide")
end

local nan = 0 / 0
local h = recmem.plot.heatmap{z = {{1, 2, 3}, {4, nan, 6}}, title = "cells", zlabel = "value"}
local plain = h:text{width = 60, height = 16, color = "none"}
same_width(plain, 60, 16, "plain heatmap")
T.check(not plain:find("\27", 1, true), "plain text has no escape byte")
T.check(plain:find("cells", 1, true), "title in the text")
T.check(plain:find("NaN", 1, true), "NaN swatch labelled")
T.check(plain:find("×", 1, true), "NaN cell crossed without colour")
local rgb = h:text{width = 60, height = 16, color = "24bit"}
same_width(rgb, 60, 16, "24-bit heatmap")
T.check(rgb:find("\27[0;38;2;190;190;190;48;2;190;190;190m", 1, true), "24-bit: a grey NaN cell")
T.check(h:text{width = 60, height = 16, color = "256"}:find("\27[0;38;5;", 1, true), "256 colours")
T.check(h:text{width = 60, height = 16, color = false} == plain, "color = false is plain")
T.check(h:text{width = 60, height = 16} == plain, "no colours by default when stdout is no terminal")
T.check(h:text{width = 60, height = 16, color = "auto"} == plain, "auto: no colours off a terminal")
T.check(h:text{width = 60, height = 16, color = true}:find("\27[0;38;", 1, true), "color = true: colours anyway")

-- without a terminal: no terminal, 80 cells, the figure's proportions, no colour when asked
T.eq(recmem.plot.terminal(), nil, "stdout of make check is no terminal")
local l = recmem.plot.lines{y = {3, 1, 2}, title = "lines"}
local widths = shape(l:text{color = "none"})
local cols = math.tointeger(tonumber(os.getenv("COLUMNS") or "")) or 80
cols = cols < 20 and 20 or cols > 1000 and 1000 or cols
local lines = math.tointeger(tonumber(os.getenv("LINES") or "")) or 1000
T.eq(widths[1], cols, "default width without a terminal: COLUMNS, else 80")
T.eq(#widths, math.max(5, math.min(36, lines - 1, (cols * 324 / 432 * 0.5 + 0.5) // 1)),
     "default height: the figure's proportions, cells twice as tall as wide")
same_width(recmem.plot.dots{groups = {{label = "a", values = {1, 2, 3}}}, hline = 0}:text{
  width = 20, height = 5, color = "none"}, 20, 5, "dots at the smallest size")

-- recmem's own figures: sorted activity of a probe and the training loss of a run
local net = recmem.net{task = "DE1", hidden = 8, seed = 2}
local run = net:train{iters = 10, log_every = 5}
local act = net:probe{trials = 2}:plot{}:text{width = 90, height = 20, color = "none"}
same_width(act, 90, 20, "activity heatmap")
T.check(act:find("delay", 1, true), "task periods named over the activity")
same_width(run:plot{}:text{width = 70, height = 12, color = "none"}, 70, 12, "loss curve")
local grid = recmem.plot.grid{h, l, run:plot{}, title = "three"}
same_width(grid:text{width = 123, height = 37, color = "24bit"}, 123, 37, "a grid of three")

-- errors: one line naming the problem
local function bad(fn, pattern)
  local ok, err = pcall(fn)
  T.check(not ok, "accepted: expected '" .. pattern .. "'")
  if not ok then
    T.check(tostring(err):find(pattern, 1, true), "'" .. tostring(err) .. "' lacks '" .. pattern .. "'")
    T.check(not tostring(err):find("\n"), "error on more than one line: " .. tostring(err))
  end
end
bad(function() h:text{width = 0} end, "fig:text: width = 0 is out of range 20..1000")
bad(function() h:print{width = 100000} end, "fig:print: width = 100000 is out of range")
bad(function() h:text{height = 4} end, "height = 4 is out of range 5..500")
bad(function() h:text{width = 50.5} end, "width must be an integer")
bad(function() h:text{color = "rainbow"} end, 'color must be "auto", "none", "256", "24bit" or a boolean')
bad(function() h:text{colour = "none"} end, "unknown")
bad(function() h.text(42) end, "fig:text: expected a figure, not number")
bad(function() h.print({}) end, "fig:print: expected a figure, not table")
T.done("plot_text")
