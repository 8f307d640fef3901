/* fpmode.c: flush-to-zero and denormals-are-zero through the SSE control register. */
#include "fpmode.h"

#if defined(__SSE__) || defined(__x86_64__)
#include <xmmintrin.h>

#define FTZ_DAZ 0x8040u /* MXCSR bits 15 (flush to zero) and 6 (denormals are zero) */

rm_fpmode rm_fpmode_fast(void) {
    rm_fpmode old = _mm_getcsr();
    if ((old & FTZ_DAZ) != FTZ_DAZ) _mm_setcsr(old | FTZ_DAZ);
    return old;
}

void rm_fpmode_restore(rm_fpmode old) {
    if (_mm_getcsr() != old) _mm_setcsr(old);
}

int rm_fpmode_supported(void) { return 1; }
#else
rm_fpmode rm_fpmode_fast(void) { return 0; }
void rm_fpmode_restore(rm_fpmode old) { (void)old; }
int rm_fpmode_supported(void) { return 0; }
#endif
