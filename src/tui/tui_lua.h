/* tui_lua.h: the workbench's own additions to the Lua state, and the teaching demo.
 * Inside the workbench `recmem.workbench` is a table of functions scripts can call:
 *   caption(text)      one line above the panes ("" removes it)
 *   compare(on)        two heatmaps side by side: the selected run and the next one
 *   message(text)      a short notice in the status line
 * It is nil outside the workbench, so a script can test for it and run headless too. */
#ifndef RM_TUI_LUA_H
#define RM_TUI_LUA_H

#include "tui/tui_internal.h"

void tui_lua_install(wb *w);
void tui_lua_remove(wb *w);
/* Runs examples/teach.lua (found via $RECMEM_TEACH, the source tree, or the installed
   examples directory) in the workbench's Lua state. */
void tui_demo_start(wb *w);

#endif
