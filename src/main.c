/* main.c: the recmem program. Subcommands (train, sample, si, bench, ...) go to src/cli;
 * everything else (scripts, -e, -i, the workbench, --demo) to src/cli/interp.c. */
#include <config.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "blas.h"
#include "cli/cli.h"
#include "lua/lstore.h"
#include "lua/lsweep.h"
#include "lua/rmlua.h"

typedef struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} command;

static const command commands[] = {
    {"train", cmd_train, "train a network from the command line"},
    {"sample", cmd_sample, "write one batch of a task as .npy files"},
    {"si", cmd_si, "sequentiality index of an activity array (.npy)"},
    {"bench", cmd_bench, "time one training iteration against the GEMM floor"},
    {"sweep", cmd_sweep, "train a grid of networks on all cores or as a SLURM job array"},
    {"runs", cmd_runs, "list the runs recorded in the registry (./recmem.db)"},
    {"export", cmd_export, "write a saved run as MATLAB .mat or .npy files"},
    {"open", cmd_open, "start the REPL with a saved network loaded as `net`"},
    {"plot", cmd_plot, "figure files (PDF, SVG, PNG) of a saved network or of the registry"},
    {NULL, NULL, NULL},
};

static void usage(FILE *f) {
    fputs("usage: recmem [script.lua [args...] | -e chunk | -i | --demo]\n"
          "       recmem COMMAND [options]   (recmem COMMAND --help)\n\ncommands:\n", f);
    for (const command *c = commands; c->name; c++) fprintf(f, "  %-8s %s\n", c->name, c->summary);
}

int main(int argc, char **argv) {
    if (argc >= 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        usage(stdout);
        return 0;
    }
    /* before the first GEMM: a forced kernel this CPU cannot run dies with SIGILL */
    rm_cpu_flags cpu;
    rm_cpu_flags_get(&cpu);
    rm_err e;
    if (rm_blas_check_coretype(getenv("OPENBLAS_CORETYPE"), &cpu, &e)) {
        fprintf(stderr, "recmem: %s\n", e.msg);
        return 2;
    }
    if (argc >= 2 && !strcmp(argv[1], "--version")) {
        puts(PACKAGE_STRING);
        cli_print_blas(stdout);
        return 0;
    }
    rmlua_add_opener(rmlua_open_store); /* recmem.load, net:save, recmem.runs */
    rmlua_add_opener(rmlua_open_sweep); /* recmem.sweep.load */
    if (argc >= 2)
        for (const command *c = commands; c->name; c++)
            if (!strcmp(argv[1], c->name)) return c->run(argc - 1, argv + 1);
    return cli_interp(argc, argv);
}
