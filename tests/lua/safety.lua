-- safety.lua: what a script cannot break (issue 11): error messages that say what is wrong
-- with the value given (not "required" for a bad value, no sentinel in a range), that keep
-- the cause of an error raised inside a task callback, and that never echo a huge string.
local T = dofile(arg[0]:match("(.-)[^/]*$") .. "check.lua")

local net = recmem.net{task = "DE1", hidden = 8}

-- a bad value is not a missing one; ranges are the real ones
T.raises(function() net:train{iters = -1} end, "iters = -1 is out of range 0..", "iters -1")
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

T.done("safety")
