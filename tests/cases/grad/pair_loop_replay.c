/* Pair loops whose iterations compute locals from fixed data: the reverse
** sweep computes them again instead of taping them (adjoint_recompute.c,
** adj_replay_body; was fuzz/open/pair_loop_tape_per_pair).
**
** lj_energy is the Lennard-Jones energy over i < j with a local double d[3]
** rewritten for each pair (d[k] = x[i][k] - x[j][k]; then the minimum image
** d[k] -= box * round(d[k] / box)), r2 summed over k, a cutoff test on r2
** and s6 under it. The old tool taped ~60 bytes per pair (d twice per k,
** r2, s6, the branch, the counter); now the pair's leading statements run
** again at the start of its backward iteration, the cutoff test is
** evaluated again and s6 recomputed: the tape holds nothing per pair.
** Oracles: the hand-written forces (-dE/dx, the same minimum image and
** cutoff) for every coordinate, central differences for a few, and the
** tape peak (< 256 KiB for 200 atoms, 19,900 pairs; it was 1.2 MiB).
**
** pair_weight reads the whole d[] after the loop that sets it, and w =
** exp(-r2) of the replayed r2 is recomputed; q is differentiated too. Its
** gradient is checked against central differences in every input, and its
** tape must not grow with the number of pairs.
**
** prefix_shapes: a prefix that overwrites a value its own backward code
** reads (t, saved within the iteration), branches on it, and sets the
** element of the loop's own counter (e[j]) that the rest reads; guarded:
** a local set in an if arm (g = exp(a) / (1 + a * a)) computed again at the
** start of the backward iteration, with the branch evaluated again, so
** nothing is taped per iteration. Both against central differences. */
#include <math.h>
#include "ccad.h"
#include "ccad_oracle.h"

double lj_energy(const double (*x)[3], int n, double box)
{
    double epot = 0.0;
    for (int i = 0; i < n - 1; i++)
        for (int j = i + 1; j < n; j++) {
            double d[3], r2 = 0.0;
            for (int k = 0; k < 3; k++) {
                d[k] = x[i][k] - x[j][k];
                d[k] -= box * round(d[k] / box);
                r2 += d[k] * d[k];
            }
            if (r2 < 6.25) {
                double s6 = 1.0 / (r2 * r2 * r2);
                epot += 4.0 * (s6 * s6 - s6);
            }
        }
    return epot;
}
#pragma ad grad(lj_energy) wrt(x[n][3])

double pair_weight(const double (*x)[3], const double *q, int n, double box)
{
    double e = 0.0;
    for (int i = 0; i < n - 1; i++)
        for (int j = i + 1; j < n; j++) {
            double d[3], r2 = 0.0;
            for (int k = 0; k < 3; k++) {
                d[k] = x[i][k] - x[j][k];
                d[k] -= box * round(d[k] / box);
                r2 += d[k] * d[k];
            }
            double w = exp(-0.5 * r2);
            for (int k = 0; k < 3; k++) e += q[i] * q[j] * w * d[k] * d[k] * (k + 1);
        }
    return e;
}
#pragma ad grad(pair_weight) wrt(x[n][3], q[n])

/* a value the prefix overwrites after its own use (saved within the
 * iteration for the prefix's backward code), a branch inside the prefix,
 * an element of the loop's own counter that the rest reads */
double prefix_shapes(const double *x, const double *y, int n)
{
    double acc = 0.0;
    for (int j = 0; j < n; j++) {
        double e[16];
        double t = x[j] - y[j];
        double s = t * t;
        t = sin(t) * 0.5 + s;
        if (t > 0.3)
            s = s * t;
        else
            s = s - t;
        e[j] = s * y[j];
        acc += e[j] * x[(j + 1) % n] + t;
    }
    return acc;
}
#pragma ad grad(prefix_shapes) wrt(x[n], y[n])

/* no prefix: a recomputed local set under a branch (g) */
double guarded(const double *x, int n)
{
    double acc = 0.0;
    for (int i = 0; i < n; i++) {
        double a = x[i] * 2.0;
        if (x[i] > 0.0) {
            double g = exp(a) / (1.0 + a * a);
            acc += g * x[i];
        } else {
            acc -= a * a;
        }
    }
    return acc;
}
#pragma ad grad(guarded) wrt(x[n])

#include "pair_loop_replay.ad.h"

/* -dE/dx by hand: the same minimum image and cutoff */
static void lj_forces(const double (*x)[3], int n, double box, double (*g)[3])
{
    for (int a = 0; a < n; a++) for (int k = 0; k < 3; k++) g[a][k] = 0.0;
    for (int i = 0; i < n - 1; i++)
        for (int j = i + 1; j < n; j++) {
            double d[3], r2 = 0.0;
            for (int k = 0; k < 3; k++) {
                d[k] = x[i][k] - x[j][k];
                d[k] -= box * round(d[k] / box);
                r2 += d[k] * d[k];
            }
            if (r2 >= 6.25) continue;
            double s6 = 1.0 / (r2 * r2 * r2);
            double de_dr2 = 4.0 * (-6.0 * s6 * s6 + 3.0 * s6) / r2;  /* dE/d(r2) */
            for (int k = 0; k < 3; k++) {
                g[i][k] += 2.0 * de_dr2 * d[k];
                g[j][k] -= 2.0 * de_dr2 * d[k];
            }
        }
}

#define NA 200
#define NW 12
int main(void)
{
    static double x[NA][3], g[NA][3], want[NA][3];
    /* a jittered 6x6x6 lattice of spacing 1.1 in a box of 6.6: pairs inside
     * and outside the cutoff, none closer than ~0.9 */
    OracleRng rng = oracle_rng(7);
    const double box = 6.6;
    for (int a = 0; a < NA; a++) {
        x[a][0] = 1.1 * (a % 6) + oracle_uniform(&rng, -0.05, 0.05);
        x[a][1] = 1.1 * (a / 6 % 6) + oracle_uniform(&rng, -0.05, 0.05);
        x[a][2] = 1.1 * (a / 36) + oracle_uniform(&rng, -0.05, 0.05);
    }
    double e0 = lj_energy((const double (*)[3])x, NA, box);
    ccad_tape_reset_peak();
    double e = lj_energy_grad((const double (*)[3])x, g, NA, box);
    size_t peak = ccad_tape_peak_bytes();
    printf("lj: tape peak %zu bytes for %d pairs\n", peak, NA * (NA - 1) / 2);
    CHECK_CLOSE("lj energy", e, e0, ORACLE_RTOL_EXACT, 0.0);
    CHECK_TRUE("lj tape does not grow with the pairs", peak < 256 * 1024);
    lj_forces((const double (*)[3])x, NA, box, want);
    CHECK_VEC_CLOSE("lj gradient = hand-written -forces", &g[0][0], &want[0][0], 3 * NA, 1e-10, 1e-10);
    const int probe[4][2] = {{0, 0}, {17, 1}, {101, 2}, {199, 0}};
    for (int p = 0; p < 4; p++) {
        int a = probe[p][0], k = probe[p][1];
        double h = 1e-6, s = x[a][k];
        x[a][k] = s + h;
        double ep = lj_energy((const double (*)[3])x, NA, box);
        x[a][k] = s - h;
        double em = lj_energy((const double (*)[3])x, NA, box);
        x[a][k] = s;
        CHECK_CLOSE("lj gradient vs central differences", g[a][k], (ep - em) / (2 * h), 1e-5, 1e-6);
    }

    /* pair_weight: every input against central differences */
    double xw[NW][3], q[NW], gx[NW][3], gq[NW];
    for (int a = 0; a < NW; a++) {
        for (int k = 0; k < 3; k++) xw[a][k] = oracle_uniform(&rng, 0.0, 4.0);
        q[a] = oracle_uniform(&rng, -1.0, 1.0);
    }
    ccad_tape_reset_peak();
    pair_weight_grad((const double (*)[3])xw, gx, q, gq, NW, 4.0);
    size_t small = ccad_tape_peak_bytes();
    ccad_tape_reset_peak();
    double qa[NA];
    for (int a = 0; a < NA; a++) qa[a] = q[a % NW];
    static double ga[NA][3];
    double gqa[NA];
    pair_weight_grad((const double (*)[3])x, ga, qa, gqa, NA, box);
    size_t big = ccad_tape_peak_bytes();
    printf("pair_weight: tape peak %zu bytes for %d pairs, %zu for %d\n", small, NW * (NW - 1) / 2, big, NA * (NA - 1) / 2);
    CHECK_TRUE("pair_weight tape does not grow with the pairs", big <= small + 1024);
    pair_weight_grad((const double (*)[3])xw, gx, q, gq, NW, 4.0);
    for (int a = 0; a < NW; a++) {
        double h = 1e-6;
        for (int k = 0; k < 3; k++) {
            double s = xw[a][k];
            xw[a][k] = s + h;
            double ep = pair_weight((const double (*)[3])xw, q, NW, 4.0);
            xw[a][k] = s - h;
            double em = pair_weight((const double (*)[3])xw, q, NW, 4.0);
            xw[a][k] = s;
            CHECK_CLOSE("pair_weight d/dx", gx[a][k], (ep - em) / (2 * h), ORACLE_RTOL_FD, ORACLE_ATOL_FD);
        }
        double s = q[a];
        q[a] = s + h;
        double ep = pair_weight((const double (*)[3])xw, q, NW, 4.0);
        q[a] = s - h;
        double em = pair_weight((const double (*)[3])xw, q, NW, 4.0);
        q[a] = s;
        CHECK_CLOSE("pair_weight d/dq", gq[a], (ep - em) / (2 * h), ORACLE_RTOL_FD, ORACLE_ATOL_FD);
    }

    /* prefix_shapes and guarded: central differences in every input */
    double px[16], py[16], gpx[16], gpy[16];
    for (int a = 0; a < 16; a++) {
        px[a] = oracle_uniform(&rng, -1.5, 1.5);
        py[a] = oracle_uniform(&rng, -1.5, 1.5);
    }
    prefix_shapes_grad(px, gpx, py, gpy, 16);
    double gg[16];
    guarded_grad(px, gg, 16);
    for (int a = 0; a < 16; a++) {
        double h = 1e-6;
        for (int w = 0; w < 3; w++) {
            double *v = w == 1 ? py : px, s = v[a];
            v[a] = s + h;
            double ep = w == 2 ? guarded(px, 16) : prefix_shapes(px, py, 16);
            v[a] = s - h;
            double em = w == 2 ? guarded(px, 16) : prefix_shapes(px, py, 16);
            v[a] = s;
            double got = w == 0 ? gpx[a] : w == 1 ? gpy[a] : gg[a];
            CHECK_CLOSE(w == 0 ? "prefix_shapes d/dx" : w == 1 ? "prefix_shapes d/dy" : "guarded d/dx", got,
                        (ep - em) / (2 * h), ORACLE_RTOL_FD, ORACLE_ATOL_FD);
        }
    }
    ccad_tape_reset_peak();
    guarded_grad(px, gg, 4);
    size_t g4 = ccad_tape_peak_bytes();
    ccad_tape_reset_peak();
    guarded_grad(px, gg, 16);
    CHECK_TRUE("guarded tapes nothing per iteration", ccad_tape_peak_bytes() == g4);
    return oracle_result();
}
