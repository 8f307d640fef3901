/* args.c: strict parsing of flag values and the one-line error convention of the CLI. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "cli.h"

static void vmsg(const char *fmt, va_list ap) {
    fputs("recmem: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

int cli_fail(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vmsg(fmt, ap);
    va_end(ap);
    return 2;
}

int cli_error(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vmsg(fmt, ap);
    va_end(ap);
    return 1;
}

int cli_parse_long(const char *flag, const char *s, long lo, long hi, long *out) {
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (!*s || *end || errno) {
        cli_fail("%s: '%s' is not a whole number", flag, s);
        return -1;
    }
    if (v < lo || v > hi) {
        cli_fail("%s: %ld is out of range [%ld, %ld]", flag, v, lo, hi);
        return -1;
    }
    *out = v;
    return 0;
}

int cli_parse_double(const char *flag, const char *s, double lo, double hi, double *out) {
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (!*s || *end || errno || !isfinite(v)) {
        cli_fail("%s: '%s' is not a finite number", flag, s);
        return -1;
    }
    if (v < lo || v > hi) {
        cli_fail("%s: %g is out of range [%g, %g]", flag, v, lo, hi);
        return -1;
    }
    *out = v;
    return 0;
}

int cli_parse_u64(const char *flag, const char *s, uint64_t *out) {
    char *end;
    errno = 0;
    if (*s == '-') {
        cli_fail("%s: '%s' must not be negative", flag, s);
        return -1;
    }
    unsigned long long v = strtoull(s, &end, 10);
    if (!*s || *end || errno) {
        cli_fail("%s: '%s' is not a whole number", flag, s);
        return -1;
    }
    *out = v;
    return 0;
}

int cli_is(const char *arg, const char *name) {
    size_t n = strlen(name);
    return !strncmp(arg, name, n) && (arg[n] == '\0' || arg[n] == '=');
}

const char *cli_value(int argc, char **argv, int *i) {
    const char *arg = argv[*i];
    const char *eq = strchr(arg, '=');
    if (arg[0] == '-' && arg[1] == '-' && eq) return eq + 1;
    if (*i + 1 >= argc) {
        int n = eq ? (int)(eq - arg) : (int)strlen(arg);
        cli_fail("%.*s needs a value", n, arg);
        return NULL;
    }
    return argv[++*i];
}
