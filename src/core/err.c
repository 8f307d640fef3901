/* err.c: filling rm_err records. */
#include <stdarg.h>
#include <stdio.h>
#include "rm_err.h"

int rm_seterr(rm_err *e, rm_status code, const char *fmt, ...) {
    if (e) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(e->msg, sizeof e->msg, fmt, ap);
        va_end(ap);
        e->code = code;
    }
    return code;
}
