/* init_from.h: recmem train --init-from: a new run that starts from a saved network's
 * weights (e.g. a DE2 network, which already keeps two orientations through the delay,
 * as the start of CD2, which needs the same memory and cannot find it from scratch). */
#ifndef RM_CLI_INIT_FROM_H
#define RM_CLI_INIT_FROM_H

#include "net.h"

/* Copies into net every parameter of the network saved at path that has the same name and
   shape, and says on stderr which it copied and which stay fresh. The saved network must
   be the same model with the same number of hidden units. Returns 0, or 2 after a one-line
   error. */
int cli_init_from(rm_net *net, const char *path);

#endif
