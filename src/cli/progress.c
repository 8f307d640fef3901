/* progress.c: see progress.h. */
#include <stdarg.h>
#include <stdio.h>
#include <time.h>
#include <unistd.h>
#include "progress.h"

double progress_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

void progress_begin(progress *p, const char *label, long start, long total) {
    p->tty = isatty(STDERR_FILENO);
    p->label = label;
    p->start = start;
    p->total = total;
    p->t0 = p->last = progress_now();
}

void progress_fmt_eta(char *buf, size_t n, double s) {
    if (s != s || s < 0) snprintf(buf, n, "--");
    else if (s < 60) snprintf(buf, n, "%.0fs", s);
    else if (s < 3600) snprintf(buf, n, "%.0fm%02.0fs", s / 60 - 0.5, s - 60 * (long)(s / 60));
    else snprintf(buf, n, "%.1fh", s / 3600);
}

void progress_update(progress *p, long done, const char *extra) {
    if (!p->tty) return;
    double now = progress_now();
    if (now - p->last < 0.1 && done < p->total) return;
    p->last = now;
    double rate = (done - p->start) / (now - p->t0 + 1e-9);
    char eta[32];
    progress_fmt_eta(eta, sizeof eta, rate > 0 ? (p->total - done) / rate : -1);
    int width = 24, fill = p->total > 0 ? (int)(width * (double)done / p->total) : 0;
    char bar[32];
    for (int i = 0; i < width; i++) bar[i] = i < fill ? '#' : '.';
    bar[width] = '\0';
    fprintf(stderr, "\r\033[K%s [%s] %ld/%ld  %.1f it/s  ETA %s%s%s", p->label, bar, done,
            p->total, rate, eta, extra ? "  " : "", extra ? extra : "");
    fflush(stderr);
}

void progress_line(progress *p, const char *fmt, ...) {
    if (p->tty) fputs("\r\033[K", stderr);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    p->last = 0; /* redraw the bar at once */
}

void progress_end(progress *p) {
    if (p->tty) fputs("\r\033[K", stderr);
    fflush(stderr);
}
