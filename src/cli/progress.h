/* progress.h: progress on stderr for long work: a live bar on a terminal, plain lines
 * (only at log points) otherwise. */
#ifndef RM_PROGRESS_H
#define RM_PROGRESS_H

#include <stddef.h>

typedef struct {
    int tty;            /* stderr is a terminal */
    const char *label;  /* "train", "test" */
    long total, start;  /* iterations to reach, and where this phase began */
    double t0, last;    /* monotonic seconds at start and at the last redraw */
} progress;

double progress_now(void);
void progress_begin(progress *p, const char *label, long start, long total);
/* Redraws the bar (at most ~10 times a second) with an optional extra text. */
void progress_update(progress *p, long done, const char *extra);
/* Prints one plain line (clearing the bar first on a terminal). */
void progress_line(progress *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void progress_end(progress *p);
/* "42s", "3m05s", "1.2h", or "--" for an unknown (negative or NaN) time. */
void progress_fmt_eta(char *buf, size_t n, double seconds);

#endif
