/* testutil.h: the few helpers C tests share: a failure counter and a check macro that
 * prints what failed and where. A test's main returns test_result(). */
#ifndef RM_TESTUTIL_H
#define RM_TESTUTIL_H

#include <math.h>
#include <stdio.h>

static int test_failures;

#define CHECK(cond, ...)                                                                  \
    do {                                                                                  \
        if (!(cond)) {                                                                    \
            test_failures++;                                                              \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                          \
            fprintf(stderr, __VA_ARGS__);                                                 \
            fputc('\n', stderr);                                                          \
        }                                                                                 \
    } while (0)

/* The same as functions, for checks that carry their own description. */
static inline void check(const char *what, int ok) {
    if (!ok) {
        test_failures++;
        fprintf(stderr, "FAIL %s\n", what);
    }
}

static inline void check_close(const char *what, double got, double want, double tol) {
    if (!(fabs(got - want) <= tol)) {
        test_failures++;
        fprintf(stderr, "FAIL %s: got %.17g, want %.17g\n", what, got, want);
    }
}

static inline int test_result(const char *name) {
    if (test_failures) fprintf(stderr, "%s: %d check(s) failed\n", name, test_failures);
    else printf("%s: all checks passed\n", name);
    return test_failures ? 1 : 0;
}

#endif
