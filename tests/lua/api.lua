-- api.lua: the recmem module without long training: tasks and variants, batches, every
-- model the core registers, conditions, probes and traces, one batch's loss and
-- gradients (checked against finite differences), parameters, and error messages.
local T = dofile(arg[0]:match("(.-)[^/]*$") .. "check.lua")

T.check(require("recmem") == recmem, "require 'recmem' returns the preloaded module")
T.check(type(recmem.version) == "string", "version")

-- tasks: every built-in one, with every variant
local names = recmem.task.list()
local builtin = {"DE1", "DE2", "CD1", "CD2", "GDE", "2AFC", "SINE", "COMP"}
for _, n in ipairs(builtin) do
  local found = false
  for _, m in ipairs(names) do found = found or m == n end
  T.check(found, "task.list() has " .. n)
end
for _, n in ipairs(builtin) do
  for _, v in ipairs(recmem.variants()) do
    local ok, task = pcall(recmem.task, {name = n, variant = v})
    T.check(ok, "task " .. n .. " " .. v .. ": " .. tostring(task))
    if ok then
      T.eq(task.name, n, "task name")
      T.eq(task.variant, v, "task variant")
      T.eq(task.T, 150, n .. " T")
      local b = task:sample{batch = 3, seed = 1}
      T.eq(table.concat(b.x:shape(), "x"), "3x150x" .. task.inputs, n .. " " .. v .. " x shape")
      T.eq(table.concat(b.target:shape(), "x"), "3x150x" .. task.outputs, n .. " target shape")
    end
  end
end
local de1 = recmem.task("DE1")
T.eq(de1.inputs, 50, "DE1 inputs")
T.eq(recmem.task{name = "DE1", variant = "dynamic"}.inputs, 100, "dynamic input adds n_in channels")
T.eq(recmem.task("de1").name, "DE1", "task names are case-insensitive")
T.eq(de1.loss, "circular", "DE1 loss")
T.eq(recmem.task("CD1").output, "sigmoid", "CD1 output unit")
T.eq(de1:period(1), "stim", "step 1 is stimulus")
T.eq(de1:period(26), "delay", "step 26 is delay")
T.eq(de1:period(150), "resp", "step 150 is response")
T.eq(de1:period(40, 10), "masked", "a short delay masks the rest")
T.check(tostring(de1):find("^task DE1"), "task tostring")

-- batches: deterministic with a seed, views of the batch's memory
local b1 = recmem.task("CD1"):sample{batch = 5, seed = 7}
local b2 = recmem.task("CD1"):sample{batch = 5, seed = 7}
T.eq((b1.x - b2.x):max(), 0, "same seed, same batch")
local b3 = recmem.task("CD1"):sample{batch = 5, seed = 8}
T.check((b1.x - b3.x):max() ~= 0 or (b3.x - b1.x):max() ~= 0, "another seed, another batch")
T.eq(b1.B, 5, "batch B")
T.eq(b1.mask:sum(), 5 * 150, "no masked steps without vardelay")
local vb = recmem.task{name = "CD1", variant = "vardelay"}:sample{batch = 20, seed = 3}
for i = 1, 20 do
  local d = vb.delay[i]
  T.check(d == 10 or d == 40 or d == 70 or d == 100, "variable delay drawn from the paper's set")
  T.eq(vb.mask[i]:sum(), 150 - (100 - d), "mask hides the unused delay steps")
end
local s = b1.s
for i = 1, 5 do T.check(s[i][1] == 0 or s[i][1] == 1, "CD1 truth is a class") end
b1.x[1][1][1] = 42
T.eq(b1.x[1][1][1], 42, "batch.x is a view")
b1.s = recmem.tensor{{1}, {0}, {1}, {0}, {1}}
T.eq(b1.s[2][1], 0, "assigning batch.s")
T.raises(function() b1.s = recmem.tensor{1, 2} end, "expected 5", "batch.s shape")
T.raises(function() b1.B = 3 end, "cannot be assigned", "read-only field")
local r = recmem.rng(5)
local u1 = r:uniform()
T.check(u1 >= 0 and u1 < 1, "rng:uniform")
T.check(recmem.rng(5):uniform() == u1, "rng seeds reproduce")
local k = r:int(3)
T.check(k >= 1 and k <= 3, "rng:int(n) in 1..n")

-- every model the core registers can be made, probed and differentiated
local models = recmem.models()
T.check(#models >= 1 and models[1] == "rnn", "models() lists rnn first")
for _, m in ipairs(models) do
  local ok, net = pcall(recmem.net, {model = m, task = "SINE", hidden = 8, seed = 2})
  T.check(ok, "model " .. m .. ": " .. tostring(net))
  if ok then
    T.eq(net.model, m, "net.model")
    local tr = net:probe{trials = 2}
    T.eq(table.concat(tr.h:shape(), "x"), "2x150x8", m .. " probe h shape")
    local loss, grads = net:loss(recmem.task("SINE"):sample{batch = 3, seed = 1})
    T.check(loss == loss and loss >= 0, m .. " loss is a number")
    for _, pname in ipairs(net.param_names) do
      T.check(recmem.tensor.is(grads[pname]), m .. " gradient of " .. pname)
    end
  end
end

-- a network: fields, parameters, probe, trace
local net = recmem.net{model = "rnn", task = "DE1", lambda = 0.9, sigma = 0.01, hidden = 12, seed = 3}
T.eq(net.hidden, 12, "hidden")
T.near(net.lambda, 0.9, 1e-12, "lambda")
T.eq(net.iter, 0, "a new network has 0 iterations")
T.eq(net.inputs, 50, "inputs")
T.check(net.task.name == "DE1", "net.task")
T.check(tostring(net):find("net rnn on DE1 %[50%->12%->1%]"), "net tostring: " .. tostring(net))
local W = net:param("W_hh")
T.eq(table.concat(W:shape(), "x"), "12x12", "W_hh shape")
T.near(W[3][3], 0.9, 1e-6, "LeInit diagonal is lambda")
T.check(net:params().b_out ~= nil, "params() by name")
local tr = net:probe{trials = 4, seed = 9}
T.eq(tr.trials, 4, "trace trials")
T.eq(table.concat(tr.y:shape(), "x"), "4x150x1", "trace y")
T.eq(table.concat(tr.x:shape(), "x"), "4x150x50", "trace x")
T.check(tr.h == tr.h, "trace arrays are cached")
T.check(tr.h:min() >= 0, "ReLU activity is non-negative")
local si, parts = tr:si()
T.check(type(si) == "number" and type(parts.entropy) == "number", "tr:si()")
local il = tr:infloss()
T.check(il == il, "tr:infloss() is a number")
local tr2 = net:probe{trials = 4, seed = 9}
T.eq((tr.h - tr2.h):max(), 0, "probes with the same seed agree")
local own = recmem.task("DE1"):sample{batch = 2, seed = 4}
T.eq(net:probe{batch = own}.trials, 2, "probe on a given batch")

-- gradients agree with finite differences (BCE task: smooth loss). Only parameters that
-- do not move pre-activations sitting exactly at ReLU's kink (zero input and zero bias
-- give a = 0 on many steps, where the one-sided slopes differ) are compared.
do
  local n = recmem.net{task = "CD1", hidden = 6, seed = 4}
  local batch = recmem.task("CD1"):sample{batch = 4, seed = 2}
  local loss, grads = n:loss(batch, {kappa_a = 1e-2, rho = 1e-3})
  for _, pname in ipairs({"W_out", "b_out", "W_in"}) do
    local p = n:param(pname)
    local flat = p:reshape(p:numel())
    local g = grads[pname]:reshape(p:numel())
    local idx = 1
    for q = 1, p:numel() do if math.abs(g[q]) > math.abs(g[idx]) then idx = q end end
    local h = 1e-2
    local orig = flat[idx]
    flat[idx] = orig + h
    n:set_param(pname, p)
    local lp = n:loss(batch, {kappa_a = 1e-2, rho = 1e-3})
    flat[idx] = orig - h
    n:set_param(pname, p)
    local lm = n:loss(batch, {kappa_a = 1e-2, rho = 1e-3})
    flat[idx] = orig
    n:set_param(pname, p)
    local fd = (lp - lm) / (2 * h)
    T.near(g[idx], fd, 0.05 * math.abs(fd) + 1e-4, "gradient of " .. pname .. "[" .. idx .. "]")
  end
  local again = n:loss(batch, {kappa_a = 1e-2, rho = 1e-3})
  T.near(again, loss, 1e-6, "restored parameters give the same loss")
end

-- conditions as data
local conds = recmem.conditions
T.check(type(conds) == "table", "recmem.conditions is loaded")
for _, c in ipairs({"basic", "hebbian", "tethered", "dynamic", "vardelay", "multitask"}) do
  T.check(conds[c] and conds[c].kappa_a and conds[c].read_back and conds[c].model,
          "condition " .. c .. " has model, kappa_a and read_back")
end
T.eq(conds.tethered.kappa_a, 1e-1, "tethered penalty")
T.eq(conds.tethered.read_back, 10, "tethered read-out")
T.eq(conds.basic.kappa_a, 1e-4, "basic penalty")
T.eq(#conds.multitask.pairs, 4, "the paper's four task pairs")
T.eq(recmem.net{condition = "dynamic", task = "DE1", hidden = 4}.inputs, 100,
     "condition dynamic makes the dynamic variant")
T.eq(recmem.net{condition = "vardelay", task = "CD1", hidden = 4}.variant, "vardelay",
     "condition vardelay")
T.eq(recmem.net{condition = "tethered", task = "CD1", hidden = 4}:probe{trials = 1}.read_back, 10,
     "tethered answers at T-10")
local has_hebbian = false
for _, m in ipairs(models) do has_hebbian = has_hebbian or m == "hebbian" end
if has_hebbian then
  T.eq(recmem.net{condition = "hebbian", task = "DE1", hidden = 4}.model, "hebbian", "hebbian model")
  T.raises(function() recmem.net{condition = "hebbian", model = "rnn", task = "DE1"} end,
           "cannot use model rnn", "hebbian condition needs its model")
else
  T.raises(function() recmem.net{condition = "hebbian", task = "DE1", hidden = 4} end,
           "unknown model 'hebbian'", "hebbian model not registered yet")
end

-- conditions compose with '+', as on the command line
do
  local n = recmem.net{condition = "tethered+vardelay", task = "CD1", hidden = 4}
  T.eq(n.variant, "vardelay", "composed variant")
  T.eq(n.condition, "tethered+vardelay", "composed name")
  T.eq(n:probe{trials = 1}.read_back, 10, "composed read-out step")
  T.raises(function() recmem.net{condition = "basic+tethered", task = "CD1"} end,
           "cannot be combined", "basic+x")
  T.raises(function() recmem.net{condition = "tethered+tethered", task = "CD1"} end,
           "given twice", "a part twice")
  T.raises(function() recmem.net{condition = "tethered+", task = "CD1"} end,
           "empty part", "trailing +")
end

-- task= as a name means that task in the network's variant; a task object keeps its own
do
  local n = recmem.net{task = "CD1", variant = "vardelay", hidden = 6, seed = 2}
  local steps = 20 * n.task.T
  local own = n:probe{trials = 20, seed = 4}
  local named = n:probe{trials = 20, seed = 4, task = "CD1"}
  local plain = n:probe{trials = 20, seed = 4, task = recmem.task{name = "CD1", variant = "none"}}
  T.check(own.mask:sum() < steps, "the vardelay network's own trials have skipped steps")
  T.eq(named.mask:sum(), own.mask:sum(), "a task name gets the network's variant")
  T.eq(plain.mask:sum(), steps, "a task object keeps its own variant (no skipped steps)")
  T.check(n:test{batches = 2, batch = 10, task = "CD1"}.infloss ~=
          n:test{batches = 2, batch = 10, task = recmem.task{name = "CD1"}}.infloss,
          "test on a task object of another variant tests that variant")
  n:train{iters = 2, batch = 4, task = recmem.task{name = "CD1"}}
  T.eq(n.variant, "none", "net.variant follows the task it trains on")
  T.raises(function() n:train{iters = 1, condition = "vardelay"} end,
           "needs the vardelay variant", "vardelay condition on a fixed-delay task")
end

-- errors name the problem
T.raises(function() recmem.net{task = "NOPE"} end, "unknown task 'NOPE' (known: DE1", "bad task")
T.raises(function() recmem.net{task = "DE1", model = "lstm"} end, "unknown model 'lstm' (rnn,", "bad model")
T.raises(function() recmem.net{task = "DE1", variant = "slow"} end, "unknown variant 'slow'", "bad variant")
T.raises(function() recmem.net{task = "DE1", condition = "sleepy"} end, "unknown condition 'sleepy'", "bad condition")
T.raises(function() recmem.net{task = "DE1", hidden = 0} end, "hidden 0 is out of range", "hidden 0")
T.raises(function() recmem.net{task = "DE1", hidden = "big"} end, "hidden must be an integer", "hidden type")
T.raises(function() recmem.net{task = "DE1", lambda = "x"} end, "lambda must be a number", "lambda type")
T.raises(function() recmem.net{task = "DE1", colour = 1} end, "unknown option 'colour'", "unknown option")
T.raises(function() recmem.net{} end, "task is required", "task missing")
T.raises(function() recmem.net("DE1") end, "table expected", "not a table")
T.raises(function() recmem.task{name = "DE1", variant = "x"} end, "unknown variant 'x'", "task variant")
T.raises(function() de1:sample{batch = 0} end, "batch = 0 is out of range", "batch 0")
T.raises(function() de1:period(151) end, "out of range 1..150", "period step")
T.raises(function() net:probe{trials = 0} end, "trials = 0 is out of range", "probe trials")
T.raises(function() net:param("W_xyz") end, "no parameter 'W_xyz'", "bad parameter name")
T.raises(function() net:set_param("W_hh", recmem.tensor(3)) end, "is 12x12", "set_param shape")
T.raises(function() net:loss(recmem.task("DE2"):sample{batch = 2}) end, "does not fit", "loss on a wrong batch")
T.raises(function() net:loss("batch") end, "recmem.batch expected", "loss argument type")
T.raises(function() net:train{} end, "iters is required", "train without iters")
T.raises(function() net:train{iters = -5} end, "iters -5 is out of range", "negative iters")
T.raises(function() net:train{iters = 1, condition = "hebbian"} end, "condition hebbian needs model hebbian",
         "hebbian condition on an rnn")
T.raises(function() net:train{iters = 1, condition = "dynamic"} end, "needs the dynamic variant",
         "dynamic condition on a plain network")
T.raises(function() net:train{iters = 1, task = "DE2"} end, "one network cannot do both", "task switch sizes")
T.raises(function() net.hidden = 5 end, "cannot be assigned", "net fields are read-only")
T.raises(function() return net.colour end, "no field or method 'colour'", "unknown field")
T.raises(function() recmem.show(42) end, "expected a run, a trace or a network", "show type")
T.raises(function() recmem.rng(1):poisson(-1) end, "mean must be", "poisson mean")

T.done("api")
