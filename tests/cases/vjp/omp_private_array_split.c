// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** vjp/omp_private_array_split: a `parallel for private(tmp) reduction(+:s)`
** whose private variable is a local array, in a helper that reverse mode
** splits into kern_fwd/kern_bwd (called twice by the requested function).
** In a split function the arrays both sweeps name live in frame memory
** (tmp becomes (*tmp)), which no OpenMP clause can name: the private(tmp)
** clause was dropped and every thread wrote the one frame copy (a data race
** in both sweeps: a silently wrong gradient with 2 or more threads).
** The loop now runs on one thread in reverse mode, with a note saying so.
** Oracle: the closed form of the gradient (1e-12 relative), checked at the
** team size of the run (the harness's, and OMP_NUM_THREADS=2,4 by hand).
*/
// EXPECT-NOT-STDERR: warning
#include <math.h>
#include <stdlib.h>
#include "ccad_oracle.h"

static double kern(const double *x, int n)
{
    double tmp[2], s = 0;
#pragma omp parallel for private(tmp) reduction(+:s)
    for (int i = 0; i < n; i++) {
        tmp[0] = sin(x[i]);
        tmp[1] = tmp[0] * x[i];
        s += tmp[0] * tmp[1] + cos(tmp[1]);
    }
    return s;
}

double f(const double *x, int n)
{
    double a = kern(x, n);
    return a * a + kern(x, n);
}

#pragma ad grad(f) wrt(x[n])

#include "omp_private_array_split.ad.h"

enum { N = 4000 };

int main(void)
{
    double *x = malloc(N * sizeof *x), *g = malloc(N * sizeof *g);
    OracleRng r = oracle_rng(5);
    oracle_fill_uniform(&r, x, N, -2, 2);
    double a = 0;
    for (int i = 0; i < N; i++) {
        double s = sin(x[i]);
        a += s * s * x[i] + cos(s * x[i]);
    }
    double v = f_grad(x, g, N);
    CHECK_CLOSE("value", v, a * a + a, 1e-12, 0);
    int bad = 0;
    for (int i = 0; i < N; i++) {
        double s = sin(x[i]), c = cos(x[i]), u = s * x[i];
        /* d/dx [ s^2 x + cos(s x) ] */
        double dk = 2 * s * c * x[i] + s * s - sin(u) * (c * x[i] + s);
        double want = (2 * a + 1) * dk;
        if (!oracle_close(g[i], want, 1e-10, 1e-10)) {
            if (bad < 5) printf("g[%d]: got=%.17g want=%.17g FAIL\n", i, g[i], want);
            bad++;
        }
    }
    CHECK_EQ_INT("gradient entries wrong", bad, 0);
    free(x);
    free(g);
    return oracle_result();
}
