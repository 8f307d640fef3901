/* rm_limits.h: the bounds every value that defines a run must lie in, whichever front end or
 * file it comes from (command-line flags, Lua options, checkpoints, the registry). Defined
 * once here, and checked in one place for a whole run (rm_run_cfg_finish, core/run.c), so
 * that a file cannot carry a value the command line would refuse, e.g. a checkpoint whose
 * test_batches makes `export` run for hours. */
#ifndef RM_RM_LIMITS_H
#define RM_RM_LIMITS_H

#define RM_HIDDEN_MIN 1
#define RM_HIDDEN_MAX 20000          /* units in the recurrent layer */
#define RM_BATCH_MIN 1
#define RM_BATCH_MAX 100000          /* trials per training or test batch */
#define RM_ITERS_MAX 1000000000L     /* iterations per task of a run (and its warm-up) */
#define RM_ITER_REACHED_MAX (2 * RM_ITERS_MAX) /* iterations a run may reach: a multitask
                                                  run trains iters per task */
#define RM_TEST_BATCHES_MIN 1
#define RM_TEST_BATCHES_MAX 1000000  /* batches of the test after training */
#define RM_SI_TRIALS_MAX 1000000     /* trials of the sequentiality index's probe */
#define RM_LOG_EVERY_MIN 1
#define RM_LOG_EVERY_MAX 100000000L  /* iterations between log points */
#define RM_READ_BACK_MIN 1
#define RM_READ_BACK_MAX 100000      /* the answer is read at step T - read_back */
#define RM_THREADS_MAX 256           /* BLAS threads */
/* the paper's parameters: initial recurrent diagonal lambda0, spread sigma0, weight decay
   rho, activity penalty kappa_a, and Adam's learning rate */
#define RM_LAMBDA0_MAX 10.0          /* |lambda0| */
#define RM_SIGMA0_MAX 10.0
#define RM_RHO_MAX 1e3
#define RM_KAPPA_A_MAX 1e3
#define RM_LR_MIN 1e-12
#define RM_LR_MAX 10.0

#endif
