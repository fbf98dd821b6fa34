// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** vmap/fnptr_primal: vmap of a function that calls through a function
** pointer parameter (probe15). vmap differentiates nothing, so the call is
** no reason to refuse it (it was refused with the message about
** differentiating a call through a function pointer): f_vmap runs f per
** element, which calls w. The pointers come from a table of a header
** (fnptr_primal_fns.h), so FILE.c takes no address of that type and the
** call stays indirect; g's type has a function of the file (scale2), so
** its call is a dispatch, and main takes the address of that static
** function: no derivative compares it with a copy of its own, so that is
** no error either (fnptr_static_target is about differentiated code).
** The oracle is f itself per element: results match bitwise. (cuda of the
** same function is refused: tests/cases/diag/cuda_fnptr_call.c.)
*/
#include <math.h>
#include <omp.h>

#include "ccad_oracle.h"
#include "fnptr_primal_fns.h"

double f(const double *x, int n, double (*w)(double))
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += w(x[i]);
    return s;
}

static double scale2(double v, double a) { return a * v; }

double g(const double *x, double a, int n, double (*h)(double, double))
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += h(x[i], a) * x[i];
    return s;
}

#pragma ad vmap(f) batch(x[n])
#pragma ad vmap(g) batch(x[n], a)

#include "fnptr_primal.ad.h"

enum { B = 32, N = 5 };

int main(void)
{
    OracleRng rng = oracle_rng(15);
    double x[B * N], a[B], r[B], want[B];
    oracle_fill_uniform(&rng, x, B * N, -1.0, 1.0);
    oracle_fill_uniform(&rng, a, B, 0.5, 1.5);
    omp_set_num_threads(4);
    for (int k = 0; k < 2; k++) {
        f_vmap(B, x, N, fns_table[k], r);
        for (int b = 0; b < B; b++) want[b] = f(x + b * N, N, fns_table[k]);
        CHECK_VEC_CLOSE(k ? "f_vmap (soft) = f per element" : "f_vmap (cube) = f per element", r, want, B, 0.0, 0.0);
    }
    g_vmap(B, x, a, N, scale2, r);
    for (int b = 0; b < B; b++) want[b] = g(x + b * N, a[b], N, scale2);
    CHECK_VEC_CLOSE("g_vmap = g per element", r, want, B, 0.0, 0.0);
    return oracle_result();
}
