/* GCC builtins that performance C writes as hints (probe16):
** __builtin_prefetch(&x[i + 1]) on data carrying derivatives was refused
** ("cannot see the body of '__builtin_prefetch'"), and the advice to declare
** it inactive failed in turn ("unknown function"): it is now a harmless
** external call, run as in the primal. __builtin_assume_aligned(x, 8) was
** refused likewise; it returns its argument, and is now lowered to it (a
** void * cast), so derivatives flow through the pointer it returns, for
** reading (p) and for writing an output (yo). Also __builtin_expect
** (likely/unlikely), __builtin_isnan, __builtin_inf, __builtin_sqrt,
** __builtin_fabs, __builtin_exp in the same code. Oracles: ORACLE_XN_CASE
** (differences, dot-product test) for f; for g, the closed form of its
** Jacobian (diagonal 2 x_i cos(x_i^2)) through jacfwd and vjp. */
#include <math.h>
#include "ccad.h"
#include "ccad_oracle.h"
#define likely(c) __builtin_expect(!!(c), 1)
#define unlikely(c) __builtin_expect(!!(c), 0)

double f(const double *x, int n)
{
    const double *p = __builtin_assume_aligned(x, 8);
    double s = 0, m = -__builtin_inf();
    for (int i = 0; i < n; i++) {
        __builtin_prefetch(&p[i + 1 < n ? i + 1 : i]);
        if (unlikely(__builtin_isnan(p[i]))) continue;
        if (likely(p[i] > -5)) s += __builtin_sqrt(1.0 + p[i] * p[i]) * __builtin_fabs(x[(i + 1) % n]);
        if (p[i] > m) m = p[i];
        s += __builtin_exp(0.1 * x[i]) * sin(p[(i + 1) % n]);
    }
    return s + m;
}

void g(const double *x, double *y, int n)
{
    double *yo = __builtin_assume_aligned(y, 8);
    for (int i = 0; i < n; i++) {
        __builtin_prefetch(&x[i], 0, 3);
        yo[i] = sin(x[i] * x[i]);
    }
}

#pragma ad grad(f) wrt(x[n])
#pragma ad vjp(f) wrt(x[n])
#pragma ad jvp(f) wrt(x)
#pragma ad jacfwd(g) wrt(x[n]) out(y[n])
#pragma ad vjp(g) wrt(x[n]) out(y[n])
#include "gnu_builtins_hints.ad.h"

ORACLE_XN_WRAPPERS(f, 5)

int main(void)
{
    OracleRng rng = oracle_rng(6);
    ORACLE_XN_CHECKS(f, 5, rng);
    enum { N = 4 };
    double x[N] = {0.3, -0.8, 1.2, 0.5}, y[N], J[N * N], yb[N] = {1, 2, 3, 4}, xb[N] = {0};
    g_jacfwd(x, y, N, J);
    for (int i = 0; i < N; i++) {
        CHECK_CLOSE("g primal through the aligned pointer", y[i], sin(x[i] * x[i]), 0, 0);
        for (int j = 0; j < N; j++)
            CHECK_CLOSE("g jacfwd", J[i * N + j], i == j ? 2 * x[i] * cos(x[i] * x[i]) : 0.0, 1e-14, 1e-15);
    }
    g_vjp(x, xb, y, yb, N);
    for (int i = 0; i < N; i++) CHECK_CLOSE("g vjp", xb[i], (i + 1) * 2 * x[i] * cos(x[i] * x[i]), 1e-14, 1e-15);
    return oracle_result();
}
