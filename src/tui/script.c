/* script.c: the workbench's side of the bridge to the script layer: the hooks it hands to
 * rm_tui_script.attach (output into the prompt's scrollback, recmem.show, the service
 * call while a script waits, and recmem.workbench's caption / compare / message), and the
 * teaching demo, which is examples/teach.lua run in the script's own state so a teacher
 * can read and change it, with the guide it registers (Space on an empty prompt). */
#include <config.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "tui/tui_internal.h"

#ifndef RM_EXAMPLESDIR
#define RM_EXAMPLESDIR "/usr/local/share/recmem/examples"
#endif
#ifndef RM_SRC_EXAMPLESDIR
#define RM_SRC_EXAMPLESDIR "examples"
#endif

static void hook_caption(void *ud, const char *s) {
    wb *w = ud;
    int had = w->caption[0] != 0;
    snprintf(w->caption, sizeof w->caption, "%s", s ? s : "");
    if (had != (w->caption[0] != 0)) wb_layout(w);
    wb_redraw_all(w);
}

static void hook_compare(void *ud, int on) {
    wb *w = ud;
    w->compare = on != 0;
    wb_layout(w);
    wb_redraw_all(w);
}

static void hook_message(void *ud, const char *s) {
    wb_message(ud, "%s", s ? s : "");
}

void script_hooks(wb *w, rm_tui_hooks *h) {
    *h = (rm_tui_hooks){.ud = w, .write = prompt_write, .show = runs_show,
                        .show_figure = pane_view_show, .show_pair = runs_show_pair,
                        .service = wb_service, .caption = hook_caption,
                        .compare = hook_compare, .message = hook_message,
                        .watch_sweep = pane_grid_watch, .pin_pair = runs_pin};
}

void script_demo_start(wb *w) {
    char cand[3][1024];
    int n = 0;
    const char *env = getenv("RECMEM_TEACH");
    if (env && *env) snprintf(cand[n++], sizeof cand[0], "%s", env);
    snprintf(cand[n++], sizeof cand[0], "%s/teach.lua", RM_SRC_EXAMPLESDIR);
    snprintf(cand[n++], sizeof cand[0], "%s/teach.lua", RM_EXAMPLESDIR);
    const char *path = NULL;
    for (int i = 0; i < n && !path; i++)
        if (access(cand[i], R_OK) == 0) path = cand[i];
    if (!path) {
        prompt_notice(w, "demo: teach.lua not found (looked in %s and %s; set RECMEM_TEACH)",
                      RM_SRC_EXAMPLESDIR, RM_EXAMPLESDIR);
        return;
    }
    prompt_notice(w, "teaching demo: running %s", path);
    term_in_script = 1;
    w->sc->run_file(w->sc->ctx, path);
    term_in_script = 0;
    fflush(stdout);
}

/* Space on an empty prompt: the guide's next step, if a script registered one. */
int script_guide(wb *w) {
    term_in_script = 1;
    int rc = w->sc->guide(w->sc->ctx);
    term_in_script = 0;
    fflush(stdout);
    wb_redraw_all(w);
    return rc;
}
