// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** vjp/omp_rows_triangular: triangular loops (t2 <= t + k) in collapse(2)
** parallel loops whose rows are apart only for some run-time sizes
** (analysis/omp_rows.c: the triangular bound at the outer counter's
** largest, omp_rows_apart_cond) (probe20):
**   causal  iteration (b, t) reads x[b * ld + t2], t2 <= t + k: apart where
**           ld >= T + k; ld = T - 1 and ld = T with k = 1 spill into the
**           next row (per-thread copies then);
**   scores  a lower triangle per (b, h) at b * NH * sq + h * sq + t * T
**           + t2, read and written (att = sin(..) + att * q): apart where
**           sq >= T * T; sq = T * T - 1 and T * (T - 1) make the squares
**           overlap, where the primal's iterations themselves race, so
**           those run on one thread (the backward loop's other build).
** Oracles: J^T w against central differences of <w, f(x)> (the
** differences on one thread), 1 to 4 threads, 20 calls each; TSan twin.
*/
#include <math.h>
#include <omp.h>
#include <string.h>
#include "ccad_oracle.h"

/* causal rows: row b holds ld values; iteration (b, t) reads x[b * ld + t2],
 * t2 <= t + k (k = 0: T values per row; k = 1: T + 1) */
void causal(double *y, const double *x, int B, int T, int ld, int k)
{
#pragma omp parallel for collapse(2)
    for (int b = 0; b < B; b++)
        for (int t = 0; t < T; t++) {
            double s = 0.0;
            for (int t2 = 0; t2 <= t + k; t2++) s += cos(x[b * ld + t2]) * (1.0 + t2);
            y[b * T + t] = s;
        }
}

/* scores: a square per (b, h), lower triangle, strided by a run-time sq */
void scores(double *att, const double *q, int B, int NH, int T, int sq)
{
#pragma omp parallel for collapse(2)
    for (int b = 0; b < B; b++)
        for (int h = 0; h < NH; h++)
            for (int t = 0; t < T; t++)
                for (int t2 = 0; t2 <= t; t2++)
                    att[b * NH * sq + h * sq + t * T + t2] = sin(q[b * NH + h] * (t + 1) - t2) + att[b * NH * sq + h * sq + t * T + t2] * q[b * NH + h];
}

enum { B = 5, T = 4, NH = 2, NX = 64, NA = 256 };

#pragma ad vjp(causal) wrt(x[NX]) out(y[B*T])
#pragma ad vjp(scores) wrt(q[B*NH], att[NA]) out(att[NA])

#include "omp_rows_triangular.ad.h"

static double W[NA];
static int which, P1, P2;

static double loss(const double *x)
{
    if (which == 0) {
        double y[B * T];
        causal(y, x, B, T, P1, P2);
        return oracle_dot(y, W, B * T);
    }
    double att[NA];
    memcpy(att, x + B * NH, sizeof att);
    scores(att, x, B, NH, T, P1);
    return oracle_dot(att, W, NA);
}

/* maxth 1: the squares overlap, so the primal's iterations race: one thread */
static void check(const char *label, int w, int p1, int p2, const double *x, int nx, int maxth)
{
    which = w; P1 = p1; P2 = p2;
    omp_set_num_threads(1);
    double want[NA + B * NH], g[NA + B * NH];
    for (int j = 0; j < nx; j++) {
        double xp[NA + B * NH];
        memcpy(xp, x, sizeof xp);
        double h = oracle_fd_step(x[j], DBL_EPSILON);
        xp[j] += h;
        double fp = loss(xp);
        xp[j] = x[j] - h;
        want[j] = (fp - loss(xp)) / (2 * h);
    }
    for (int th = 1; th <= maxth; th++) {
        omp_set_num_threads(th);
        for (int rep = 0; rep < 20; rep++) {
            memset(g, 0, sizeof g);
            if (w == 0) {
                double y[B * T], yb[B * T];
                memcpy(yb, W, sizeof yb);
                causal_vjp(y, yb, x, g, B, T, p1, p2);
            } else {
                double att[NA], ab[NA];
                memcpy(att, x + B * NH, sizeof att);
                memcpy(ab, W, sizeof ab);
                scores_vjp(att, ab, x, g, B, NH, T, p1);
                memcpy(g + B * NH, ab, sizeof ab);  /* att's adjoint on entry */
            }
            CHECK_VEC_CLOSE(label, g, want, nx, ORACLE_RTOL_FD, 1e-9);
        }
    }
}

int main(void)
{
    OracleRng r = oracle_rng(17);
    double x[NA + B * NH];
    oracle_fill_uniform(&r, x, NA + B * NH, -1.0, 1.0);
    oracle_fill_normal(&r, W, NA);
    check("causal ld = T, k = 0 (apart)", 0, T, 0, x, NX, 4);
    check("causal ld = T - 1, k = 0 (spill)", 0, T - 1, 0, x, NX, 4);
    check("causal ld = T + 1, k = 1 (apart)", 0, T + 1, 1, x, NX, 4);
    check("causal ld = T, k = 1 (spill)", 0, T, 1, x, NX, 4);
    check("scores sq = T * T (apart)", 1, T * T, 0, x, B * NH + NA, 4);
    check("scores sq = T * T - 1 (the last row's last score is the next square's first)", 1, T * T - 1, 0, x, B * NH + NA, 1);
    check("scores sq = T * (T - 1) (overlap)", 1, T * (T - 1), 0, x, B * NH + NA, 1);
    return oracle_result();
}
