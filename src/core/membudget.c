/* membudget.c: memory a run needs (counted from the same layout and workspace functions
 * that allocate it) against what the machine and the address-space limit allow. */
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>
#include "membudget.h"

/* The address space already in use (Linux /proc; 0 elsewhere): a limit counts it too. */
static double vm_in_use(void) {
    FILE *f = fopen("/proc/self/statm", "r");
    if (!f) return 0;
    unsigned long pages = 0;
    int ok = fscanf(f, "%lu", &pages) == 1;
    fclose(f);
    return ok ? (double)pages * (double)sysconf(_SC_PAGESIZE) : 0;
}

double rm_mem_available(int *limited) {
    long pages = sysconf(_SC_PHYS_PAGES), psize = sysconf(_SC_PAGESIZE);
    double phys = pages > 0 && psize > 0 ? (double)pages * (double)psize : 0;
    if (limited) *limited = 0;
    struct rlimit rl;
    if (getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) {
        double left = (double)rl.rlim_cur - vm_in_use();
        if (left < 0) left = 0;
        if (phys == 0 || left < phys) {
            if (limited) *limited = 1;
            return left;
        }
    }
    return phys;
}

static void human(char *buf, size_t n, double bytes) {
    if (bytes >= 1e9) snprintf(buf, n, "%.1f GB", bytes / 1e9);
    else snprintf(buf, n, "%.0f MB", bytes / 1e6 < 1 ? 1 : bytes / 1e6);
}

int rm_mem_check(double bytes, const char *what, rm_err *e) {
    int limited;
    double avail = rm_mem_available(&limited);
    if (avail == 0 || bytes <= avail) return RM_OK;
    char need[32], have[32];
    human(need, sizeof need, bytes);
    human(have, sizeof have, avail);
    return rm_seterr(e, RM_EINVAL, "%s needs %s, %s %s", what, need,
                     limited ? "the address-space limit (ulimit -v) leaves"
                             : "this machine has",
                     have);
}

int rm_net_bytes(const rm_net_cfg *cfg, double *bytes, rm_err *e) {
    rm_net net;
    int rc = rm_net_layout(&net, cfg, e);
    if (rc) return rc;
    *bytes = 4.0 * (double)net.n_params * sizeof(float);
    return RM_OK;
}

int rm_train_bytes(const rm_net_cfg *cfg, const rm_task *task, int batch, double *bytes,
                   rm_err *e) {
    rm_net net;
    int rc = rm_net_layout(&net, cfg, e);
    if (rc) return rc;
    double ws = (double)rm_ws_floats(&net, batch, task->T) * sizeof(float);
    double steps = (double)batch * task->T;
    double b = steps * (task->n_chan + task->n_out + 1) * sizeof(float) +
               (double)batch * (2.0 * task->n_out * sizeof(double) + 2 * sizeof(int));
    *bytes = 4.0 * (double)net.n_params * sizeof(float) + ws + b;
    return RM_OK;
}
