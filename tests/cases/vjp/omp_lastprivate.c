// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** vjp/omp_lastprivate: a parallel loop with a lastprivate value that
** carries a derivative (the last sample of a sweep, kept after the loop),
** next to a sum in a loop of its own. Only the sequentially last iteration's store reaches the
** output; cc-ad once ran the backward loop in parallel with the adjoint of
** that value firstprivate, so every iteration (or the first) received it.
** jvp keeps the clause (its tangent lastprivate too); vjp must agree with it
** (dot-product test) and with central differences, under 1 and 2 threads.
*/
#include <math.h>
#include <omp.h>
#include <string.h>

#include "ccad_oracle.h"

double sweep(const double *x, int n)
{
    double last = 0.0, s = 0.0;
#pragma omp parallel for lastprivate(last)
    for (int i = 0; i < n; i++)
        last = x[i] * sin(x[i]);
#pragma omp parallel for reduction(+:s)
    for (int i = 0; i < n; i++)
        s += x[i] * x[i];
    return last + 0.5 * s;
}

#pragma ad vjp(sweep) wrt(x[n])
#pragma ad jvp(sweep) wrt(x)

#include "omp_lastprivate.ad.h"

enum { N = 41 };

int main(void)
{
    OracleRng r = oracle_rng(4113);
    double x[N], v[N], xb[N], q[N], h = 1e-6;
    oracle_fill_normal(&r, x, N);
    oracle_fill_normal(&r, v, N);
    for (int th = 1; th <= 2; th++) {
        omp_set_num_threads(th);
        double rd, want = sweep(x, N);
        CHECK_CLOSE("jvp value", sweep_jvp(x, v, N, &rd), want, 1e-15, 0);
        for (int i = 0; i < N; i++) q[i] = x[i] + h * v[i];
        double fp = sweep(q, N);
        for (int i = 0; i < N; i++) q[i] = x[i] - h * v[i];
        double fm = sweep(q, N);
        CHECK_CLOSE("jvp vs fd", rd, (fp - fm) / (2 * h), 1e-6, 1e-8);
        memset(xb, 0, sizeof xb);
        CHECK_CLOSE("vjp value", sweep_vjp(x, xb, N, 0.7), want, 1e-15, 0);
        CHECK_CLOSE("<J v, w> = <v, J^T w>", 0.7 * rd, oracle_dot(xb, v, N), 1e-12, 1e-12);
    }
    return oracle_result();
}
