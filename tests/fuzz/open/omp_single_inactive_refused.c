// CFLAGS: -fopenmp
// LIBS: -fopenmp
/* OPEN (probe12): VALID CODE REFUSED: `#pragma omp single` (or `omp master`)
** inside a `#pragma omp parallel` region, as OpenMP codes use it for
** bookkeeping between work-shared sweeps (an iteration counter, a convergence
** flag, a history entry), is refused even when its body carries no
** derivative: "error: '#pragma omp single' cannot be differentiated; write
** the work as loops under '#pragma omp parallel for' ...". The body is
** inactive (an int store), so every mode could run it as the primal does
** (and reverse mode has nothing to do for it). Found porting a Jacobi solver
** whose parallel region spans the iteration loop.
** Expected: accepted, derivatives right; got: error (run_case step 1).
** Run: run_case.sh ... omp_single_inactive_refused.c */
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"

#define N 16
double relax(const double *f, int *sweeps, int nit)
{
    double u[N], un[N], e = 0.0;
    memset(u, 0, sizeof u);
    memset(un, 0, sizeof un);
#pragma omp parallel
    {
        for (int it = 0; it < nit; it++) {
#pragma omp for
            for (int i = 1; i < N - 1; i++) un[i] = 0.5 * (u[i - 1] + u[i + 1]) + f[i] + 0.1 * sin(u[i]);
#pragma omp for
            for (int i = 1; i < N - 1; i++) u[i] = un[i];
#pragma omp single
            (*sweeps)++;
        }
    }
    for (int i = 0; i < N; i++) e += u[i] * u[i];
    return e;
}
#pragma ad grad(relax) wrt(f[N])

#include "omp_single_inactive_refused.ad.h"

int main(void)
{
    double f[N], g[N], h = 1e-6;
    int sw = 0, sw2 = 0;
    for (int i = 0; i < N; i++) f[i] = 0.1 * cos(0.5 * i);
    relax_grad(f, g, &sw, 5);
    CHECK_EQ_INT("sweeps counted once per iteration", sw, 5);
    for (int j = 1; j < N - 1; j += 3) {
        double fp[N], fm[N]; memcpy(fp, f, sizeof f); memcpy(fm, f, sizeof f); fp[j] += h; fm[j] -= h;
        CHECK_CLOSE("grad vs fd", g[j], (relax(fp, &sw2, 5) - relax(fm, &sw2, 5)) / (2 * h), 1e-6, 1e-10);
    }
    return oracle_result();
}
