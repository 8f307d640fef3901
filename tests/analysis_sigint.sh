#!/bin/sh
# analysis_sigint.sh: Ctrl-C (SIGINT) during a long fixed-point search or decoding stops
# that computation promptly (both check between steps), not the program: a script ends
# with status 1 and "interrupted".
. "${top_srcdir:-$(dirname "$0")/..}/tests/sigint_lib.sh"

# interrupt NAME "what the message adds" LUA-CALL: runs the call (far longer than the test
# waits) on an untrained 200-unit network, sends SIGINT once it has started
interrupt() {
  cat > "$tmp/$1.lua" <<LUA
local net = recmem.net{task = "DE1", hidden = 200, lambda = 0.9, sigma = 0.02}
local tr = net:probe{trials = 600}
print("started")
io.stdout:flush()
$3
print("not reached")
LUA
  "$RECMEM" "$tmp/$1.lua" > "$tmp/$1.out" 2> "$tmp/$1.err" &
  pid=$!
  wait_for "$tmp/$1.out" 600 started || bad "$1: did not start: $(cat "$tmp/$1.err")"
  sleep 0.5
  kill -INT $pid
  i=0; while kill -0 $pid 2>/dev/null && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
  if kill -0 $pid 2>/dev/null; then bad "$1: still running 10 s after SIGINT"; kill -9 $pid; fi
  wait $pid; rc=$?; pid=
  [ $rc -eq 1 ] || bad "$1: exit status after SIGINT: $rc"
  grep -q "interrupted${2:+: $2}" "$tmp/$1.err" || bad "$1: message: $(cat "$tmp/$1.err")"
  grep -q 'not reached' "$tmp/$1.out" && bad "$1: the script went on after the interrupt"
}

interrupt fixed "fixed point search stopped" \
  'net:fixed_points{trace = tr, starts = 100000, iters = 100000, tol = 0}'
# (a signal between two calls is Lua's own "interrupted"; inside one, "decoding stopped")
interrupt decode "" \
  'for i = 1, 1000 do tr:decode{train = 0.9} end'

[ $fail -eq 0 ] && echo "analysis_sigint: all checks passed"
exit $fail
