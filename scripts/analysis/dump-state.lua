-- dump-state.lua TASK HIDDEN OUT [CHECKPOINT]: the hidden state at the answer step (T-5) of
-- 2,000 fresh trials, one line per trial: class, ideal observer's answer, then the units.
-- Without CHECKPOINT the network is untrained (lambda 0.98, sigma 0.002, seed 1).
-- With readout.py it asks: can a linear read-out of this state already tell the answer?
-- Example: recmem scripts/analysis/dump-state.lua CD2 500 cd2.txt && python3 scripts/analysis/readout.py cd2.txt
local task, hidden, out, path = arg[1], tonumber(arg[2]), arg[3], arg[4]
if not (task and hidden and out) then
  error("usage: recmem dump-state.lua TASK HIDDEN OUT [CHECKPOINT]", 0)
end
local net = path and recmem.load(path)
            or recmem.net{task = task, hidden = hidden, lambda = 0.98, sigma = 0.002, seed = 1}
local f = assert(io.open(out, "w"))
for rep = 1, 40 do
  local tr = net:probe{trials = 50, seed = 100 + rep}
  for k = 1, tr.trials do
    local row = {tr.s[k][1], tr.opt[k][1]}
    for u = 1, tr.N do row[#row + 1] = string.format("%.5g", tr.h[k][tr.T - 4][u]) end
    f:write(table.concat(row, " "), "\n")
  end
end
f:close()
