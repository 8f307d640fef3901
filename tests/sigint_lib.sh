# sigint_lib.sh, sourced by the tests that send Ctrl-C (SIGINT) to a running recmem: a
# temporary folder removed at exit (with the recmem started in $pid killed), a failure
# flag set by bad, and wait_for, which polls for printed markers instead of sleeping.
: "${RECMEM:?RECMEM must name the built recmem binary}"
tmp=$(mktemp -d) || exit 1
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"' EXIT
export XDG_STATE_HOME="$tmp/state" OPENBLAS_NUM_THREADS=1
fail=0
bad() { echo "FAIL: $*" >&2; fail=1; }

# waits up to $2 tenths of a second for file $1 to contain $3
wait_for() {
  i=0
  while [ $i -lt "$2" ]; do
    grep -q "$3" "$1" 2>/dev/null && return 0
    sleep 0.1; i=$((i + 1))
  done
  return 1
}
