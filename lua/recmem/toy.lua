-- recmem.toy: constructed networks whose answers are known, for checking the analyses and
-- for showing what a chain and a persistent network look like next to a trained one.
-- The task: a stimulus angle s in [0, pi) arrives once, at step 1, as four non-negative
-- features (1 +- cos 2s, 1 +- sin 2s), from which (cos 2s, sin 2s) is linear; then `delay`
-- silent steps and one response step. A toy network copies the four features into units
-- 1..4 (W_in), has zero biases and a zero read-out, and the recurrent weights it is given:
-- toy.chain is a shift register (block k of four units hands its content to block k + 1
-- at each step: a sequence), toy.identity keeps it in place (persistent activity).
local M = {}

local function defined(name)
  for _, n in ipairs(recmem.task.list()) do
    if n == name then return true end
  end
  return false
end

-- toy.task(delay) -> the task's name ("pulse<delay>"), defined on first use.
function M.task(delay)
  assert(math.type(delay) == "integer" and delay >= 1, "toy.task: delay must be an integer >= 1")
  local name = "pulse" .. delay
  if defined(name) then return name end
  recmem.task.define{
    name = name, inputs = 4, outputs = 1, loss = "circular", poisson = false,
    steps = {stim = 1, delay = delay, resp = 1},
    sample = function(b, rng)
      for i = 1, b.B do
        local s = rng:uniform(0, math.pi)
        local x = b.x[i][1]
        x[1], x[2] = 1 + math.cos(2 * s), 1 - math.cos(2 * s)
        x[3], x[4] = 1 + math.sin(2 * s), 1 - math.sin(2 * s)
        for t = 1, b.T do b.target[i][t][1] = s end
        b.s[i][1] = s
      end
    end,
  }
  return name
end

-- toy.network(W, delay [, model]) -> a network on toy.task(delay) with recurrent weights W
-- (N x N, N >= 4).
function M.network(W, delay, model)
  local N = W:size(1)
  local t = recmem.tensor
  local net = recmem.net{task = M.task(delay), model = model, hidden = N, seed = 1}
  local W_in = t(N, 4)
  for c = 1, 4 do W_in[c][c] = 1 end
  net:set_param("W_in", W_in)
  net:set_param("W_hh", W)
  net:set_param("b_in", t(N))
  net:set_param("b_hh", t(N))
  net:set_param("W_out", t(1, N))
  return net
end

-- toy.chain_weights(blocks) -> the shift register's W (4 * blocks units).
function M.chain_weights(blocks)
  local N = 4 * blocks
  local W = recmem.tensor(N, N)
  for k = 0, blocks - 2 do
    for c = 1, 4 do W[4 * (k + 1) + c][4 * k + c] = 1 end
  end
  return W
end

-- toy.chain(delay [, blocks]) -> the shift register on toy.task(delay); blocks defaults to
-- one per step of the trial (delay + 2), so the content reaches the last block at the end.
function M.chain(delay, blocks)
  return M.network(M.chain_weights(blocks or delay + 2), delay)
end

-- toy.identity(N, delay [, v]) -> W = v * I (v = 1: the stimulus is held unchanged).
function M.identity(N, delay, v)
  local W = recmem.tensor(N, N)
  for i = 1, N do W[i][i] = v or 1 end
  return M.network(W, delay)
end

return M
