// CFLAGS: -fopenmp
// LIBS: -fopenmp
// EXPECT-EXIT: 0
// EXPECT-DIAG: omp_serial_reverse
// EXPECT-STDERR: FILE:19:13: note: the reverse-mode sweeps of this parallel loop run on one thread: its body declares the variable-length array 'lp'
/* A parallel loop whose body declares a VLA (`double lp[K];`, a GMM
** E-step's per-point log densities) and starts a maximum at -INFINITY:
** reverse mode runs its sweeps on one thread, and the note says why, the
** VLA (it listed every possible reason, none of which applied); INFINITY,
** glibc's __builtin_inff(), is a constant, not a call that serialises a
** loop (the note named it before the VLA). The program's own check, run by
** hand: the gradient against central differences. */
#include <math.h>
#include "ccad_oracle.h"

double lse_rows(int n, int K, const double *a)
{
    double L = 0.0;
#pragma omp parallel for reduction(+:L)
    for (int i = 0; i < n; i++) {
        double lp[K];
        double m = -INFINITY;
        for (int k = 0; k < K; k++) { lp[k] = a[i * K + k] * a[i * K + k]; m = fmax(m, lp[k]); }
        double s = 0.0;
        for (int k = 0; k < K; k++) s += exp(lp[k] - m);
        L += m + log(s);
    }
    return L;
}
#pragma ad grad(lse_rows) wrt(a[n*K])
#include "omp_serial_vla.ad.h"

int main(void)
{
    enum { N = 40, K = 5 };
    double a[N * K], g[N * K];
    for (int q = 0; q < N * K; q++) a[q] = sin(0.3 * q);
    double v = lse_rows_grad(N, K, a, g);
    CHECK_CLOSE("primal", v, lse_rows(N, K, a), 1e-14, 0);
    for (int i = 0; i < N; i++) {
        double m = -INFINITY, s = 0.0;
        for (int k = 0; k < K; k++) m = fmax(m, a[i * K + k] * a[i * K + k]);
        for (int k = 0; k < K; k++) s += exp(a[i * K + k] * a[i * K + k] - m);
        for (int k = 0; k < K; k++)
            CHECK_CLOSE("grad", g[i * K + k], exp(a[i * K + k] * a[i * K + k] - m) / s * 2 * a[i * K + k], 1e-12, 1e-15);
    }
    return oracle_result();
}
