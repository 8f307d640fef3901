-- safety.lua: what a script cannot break (issue 11): error messages that say what is wrong
-- with the value given (not "required" for a bad value, no sentinel in a range), that keep
-- the cause of an error raised inside a task callback, and that never echo a huge string.
local T = dofile(arg[0]:match("(.-)[^/]*$") .. "check.lua")

local net = recmem.net{task = "DE1", hidden = 8}

-- a bad value is not a missing one; ranges are the real ones
T.raises(function() net:train{iters = -1} end, "iters -1 is out of range [0, 1000000000]", "iters -1")
-- the core's bounds (core/rm_limits.h), whichever front end: the same numbers as the
-- command line's and a checkpoint's
T.raises(function() recmem.net{task = "DE1", hidden = 20001} end,
         "recmem.net: hidden 20001 is out of range [1, 20000]", "hidden 20001")
T.raises(function() net:train{iters = 1, batch = 100001} end,
         "net:train: batch 100001 is out of range [1, 100000]", "batch 100001")
T.check(not select(2, pcall(function() net:train{iters = -1} end)):find("required"),
        "iters -1 is not 'required'")
T.raises(function() net:train{} end, "iters is required", "iters missing")
T.raises(function() recmem.task.define{name = "x", inputs = -1, outputs = 1,
                                        steps = {resp = 10}, sample = print} end,
         "inputs = -1 is out of range 1..", "inputs -1")
T.raises(function() recmem.task.define{name = "x", outputs = 1, steps = {resp = 10},
                                        sample = print} end,
         "inputs is required", "inputs missing")
T.raises(function() recmem.task.define{name = "x", inputs = 1, outputs = 1,
                                        steps = {resp = -1}, sample = print} end,
         "resp = -1 is out of range 1..", "resp -1")
T.raises(function() net:test{seed = -2} end, "seed = -2 is out of range 0..", "seed -2")
for _, f in ipairs{function() net:train{iters = -1} end,
                   function() net:test{seed = -2} end,
                   function() DE1 = recmem.task("DE1"); DE1:sample{seed = -7} end} do
  local _, err = pcall(f)
  T.check(not tostring(err):find("-1..", 1, true), "no sentinel in a range: " .. tostring(err))
end

-- errors repeat at most a short piece of what a script gave
local huge = string.rep("n", 10 * 1024 * 1024)
for what, f in pairs{
  task = function() recmem.task(huge) end,
  option = function() net:test{[huge] = 1} end,
  define = function() recmem.task.define{name = huge, inputs = 1, outputs = 1,
                                         steps = {resp = 10}, sample = print} end,
  field = function() return net[huge] end,
  variant = function() recmem.task("DE1", huge) end,
  net_variant = function() recmem.net{task = "DE1", hidden = 4, variant = huge} end,
  condition_variant = function() net:train{iters = 1, condition = {variant = huge}} end,
  param = function() net:param(huge) end,
  train_key = function() recmem.train{[huge] = {}} end,
} do
  local ok, err = pcall(f)
  T.check(not ok and #tostring(err) < 400, what .. ": error of " .. #tostring(err) .. " bytes")
  T.check(tostring(err):find("(10485760 bytes)", 1, true), what .. ": says how long: " ..
          tostring(err):sub(1, 200))
end

-- an error raised inside a task callback (a nested train, itself failing in a nested
-- callback) keeps its cause, however long the chain
local inner = recmem.task.define{name = "inner", inputs = 3, outputs = 1,
  steps = {stim = 5, delay = 5, resp = 5},
  sample = function() error(("long context "):rep(30) .. "THE CAUSE") end}
local mid = recmem.net{task = inner, hidden = 8}
local outer = recmem.task.define{name = "outer", inputs = 3, outputs = 1,
  steps = {stim = 5, delay = 5, resp = 5}, sample = function() mid:probe{} end}
local top = recmem.net{task = outer, hidden = 8}
T.raises(function() top:train{iters = 1, async = false} end, "THE CAUSE", "nested cause kept")
T.raises(function() top:probe{} end, "THE CAUSE", "nested cause kept (probe)")
T.raises(function() mid:test{batches = 1} end, "THE CAUSE", "cause kept (test)")

-- memory safety: scripts cannot reach the metatables; objects freed early (to-be-closed
-- variables, or __gc reached through the debug library) refuse every later use; views
-- refuse once what they view is gone; nothing a running call uses can be freed under it
for what, obj in pairs{net = net, tensor = recmem.tensor(2, 2), task = recmem.task("DE1"),
                       batch = recmem.task("DE1"):sample{batch = 1},
                       trace = net:probe{trials = 1}, rng = recmem.rng(1)} do
  T.check(type(getmetatable(obj)) == "string", what .. ": getmetatable gives " ..
          tostring(getmetatable(obj)))
  T.check(not pcall(setmetatable, obj, {}), what .. ": setmetatable refused")
end

-- the issue's crash, as a script would write it: the metatable is out of reach
local reached = recmem.net{task = "DE1", hidden = 4}
T.check(not pcall(function() getmetatable(reached).__gc(reached) end),
        "getmetatable(n).__gc(n) is an error, not a free")
T.check(pcall(function() return reached:probe{trials = 1} end), "and the net is intact")

local function cb_task(name, sample)
  return recmem.task.define{name = name, inputs = 3, outputs = 1,
                            steps = {stim = 5, delay = 5, resp = 5}, sample = sample}
end
local victim
local closes = cb_task("closes", function() local n <close> = victim end)
victim = recmem.net{task = closes, hidden = 8}
T.raises(function() victim:probe{} end, "network is in use", "<close> of the probed net")
T.raises(function() victim:train{iters = 2, async = false} end, "network is in use",
         "<close> of the trained net")
local gcd = cb_task("gcs", function() debug.getmetatable(victim).__gc(victim) end)
local victim2 = recmem.net{task = gcd, hidden = 8}
victim = victim2
T.raises(function() victim2:probe{} end, "network is in use", "__gc of the probed net")
T.raises(function() victim2:test{batches = 1} end, "network is in use", "__gc of the tested net")
local co = cb_task("coroutine", function()
  coroutine.wrap(function() local n <close> = victim end)() end)
victim = recmem.net{task = co, hidden = 8}
T.raises(function() victim:probe{} end, "network is in use", "<close> from a coroutine")
local self_task
self_task = cb_task("self", function() local t <close> = self_task end)
T.raises(function() self_task:sample{batch = 2} end, "in use", "<close> of the sampled task")

-- what no running call holds can be freed inside a callback, by <close> or the collector
local freed_inside = 0
local frees = cb_task("frees", function()
  do local n <close> = recmem.net{task = "DE1", hidden = 4} end
  for _ = 1, 3 do local _ = recmem.net{task = "DE1", hidden = 4} end
  collectgarbage()
  freed_inside = freed_inside + 1
end)
local host = recmem.net{task = frees, hidden = 8}
T.check(pcall(function() host:probe{trials = 2} end), "closing an unrelated net in a callback")
T.check(freed_inside > 0, "the callback ran")
collectgarbage()

-- a net closed early: every method refuses, closing twice is harmless
local n2 = recmem.net{task = "DE1", hidden = 8}
do local c <close> = n2 end
T.raises(function() n2:probe{} end, "network has been freed", "probe after close")
T.raises(function() n2:train{iters = 1} end, "network has been freed", "train after close")
T.check(tostring(n2):find("freed"), "tostring of a closed net: " .. tostring(n2))
T.check(pcall(debug.getmetatable(n2).__gc, n2), "__gc after __close is harmless")

-- views keep their base alive and refuse once it is freed
local base = recmem.tensor(20, 3)
local view = base:sub(1, 10)
local row = view[2]
do local c <close> = base end
T.raises(function() return view[1][1] end, "tensor has been freed", "view of a closed tensor")
T.raises(function() return row:sum() end, "tensor has been freed", "view of a view")
T.raises(function() return view + 1 end, "tensor has been freed", "arithmetic on a view")
T.check(tostring(view) == "tensor (freed)", "tostring of a dead view: " .. tostring(view))
local kept = recmem.tensor(4, 4):sub(2, 3)
collectgarbage(); collectgarbage()
T.check(pcall(function() return kept[1][1] + kept:sum() end), "a view keeps its base alive")

local batch = recmem.task("DE1"):sample{batch = 2}
local bx = batch.x
do local c <close> = batch end
T.raises(function() return bx[1][1][1] end, "tensor has been freed", "view of a closed batch")
T.raises(function() return batch.x end, "batch has been freed", "closed batch")
local trace = net:probe{trials = 1}
local h = trace.h
do local c <close> = trace end
T.raises(function() return h:sum() end, "tensor has been freed", "view of a closed trace")
T.raises(function() return trace:si() end, "trace has been freed", "closed trace")
local rn = recmem.net{task = "DE1", hidden = 8}
local run = rn:train{iters = 1, async = false}
do local c <close> = run end
T.raises(function() return run:status() end, "run has been freed", "closed run")
T.check(pcall(function() return rn:probe{trials = 1} end), "the run's net lives on")
local lt = cb_task("closed_task", function(b) end)
do local c <close> = lt end
T.raises(function() lt:sample{} end, "task closed_task has been freed", "closed Lua task")
T.raises(function() recmem.net{task = "closed_task"} end, "has been freed", "closed task by name")

-- a network trained under its own condition table saves and loads: the run description
-- records the condition it is based on (basic) with the table's values as overrides
local own = recmem.net{task = "DE1", hidden = 4}
own:train{iters = 1, batch = 2, async = false, condition = {name = "mine", kappa_a = 0.5}}
local path = os.tmpname()
own:save(path)
local ok, loaded, run = pcall(recmem.load, path)
os.remove(path)
T.check(ok and run.condition == "basic" and loaded:config():find('"kappa_a":%s*0%.5'),
        "load of a net with its own condition: " .. tostring(loaded))

T.done("safety")
