/* rm_err.h: status codes and the error record every fallible core function fills.
 * The core never prints and never exits; callers decide what to show. */
#ifndef RM_ERR_H
#define RM_ERR_H

typedef enum {
    RM_OK = 0,
    RM_EINVAL,   /* bad argument, unknown name, impossible size */
    RM_ENOMEM,   /* allocation failed */
    RM_EIO,      /* file could not be read or written */
    RM_EFORMAT,  /* file read but malformed */
    RM_ENAN,     /* loss became NaN or Inf */
    RM_ESTOPPED  /* stopped on request (not a failure of the computation) */
} rm_status;

typedef struct {
    rm_status code;
    char msg[256]; /* one line, no trailing newline */
} rm_err;

/* Records code and a printf-style message in e (e may be NULL); returns code. */
int rm_seterr(rm_err *e, rm_status code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
