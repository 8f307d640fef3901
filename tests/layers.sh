#!/bin/sh
# layers.sh: the layers of DESIGN.md hold in the sources: the workbench (src/tui) never
# includes lua.h (it reaches Lua through rm_tui_script), the core includes neither Lua,
# curses nor readline, and the Lua layer includes no curses, readline or workbench header.
src=${top_srcdir:-.}/src
fail=0
bad() { echo "FAIL: $*"; fail=1; }

[ -d "$src/tui" ] && [ -d "$src/core" ] && [ -d "$src/lua" ] || { echo "FAIL: no sources under $src"; exit 1; }
# the issue's own check, on the sources (an in-tree build from before the move may keep
# stale objects that name lua.h)
hits=$(cd "$src/.." && grep -l lua.h src/tui/*.[ch])
[ -z "$hits" ] || bad "src/tui mentions lua.h: $hits"
hits=$(grep -lE '#[[:space:]]*include[[:space:]]*[<"](lua|lauxlib|lualib)\.h' "$src"/tui/*.[ch])
[ -z "$hits" ] || bad "src/tui includes Lua: $hits"
hits=$(grep -lE '#[[:space:]]*include[[:space:]]*[<"]((lua|lauxlib|lualib|curses|ncurses|term)\.h|readline/|lua/|tui/|store/|cli/)' "$src"/core/*.[ch])
[ -z "$hits" ] || bad "src/core includes a layer above it: $hits"
hits=$(grep -lE '#[[:space:]]*include[[:space:]]*[<"]((curses|ncurses)\.h|readline/|tui/|cli/)' "$src"/lua/*.[ch])
[ -z "$hits" ] || bad "src/lua includes the workbench, curses or readline: $hits"
# the plot layer sits between store and lua: no Lua, curses, readline, workbench or cli
hits=$(grep -lE '#[[:space:]]*include[[:space:]]*[<"]((lua|lauxlib|lualib|curses|ncurses)\.h|readline/|lua/|tui/|cli/)' "$src"/plot/*.[ch])
[ -z "$hits" ] || bad "src/plot includes a layer above it: $hits"
[ -f "$src/cli/interp.c" ] && [ ! -e "$src/lua/interp.c" ] || bad "the mode switch is not in src/cli"
exit $fail
