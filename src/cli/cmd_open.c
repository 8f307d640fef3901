/* cmd_open.c: `recmem open RUN.safetensors`: checks the checkpoint, then starts the Lua
 * REPL with it loaded as the global `net` (and `run`, what the file says about the run),
 * through the Lua layer's recmem.load. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"
#include "lua/lstore.h"
#include "lua/rmlua.h"
#include "store/ckpt.h"

int cmd_open(int argc, char **argv) {
    if (argc != 2 || argv[1][0] == '-') {
        FILE *f = argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) ? stdout : stderr;
        fputs("usage: recmem open RUN.safetensors\n"
              "  starts the Lua REPL with the saved network as `net` (net:probe{}, net:train{},\n"
              "  net:save(path)) and the run's record as `run`\n", f);
        return f == stdout ? 0 : 2;
    }
    /* a bad file gets the loader's one-line message before any Lua starts */
    rm_err e;
    rm_ckpt *c = NULL;
    if (rm_ckpt_load(argv[1], &c, &e)) return cli_fail("open: %s", e.msg);
    if (rmlua_ckpt_loadable(c, argv[1], &e)) {
        rm_ckpt_free(c);
        return cli_fail("open: %s", e.msg);
    }
    fprintf(stderr, "recmem: %s: %s %s/%s, %d units, iteration %ld (recmem %s)\n", argv[1],
            c->net.cfg.model, c->task.def->name, rm_variant_name(c->task.variant),
            c->net.cfg.n_hidden, c->tr.iter, c->version);
    rm_ckpt_free(c);

    /* The path goes into the chunk as decimal escapes, so no file name can break out. */
    const char *p = argv[1];
    char *chunk = malloc(64 + 4 * strlen(p));
    if (!chunk) return cli_error("open: out of memory");
    char *w = chunk + sprintf(chunk, "net, run = recmem.load(\"");
    for (; *p; p++) w += sprintf(w, "\\%u", (unsigned char)*p);
    strcpy(w, "\")");
    char *args[] = {"recmem", "-e", chunk, "-i", NULL};
    int rc = cli_interp(4, args);
    free(chunk);
    return rc;
}
