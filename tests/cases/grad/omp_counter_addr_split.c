// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** grad/omp_counter_addr_split: a parallel loop whose counter is a local
** declared before it whose address the function also takes (`getn(&i, n)`
** sets it first), in a helper reverse mode splits. The frame holds such a
** local (i becomes *i), and the parallel sweeps read
** `for (*i = 0; ...)` under `omp for` (the .ad.c did not compile); they now
** run on one thread, with a note. Oracle: central differences (1e-6).
*/
#include <math.h>
#include "ccad_oracle.h"

static void getn(int *k, int n) { *k = n / 2; }

static double kern(const double *x, int n)
{
    int i;
    getn(&i, n);
    double s = x[i];
#pragma omp parallel for reduction(+:s)
    for (i = 0; i < n; i++) s += sin(x[i]) * x[i];
    return s;
}

double f(const double *x, int n)
{
    double a = kern(x, n);
    return a * a;
}

#pragma ad grad(f) wrt(x[n])

#include "omp_counter_addr_split.ad.h"

enum { N = 9 };

static void flat(void *c, const double *x, double *y)
{
    (void)c;
    y[0] = f(x, N);
}

int main(void)
{
    double x[N], g[N], gfd[N];
    for (int i = 0; i < N; i++) x[i] = sin(0.8 * i + 0.4);
    double f0 = f_grad(x, g, N);
    CHECK_CLOSE("primal", f0, f(x, N), 1e-13, 0);
    oracle_fd_grad(flat, NULL, N, x, gfd);
    CHECK_VEC_CLOSE("grad vs fd", g, gfd, N, ORACLE_RTOL_FD, oracle_fd_atol(f0));
    return oracle_result();
}
