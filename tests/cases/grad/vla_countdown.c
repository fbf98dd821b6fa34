/*
** grad/vla_countdown: a helper with a variable-length array whose length
** parameter the helper then counts down (while (n-- > 0), as C written
** around pointer walks does). The parameter becomes a local copy that the
** function writes; the array's length read the copy, so reverse mode,
** which declares the array where a split function starts, refused it as
** "a length computed in the function". The length is the parameter's value
** (nothing wrote the copy before the declaration): the array is declared
** with the parameter. Also a 2-D one (rows[n][2]) and the requested
** function counting its own n down. Oracles: central differences, and the
** jvp against the grad (dot-product).
*/
#include <math.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

#define N 5

static double energy(const double *x, int n)
{
    double t[n];
    double rows[n][2];
    for (int i = 0; i < n; i++) {
        t[i] = sin(x[i]);
        rows[i][0] = t[i] * x[i];
        rows[i][1] = cos(x[i]);
    }
    double s = 0;
    while (n-- > 0)
        s += t[n] * t[n] + rows[n][0] * rows[n][1];
    return s;
}

double f(const double *x, int n)
{
    double e = energy(x, n) * energy(x, n);
    double w[n];
    for (int i = 0; i < n; i++)
        w[i] = x[i] * e;
    double s = 0;
    while (n-- > 0)
        s += w[n] * x[n];
    return s;
}

#pragma ad grad(f) wrt(x[n])
#pragma ad jvp(f) wrt(x[n])

#include "vla_countdown.ad.h"

static void f_flat(void *ctx, const double *x, double *y)
{
    (void)ctx;
    y[0] = f(x, N);
}

static double f_grad_flat(void *ctx, const double *x, double *g)
{
    (void)ctx;
    return f_grad(x, g, N);
}

int main(void)
{
    double x[N] = {0.3, -0.7, 1.1, 0.2, -1.4}, g[N], v[N] = {0.5, -1.0, 0.25, 2.0, -0.5};
    OracleProblem p = {.name = "vla_countdown", .n = N, .m = 1, .f = f_flat, .tape_empty = ccad_tape_empty};
    oracle_check_grad(&p, NULL, x, f_grad_flat, N);
    double y = f_grad(x, g, N), dy = 0;
    CHECK_CLOSE("jvp value", f_jvp(x, v, N, &dy), y, 0, 0);
    double gv = 0;
    for (int i = 0; i < N; i++)
        gv += g[i] * v[i];
    CHECK_CLOSE("jvp = grad . v", dy, gv, ORACLE_RTOL_DOT, 0);
    return oracle_result();
}
