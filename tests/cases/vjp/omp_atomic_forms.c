// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** vjp/omp_atomic_forms: the other spellings OpenMP allows for atomic and
** critical: '#pragma omp atomic' before an increment (cnt++, ++n) and before
** 'x = x + e', and '#pragma omp critical(name)' before a single statement
** (no braces), as in a gram-matrix routine that takes the largest kernel
** value. cc-ad once refused all but 'x += e' and braced blocks. jvp and vjp
** must agree with the primal, with central differences and with each other
** (dot-product test) under 1 and 2 threads.
*/
#include <math.h>
#include <omp.h>
#include <string.h>

#include "ccad_oracle.h"

double stats(const double *x, int n)
{
    double s = 0.0, top = 0.0;
    int cnt = 0, seen = 0;
#pragma omp parallel for
    for (int i = 0; i < n; i++) {
        double v = sin(x[i]);
#pragma omp atomic
        s = s + v * v;
#pragma omp atomic
        cnt++;
#pragma omp atomic
        ++seen;
#pragma omp critical(top)
        if (v > top) top = v;
    }
    return s / cnt + top * seen / n;
}

#pragma ad vjp(stats) wrt(x[n])
#pragma ad jvp(stats) wrt(x)

#include "omp_atomic_forms.ad.h"

enum { N = 301 };

int main(void)
{
    OracleRng r = oracle_rng(9);
    double x[N], v[N], xb[N], q[N], h = 1e-6;
    oracle_fill_normal(&r, x, N);
    oracle_fill_normal(&r, v, N);
    double want = stats(x, N);
    for (int th = 1; th <= 2; th++) {
        omp_set_num_threads(th);
        double rd;
        CHECK_CLOSE("jvp value", stats_jvp(x, v, N, &rd), want, 1e-12, 0);
        for (int i = 0; i < N; i++) q[i] = x[i] + h * v[i];
        double fp = stats(q, N);
        for (int i = 0; i < N; i++) q[i] = x[i] - h * v[i];
        double fm = stats(q, N);
        CHECK_CLOSE("jvp vs fd", rd, (fp - fm) / (2 * h), 1e-6, 1e-8);
        memset(xb, 0, sizeof xb);
        CHECK_CLOSE("vjp value", stats_vjp(x, xb, N, 0.9), want, 1e-12, 0);
        CHECK_CLOSE("<J v, w> = <v, J^T w>", 0.9 * rd, oracle_dot(xb, v, N), 1e-12, 1e-12);
    }
    return oracle_result();
}
