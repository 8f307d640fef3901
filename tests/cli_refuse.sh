# tests/cli_refuse.sh: what the command-line tests that source it share: `bad` records a
# failure (the test ends with `exit $fail`), `refuse` checks that a command is refused
# the way recmem refuses bad input: exit status 2 and one line on stderr naming the problem.
# Sourced after cd into the test's own directory (it writes out and err there).
fail=0
bad() { echo "FAIL: $*"; fail=1; }
refuse() { # description, pattern, command...
    d=$1; pat=$2; shift 2
    "$@" >out 2>err
    rc=$?
    if [ "$rc" -ne 2 ] || [ "$(wc -l <err)" -ne 1 ] || ! grep -q -- "$pat" err; then
        bad "$d: exit $rc, stderr:"; cat err
    fi
}
