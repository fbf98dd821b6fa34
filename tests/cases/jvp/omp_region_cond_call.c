/*
** jvp/omp_region_cond_call: an 'omp for' inside an 'omp parallel' region
** whose condition calls a function (i < count(n)) cannot be shared by
** OpenMP in the lowered code (the condition is no longer one expression),
** so it runs on one thread: 'omp single' in the region. Its pragma was
** dropped while the region stayed, so every thread of the team ran the
** whole loop on the shared accumulators (ret_dot and y_dot were 4x with 4
** threads). Reverse mode serialises the region. Oracles: closed forms
** d(sum x^2) = 2 x.v and y_dot = s_dot x + s v (1e-12), and the dot-product
** test <J v, w> = <v, J^T w> against vjp (ORACLE_RTOL_DOT).
*/
// CFLAGS: -fopenmp
// LIBS: -fopenmp
#include <math.h>
#include <omp.h>
#include "ccad_oracle.h"

#define N 40
static int count(int n) { return n; }

double acc(const double *x, double *y, int n)
{
    double s = 0.0;
#pragma omp parallel
    {
#pragma omp for reduction(+:s)
        for (int i = 0; i < count(n); i++)
            s += x[i] * x[i];
#pragma omp for
        for (int i = 0; i < count(n); i++)
            y[i] = s * x[i];
    }
    return s;
}

#pragma ad jvp(acc) wrt(x[n]) out(y[n], return)
#pragma ad vjp(acc) wrt(x[n]) out(y[n], return)

#include "omp_region_cond_call.ad.h"

int main(void)
{
    omp_set_num_threads(4);
    double x[N], xd[N], y[N], yd[N], yb[N], xb[N], s = 0, sd = 0;
    for (int i = 0; i < N; i++) { x[i] = cos(0.3 * i); xd[i] = sin(i); s += x[i] * x[i]; }
    for (int i = 0; i < N; i++) sd += 2 * x[i] * xd[i];
    double rd;
    acc_jvp(x, xd, y, yd, N, &rd);
    CHECK_CLOSE("ret_dot", rd, sd, 1e-12, 1e-12);
    double e = 0;
    for (int i = 0; i < N; i++) e = fmax(e, fabs(yd[i] - (sd * x[i] + s * xd[i])));
    CHECK_CLOSE("y_dot err", e, 0, 0, 1e-12);
    /* dot test */
    double lhs = rd * 0.7;
    for (int i = 0; i < N; i++) { yb[i] = cos(2.0 * i); lhs += yd[i] * yb[i]; xb[i] = 0; }
    acc_vjp(x, xb, y, yb, N, 0.7);
    double rhs = oracle_dot(xb, xd, N);
    CHECK_CLOSE("dot", lhs, rhs, 1e-12, 1e-12);
    return oracle_result();
}
