/* rng.h: the caller-owned random number generator (xoshiro256**, seeded by splitmix64).
 * There is no global generator: every run, task sampler and initialiser takes one. */
#ifndef RM_RNG_H
#define RM_RNG_H

#include <stdint.h>

typedef struct {
    uint64_t s[4];
    int has_spare;  /* Box-Muller keeps its second normal */
    double spare;
} rm_rng;

void rm_rng_seed(rm_rng *r, uint64_t seed);
uint64_t rm_rng_u64(rm_rng *r);
double rm_rng_uniform(rm_rng *r);                 /* [0, 1) with 53 random bits */
double rm_rng_uniform_range(rm_rng *r, double lo, double hi); /* [lo, hi) */
double rm_rng_normal(rm_rng *r);                  /* standard normal */
int rm_rng_bernoulli(rm_rng *r, double p);        /* 1 with probability p */
uint32_t rm_rng_below(rm_rng *r, uint32_t n);     /* uniform integer in [0, n), unbiased */
/* An exact Poisson draw for any mean >= 0 (Knuth's product method below 10,
 * Hormann's PTRS transformed rejection above). */
unsigned rm_rng_poisson(rm_rng *r, double mean);
/* The same draw as rm_rng_poisson for 0 < mean < 10, given limit = exp(-mean): a sampler
   that reuses one rate many times computes the exponential once. */
unsigned rm_rng_poisson_small(rm_rng *r, double limit);

#endif
