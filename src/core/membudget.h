/* membudget.h: how much memory a network and its training need, and whether this machine
 * can give it: asked before anything is allocated, so that an impossible size is refused
 * at once, with the numbers, instead of after minutes of initialisation or by the kernel. */
#ifndef RM_MEMBUDGET_H
#define RM_MEMBUDGET_H

#include <stddef.h>
#include "net.h"
#include "task.h"

/* Bytes a process can still allocate: physical memory, or less if an address-space limit
   (RLIMIT_AS, `ulimit -v`) leaves less. 0 if unknown. *limited is set to 1 when the limit
   is the smaller (for the message); limited may be NULL. */
double rm_mem_available(int *limited);
/* RM_OK if `bytes` fit; otherwise RM_EINVAL with "WHAT needs 40.0 GB, this machine has
   23.4 GB" (or "... the address-space limit (ulimit -v) leaves 3.1 GB"). */
int rm_mem_check(double bytes, const char *what, rm_err *e);

/* A network made to be trained: parameters, gradients and Adam's two moments (4 floats
   per parameter). Fails only for an unknown model or impossible layout. */
int rm_net_bytes(const rm_net_cfg *cfg, double *bytes, rm_err *e);
/* Everything one training run holds: the network as above, the forward/backward
   workspace for `batch` trials of the task, and the batch itself. */
int rm_train_bytes(const rm_net_cfg *cfg, const rm_task *task, int batch, double *bytes,
                   rm_err *e);

#endif
