/* check.h: the store tests' failure counter and CHECK macro (prints what failed and where;
 * main returns check_result()). */
#ifndef RM_STORE_CHECK_H
#define RM_STORE_CHECK_H

#include <stdio.h>

static int check_failures;

#define CHECK(cond, ...)                                                                  \
    do {                                                                                  \
        if (!(cond)) {                                                                    \
            check_failures++;                                                             \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);                          \
            fprintf(stderr, __VA_ARGS__);                                                 \
            fputc('\n', stderr);                                                          \
        }                                                                                 \
    } while (0)

static inline int check_result(const char *name) {
    if (check_failures) fprintf(stderr, "%s: %d check(s) failed\n", name, check_failures);
    else printf("%s: all checks passed\n", name);
    return check_failures ? 1 : 0;
}

#endif
