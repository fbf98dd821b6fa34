// CFLAGS: -fopenmp
// LIBS: -fopenmp
/* OPEN (probe14): SLOW, POOR DIAGNOSTIC: a parallel loop whose body declares
** a VLA (`double lp[K];`, the per-point log densities of a GMM E-step,
** tests/cases/realc/gmm_estep.c) gets "note: the reverse-mode sweeps of this
** parallel loop run on one thread: it is in a parallel region, its body
** calls a function (other than math) or writes a shared variable (under
** critical), it reduces with an operator other than + or -, ..., or, in a
** function called by the differentiated one, it declares arrays or
** structs": none of the listed reasons applies (the function is the
** requested one, the body calls only exp/log); with `double lp[16]` instead
** the sweeps are parallel and no note is printed. So a VLA in the body
** serialises the gradient, and the note does not say so.
** Expected: parallel reverse sweeps (each thread its own VLA, its length
** taped) or a note naming the VLA; got: the note above and serial sweeps
** (run_case passes: notes do not fail a case; the gradient itself is right).
** Run: cc-ad omp_vla_in_loop_serial.c -- -fopenmp, and look for the note. */
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
#include "omp_vla_in_loop_serial.ad.h"

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
