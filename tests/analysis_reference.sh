#!/bin/sh
# analysis_reference.sh: every analysis and linalg function against an independent
# NumPy/SciPy reference (tests/analysis_reference.py) computed on the same arrays: recmem
# writes its inputs and its answers as .npy files, the reference recomputes each answer
# from the inputs and compares within float32 tolerances.
set -u
: "${RECMEM:?RECMEM must name the recmem binary}"
: "${top_srcdir:=.}"
. "$top_srcdir/tests/find_python.sh"
need_python analysis_reference "numpy, scipy.linalg"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/analysis_reference.XXXXXX") || exit 1
trap '[ -n "${KEEP:-}" ] || rm -rf "$tmp"' EXIT

cat >"$tmp/write.lua" <<'LUA'
local dir = arg[1]
local tensor = recmem.tensor
local rng = recmem.rng(11)
local function save(name, t) t:save(dir .. "/" .. name .. ".npy") end
local function num(name, v) save(name, tensor{v}) end
local function randn(...)
  local t = tensor(...)
  local flat = t:reshape(t:numel())
  for i = 1, t:numel() do flat[i] = rng:normal() end
  return t
end

-- linear algebra
local A = randn(7, 7)
save("A", A)
local e = recmem.linalg.eig(A)
save("eig_re", e.re) save("eig_im", e.im) save("eig_abs", e.abs)
save("eig_vre", e.vectors_re) save("eig_vim", e.vectors_im)
local B = randn(6, 4)
local S = B:matmul(B:transpose()) + tensor.ones(6, 6) * 0 -- rank 4, symmetric
save("S", S)
local w, V = recmem.linalg.eigh(S)
save("eigh_w", w) save("eigh_V", V)
local M = randn(9, 5)
save("M", M)
local U, sv, Vt = recmem.linalg.svd(M)
save("svd_U", U) save("svd_S", sv) save("svd_Vt", Vt)
local U2, sv2, Vt2 = recmem.linalg.svd(M:transpose())
save("svd2_U", U2) save("svd2_S", sv2) save("svd2_Vt", Vt2)
local rhs = randn(7, 3)
save("rhs", rhs)
save("solve_x", recmem.linalg.solve(A, rhs))
save("solve_v", recmem.linalg.solve(A, rhs:select(2, 1)))
local bm = randn(9, 2)
save("bm", bm)
local x, rank, s = recmem.linalg.lstsq(M, bm)
save("lstsq_x", x) num("lstsq_rank", rank) save("lstsq_s", s)
local Md = tensor.cat({M, M:narrow(2, 1, 2)}, 2) -- 9 x 7 of rank 5
save("Md", Md)
local xd, rankd = recmem.linalg.lstsq(Md, bm)
save("lstsqd_x", xd) num("lstsqd_rank", rankd)
save("matmul", M:matmul(Vt:transpose()))
save("cumsum", A:cumsum(1))
local sv_, si_ = A:sort(2, true)
save("sort_v", sv_) save("sort_i", si_)

-- a trace of a small network with random recurrent weights
local net = recmem.net{task = "DE1", hidden = 12, lambda = 0.6, sigma = 0.1, seed = 4}
net:set_param("b_in", randn(12) * 0.1 + 0.02) -- so that the fixed points are not all 0
local tr = net:probe{trials = 100, seed = 9}
save("h", tr.h) save("s", tr.s) save("W_hh", net:param("W_hh"))
save("peak", tr:peak_times())
save("order", (tr:order()))
local function profile(name, opts)
  local p = net:weight_profile(tr, opts)
  save(name .. "_lag", p.lag) save(name .. "_w", p.w) save(name .. "_count", p.count)
  num(name .. "_asym", p.asymmetry) num(name .. "_self", p.self)
end
profile("wp1", nil)
profile("wp3", {bin = 3, window = 40})
profile("wpo", {by = "order"})
local p = tr:pca(5)
save("pca_var", p.variance) save("pca_ratio", p.ratio) save("pca_comp", p.components)
save("pca_mean", p.mean) save("pca_proj", p.proj) num("pca_total", p.total)
local function decode(name, opts)
  local d = tr:decode(opts)
  save(name .. "_score", d.score) save(name .. "_err", d.err)
  num(name .. "_index", d.index) num(name .. "_train", d.train)
  num(name .. "_from", d.from) num(name .. "_to", d.to)
end
decode("dec", {lambda = 1e-3, from = 5, to = 40})    -- circular, primal (12 units < 50 trials)
decode("decd", {lambda = 1e-2, train = 0.1})          -- circular, dual (10 trials < 12 units)
-- two targets read linearly from step 50's activity, plus noise
local yt = tr.h:select(2, 50):matmul(randn(12, 2)) + randn(100, 2) * 0.01
save("yt", yt)
decode("decr", {target = yt, lambda = 1e-4, from = 30, to = 90}) -- R^2, two targets
-- fixed points under zero input, from trial states, and a Jacobian
local fp = net:fixed_points{input = "zero", starts = 6}
save("fp_points", fp.points) save("fp_q", fp.q)
save("fp_re", fp.eig_re) save("fp_im", fp.eig_im) save("fp_max", fp.max_abs)
save("u_zero", net:param("b_in") + net:param("b_hh"))
local hstate = tr.h[3][60]
save("jac_h", hstate)
save("jac", net:jacobian(hstate, {input = "zero"}))
LUA

if ! "$RECMEM" "$tmp/write.lua" "$tmp" >"$tmp/out" 2>&1; then
    echo "FAIL analysis_reference: recmem: $(cat "$tmp/out")"
    exit 1
fi
"$PY" "$top_srcdir/tests/analysis_reference.py" "$tmp"
