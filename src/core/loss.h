/* loss.h: the training objective of SPEC 3: task loss over the response period,
 * activity penalty over the last 5 steps, weight decay over every parameter. */
#ifndef RM_LOSS_H
#define RM_LOSS_H

#include "net.h"
#include "task.h"

typedef struct {
    double kappa_a;  /* activity penalty weight: 1e-4 basic, 1e-1 tethered */
    double rho;      /* weight decay */
} rm_loss_cfg;

typedef struct {
    double task, penalty, decay, total;
} rm_loss_parts;

/* Applies the output unit: ws->y from ws->z (sigmoid clipped to [1e-6, 1-1e-6] for
   binary tasks, identity otherwise). Called by rm_net_forward via net->cfg.out. */
void rm_output_unit(rm_out_unit out, const float *z, float *y, size_t n);

/* After rm_net_forward on a batch loaded into ws: computes the loss, writes ws->dz and the
   penalty coefficients (ws->pen_coef, pen_steps) for rm_net_backward, and adds the
   weight-decay gradient to net->grads. Returns the parts in *parts. */
void rm_loss_compute(const rm_task *t, rm_net *net, rm_ws *ws, const rm_loss_cfg *lc,
                     rm_loss_parts *parts);
/* The task loss alone (no gradients) of the outputs in ws: for evaluation. */
double rm_task_loss(const rm_task *t, const rm_ws *ws);

#endif
