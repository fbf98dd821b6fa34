/*
** bench/hand_tridiag.c: hand-written adjoint of tridiag_norm (tridiag.c).
**
** Forward: the diagonals, the Thomas sweep keeping cff[i] = 1/(b_i + a_i
** q_{i-1}), fp and q, the back substitution and the norm. Reverse, with
** u = x / |x| the adjoint of x:
**   back substitution x_i = fp_i + q_i x_{i+1}, i = n-2..0, reversed in
**   ascending i: fp_bar_i = x_bar_i, q_bar_i = x_bar_i x_{i+1},
**   x_bar_{i+1} += q_i x_bar_i;
**   elimination reversed in descending i: with cff = 1/D, D = b + a q_{i-1},
**   cff_bar = fp_bar (f - a fp_{i-1}) - q_bar c, D_bar = -cff^2 cff_bar,
**   and the parameter adjoints collected through the tiling indices.
*/
#include <math.h>

#include "bench_cases.h"

#define N TRIDIAG_N
#define NP TRIDIAG_NPAR

static int idx(int i, int shift)
{
    return ((i - shift) % NP + NP) % NP;
}

double tridiag_norm_hand(const double *p, double *g)
{
    double a[N], b[N], c[N], f[N], fp[N], q[N], cff[N], x[N];
    double xb[N], fpb[N], qb[N];

    for (int i = 0; i < N; i++) {
        a[i] = p[idx(i, 0)] + .5;
        b[i] = p[idx(i, 1)] + 2.;
        c[i] = p[idx(i, 2)] + .5;
        f[i] = p[idx(i, 3)];
    }
    fp[0] = f[0] / b[0];
    q[0] = -c[0] / b[0];
    for (int i = 1; i < N; i++) {
        cff[i] = 1. / (b[i] + a[i] * q[i - 1]);
        fp[i] = cff[i] * (f[i] - a[i] * fp[i - 1]);
        q[i] = -cff[i] * c[i];
    }
    x[N - 1] = fp[N - 1];
    for (int i = N - 2; i >= 0; i--)
        x[i] = fp[i] + q[i] * x[i + 1];
    double s = 0.0;
    for (int i = 0; i < N; i++)
        s += x[i] * x[i];
    double r = sqrt(s);

    /* reverse */
    double rinv = 1.0 / r;
    for (int i = 0; i < N; i++)
        xb[i] = x[i] * rinv;
    for (int i = 0; i < N - 1; i++) {
        fpb[i] = xb[i];
        qb[i] = xb[i] * x[i + 1];
        xb[i + 1] += q[i] * xb[i];
    }
    fpb[N - 1] = xb[N - 1];
    qb[N - 1] = 0.0;

    for (int k = 0; k < NP; k++)
        g[k] = 0.0;
    for (int i = N - 1; i >= 1; i--) {
        double cffb = fpb[i] * (f[i] - a[i] * fp[i - 1]) - qb[i] * c[i];
        double ab = -fpb[i] * cff[i] * fp[i - 1];
        g[idx(i, 2)] -= qb[i] * cff[i];     /* c_i */
        g[idx(i, 3)] += fpb[i] * cff[i];    /* f_i */
        fpb[i - 1] -= fpb[i] * cff[i] * a[i];
        double Db = -cff[i] * cff[i] * cffb;
        g[idx(i, 1)] += Db;                 /* b_i */
        ab += Db * q[i - 1];
        qb[i - 1] += Db * a[i];
        g[idx(i, 0)] += ab;                 /* a_i */
    }
    double binv = 1.0 / b[0];
    g[idx(0, 3)] += fpb[0] * binv;
    g[idx(0, 2)] -= qb[0] * binv;
    g[idx(0, 1)] += (qb[0] * c[0] - fpb[0] * f[0]) * binv * binv;
    return r;
}
