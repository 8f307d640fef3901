#!/bin/sh
# cli_lua_tty.sh: the readline REPL on a pseudo-terminal (tests/lua/tty_repl.py drives
# it: completion, multi-line, Ctrl-C during training and at the prompt, history).
: "${RECMEM:?RECMEM must name the built recmem binary}"
: "${top_srcdir:=.}"
command -v python3 > /dev/null || { echo "python3 not found: cannot drive a pseudo-terminal"; exit 77; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
python3 "$top_srcdir/tests/lua/tty_repl.py" "$RECMEM" "$tmp"
