-- test-seeds.lua NET [BATCHES]: a saved network's test information loss and SI on its own
-- task, over BATCHES fresh batches (1,000: 50,000 trials) drawn with each of three test
-- seeds, to see how much a reported number owes to the test set.
-- Example: recmem scripts/analysis/test-seeds.lua cd2.safetensors
local path, batches = arg[1], tonumber(arg[2] or "1000")
if not path or not batches then error("usage: recmem test-seeds.lua NET [BATCHES]", 0) end
local net = recmem.load(path)
for _, seed in ipairs{101, 202, 303} do
  local r = net:test{batches = batches, seed = seed}
  print(string.format("%s (iteration %d), test seed %d, %d trials: information loss %.4f, SI %.3f",
                      path, net.iter, seed, r.trials, r.infloss, r.si))
end
