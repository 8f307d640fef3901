-- tensor.lua: the float tensor type: construction, shape, element access, views,
-- reductions along an axis, arithmetic, table conversion, tostring and error messages.
local T = dofile(arg[0]:match("(.-)[^/]*$") .. "check.lua")
local tensor = recmem.tensor

-- construction and shape
local t = tensor{{1, 2, 3}, {4, 5, 6}}
T.eq(t:dim(), 2, "dim")
T.eq(#t, 2, "#t is the first axis")
T.eq(t:numel(), 6, "numel")
local a, b = t:size()
T.check(a == 2 and b == 3, "size() returns every axis")
T.eq(t:size(2), 3, "size(axis)")
T.eq(table.concat(t:shape(), "x"), "2x3", "shape()")
T.eq(tensor(2, 3, 4):numel(), 24, "recmem.tensor(d1, d2, d3) is zeros")
T.eq(tensor.zeros{5}:sum(), 0, "zeros{shape}")
T.eq(tensor.ones(3, 2):sum(), 6, "ones")
T.check(tensor.is(t) and not tensor.is({}), "tensor.is")

-- element access, 1-based, and views sharing memory
T.eq(t[2][3], 6, "t[i][j]")
T.eq(t:get(1, 2), 2, "t:get(i, j)")
local row = t[2]
T.eq(tostring(row), "tensor float32 [3] {4, 5, 6}", "row view tostring")
row[1] = 40
T.eq(t:get(2, 1), 40, "writing a view writes the base")
t:set(1, 1, -1)
T.eq(t[1][1], -1, "set")
T.eq(t:get(2):sum(), 51, "get with fewer indices is a view")
t[1] = 7
T.eq(t[1]:sum(), 21, "t[i] = number fills a row")
t[1] = tensor{1, 2, 3}
T.eq(t[1][3], 3, "t[i] = tensor copies a row")
local s = tensor{{1}, {2}, {3}, {4}}:sub(2, 3)
T.eq(s:numel(), 2, "sub(i, j) along the first axis")
T.eq(s[1][1], 2, "sub starts at i")
local big = tensor(4, 3, 2)
big[2][3][1] = 5
T.eq(big:sub(2, 2)[1][3][1], 5, "sub keeps the remaining axes")
local r = tensor{1, 2, 3, 4, 5, 6}:reshape(2, 3)
T.eq(r[2][1], 4, "reshape is row-major")
T.eq(tensor{1, 2, 3, 4}:reshape{2, 2}[2][2], 4, "reshape{shape}")
local c = t:clone()
c[1][1] = 100
T.check(t[1][1] ~= 100, "clone does not share memory")

-- a view keeps its base alive
do
  local v = tensor{{1, 2}, {3, 4}}[2]
  collectgarbage()
  collectgarbage()
  T.eq(v[2], 4, "view outlives the collected base")
end

-- reductions
local m = tensor{{1, 5, 3}, {4, 2, 6}}
T.eq(m:sum(), 21, "sum")
T.near(m:mean(), 3.5, 1e-6, "mean")
T.eq(m:max(), 6, "max")
T.eq(m:min(), 1, "min")
local i, j = m:argmax()
T.check(i == 2 and j == 3, "argmax without an axis gives every index")
T.eq(tostring(m:sum(1)), "tensor float32 [3] {5, 7, 9}", "sum along axis 1")
T.eq(tostring(m:sum(2)), "tensor float32 [2] {9, 12}", "sum along axis 2")
T.eq(tostring(m:max(1)), "tensor float32 [3] {4, 5, 6}", "max along axis 1")
T.eq(tostring(m:argmax(2)), "tensor float32 [2] {2, 3}", "argmax along axis 2 (1-based)")
T.eq(tostring(m:argmin(1)), "tensor float32 [3] {1, 2, 1}", "argmin along axis 1")
T.eq(tostring(m:mean(1)), "tensor float32 [3] {2.5, 3.5, 4.5}", "mean along axis 1")
local cube = tensor(2, 3, 4):fill(1)
T.eq(table.concat(cube:sum(2):shape(), "x"), "2x4", "reducing the middle axis")
T.eq(cube:sum(2)[2][4], 3, "middle-axis sum value")
T.eq(tensor{3, 1, 2}:argmax(1), 1, "argmax of a vector along axis 1 is a number")
T.check(tensor{0 / 0, 1, 0 / 0}:max() == 1, "max skips NaN")

-- arithmetic
local p = tensor{1, 2, 3}
T.eq(tostring(p + 1), "tensor float32 [3] {2, 3, 4}", "tensor + number")
T.eq(tostring(2 * p), "tensor float32 [3] {2, 4, 6}", "number * tensor")
T.eq(tostring(p - p), "tensor float32 [3] {0, 0, 0}", "tensor - tensor")
T.eq(tostring(p / 2), "tensor float32 [3] {0.5, 1, 1.5}", "tensor / number")
T.eq(tostring(-p), "tensor float32 [3] {-1, -2, -3}", "unary minus")
T.eq(tostring(1 - p), "tensor float32 [3] {0, -1, -2}", "number - tensor keeps the order")

-- tables
local tt = tensor{{1, 2}, {3, 4}}:totable()
T.check(type(tt) == "table" and tt[2][1] == 3 and #tt == 2 and #tt[1] == 2, "totable")
T.eq(tensor(tt)[2][2], 4, "round trip through a table")

-- tostring is one line, never a wall of numbers
local str = tostring(tensor(50, 150, 500))
T.eq(str, "tensor float32 [50x150x500] mean=0", "summary of a large tensor")
T.check(not tostring(tensor(1000)):find("\n"), "one line")
T.eq(tostring(tensor(0)), "tensor float32 [0]", "empty tensor")

-- errors: clear messages, never crashes
T.raises(function() return t[3] end, "index 3 out of range 1..2 (axis 1)", "row out of range")
T.raises(function() return t[0] end, "out of range", "index 0")
T.raises(function() return t[1][4] end, "index 4 out of range 1..3", "column out of range")
T.raises(function() return t:get(1, 2, 3) end, "3 indices for 2 axes", "too many indices")
T.raises(function() return t[1.5] end, "must be an integer", "fractional index")
T.raises(function() return t.nosuch end, "no field or method 'nosuch'", "unknown method")
T.raises(function() return tensor{{1, 2}, {3}} end, "ragged", "ragged table")
T.raises(function() return tensor{{1, "x"}} end, "expected a number", "non-number element")
T.raises(function() return tensor{1, 2} + tensor{1, 2, 3} end, "shapes differ", "shape mismatch")
T.raises(function() return tensor{1, 2} + "a" end, "arithmetic with a string", "tensor + string")
T.raises(function() return t:sum(3) end, "axis 3 out of range 1..2", "bad axis")
T.raises(function() return t:reshape(4, 2) end, "cannot take that shape", "bad reshape")
T.raises(function() return tensor(-1) end, "negative size", "negative size")
T.raises(function() return tensor(1, 1, 1, 1, 1, 1, 1, 1, 1) end, "at most 8", "too many axes")
T.raises(function() return t:sub(2, 5) end, "out of range", "sub out of range")
T.raises(function() t[1] = tensor{1, 2} end, "wrong shape", "row assignment shape")
T.raises(function() t.x = 1 end, "only integer indices", "string assignment")
T.raises(function() return t:set(1, 1) end, "needs 2 indices and a value", "set without value")
T.raises(function() return recmem.tensor.sum(5) end, "attempt to", "method on a non-tensor")

T.done("tensor")
