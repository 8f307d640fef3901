/* cli.h: the subcommands of the recmem program and the small argument helpers they share.
 * Each command returns the process exit status: 0 success, 1 failure while running,
 * 2 bad usage or input (after printing one line "recmem: ..." on stderr). */
#ifndef RM_CLI_H
#define RM_CLI_H

#include <stdint.h>
#include <stdio.h>

/* argv[0] is the subcommand name. */
int cmd_train(int argc, char **argv);
int cmd_sample(int argc, char **argv);
int cmd_si(int argc, char **argv);
int cmd_bench(int argc, char **argv);
int cmd_runs(int argc, char **argv);    /* the run registry (src/store) */
int cmd_export(int argc, char **argv);
int cmd_open(int argc, char **argv);
int cmd_plot(int argc, char **argv);    /* figure files (src/plot) */
int cmd_sweep(int argc, char **argv);   /* sweeps: cmd_sweep.c, sweep_*.c */
/* One line: OpenBLAS's version and chosen kernel, and the CPU's vector extensions
   (recmem --version, recmem bench). */
void cli_print_blas(FILE *f);

/* Everything that is not a subcommand (interp.c): `recmem script.lua [args]`, `recmem -e
   chunk`, `recmem -i`, `recmem --demo`, and bare `recmem` (the workbench on a terminal,
   otherwise the plain REPL). argv is the program's. Returns the exit status. */
int cli_interp(int argc, char **argv);

/* Prints "recmem: <message>\n" on stderr; returns 2 (usage / input error). */
int cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints "recmem: <message>\n" on stderr; returns 1 (runtime failure). */
int cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Strict number parsing for flag values: 0 on success, -1 (after cli_fail's message)
   if s is not a number in [lo, hi]. `flag` names the option in the message. */
int cli_parse_long(const char *flag, const char *s, long lo, long hi, long *out);
int cli_parse_double(const char *flag, const char *s, double lo, double hi, double *out);
int cli_parse_u64(const char *flag, const char *s, uint64_t *out);

/* Value of the option at argv[*i] ("--flag value" or "--flag=value"); advances *i.
   Returns NULL (after printing "recmem: --flag needs a value") if missing. */
const char *cli_value(int argc, char **argv, int *i);
/* True if argv[i] is `name` or starts with "name=". */
int cli_is(const char *arg, const char *name);

#endif
