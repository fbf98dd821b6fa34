// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** vjp/omp_region_clauses: an explicit-Euler diffusion step written as a
** '#pragma omp parallel' region with data-sharing clauses on the region
** itself (firstprivate(c) private(tmp)) and an 'omp for' inside, as OpenMP
** code is commonly written. cc-ad once read any word after 'parallel' as a
** combined construct ('parallel for') and refused the region. jvp and vjp
** must agree (dot-product test) and match central differences, under 1 and
** 2 threads.
*/
#include <math.h>
#include <omp.h>
#include <string.h>

#include "ccad_oracle.h"

void smooth(const double *a, double *b, int n, double c)
{
    double tmp = 0;
#pragma omp parallel firstprivate(c) private(tmp) num_threads(2)
    {
#pragma omp for schedule(static)
        for (int i = 1; i < n - 1; i++) {
            tmp = c * (a[i - 1] + a[i + 1]);
            b[i] = a[i] * (1 - 2 * c) + tmp + sin(a[i]);
        }
    }
    b[0] = a[0];
    b[n - 1] = a[n - 1];
}

#pragma ad vjp(smooth) wrt(a[n], c) out(b[n])
#pragma ad jvp(smooth) wrt(a, c) out(b)

#include "omp_region_clauses.ad.h"

enum { N = 33 };

int main(void)
{
    OracleRng r = oracle_rng(2207);
    double a[N], v[N], w[N], b[N], bd[N], ab[N], bb[N], q[N], bp[N], bm[N];
    oracle_fill_normal(&r, a, N);
    oracle_fill_normal(&r, v, N);
    oracle_fill_normal(&r, w, N);
    double c = 0.2, cv = 0.6, h = 1e-6;
    for (int th = 1; th <= 2; th++) {
        omp_set_num_threads(th);
        smooth_jvp(a, v, b, bd, N, c, cv);
        smooth(a, q, N, c);
        oracle_check_vec("jvp primal", b, q, N, 1e-15, 0);
        for (int i = 0; i < N; i++) q[i] = a[i] + h * v[i];
        smooth(q, bp, N, c + h * cv);
        for (int i = 0; i < N; i++) q[i] = a[i] - h * v[i];
        smooth(q, bm, N, c - h * cv);
        for (int i = 0; i < N; i++) bp[i] = (bp[i] - bm[i]) / (2 * h);
        oracle_check_vec("jvp vs fd", bd, bp, N, 1e-6, 1e-8);
        memcpy(bb, w, sizeof bb);
        memset(ab, 0, sizeof ab);
        double cb = 0;
        smooth_vjp(a, ab, b, bb, N, c, &cb);
        CHECK_CLOSE("<J v, w> = <v, J^T w>", oracle_dot(bd, w, N), oracle_dot(ab, v, N) + cb * cv, 1e-12, 1e-12);
    }
    return oracle_result();
}
