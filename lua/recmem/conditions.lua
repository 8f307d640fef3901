-- conditions.lua: the training conditions of Orhan & Ma (2019), SPEC section 3, as data.
--
-- Each condition says what differs from the basic one. Copy one and change it to make your
-- own; recmem.net{condition=...} and net:train{condition=...} take a name from this table
-- or a table of the same shape:
--
--   model           the model a network for this condition uses unless told otherwise
--   model_required  true if the condition *is* its model (then no other model is allowed)
--   kappa_a         activity penalty weight: kappa_a * mean(h^2) over the last 5 steps
--   read_back       the network's answer is read at step T - read_back (metrics)
--   variant         task variant the condition needs: "none", "vardelay", "dynamic"
--   pairs           multitask only: {first task, second task} pairs used in the paper
--
-- Example: a "half-tethered" condition
--   local c = {}; for k, v in pairs(recmem.conditions.tethered) do c[k] = v end
--   c.name, c.kappa_a = "half-tethered", 1e-2
--   net:train{iters = 2000, condition = c}

local conditions = {
  basic = {
    summary = "LeInit ReLU RNN (or ortho, gru), activity penalty 1e-4",
    model = "rnn", kappa_a = 1e-4, read_back = 5, variant = "none",
  },
  hebbian = {
    summary = "Hebbian fast weights (model 1)",
    model = "hebbian", model_required = true, kappa_a = 1e-4, read_back = 5, variant = "none",
  },
  tethered = {
    summary = "strong activity penalty 1e-1; answer read at T-10",
    model = "rnn", kappa_a = 1e-1, read_back = 10, variant = "none",
  },
  dynamic = {
    summary = "irrelevant dynamic input on extra channels",
    model = "rnn", kappa_a = 1e-4, read_back = 5, variant = "dynamic",
  },
  vardelay = {
    summary = "delay drawn per trial from {10, 40, 70, 100}",
    model = "rnn", kappa_a = 1e-4, read_back = 5, variant = "vardelay",
  },
  multitask = {
    summary = "train on one task, then keep training the same network on another",
    model = "rnn", kappa_a = 1e-4, read_back = 5, variant = "none",
    pairs = { {"CD1", "2AFC"}, {"COMP", "2AFC"}, {"2AFC", "CD1"}, {"2AFC", "COMP"} },
  },
}

for name, c in pairs(conditions) do c.name = name end

return conditions
