/*
** jvp/omp_region_minmax_reduction: an 'omp for' with reduction(max:),
** (min:) or (*:) of active values inside an 'omp parallel' region. Those
** reductions have no tangent reduction, so the derivative loop runs on
** one thread; inside a region that must be 'omp single' (the pragma was
** dropped, and every thread of the team ran the whole loop on the shared
** accumulators: a race, and sums counted once per thread). The case runs
** with 4 threads (omp_set_num_threads). Oracles: closed forms
** d(sum x^2 + max x + min x + prod x)/dx . v with v = ones (1e-12), and
** jacfwd against the same gradient.
*/
// CFLAGS: -fopenmp
// LIBS: -fopenmp
#include <math.h>
#include <omp.h>
#include "ccad_oracle.h"

#define N 64

double peak(const double *x, int n)
{
    double s = 0.0, mx = -1e300, mn = 1e300, p = 1.0;
#pragma omp parallel
    {
#pragma omp for reduction(+:s) reduction(max:mx) schedule(static, 3)
        for (int i = 0; i < n; i++) {
            s += x[i] * x[i];
            mx = fmax(mx, x[i]);
        }
#pragma omp for reduction(min:mn) reduction(*:p)
        for (int i = 0; i < n; i++) {
            mn = x[i] < mn ? x[i] : mn;
            p *= 1.0 + 0.01 * x[i];
        }
    }
    return s + mx + mn + p;
}

#pragma ad jvp(peak) wrt(x[n])
#pragma ad jacfwd(peak) wrt(x[n])

#include "omp_region_minmax_reduction.ad.h"

int main(void)
{
    omp_set_num_threads(4);
    double x[N], xd[N], g[N], J[N];
    int imax = 0, imin = 0;
    double p = 1.0;
    for (int i = 0; i < N; i++) {
        x[i] = sin(1.0 + i);
        xd[i] = 1.0;
        p *= 1.0 + 0.01 * x[i];
    }
    for (int i = 1; i < N; i++) {
        if (x[i] > x[imax]) imax = i;
        if (x[i] < x[imin]) imin = i;
    }
    double want = 0.0;
    for (int i = 0; i < N; i++) {
        g[i] = 2.0 * x[i] + (i == imax) + (i == imin) + p * 0.01 / (1.0 + 0.01 * x[i]);
        want += g[i];
    }
    double yd = 0.0;
    double y = peak_jvp(x, xd, N, &yd);
    CHECK_CLOSE("primal", y, peak(x, N), 1e-12, 0);
    CHECK_CLOSE("tangent", yd, want, 1e-12, 1e-12);
    peak_jacfwd(x, N, J);
    CHECK_VEC_CLOSE("jacfwd", J, g, N, 1e-12, 1e-14);
    return oracle_result();
}
