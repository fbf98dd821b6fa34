/*
** jvp/sinloop: seed 001's data-dependent loop,
**     for k in range(int(max(z))): z = sin(z**2)
** in C: the trip count is computed inside from the data. Two forms:
**   g     in-out pointer: z is read on entry and overwritten, one shadow
**         z_dot (read on entry, written on exit); k = (int)vmax(z, n) once.
**   fsum  the seed's sum(z) of a local copy, with the loop condition as in
**         contract section 4: for (k = 0; k < (int)vmax(w, n); k++), so the
**         condition is re-evaluated on the changing data.
** The input's maximum is 2.5, so k = 2 and stays 2 under the finite
** difference perturbations (|h| ~ 1e-5); after one pass every value is
** <= 1, so fsum's loop runs once.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

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
#pragma ad jvp(fsum) wrt(x[n])

#include "sinloop.ad.h"

static void g_flat(void *ctx, const double *x, double *y)
{
    (void)ctx;
    memcpy(y, x, N * sizeof *y);
    g(y, N);
}

static void g_jvp_flat(void *ctx, const double *x, const double *v, double *y,
                       double *ydot)
{
    (void)ctx;
    memcpy(y, x, N * sizeof *y);
    memcpy(ydot, v, N * sizeof *ydot);
    g_jvp(y, ydot, N);
}

static void fsum_flat(void *ctx, const double *x, double *y)
{
    (void)ctx;
    y[0] = fsum(x, N);
}

static void fsum_jvp_flat(void *ctx, const double *x, const double *v,
                          double *y, double *ydot)
{
    (void)ctx;
    y[0] = fsum_jvp(x, v, N, ydot);
}

int main(void)
{
    OracleRng rng = oracle_rng(1234);
    double z[N], z1[N], zd[N], v[N], want[N];

    oracle_fill_uniform(&rng, z, N, -2.0, 2.0);
    z[7] = 2.5; /* the maximum: k = 2 */

    /* closed form: two passes of z <- sin(z^2), derivative 2 z cos(z^2) each */
    oracle_fill_normal(&rng, v, N);
    for (int i = 0; i < N; i++) {
        double a = z[i], da = v[i];
        for (int it = 0; it < 2; it++) {
            da = 2.0 * a * cos(a * a) * da;
            a = sin(a * a);
        }
        want[i] = da;
    }
    memcpy(z1, z, sizeof z);
    memcpy(zd, v, sizeof v);
    g_jvp(z1, zd, N);
    double zref[N];
    memcpy(zref, z, sizeof z);
    g(zref, N);
    CHECK_VEC_CLOSE("g primal (z overwritten)", z1, zref, N, ORACLE_RTOL_EXACT, 1e-15);
    /* |want| <= ~20, products of two factors: 1e-12 relative, 1e-14 floor */
    CHECK_VEC_CLOSE("g z_dot closed form (in-out shadow)", zd, want, N,
                    ORACLE_RTOL_EXACT, 1e-14);

    OracleProblem pg = {.name = "g", .n = N, .m = N, .f = g_flat, .jvp = g_jvp_flat};
    oracle_check_jvp(&pg, NULL, z, &rng, 4, N);

    OracleProblem pf = {.name = "fsum", .n = N, .m = 1, .f = fsum_flat, .jvp = fsum_jvp_flat};
    oracle_check_jvp(&pf, NULL, z, &rng, 4, N);

    /* fsum: one pass, d/dx_i = 2 x_i cos(x_i^2) */
    double ret_dot = NAN, ret = fsum_jvp(z, v, N, &ret_dot), dsum = 0.0, asum = 0.0;
    for (int i = 0; i < N; i++) {
        dsum += 2.0 * z[i] * cos(z[i] * z[i]) * v[i];
        asum += fabs(2.0 * z[i] * cos(z[i] * z[i]) * v[i]);
    }
    CHECK_CLOSE("fsum primal", ret, fsum(z, N), ORACLE_RTOL_EXACT, 1e-14);
    CHECK_CLOSE("fsum ret_dot closed form", ret_dot, dsum, ORACLE_RTOL_EXACT, 1e-14 * asum);
    return oracle_result();
}
