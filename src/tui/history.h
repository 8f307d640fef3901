/* history.h: the persistent REPL history (history.c), shared by the plain REPL (src/cli)
 * and the workbench's prompt. Readline's history only: nothing here knows Lua. */
#ifndef RM_TUI_HISTORY_H
#define RM_TUI_HISTORY_H

/* Sets readline's history up and reads the file; returns its path (NULL if there is no
   place for it: then nothing is saved). */
char *rm_history_open(void);
/* Records a finished statement (skipping a repeat) and appends it to the file at once. */
void rm_history_add(const char *path, const char *chunk);
/* Trims the file and frees path. */
void rm_history_close(char *path);

#endif
