/* wb_lua.h: the workbench over a Lua state (wb_lua.c), for the interpreter's modes. */
#ifndef RM_CLI_WB_LUA_H
#define RM_CLI_WB_LUA_H

#include <lua.h>

/* Runs the full-screen workbench on L (demo: the teaching demo first) until the user
   quits; returns the exit status. The caller checked rm_tui_available(). */
int cli_workbench(lua_State *L, int demo);

#endif
