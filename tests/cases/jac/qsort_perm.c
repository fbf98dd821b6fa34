// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** jac/qsort_perm: qsort of data that carries derivatives in the drivers
** (tests/cases/grad/qsort_active.c has jvp, vjp and grad): the sort is
** lowered to libccad's permutation and copies through it, which jacfwd's
** vector sweeps, jacrev's reverse sweeps and the hessian's and hvp's jvp
** of a gradient differentiate like any gather by an integer index; vmap
** runs the lowered sort per element. Oracles: central differences of the
** function (Jacobians) and of its gradient (Hessian columns), H v from the
** Hessian for hvp, and the function per element for vmap (bitwise). x is
** drawn with its values apart, so no step changes the order.
*/
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ccad.h"
#include "ccad_oracle.h"

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* order statistics of a nonlinear map, each mapped again */
void order_stats(const double *x, double *y, int n)
{
    double *t = malloc(n * sizeof *t);
    for (int i = 0; i < n; i++) t[i] = x[i] * x[i] * x[i] + x[i];
    qsort(t, n, sizeof *t, cmp);
    for (int k = 0; k < n; k++) y[k] = (k + 1) * t[k] + sin(t[k]);
    free(t);
}

/* a rank-weighted cubic energy: second derivatives through the sort */
double energy(const double *x, int n)
{
    double *s = malloc(n * sizeof *s);
    for (int i = 0; i < n; i++) s[i] = x[i] * x[i] - x[i];
    qsort(s, n, sizeof *s, cmp);
    double e = 0.0;
    for (int k = 0; k < n; k++) e += (k + 1) * s[k] * s[k] * s[k];
    free(s);
    return e;
}

#pragma ad jacfwd(order_stats) wrt(x[n]) out(y[n])
#pragma ad jacrev(order_stats) wrt(x[n]) out(y[n])
#pragma ad grad(energy) wrt(x[n])
#pragma ad hessian(energy) wrt(x[n])
#pragma ad hvp(energy) wrt(x[n])
#pragma ad vmap(energy) batch(x[n])

#include "qsort_perm.ad.h"

enum { N = 6, B = 8 };

int main(void)
{
    OracleRng rng = oracle_rng(41);
    double x[N], y[N], y2[N], jf[N * N], jr[N * N], fd[N * N];
    /* apart: x[i] in [0.3 i - 0.9, 0.3 i - 0.7), shuffled by a stride */
    for (int i = 0; i < N; i++) x[(5 * i) % N] = 0.3 * i - 0.9 + oracle_uniform(&rng, 0.0, 0.2);

    order_stats_jacfwd(x, y, N, jf);
    order_stats_jacrev(x, y2, N, jr);
    double want[N];
    order_stats(x, want, N);
    CHECK_VEC_CLOSE("jacfwd primal", y, want, N, 0, 0);
    CHECK_VEC_CLOSE("jacrev primal", y2, want, N, 0, 0);
    for (int j = 0; j < N; j++) {
        double xp[N], xm[N], yp[N], ym[N];
        memcpy(xp, x, sizeof x);
        memcpy(xm, x, sizeof x);
        double h = oracle_fd_step(x[j], DBL_EPSILON);
        xp[j] += h;
        xm[j] -= h;
        order_stats(xp, yp, N);
        order_stats(xm, ym, N);
        for (int i = 0; i < N; i++) fd[i * N + j] = (yp[i] - ym[i]) / (2 * h);
    }
    CHECK_VEC_CLOSE("jacfwd vs fd", jf, fd, N * N, ORACLE_RTOL_FD, ORACLE_ATOL_FD);
    CHECK_VEC_CLOSE("jacrev vs fd", jr, fd, N * N, ORACLE_RTOL_FD, ORACLE_ATOL_FD);
    CHECK_VEC_CLOSE("jacrev = jacfwd", jr, jf, N * N, 1e-13, 1e-15);

    double H[N * N], g[N], v[N], hv[N], Hv[N];
    CHECK_CLOSE("hessian primal", energy_hessian(x, N, H), energy(x, N), 0, 0);
    energy_grad(x, g, N);
    for (int j = 0; j < N; j++) {
        double xp[N], xm[N], gp[N], gm[N], col[N], fcol[N];
        memcpy(xp, x, sizeof x);
        memcpy(xm, x, sizeof x);
        double h = oracle_fd_step(x[j], DBL_EPSILON);
        xp[j] += h;
        xm[j] -= h;
        energy_grad(xp, gp, N);
        energy_grad(xm, gm, N);
        for (int i = 0; i < N; i++) {
            fcol[i] = (gp[i] - gm[i]) / (2 * h);
            col[i] = H[i * N + j];
        }
        CHECK_VEC_CLOSE("hessian column vs fd of grad", col, fcol, N, ORACLE_RTOL_FD, ORACLE_ATOL_FD);
    }
    oracle_fill_uniform(&rng, v, N, -1.0, 1.0);
    CHECK_CLOSE("hvp primal", energy_hvp(x, v, hv, N), energy(x, N), 0, 0);
    for (int i = 0; i < N; i++) {
        Hv[i] = 0.0;
        for (int j = 0; j < N; j++) Hv[i] += H[i * N + j] * v[j];
    }
    CHECK_VEC_CLOSE("hvp = H v", hv, Hv, N, 1e-12, 1e-14);

    double xb[B * N], r[B], rw[B];
    oracle_fill_uniform(&rng, xb, B * N, -1.0, 1.0);
    energy_vmap(B, xb, N, r);
    for (int b = 0; b < B; b++) rw[b] = energy(xb + b * N, N);
    CHECK_VEC_CLOSE("vmap = energy per element", r, rw, B, 0, 0);
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
