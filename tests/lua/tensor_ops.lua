-- tensor_ops.lua: the tensor operations for analysis (tensor_ops.c, tensor_io.c) and
-- recmem.linalg on small cases with answers known by hand; shape errors are one line.
-- (NumPy cross-checks on larger arrays: tests/analysis_reference.sh.)
local T = dofile(arg[0]:match("(.-)[^/]*$") .. "check.lua")
local tensor = recmem.tensor

local function same(t, want, tol, what)
  local got = t:totable()
  local function walk(g, w, path)
    if type(w) == "table" then
      if not T.eq(#g, #w, what .. ": length at " .. path) then return end
      for i = 1, #w do walk(g[i], w[i], path .. "[" .. i .. "]") end
    else
      T.near(g, w, tol or 1e-6, what .. " " .. path)
    end
  end
  walk(got, want, "")
end

-- matmul: matrix x matrix, matrix x vector, vector x matrix, vector . vector
local a = tensor{{1, 2, 3}, {4, 5, 6}}
local b = tensor{{1, 0}, {0, 1}, {1, 1}}
same(a:matmul(b), {{4, 5}, {10, 11}}, 1e-6, "a:matmul(b)")
same(tensor.matmul(a, tensor{1, 1, 1}), {6, 15}, 1e-6, "matrix . vector")
same(tensor{1, 1}:matmul(a), {5, 7, 9}, 1e-6, "vector . matrix")
T.near(tensor{1, 2, 3}:matmul(tensor{4, 5, 6}), 32, 1e-6, "dot product")
T.raises(function() a:matmul(a) end, "matmul: [2x3] times [2x3]: inner sizes 3 and 2 differ")
T.raises(function() tensor(2, 2, 2):matmul(a) end, "matmul: needs 1- or 2-axis tensors")

-- transpose and permute
same(a:transpose(), {{1, 4}, {2, 5}, {3, 6}}, 0, "transpose")
local c = tensor(2, 3, 4)
for i = 1, 2 do for j = 1, 3 do for k = 1, 4 do c[i][j][k] = 100 * i + 10 * j + k end end end
local p = c:permute(3, 1, 2)
T.eq(table.concat(p:shape(), "x"), "4x2x3", "permute shape")
T.eq(p[4][2][3], 234, "permute moves elements")
T.eq(c:transpose(1, 3)[4][3][2], 234, "transpose(1, 3)")
T.raises(function() c:permute(1, 1, 2) end, "tensor:permute: axis 1 given twice")
T.raises(function() c:transpose(1, 4) end, "axis 4 out of range 1..3")

-- slicing along any axis: narrow, select, index (copies)
same(c:narrow(3, 2, 3):select(1, 2):select(1, 1), {212, 213}, 0, "narrow + select")
same(a:select(2, 3), {3, 6}, 0, "select a column")
same(a:index(2, {3, 1, 3}), {{3, 1, 3}, {6, 4, 6}}, 0, "index columns with repeats")
same(a:index(1, tensor{2}), {{4, 5, 6}}, 0, "index rows by a tensor")
T.eq(tensor{5, 6, 7}:select(1, 2), 6, "select on a vector is a number")
local n = a:narrow(2, 2)
n[1][1] = 99
T.eq(a[1][2], 2, "narrow is a copy")
T.raises(function() a:narrow(2, 3, 4) end, "tensor:narrow(2, 3, 4): out of range 1..3")
T.raises(function() a:index(2, {0}) end, "position 0 out of range 1..3")

-- sort / argsort (NaN last, stable) and cumsum along an axis
local v, i = tensor{3, 0 / 0, 1, 2, 1}:sort()
same(v:narrow(1, 1, 4), {1, 1, 2, 3}, 0, "sorted values")
T.check(v[5] ~= v[5], "NaN sorts last")
same(i, {3, 5, 4, 1, 2}, 0, "sort positions (ties keep their order)")
same(tensor{3, 1, 2}:argsort(1, true), {1, 3, 2}, 0, "argsort descending")
same(tensor{{3, 1}, {1, 2}}:argsort(1), {{2, 1}, {1, 2}}, 0, "argsort along axis 1")
same(tensor{{1, 2}, {3, 4}}:cumsum(1), {{1, 2}, {4, 6}}, 0, "cumsum along axis 1")
same(tensor{{1, 2}, {3, 4}}:cumsum(), {{1, 3}, {3, 7}}, 0, "cumsum along the last axis")

-- elementwise math
same(tensor{-1, 0, 4}:relu(), {0, 0, 4}, 0, "relu")
same(tensor{-1, 4}:abs(), {1, 4}, 0, "abs")
same(tensor{4, 9}:sqrt(), {2, 3}, 1e-6, "sqrt")
same(tensor{0, 1}:exp(), {1, math.exp(1)}, 1e-6, "exp")
same(tensor{1, math.exp(2)}:log(), {0, 2}, 1e-6, "log")
same(tensor{0, math.pi / 2}:cos(), {1, 0}, 1e-6, "cos")
same(tensor{0, math.pi / 2}:sin(), {0, 1}, 1e-6, "sin")
same(tensor{0}:tanh(), {0}, 0, "tanh")

-- cat
same(tensor.cat({a, tensor{{7, 8, 9}}}), {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}, 0, "cat along axis 1")
same(tensor.cat({tensor{{1}, {2}}, tensor{{3, 4}, {5, 6}}}, 2), {{1, 3, 4}, {2, 5, 6}}, 0, "cat along axis 2")
T.raises(function() tensor.cat({a, b}) end, "tensor.cat: element 2 is [3x2], element 1 [2x3]: only axis 1 may differ")
T.raises(function() tensor.cat({a, 5}) end, "tensor.cat: element 2 is not a tensor")

-- .npy round trip
local path = os.tmpname()
c:save(path)
local back = tensor.load(path)
os.remove(path)
T.eq(table.concat(back:shape(), "x"), "2x3x4", "load keeps the shape")
T.eq(back[2][3][4], 234, "load keeps the values")
T.raises(function() tensor.load("/nonexistent/x.npy") end, "tensor.load: ")

-- linalg: known answers
local e = recmem.linalg.eig(tensor{{0, -2}, {2, 0}})       -- eigenvalues +-2i
T.near(e.re[1], 0, 1e-6, "eig re")
T.near(e.im[1], 2, 1e-6, "eig: the positive imaginary part first")
T.near(e.im[2], -2, 1e-6, "eig: then its conjugate")
T.near(e.abs[1], 2, 1e-6, "eig modulus")
local d = recmem.linalg.eig(tensor{{2, 1}, {0, 0.5}})
T.near(d.re[1], 2, 1e-6, "eig sorted by modulus")
T.near(d.re[2], 0.5, 1e-6, "eig second value")
-- A v = lambda v for the real eigenvectors
local A = tensor{{2, 1}, {0, 0.5}}
for k = 1, 2 do
  local vk = d.vectors_re:select(2, k)
  local Av = A:matmul(vk)
  for r = 1, 2 do T.near(Av[r], d.re[k] * vk[r], 1e-5, "A v = lambda v") end
end
local w, V = recmem.linalg.eigh(tensor{{2, 1}, {1, 2}})
same(w, {3, 1}, 1e-5, "eigh values descending")
T.near(math.abs(V[1][1]), math.sqrt(0.5), 1e-5, "eigh vector")
local U, S, Vt = recmem.linalg.svd(tensor{{3, 0}, {0, -2}, {0, 0}})
same(S, {3, 2}, 1e-5, "svd values")
T.eq(table.concat(U:shape(), "x") .. " " .. table.concat(Vt:shape(), "x"), "3x2 2x2", "thin svd shapes")
same(recmem.linalg.solve(tensor{{2, 0}, {0, 4}}, tensor{2, 2}), {1, 0.5}, 1e-6, "solve")
local x, rank = recmem.linalg.lstsq(tensor{{1, 0}, {0, 1}, {1, 1}}, tensor{1, 1, 3})
same(x, {4 / 3, 4 / 3}, 1e-5, "lstsq")
T.eq(rank, 2, "lstsq rank")
T.raises(function() recmem.linalg.solve(tensor{{1, 2}, {2, 4}}, tensor{1, 1}) end,
         "recmem.linalg.solve: the matrix is singular")
T.raises(function() recmem.linalg.eig(a) end, "recmem.linalg.eig: the matrix must be square, not 2x3")
T.raises(function() recmem.linalg.solve(tensor{{1, 0}, {0, 1}}, tensor{1, 2, 3}) end,
         "recmem.linalg.solve: the right-hand side must have 2 rows")
T.raises(function() recmem.linalg.eigh(tensor{{1, 2}, {0, 1}}) end, "the matrix is not symmetric")
T.raises(function() recmem.linalg.svd({1, 2}) end, "recmem.linalg.svd: the matrix must be a tensor, not table")

T.raises(function() recmem.linalg.eig(tensor{{0 / 0, 1}, {1, 1}}) end,
         "recmem.linalg.eig: the matrix has a non-finite entry (element 1)")
T.raises(function() recmem.linalg.solve(tensor{{1, 0}, {0, 1}}, tensor{1, 1 / 0}) end,
         "recmem.linalg.solve: the right-hand side has a non-finite entry (element 2)")
T.raises(function() recmem.linalg.lstsq(tensor{{1, 0}, {0, 1}}, tensor{1, -1 / 0}) end,
         "recmem.linalg.lstsq: the right-hand side has a non-finite entry")

T.done("tensor_ops")
