/*
** grad/arrayparams: parameters declared with array syntax (double x[],
** const double w[static 3], double m[][3]) are pointers; derivatives
** through them must be as through 'double *'. Oracles: central
** differences and the dot-product test between jvp and grad.
*/
#include <math.h>

#include "ccad.h"
#include "ccad_oracle.h"

double energy(const double x[], const double w[static 3], int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += w[i % 3] * sin(x[i]) * x[i];
    return s;
}

double rows(const double m[][3], int r)
{
    double s = 0.0;
    for (int i = 0; i < r; i++)
        s += m[i][0] * m[i][1] - m[i][2] * m[i][2];
    return exp(0.1 * s);
}

#pragma ad grad(energy) wrt(x[n], w[3])
#pragma ad jvp(energy) wrt(x[n], w[3])
#pragma ad grad(rows) wrt(m[r][3])   /* r rows of 3: one size per dimension */

#include "arrayparams.ad.h"

enum { N = 5, R = 2 };
static const double X[N] = {0.3, -1.1, 0.8, 1.7, -0.4};

static void f_energy(void *ctx, const double *in, double *y)
{
    (void)ctx;
    y[0] = energy(in, in + N, N);
}

static void f_rows(void *ctx, const double *in, double *y)
{
    (void)ctx;
    y[0] = rows((const double(*)[3])in, R);
}

int main(void)
{
    double in[N + 3], g[N + 3], fd[N + 3];
    for (int i = 0; i < N; i++) in[i] = X[i];
    in[N] = 0.5, in[N + 1] = -0.25, in[N + 2] = 2.0;
    energy_grad(in, g, in + N, g + N, N);
    oracle_fd_grad(f_energy, NULL, N + 3, in, fd);
    CHECK_VEC_CLOSE("energy grad vs central differences", g, fd, N + 3, 1e-6, 1e-9);
    double v[N + 3] = {1, -0.5, 0.25, 2, 1, -1, 0.5, 0.3}, ydot, dot = 0.0;
    energy_jvp(in, v, in + N, v + N, N, &ydot);
    for (int i = 0; i < N + 3; i++) dot += g[i] * v[i];
    CHECK_CLOSE("<grad, v> = jvp(v)", dot, ydot, 1e-12, 1e-15);
    double m[3 * R] = {0.2, 0.7, -0.3, 1.1, 0.4, 0.6}, gm[3 * R], fm[3 * R];
    rows_grad((const double(*)[3])m, (double(*)[3])gm, R);
    oracle_fd_grad(f_rows, NULL, 3 * R, m, fm);
    CHECK_VEC_CLOSE("rows grad vs central differences", gm, fm, 3 * R, 1e-6, 1e-9);
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
