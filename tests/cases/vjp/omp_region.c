// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** vjp/omp_region: a Poisson log-normal style statistic written with an
** OpenMP parallel region holding 'omp for' loops (a private temporary, a
** reduction), an 'atomic' update and a 'critical' block, and a maximum
** under 'critical' with a count under 'atomic'. jvp keeps them;
** vjp (serial where a region is) must agree with it (dot-product test) and
** with central differences, under 1, 2 and 4 threads.
*/
#include <math.h>
#include <omp.h>
#include <string.h>

#include "ccad_oracle.h"

double stat(const double *x, double *y, int n)
{
    double s = 0.0, m = 0.0;
#pragma omp parallel
    {
        double t;
#pragma omp for
        for (int i = 0; i < n; i++) {
            t = sin(x[i]);
            y[i] = exp(t) * x[i];
        }
#pragma omp for reduction(+:s)
        for (int i = 0; i < n; i++)
            s += y[i] * x[i];
#pragma omp for
        for (int i = 0; i < n; i++) {
#pragma omp atomic
            m += x[i] * x[i];
        }
    }
#pragma omp parallel for
    for (int i = 0; i < n; i++) {
        double u = log(1.0 + x[i] * x[i]);
#pragma omp critical
        {
            m += u;
        }
    }
    return s + m;
}

/* a maximum under 'critical' and a count under 'atomic': shared variables
 * each thread writes, which reverse mode keeps serial (a note) */
double peak(const double *x, int n)
{
    double best = -1e300, m = 0.0;
    int cnt = 0;
#pragma omp parallel for
    for (int i = 0; i < n; i++) {
        double u = sin(x[i]);
#pragma omp critical
        {
            if (u > best) best = u;
        }
#pragma omp atomic
        m += u * u;
#pragma omp atomic
        cnt += 1;
    }
    return best + m / cnt;
}

#pragma ad grad(peak) wrt(x[n])
#pragma ad jvp(peak) wrt(x[n])
#pragma ad vjp(stat) wrt(x[n]) out(y[n], return)
#pragma ad jvp(stat) wrt(x[n]) out(y[n], return)

#include "omp_region.ad.h"

enum { N = 257 };

int main(void)
{
    OracleRng r = oracle_rng(1401);
    static double x[N], v[N], w[N], y[N], yd[N], xb[N], yb[N], q[N];
    oracle_fill_normal(&r, x, N);
    oracle_fill_normal(&r, v, N);
    oracle_fill_normal(&r, w, N);
    double want = stat(x, y, N);
    int threads[3] = {1, 2, 4};
    for (int k = 0; k < 3; k++) {
        omp_set_num_threads(threads[k]);
        double rd, rv = stat_jvp(x, v, y, yd, N, &rd);
        CHECK_CLOSE("jvp value", rv, want, 1e-12, 0);
        memcpy(yb, w, sizeof yb);
        memset(xb, 0, sizeof xb);
        stat_vjp(x, xb, y, yb, N, 0.7);
        double lhs = 0.7 * rd + oracle_dot(w, yd, N), rhs = oracle_dot(xb, v, N);
        CHECK_CLOSE("<J v, w> = <v, J^T w>", lhs, rhs, 1e-12, 1e-12);
        /* the return value's directional derivative by central differences */
        double h = 1e-6;
        for (int i = 0; i < N; i++) q[i] = x[i] + h * v[i];
        double fp = stat(q, y, N);
        for (int i = 0; i < N; i++) q[i] = x[i] - h * v[i];
        double fm = stat(q, y, N);
        CHECK_CLOSE("jvp vs fd", rd, (fp - fm) / (2 * h), 1e-6, 1e-6);
        double pd, g[N];
        peak_jvp(x, v, N, &pd);
        memset(g, 0, sizeof g);
        peak_grad(x, g, N);
        CHECK_CLOSE("peak: jvp = <grad, v>", pd, oracle_dot(g, v, N), 1e-12, 1e-12);
        for (int i = 0; i < N; i++) q[i] = x[i] + h * v[i];
        fp = peak(q, N);
        for (int i = 0; i < N; i++) q[i] = x[i] - h * v[i];
        fm = peak(q, N);
        CHECK_CLOSE("peak: jvp vs fd", pd, (fp - fm) / (2 * h), 1e-6, 1e-6);
    }
    return oracle_result();
}
