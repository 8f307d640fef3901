#!/bin/sh
# cli_lua.sh: the Lua entry points of the recmem program: scripts with arguments, -e,
# exit statuses (0, 1 for a Lua error, 2 for bad usage), the plain REPL on a pipe, --demo
# without a terminal, and every example script at a tiny scale.
: "${RECMEM:?RECMEM must name the built recmem binary}"
: "${top_srcdir:=.}"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
export XDG_STATE_HOME="$tmp/state" OPENBLAS_NUM_THREADS=1
fail=0
bad() { echo "FAIL: $*" >&2; fail=1; }

# a script gets its arguments in `arg` and `...`
cat > "$tmp/args.lua" <<'LUA'
local a, b = ...
print(#arg, arg[0]:match("args.lua$") ~= nil, a, b)
LUA
out=$("$RECMEM" "$tmp/args.lua" one "two words") || bad "script exit status $?"
[ "$out" = "2	true	one	two words" ] || bad "script arguments: '$out'"

# -e runs chunks in order, then the script
out=$("$RECMEM" -e 'x = 20' -e 'print(x + 1)') || bad "-e exit status"
[ "$out" = "21" ] || bad "-e output: '$out'"
out=$("$RECMEM" -e 'print(recmem.task("CD1").name)') || bad "-e recmem"
[ "$out" = "CD1" ] || bad "recmem is a global: '$out'"

# output redirected to a file is there as soon as it is printed: a script killed (here by
# kill -9 from its own os.execute) keeps what it printed, progress lines included
"$RECMEM" -e 'print("early")' -e 'recmem.net{task="2AFC", hidden=4}:train{iters=2, batch=2, log_every=1, verbose=true}' \
    -e 'os.execute("kill -9 $PPID")' -e 'print("never")' > "$tmp/o" 2> "$tmp/e"
[ "$(head -1 "$tmp/o")" = "early" ] && grep -q "iter 2/2" "$tmp/o" && ! grep -q never "$tmp/o" ||
    bad "output lost when the script was killed: '$(cat "$tmp/o")'"

# errors: message with traceback on stderr, exit status 1
"$RECMEM" -e 'error("kaput")' > "$tmp/o" 2> "$tmp/e"; rc=$?
[ $rc -eq 1 ] || bad "error exit status $rc"
grep -q 'kaput' "$tmp/e" && grep -q 'stack traceback' "$tmp/e" || bad "error message: $(cat "$tmp/e")"
printf 'print("before")\nlocal x = nil + 1\nprint("after")\n' > "$tmp/err.lua"
"$RECMEM" "$tmp/err.lua" > "$tmp/o" 2> "$tmp/e"; rc=$?
[ $rc -eq 1 ] || bad "script error exit status $rc"
[ "$(cat "$tmp/o")" = "before" ] || bad "script stops at the error"
grep -q 'err.lua:2:' "$tmp/e" || bad "error names the line: $(cat "$tmp/e")"
"$RECMEM" -e 'recmem.net{task="NOPE"}' 2> "$tmp/e"; rc=$?
[ $rc -eq 1 ] && grep -q "unknown task 'NOPE'" "$tmp/e" || bad "API error from -e: $rc $(cat "$tmp/e")"
echo 'x = = 1' > "$tmp/syntax.lua"
"$RECMEM" "$tmp/syntax.lua" 2> "$tmp/e"; rc=$?
[ $rc -eq 1 ] && grep -q 'syntax.lua:1:' "$tmp/e" || bad "syntax error: $rc $(cat "$tmp/e")"
"$RECMEM" "$tmp/missing.lua" 2> "$tmp/e"; rc=$?
[ $rc -eq 2 ] && grep -q 'cannot open' "$tmp/e" || bad "missing script: $rc $(cat "$tmp/e")"
"$RECMEM" frobnicate 2> "$tmp/e"; rc=$?
[ $rc -eq 2 ] && grep -q "unknown command or script 'frobnicate'" "$tmp/e" || bad "unknown command: $rc $(cat "$tmp/e")"
"$RECMEM" -e 'os.exit(3)'; rc=$?
[ $rc -eq 3 ] || bad "os.exit status $rc"

# bad usage: exit status 2 and a usage message
"$RECMEM" -Z 2> "$tmp/e"; rc=$?
[ $rc -eq 2 ] && grep -q "unrecognized option '-Z'" "$tmp/e" || bad "bad option: $rc"
"$RECMEM" -e 2> "$tmp/e"; rc=$?
[ $rc -eq 2 ] && grep -q "needs an argument" "$tmp/e" || bad "-e without chunk: $rc"

# a script from standard input
out=$(echo 'print(6 * 7)' | "$RECMEM" -) || bad "stdin script"
[ "$out" = "42" ] || bad "stdin script output: '$out'"

# --demo needs a terminal
"$RECMEM" --demo < /dev/null > "$tmp/o" 2> "$tmp/e"; rc=$?
[ $rc -eq 2 ] && grep -q 'needs a terminal' "$tmp/e" || bad "--demo without a terminal: $rc $(cat "$tmp/e")"

# the plain REPL on a pipe: bare expressions print, multi-line statements, errors go on
printf '%s\n' 'x = 2' 'x * 21' 'function sq(v)' '  return v * v' 'end' 'sq(9)' \
  'error("oops")' 'recmem.tensor(3, 4)' 'net = recmem.net{task = "DE1", hidden = 5}' 'net' |
  "$RECMEM" -i > "$tmp/o" 2> "$tmp/e"; rc=$?
[ $rc -eq 0 ] || bad "REPL exit status $rc"
printf '%s\n' 42 81 'tensor float32 [3x4] mean=0' \
  'net rnn on DE1 [50->5->1] lambda=0.98 sigma=0 iter=0' > "$tmp/want"
cmp -s "$tmp/o" "$tmp/want" || bad "REPL output: $(cat "$tmp/o")"
grep -q 'oops' "$tmp/e" || bad "REPL error: $(cat "$tmp/e")"
# bare recmem without a terminal is the REPL too
out=$(echo '1 + 1' | "$RECMEM") || bad "bare recmem on a pipe"
[ "$out" = "2" ] || bad "bare recmem REPL: '$out'"

# the examples run (at a tiny scale: RECMEM_QUICK=1)
for ex in "$top_srcdir"/examples/*.lua; do
  RECMEM_QUICK=1 "$RECMEM" "$ex" > "$tmp/o" 2> "$tmp/e" || bad "example $(basename "$ex"): $(cat "$tmp/e")"
done

exit $fail
