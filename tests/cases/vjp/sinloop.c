/*
** vjp/sinloop: seed 001's data-dependent loop in reverse mode (the seed
** differentiates it with jacrev):
**   g      in-out z: z_bar holds the seed (adjoint of the output z) on
**          entry and the adjoint of the input z on exit (contract section 3)
**   fsum   sum of a local copy after the loop, with grad and vjp
** The trip count (int)vmax(z) is computed from the data inside; the reverse
** sweep must run the loop backwards as many times as the forward did.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

#define N 20

static double vmax(const double *z, int n)
{
    double m = z[0];
    for (int i = 1; i < n; i++)
        if (z[i] > m)
            m = z[i];
    return m;
}

void g(double *z, int n)
{
    int k = (int)vmax(z, n);
    for (int it = 0; it < k; it++)
        for (int i = 0; i < n; i++)
            z[i] = sin(z[i] * z[i]);
}

double fsum(const double *x, int n)
{
    double *w = malloc((size_t)n * sizeof *w);
    double s = 0.0;
    int k;
    memcpy(w, x, (size_t)n * sizeof *w);
    for (k = 0; k < (int)vmax(w, n); k++)
        for (int i = 0; i < n; i++)
            w[i] = sin(w[i] * w[i]);
    for (int i = 0; i < n; i++)
        s += w[i];
    free(w);
    return s;
}

#pragma ad jvp(g) wrt(z[n]) out(z[n])
#pragma ad vjp(g) wrt(z[n]) out(z[n])
#pragma ad jvp(fsum) wrt(x[n])
#pragma ad vjp(fsum) wrt(x[n])
#pragma ad grad(fsum) wrt(x[n])

#include "sinloop.ad.h"

static void g_flat(void *ctx, const double *x, double *y)
{
    (void)ctx;
    memcpy(y, x, N * sizeof *y);
    g(y, N);
}

static void g_jvp_flat(void *ctx, const double *x, const double *v, double *y, double *ydot)
{
    (void)ctx;
    memcpy(y, x, N * sizeof *y);
    memcpy(ydot, v, N * sizeof *ydot);
    g_jvp(y, ydot, N);
}

/* in-out: z_bar carries the seed in and the input adjoint out; the flat
** form adds it to xbar (accumulation is the wrapper's here) */
static void g_vjp_flat(void *ctx, const double *x, double *xbar, double *w, double *y)
{
    double zb[N];
    (void)ctx;
    memcpy(y, x, N * sizeof *y);
    memcpy(zb, w, sizeof zb);
    g_vjp(y, zb, N);
    for (int i = 0; i < N; i++) {
        xbar[i] += zb[i];
        w[i] = 0.0;
    }
}

static void fsum_flat(void *ctx, const double *x, double *y)
{
    (void)ctx;
    y[0] = fsum(x, N);
}

static void fsum_jvp_flat(void *ctx, const double *x, const double *v, double *y, double *ydot)
{
    (void)ctx;
    y[0] = fsum_jvp(x, v, N, ydot);
}

static void fsum_vjp_flat(void *ctx, const double *x, double *xbar, double *w, double *y)
{
    (void)ctx;
    y[0] = fsum_vjp(x, xbar, N, w[0]);
    w[0] = 0.0;
}

static double fsum_grad_flat(void *ctx, const double *x, double *gr)
{
    (void)ctx;
    return fsum_grad(x, gr, N);
}

int main(void)
{
    OracleRng rng = oracle_rng(1234);
    double z[N], z1[N], zb[N], w[N], want[N], zref[N];
    oracle_fill_uniform(&rng, z, N, -2.0, 2.0);
    z[7] = 2.5;

    /* g's Jacobian is diagonal: z_bar_i <- w_i * prod over passes 2 a cos(a^2) */
    oracle_fill_normal(&rng, w, N);
    for (int i = 0; i < N; i++) {
        double a = z[i], d = 1.0;
        for (int it = 0; it < 2; it++) {
            d *= 2.0 * a * cos(a * a);
            a = sin(a * a);
        }
        want[i] = w[i] * d;
    }
    memcpy(z1, z, sizeof z);
    memcpy(zb, w, sizeof w);
    g_vjp(z1, zb, N);
    memcpy(zref, z, sizeof z);
    g(zref, N);
    CHECK_VEC_CLOSE("g_vjp primal (z overwritten)", z1, zref, N, ORACLE_RTOL_EXACT, 1e-15);
    CHECK_VEC_CLOSE("g_vjp z_bar: seed in, input adjoint out (closed form)", zb, want, N,
                    ORACLE_RTOL_EXACT, 1e-14);
    CHECK_TRUE("tape empty after g_vjp", ccad_tape_empty());

    OracleProblem pg = {.name = "g", .n = N, .m = N, .f = g_flat, .jvp = g_jvp_flat,
                        .vjp = g_vjp_flat, .tape_empty = ccad_tape_empty};
    oracle_check_vjp(&pg, NULL, z, &rng, 2, N);

    OracleProblem pf = {.name = "fsum", .n = N, .m = 1, .f = fsum_flat, .jvp = fsum_jvp_flat,
                        .vjp = fsum_vjp_flat, .tape_empty = ccad_tape_empty};
    oracle_check_vjp(&pf, NULL, z, &rng, 2, N);
    oracle_check_grad(&pf, NULL, z, fsum_grad_flat, N);
    double gr[N];
    for (int i = 0; i < N; i++)
        want[i] = 2.0 * z[i] * cos(z[i] * z[i]);
    fsum_grad(z, gr, N);
    CHECK_VEC_CLOSE("fsum_grad closed form", gr, want, N, ORACLE_RTOL_EXACT, 1e-15);
    return oracle_result();
}
