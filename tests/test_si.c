/* test_si.c: the sequentiality index against a hand example whose values come from an
 * independent NumPy reference (tests/si_reference.py --examples), an ideal sequence
 * against persistent activity, the NaN rules, and the strided float/double entry points. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "metrics.h"
#include "testutil.h"


enum { T = 12, N = 4, TRIALS = 4 };

/* Column c of trial `trial` in h[TRIALS][T][N]. */
static void set_unit(double *h, int trial, int c, const double v[T]) {
    for (int t = 0; t < T; t++)
        h[((size_t)trial * T + t) * N + c] = v[t];
}

/* The same four trials as si_reference.py's examples()["hand"]. */
static void hand_example(double *h) {
    for (int i = 0; i < TRIALS * T * N; i++)
        h[i] = 0.0;
    /* Trial 0: peaks at 3 (zero background: NaN unit), 7 (on a 0.2 floor) and 11 (the
       last step, whose clipped window [9, 11) leaves the peak out); unit 2 is below
       threshold. */
    set_unit(h, 0, 0, (double[T]){0, 0, 1, 3, 1, 0, 0, 0, 0, 0, 0, 0});
    set_unit(h, 0, 1, (double[T]){.2, .2, .2, .2, .2, .2, .2, 2, .2, .2, .2, .2});
    set_unit(h, 0, 2, (double[T]){.05, .05, .05, .05, .05, .05, .05, .05, .05, .05, .05, .05});
    set_unit(h, 0, 3, (double[T]){0, 0, 0, 0, 0, 0, 0, 0, 0, .5, 1, 4});
    /* Trial 1: unit 1 is silent outside its window (NaN unit). */
    set_unit(h, 1, 0, (double[T]){.5, 1, 2, 1, .5, .5, .5, .5, .5, .5, .5, .5});
    set_unit(h, 1, 1, (double[T]){0, 0, 0, 0, 0, 3, 4, 3, 0, 0, 0, 0});
    /* Trial 2: both kept units peak at step 5 (histogram range [4.5, 5.5]). */
    set_unit(h, 2, 0, (double[T]){0, 0, 0, 0, 1, 2, 1, 0, 0, 0, 0, 0});
    set_unit(h, 2, 1, (double[T]){.3, .3, .3, .3, .3, 1, .3, .3, .3, .3, .3, .3});
    /* Trial 3: everything at 0.08, below r_thr: no kept unit. */
    for (int t = 0; t < T; t++)
        for (int c = 0; c < N; c++)
            h[((size_t)3 * T + t) * N + c] = 0.08;
}

static void test_hand(void) {
    double h[TRIALS * T * N];
    hand_example(h);
    /* Literals printed by `python3 tests/si_reference.py --examples`. */
    static const double want_si[3] = {3.2330439532632314, 3.1809672702911604,
                                      2.5500375036875793};
    static const double want_ent[3] = {2.329412125381221, 2.3700370540748317,
                                       2.090505174309139};
    static const double want_ridge[3] = {0.90363182788201024, 0.81093021621632877,
                                         0.45953232937844013};
    static const int want_kept[3] = {3, 2, 2};
    char what[64];
    for (int i = 0; i < 3; i++) {
        double ent, ridge;
        int kept;
        double si = rm_si_trial(h + (size_t)i * T * N, T, N, &ent, &ridge, &kept);
        snprintf(what, sizeof what, "hand trial %d si", i);
        check_close(what, si, want_si[i], 1e-9);
        snprintf(what, sizeof what, "hand trial %d entropy", i);
        check_close(what, ent, want_ent[i], 1e-9);
        snprintf(what, sizeof what, "hand trial %d ridge", i);
        check_close(what, ridge, want_ridge[i], 1e-9);
        snprintf(what, sizeof what, "hand trial %d kept", i);
        check(what, kept == want_kept[i]);
    }
    int kept = -1;
    double ent = 0, ridge = 0;
    check("no kept unit gives NaN", isnan(rm_si_trial(h + 3 * T * N, T, N, &ent, &ridge, &kept)));
    check("no kept unit: kept 0, parts NaN", kept == 0 && isnan(ent) && isnan(ridge));

    rm_si_result r;
    check("rm_si_compute_d ok", rm_si_compute_d(h, TRIALS, T, N, T * N, N, &r) == 0);
    check_close("hand SI over trials", r.si, 2.9880162424139898, 1e-9);
    check_close("hand entropy over trials", r.entropy, 2.2633181179217305, 1e-9);
    check_close("hand ridge over trials", r.ridge, 0.72469812449225979, 1e-9);
    check("hand trials_used", r.trials_used == 3);
    check_close("hand units_kept", r.units_kept, 7.0 / 3.0, 1e-12);

    /* The float path with a padded, non-contiguous layout: [trial][time][N + 3]. */
    enum { LD = N + 3 };
    float hf[TRIALS * T * LD];
    for (int i = 0; i < TRIALS; i++)
        for (int t = 0; t < T; t++)
            for (int c = 0; c < LD; c++)
                hf[((size_t)i * T + t) * LD + c] =
                    c < N ? (float)h[((size_t)i * T + t) * N + c] : 1e6f;
    rm_si_result rf;
    check("rm_si_compute ok", rm_si_compute(hf, TRIALS, T, N, T * LD, LD, &rf) == 0);
    /* Floats round 0.2 and the like, so only close, not equal. */
    check_close("float path SI", rf.si, r.si, 1e-6);
    check("float path trials_used", rf.trials_used == 3);

    /* The same data, time-major ([T][trial][N]) through the strides. */
    double ht[T * TRIALS * N];
    for (int i = 0; i < TRIALS; i++)
        for (int t = 0; t < T; t++)
            for (int c = 0; c < N; c++)
                ht[((size_t)t * TRIALS + i) * N + c] = h[((size_t)i * T + t) * N + c];
    rm_si_result rt;
    check("time-major ok", rm_si_compute_d(ht, TRIALS, T, N, N, TRIALS * N, &rt) == 0);
    check_close("time-major SI equals trial-major", rt.si, r.si, 1e-12);
}

/* An ideal sequence: unit n is a narrow bump centred at a time that tiles the trial. */
static void sequence(double *h, int nT, int nN) {
    for (int t = 0; t < nT; t++)
        for (int n = 0; n < nN; n++) {
            double c = (n + 0.5) * nT / nN, d = (t - c) / 1.5;
            h[(size_t)t * nN + n] = 0.01 + 6.0 * exp(-0.5 * d * d);
        }
}

/* Persistent activity: every unit on through the whole trial, gently varying. */
static void persistent(double *h, int nT, int nN) {
    for (int t = 0; t < nT; t++)
        for (int n = 0; n < nN; n++)
            h[(size_t)t * nN + n] = 1.0 + 0.05 * sin(0.1 * t + n);
}

static void test_sequence_vs_persistent(void) {
    enum { PT = 150, PN = 60 };
    double *h = malloc(sizeof(double) * PT * PN);
    if (!h) {
        printf("FAIL out of memory\n");
        test_failures++;
        return;
    }
    double ent, ridge;
    int kept;
    sequence(h, PT, PN);
    double si_seq = rm_si_trial(h, PT, PN, &ent, &ridge, &kept);
    check("sequence keeps every unit", kept == PN);
    /* Peaks tile the trial: the entropy is close to log(20). */
    check("sequence entropy near log 20", ent > log(20.0) - 0.1);
    persistent(h, PT, PN);
    double si_per = rm_si_trial(h, PT, PN, &ent, &ridge, &kept);
    check("persistent ridge near 0", fabs(ridge) < 0.1);
    printf("SI sequence %.4f, persistent %.4f\n", si_seq, si_per);
    check("SI(sequence) > SI(persistent) + 1", si_seq > si_per + 1.0);
    free(h);
}

/* A trial whose only kept unit has a zero background is NaN and left out of the mean. */
static void test_nan_rules(void) {
    double h[2 * T * 1];
    for (int t = 0; t < T; t++) {
        h[t] = t == 4 ? 2.0 : (t == 3 || t == 5) ? 1.0 : 0.0; /* window [2, 6) holds it all */
        h[T + t] = 1.0 + 0.1 * t;               /* a normal unit */
    }
    int kept;
    double ridge;
    check("zero background unit -> NaN trial", isnan(rm_si_trial(h, T, 1, NULL, &ridge, &kept)));
    check("zero background trial kept 1", kept == 1 && isnan(ridge));
    rm_si_result r;
    rm_si_compute_d(h, 2, T, 1, T, 1, &r);
    double want = rm_si_trial(h + T, T, 1, NULL, NULL, NULL);
    check("NaN trial left out of SI", !isnan(want) && fabs(r.si - want) < 1e-15);
    check("NaN-ridge trial still counts as used", r.trials_used == 2);

    /* No trials, or no units: NaN, never a crash. */
    rm_si_compute_d(h, 0, T, 1, T, 1, &r);
    check("zero trials -> NaN", isnan(r.si) && r.trials_used == 0);
    rm_si_compute_d(h, 2, T, 0, T, 0, &r);
    check("zero units -> NaN", isnan(r.si) && r.trials_used == 0);
}

int main(void) {
    test_hand();
    test_sequence_vs_persistent();
    test_nan_rules();
    return test_result("test_si");
}
