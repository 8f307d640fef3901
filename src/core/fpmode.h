/* fpmode.h: flush-to-zero around the numeric loops. Floats below 1.2e-38 (denormals) take
 * a microcode path on x86 that costs about a hundred cycles an operation; orthogonal-init
 * and GRU runs make them as activity and gradients decay, and trained half as fast for it
 * (CD2, 200 units). Each compute call sets the mode and restores the caller's on return,
 * so the caller's own arithmetic (Lua's numbers, say) keeps IEEE denormals. Where the CPU
 * has no such mode this does nothing. */
#ifndef RM_FPMODE_H
#define RM_FPMODE_H

typedef unsigned rm_fpmode;

/* Turns on flush-to-zero and denormals-are-zero; returns the mode it replaced. */
rm_fpmode rm_fpmode_fast(void);
/* Puts back a mode that rm_fpmode_fast returned. */
void rm_fpmode_restore(rm_fpmode old);
/* 1 if this build can flush denormals (x86 with SSE), else 0. */
int rm_fpmode_supported(void);

#endif
