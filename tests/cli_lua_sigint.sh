#!/bin/sh
# cli_lua_sigint.sh: Ctrl-C (SIGINT) during a blocking training call stops the training,
# not the program: a script exits 1 with "interrupted", the REPL returns to its prompt
# with the network intact and still usable; an endless Lua loop is interrupted too.
. "${top_srcdir:-$(dirname "$0")/..}/tests/sigint_lib.sh"

# 1. a script: SIGINT ends it with status 1 and a clear message
cat > "$tmp/long.lua" <<'LUA'
local net = recmem.net{task = "DE1", hidden = 20}
print("training")
io.stdout:flush()
net:train{iters = 100000000, batch = 5}
print("not reached")
LUA
"$RECMEM" "$tmp/long.lua" > "$tmp/o1" 2> "$tmp/e1" &
pid=$!
wait_for "$tmp/o1" 100 training || bad "script did not start"
sleep 0.5
kill -INT $pid
i=0; while kill -0 $pid 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
if kill -0 $pid 2>/dev/null; then bad "script still running 10 s after SIGINT"; kill -9 $pid; fi
wait $pid; rc=$?; pid=
[ $rc -eq 1 ] || bad "script exit status after SIGINT: $rc"
grep -q 'interrupted: training stopped at iteration' "$tmp/e1" || bad "script message: $(cat "$tmp/e1")"
grep -q 'not reached' "$tmp/o1" && bad "the script went on after the interrupt"

# 2. the REPL: SIGINT stops the training call; the network is intact and usable
mkfifo "$tmp/in"
"$RECMEM" -i < "$tmp/in" > "$tmp/o2" 2> "$tmp/e2" &
pid=$!
exec 3> "$tmp/in"
echo 'net = recmem.net{task = "DE1", hidden = 20}' >&3
# "go" in the same chunk as the training, so the signal cannot land before it starts
echo 'print("go"); net:train{iters = 100000000, batch = 5}' >&3
wait_for "$tmp/o2" 100 go || bad "REPL did not start"
sleep 0.5
kill -INT $pid
wait_for "$tmp/e2" 100 interrupted || bad "no interrupt message in the REPL: $(cat "$tmp/e2")"
echo 'print("iter", net.iter > 0 and net.iter < 100000000, net.busy)' >&3
echo 'print("probe", net:probe{trials = 2}.trials)' >&3
echo 'print("again", net:train{iters = 3, batch = 5}.done)' >&3
# 3. an endless Lua loop is interrupted as well
echo 'print("looping"); while true do end' >&3
wait_for "$tmp/o2" 100 looping || bad "the loop did not start"
sleep 0.2
kill -INT $pid
echo 'print("alive")' >&3
exec 3>&-
i=0; while kill -0 $pid 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
if kill -0 $pid 2>/dev/null; then bad "REPL still running"; kill -9 $pid; fi
wait $pid; rc=$?; pid=
[ $rc -eq 0 ] || bad "REPL exit status $rc"
grep -q 'iter	true	false' "$tmp/o2" || bad "network after interrupt: $(cat "$tmp/o2")"
grep -q 'probe	2' "$tmp/o2" || bad "probe after interrupt"
grep -q 'again	3' "$tmp/o2" || bad "training after interrupt"
[ "$(grep -c interrupted "$tmp/e2")" -ge 2 ] || bad "loop not interrupted: $(cat "$tmp/e2")"
grep -q alive "$tmp/o2" || bad "REPL did not survive the second interrupt"

exit $fail
