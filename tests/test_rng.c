/* test_rng.c: the generator's stream against an independent reference, determinism, and the
 * moments of its uniform, normal, Bernoulli, bounded-integer and Poisson draws. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "rng.h"

static int failures;

#define CHECK(cond, ...)                        \
    do {                                        \
        if (!(cond)) {                          \
            printf("FAIL %s:%d: ", __FILE__, __LINE__); \
            printf(__VA_ARGS__);                \
            printf("\n");                       \
            failures++;                         \
        }                                       \
    } while (0)

/* |got - want| within z standard errors. */
static void near(const char *what, double got, double want, double se, double z) {
    CHECK(fabs(got - want) <= z * se, "%s: got %.6g, want %.6g (se %.3g)", what, got, want,
          se);
}

static void test_stream(void) {
    /* Reference: the first outputs of xoshiro256** seeded by splitmix64(12345), computed
       with a separate Python implementation of both algorithms. */
    static const uint64_t want[3] = {0xbe6a36374160d49bULL, 0x214aaa0637a688c6ULL,
                                     0xf69d16de9954d388ULL};
    rm_rng r;
    rm_rng_seed(&r, 12345);
    for (int i = 0; i < 3; i++) {
        uint64_t got = rm_rng_u64(&r);
        CHECK(got == want[i], "output %d of seed 12345: %016llx, want %016llx", i,
              (unsigned long long)got, (unsigned long long)want[i]);
    }
    rm_rng a, b, c;
    rm_rng_seed(&a, 7);
    rm_rng_seed(&b, 7);
    rm_rng_seed(&c, 8);
    int same = 1, differ = 0;
    for (int i = 0; i < 1000; i++) {
        double x = rm_rng_normal(&a), y = rm_rng_normal(&b);
        unsigned p = rm_rng_poisson(&a, 20.0), q = rm_rng_poisson(&b, 20.0);
        same &= (x == y) && (p == q);
        differ += rm_rng_u64(&a) != rm_rng_u64(&c);
        (void)rm_rng_u64(&b);
    }
    CHECK(same, "two generators with the same seed diverged");
    CHECK(differ > 990, "seeds 7 and 8 gave the same stream (%d of 1000 differ)", differ);
}

static void test_uniform(void) {
    rm_rng r;
    rm_rng_seed(&r, 1);
    int n = 1000000, out = 0;
    double s = 0, s2 = 0;
    for (int i = 0; i < n; i++) {
        double u = rm_rng_uniform(&r);
        out += !(u >= 0.0 && u < 1.0);
        s += u;
        s2 += u * u;
    }
    CHECK(out == 0, "%d uniforms outside [0, 1)", out);
    double m = s / n, v = s2 / n - m * m;
    near("uniform mean", m, 0.5, sqrt(1.0 / 12 / n), 5);
    near("uniform variance", v, 1.0 / 12, sqrt(1.0 / 180 / n), 5); /* Var(u^2-ish) */
    double lo = 1e9, hi = -1e9;
    for (int i = 0; i < 10000; i++) {
        double u = rm_rng_uniform_range(&r, -3.0, 5.0);
        if (u < lo) lo = u;
        if (u > hi) hi = u;
    }
    CHECK(lo >= -3.0 && lo < -2.99 && hi < 5.0 && hi > 4.99, "uniform_range(-3, 5) spans [%g, %g]",
          lo, hi);
}

static void test_normal(void) {
    rm_rng r;
    rm_rng_seed(&r, 2);
    int n = 1000000;
    double m1 = 0, m2 = 0, m3 = 0, m4 = 0, pair = 0, prev = 0;
    for (int i = 0; i < n; i++) {
        double x = rm_rng_normal(&r);
        if (i % 2) pair += prev * x; /* the two normals of one Box-Muller draw */
        prev = x;
        m1 += x;
        m2 += x * x;
        m3 += x * x * x;
        m4 += x * x * x * x;
    }
    m1 /= n, m2 /= n, m3 /= n, m4 /= n;
    near("normal mean", m1, 0.0, sqrt(1.0 / n), 5);
    near("normal E x^2", m2, 1.0, sqrt(2.0 / n), 5);
    near("normal E x^3", m3, 0.0, sqrt(15.0 / n), 5);
    near("normal E x^4", m4, 3.0, sqrt(96.0 / n), 5);
    near("normal E x_2i x_2i+1", pair / (n / 2), 0.0, sqrt(2.0 / n), 5);
}

static void test_discrete(void) {
    rm_rng r;
    rm_rng_seed(&r, 3);
    int n = 300000, count[3] = {0, 0, 0}, bad = 0, ones = 0;
    for (int i = 0; i < n; i++) {
        uint32_t k = rm_rng_below(&r, 3);
        if (k < 3) count[k]++;
        else bad++;
        bad += rm_rng_below(&r, 1) != 0;
        ones += rm_rng_bernoulli(&r, 0.3);
    }
    CHECK(bad == 0, "below() out of range %d times", bad);
    for (int k = 0; k < 3; k++)
        near("below(3) frequency", count[k] / (double)n, 1.0 / 3, sqrt(2.0 / 9 / n), 5);
    near("bernoulli(0.3) frequency", ones / (double)n, 0.3, sqrt(0.21 / n), 5);
    CHECK(rm_rng_below(&r, 0) == 0, "below(0) is not 0");
    /* A large bound that is not a power of two exercises the rejection step. */
    uint32_t big = 3000000000u;
    double s = 0;
    for (int i = 0; i < n; i++) s += rm_rng_below(&r, big);
    near("below(3e9) mean", s / n, (big - 1) / 2.0, big / sqrt(12.0 * n), 5);
}

/* Pearson's chi-square of n draws against the Poisson(mu) pmf, over the bins with at least
   20 expected draws (the tails are pooled into the first and last bin). */
static void poisson_chi2(rm_rng *r, double mu, int n) {
    enum { MAXK = 1400 };
    static int count[MAXK];
    memset(count, 0, sizeof count);
    for (int i = 0; i < n; i++) {
        unsigned k = rm_rng_poisson(r, mu);
        count[k < MAXK ? k : MAXK - 1]++;
    }
    double chi2 = 0, obs = 0, exp_ = 0, cdf = 0;
    int dof = -1;
    for (int k = 0; k < MAXK; k++) {
        double p = exp(k * log(mu) - mu - lgamma(k + 1.0));
        cdf += p;
        obs += count[k];
        exp_ += n * p;
        /* close a bin once it expects 20 draws and what remains does too */
        if (exp_ >= 20 && n * (1 - cdf) >= 20) {
            chi2 += (obs - exp_) * (obs - exp_) / exp_;
            dof++;
            obs = exp_ = 0;
        }
    }
    exp_ = n - (n * cdf - exp_); /* the upper tail goes into the last bin */
    chi2 += (obs - exp_) * (obs - exp_) / exp_;
    dof++;
    /* chi2 ~ dof +- sqrt(2 dof): 6 standard deviations is far beyond chance. */
    CHECK(chi2 < dof + 6 * sqrt(2.0 * dof), "poisson(%g): chi-square %.1f on %d dof", mu, chi2,
          dof);
}

static void test_poisson(void) {
    static const double means[] = {0.004, 0.5, 3.0, 9.99, 10.0, 15.0, 120.0, 1000.0};
    rm_rng r;
    rm_rng_seed(&r, 4);
    int n = 200000;
    for (size_t j = 0; j < sizeof means / sizeof *means; j++) {
        double mu = means[j], s = 0, s2 = 0;
        int at_mode = 0, mode = (int)floor(mu);
        for (int i = 0; i < n; i++) {
            double k = rm_rng_poisson(&r, mu);
            s += k;
            s2 += k * k;
            at_mode += (int)k == mode;
        }
        double m = s / n, v = s2 / n - m * m;
        char what[64];
        snprintf(what, sizeof what, "poisson(%g) mean", mu);
        near(what, m, mu, sqrt(mu / n), 5);
        snprintf(what, sizeof what, "poisson(%g) variance", mu);
        near(what, v, mu, sqrt((mu + 2 * mu * mu) / n), 5);
        /* The probability of the mode checks the shape, not only two moments. */
        double p = exp(mode * log(mu) - mu - lgamma(mode + 1.0));
        snprintf(what, sizeof what, "poisson(%g) P(k = %d)", mu, mode);
        near(what, at_mode / (double)n, p, sqrt(p * (1 - p) / n), 5);
    }
    static const double chi_means[] = {0.5, 3.0, 10.0, 15.0, 33.3, 120.0};
    for (size_t j = 0; j < sizeof chi_means / sizeof *chi_means; j++)
        poisson_chi2(&r, chi_means[j], 400000);
    CHECK(rm_rng_poisson(&r, 0.0) == 0, "poisson(0) is not 0");
    CHECK(rm_rng_poisson(&r, -1.0) == 0, "poisson(-1) is not 0");
    CHECK(rm_rng_poisson(&r, NAN) == 0, "poisson(NaN) is not 0");
}

int main(void) {
    test_stream();
    test_uniform();
    test_normal();
    test_discrete();
    test_poisson();
    if (failures) {
        printf("%d check(s) failed\n", failures);
        return 1;
    }
    printf("rng: all checks passed\n");
    return 0;
}
