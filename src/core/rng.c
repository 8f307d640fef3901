/* rng.c: the caller-owned generator of rng.h: xoshiro256** seeded by splitmix64, and the
 * uniform, normal, Bernoulli, bounded-integer and exact Poisson draws built on it. */
#include <math.h>
#include "rng.h"

#define TWO_PI 6.283185307179586476925286766559

static uint64_t splitmix64(uint64_t *x) {
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

void rm_rng_seed(rm_rng *r, uint64_t seed) {
    uint64_t x = seed;
    for (int i = 0; i < 4; i++) r->s[i] = splitmix64(&x);
    r->has_spare = 0;
    r->spare = 0.0;
}

uint64_t rm_rng_u64(rm_rng *r) {
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double rm_rng_uniform(rm_rng *r) {
    return (double)(rm_rng_u64(r) >> 11) * 0x1.0p-53;
}

double rm_rng_uniform_range(rm_rng *r, double lo, double hi) {
    return lo + (hi - lo) * rm_rng_uniform(r);
}

/* Box-Muller: two normals per pair of uniforms; the second is kept for the next call. */
double rm_rng_normal(rm_rng *r) {
    if (r->has_spare) {
        r->has_spare = 0;
        return r->spare;
    }
    double u1 = 1.0 - rm_rng_uniform(r); /* (0, 1]: log is finite */
    double u2 = rm_rng_uniform(r);
    double rad = sqrt(-2.0 * log(u1));
    double th = TWO_PI * u2;
    r->spare = rad * sin(th);
    r->has_spare = 1;
    return rad * cos(th);
}

int rm_rng_bernoulli(rm_rng *r, double p) { return rm_rng_uniform(r) < p; }

/* Lemire's multiply-and-reject: exactly uniform on [0, n). */
uint32_t rm_rng_below(rm_rng *r, uint32_t n) {
    if (n == 0) return 0;
    uint64_t m = (uint64_t)(uint32_t)(rm_rng_u64(r) >> 32) * n;
    uint32_t low = (uint32_t)m;
    if (low < n) {
        uint32_t thresh = (uint32_t)(-n) % n;
        while (low < thresh) {
            m = (uint64_t)(uint32_t)(rm_rng_u64(r) >> 32) * n;
            low = (uint32_t)m;
        }
    }
    return (uint32_t)(m >> 32);
}

/* Knuth: count uniforms until their product drops below exp(-mean). Exact; cost ~ mean. */
unsigned rm_rng_poisson_small(rm_rng *r, double limit) {
    double prod = rm_rng_uniform(r);
    unsigned k = 0;
    while (prod > limit) {
        k++;
        prod *= rm_rng_uniform(r);
    }
    return k;
}

/* Hormann (1993), "The transformed rejection method for generating Poisson random
 * variables" (PTRS): exact, constant expected cost for mean >= 10. */
static unsigned poisson_ptrs(rm_rng *r, double mean) {
    double slam = sqrt(mean), loglam = log(mean);
    double b = 0.931 + 2.53 * slam;
    double a = -0.059 + 0.02483 * b;
    double invalpha = 1.1239 + 1.1328 / (b - 3.4);
    double vr = 0.9277 - 3.6224 / (b - 2.0);
    for (;;) {
        double u = rm_rng_uniform(r) - 0.5;
        double v = rm_rng_uniform(r);
        double us = 0.5 - fabs(u);
        double k = floor((2.0 * a / us + b) * u + mean + 0.43);
        if (us >= 0.07 && v <= vr) return (unsigned)k;
        if (k < 0.0 || (us < 0.013 && v > us)) continue;
        if (log(v) + log(invalpha) - log(a / (us * us) + b) <=
            -mean + k * loglam - lgamma(k + 1.0))
            return (unsigned)k;
    }
}

unsigned rm_rng_poisson(rm_rng *r, double mean) {
    if (!(mean > 0.0)) return 0; /* 0, negative or NaN: no spikes */
    return mean < 10.0 ? rm_rng_poisson_small(r, exp(-mean)) : poisson_ptrs(r, mean);
}
