/* run_json.h: a run description (core/run.h) as JSON, exactly: what checkpoints, the
 * registry, `recmem train --config` and sweep files carry. One flat object with the keys
 *   task variant model condition task2 lambda sigma rho kappa_a read_back hidden batch
 *   iters lr seed vardelay_warmup init_from threads test_batches si_trials log_every
 * Doubles are written with 17 significant digits and read back bit for bit. The seed is an
 * integer, or a decimal string when it exceeds 2^63 - 1 (JSON readers keep 64-bit signed
 * integers); both forms are read. Reading refuses an unknown key by name and a value of the
 * wrong type; kappa_a and read_back may be null (the condition's). */
#ifndef RM_RUN_JSON_H
#define RM_RUN_JSON_H

#include <jansson.h>
#include "core/run.h"

/* The config as a JSON object (new reference; NULL on out of memory). */
json_t *rm_run_cfg_json(const rm_run_cfg *c);
/* The same as compact text (malloc'd; NULL on out of memory). */
char *rm_run_cfg_dumps(const rm_run_cfg *c);
/* Sets the fields of c named in the object j; the others keep their values (so a caller
   starts from rm_run_cfg_init, or from values to override). RM_EINVAL naming the key. */
int rm_run_cfg_from_json(const json_t *j, rm_run_cfg *c, rm_err *e);
/* The same from JSON text, and from a file (`what` / path name it in messages). */
int rm_run_cfg_loads(const char *text, const char *what, rm_run_cfg *c, rm_err *e);
int rm_run_cfg_load_file(const char *path, rm_run_cfg *c, rm_err *e);

/* A JSON string of s; bytes of a string that is not UTF-8 become '?' (a path cut inside
   a character) rather than failing the whole document. NULL on out of memory. */
json_t *rm_json_text(const char *s);

#endif
