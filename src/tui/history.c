/* history.c: the REPL's persistent history, shared by the plain REPL and the workbench's
 * prompt: one file in the XDG state directory, multi-line statements kept whole, every
 * statement appended at once so a crash keeps it. */
#include <config.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <readline/history.h>
#include "tui/history.h"

#define HISTORY_MAX 1000

/* $XDG_STATE_HOME/recmem/history or ~/.local/state/recmem/history, directories made
   private (the history may hold paths and parameters). NULL if there is no place. */
static char *history_path(void) {
    const char *state = getenv("XDG_STATE_HOME");
    const char *home = getenv("HOME");
    char dir[4096];
    if (state && state[0] == '/') snprintf(dir, sizeof dir, "%s/recmem", state);
    else if (home && *home) snprintf(dir, sizeof dir, "%s/.local/state/recmem", home);
    else return NULL;
    for (char *p = dir + 1; *p; p++) { /* mkdir -p */
        if (*p != '/') continue;
        *p = 0;
        mkdir(dir, 0700);
        *p = '/';
    }
    if (mkdir(dir, 0700) && errno != EEXIST) return NULL;
    size_t n = strlen(dir) + sizeof "/history";
    char *path = malloc(n);
    if (path) snprintf(path, n, "%s/history", dir);
    return path;
}

char *rm_history_open(void) {
    using_history();
    history_comment_char = '#';    /* timestamps are written only with a comment char, */
    history_write_timestamps = 1;  /* and they delimit the entries, so that ...          */
    history_multiline_entries = 1; /* ... multi-line statements come back whole          */
    char *path = history_path();
    if (path) read_history(path);
    return path;
}

void rm_history_add(const char *path, const char *chunk) {
    if (!chunk || !*chunk) return;
    HIST_ENTRY *last = history_length ? history_get(history_base + history_length - 1) : NULL;
    if (last && !strcmp(last->line, chunk)) return;
    add_history(chunk);
    if (path && append_history(1, path)) write_history(path);
}

void rm_history_close(char *path) {
    if (path) history_truncate_file(path, HISTORY_MAX);
    free(path);
}
