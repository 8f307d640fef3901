/* tui.h: the full-screen ncurses workbench (panes: loss, heatmap, output, status, prompt). */
#ifndef RM_TUI_H
#define RM_TUI_H

#include <lua.h>

typedef struct {
    int demo;          /* start the teaching demo (two networks side by side) */
} rm_tui_opts;

/* True if the workbench can run here: stdin and stdout are terminals and TERM is set and
   not "dumb". */
int rm_tui_available(void);
/* Runs the workbench on state L until the user quits. Returns the exit status. The
   terminal is restored on every exit path (including fatal signals). */
int rm_tui_run(lua_State *L, const rm_tui_opts *o);

#endif
