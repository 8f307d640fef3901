-- runs.lua: the session's runs from Lua: more than 64 asynchronous runs are all listed
-- (recmem.active_runs), finished ones are cleared (recmem.clear_finished_runs) while a
-- running one stays, and run objects keep answering after their run was cleared.
local T = dofile(arg[0]:match("(.-)[^/]*$") .. "check.lua")

local active0, listed0 = recmem.active_runs()
T.eq(active0, 0, "no run active at the start")
T.eq(listed0, 0, "no run listed at the start")

local runs = {}
for i = 1, 70 do
  local net = recmem.net{task = "DE1", hidden = 4, seed = i}
  runs[i] = net:train{iters = 2, batch = 1, async = true, name = "r" .. i}
end
for i = 1, 70 do T.eq(runs[i]:wait(), "done", "run " .. i .. " finishes") end
local active, listed = recmem.active_runs()
T.eq(active, 0, "all finished")
T.eq(listed, 70, "all 70 runs listed")

-- one that keeps running (paused) is not cleared
local long = recmem.net{task = "DE1", hidden = 4, seed = 99}
local lr = long:train{iters = 100000000, batch = 1, async = true, name = "long"}
lr:pause()
T.eq(recmem.clear_finished_runs(), 70, "the 70 finished runs are cleared")
active, listed = recmem.active_runs()
T.eq(listed, 1, "the paused run is still listed")
T.eq(active, 1, "and active")
T.eq(recmem.clear_finished_runs(), 0, "nothing more to clear")

-- a cleared run still answers
T.eq(runs[70]:status(), "done", "a cleared run's status")
T.eq(runs[70].iter, 2, "a cleared run's iterations")
T.check(tostring(runs[70]):find('"r70": done', 1, true), "a cleared run prints: " .. tostring(runs[70]))

T.eq(lr:stop(), "stopped", "the long run stops")
T.eq(recmem.clear_finished_runs(), 1, "and clears")
runs = nil
collectgarbage()
collectgarbage()
T.done("runs")
