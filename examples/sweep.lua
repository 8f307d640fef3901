-- sweep.lua: a small grid over the initial recurrent weights (lambda0 on the diagonal,
-- sigma0 off it), as in the paper's sweep, printing the test SI of each network. Scripts
-- like this one are how recmem runs sweeps from Lua; arguments: lambda values.
-- Run: recmem examples/sweep.lua [0.8 0.9 0.98]      (RECMEM_QUICK=1 for seconds)
local quick = os.getenv("RECMEM_QUICK")
local lambdas = {}
for i, v in ipairs(arg) do lambdas[i] = assert(tonumber(v), "lambda values must be numbers") end
if #lambdas == 0 then lambdas = {0.80, 0.90, 0.98} end
local sigmas = {0, 0.01}

io.write(string.format("%8s", "lambda"))
for _, s in ipairs(sigmas) do io.write(string.format("  SI(s=%-5g)", s)) end
io.write("\n")
for _, l in ipairs(lambdas) do
  io.write(string.format("%8.2f", l))
  for _, s in ipairs(sigmas) do
    local net = recmem.net{task = "CD1", lambda = l, sigma = s, hidden = quick and 6 or 40, seed = 1}
    net:train{iters = quick and 10 or 1000, batch = quick and 5 or 20}
    local r = net:test{batches = quick and 1 or 6, batch = quick and 5 or 50}
    io.write(string.format("  %10.3f", r.si))
  end
  io.write("\n")
end
