// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** vmap/jacobian_drivers_omp: vmap of the jacrev and jacfwd drivers of a
** function with its own OpenMP loops (a reduction, an elementwise loop):
** nested parallelism, each element's driver sweeps on its own thread. Each
** batch element against the unbatched jacrev (1e-13; jacfwd 1e-12).
** Run also at OMP_NUM_THREADS=1,2,4.
*/
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"
void model(const double *x, const double *w, double *y, int n)
{
    double s = 0;
#pragma omp parallel for reduction(+:s)
    for (int i = 0; i < n; i++) s += w[i % 2] * x[i] * x[i];
#pragma omp parallel for
    for (int i = 0; i < n; i++) y[i] = sin(x[i]) * s + w[0] * x[(i + 1) % n];
}
#pragma ad jacrev(model) wrt(x[n], w[2]) out(y[n])
#pragma ad jacfwd(model) wrt(x[n], w[2]) out(y[n])
#pragma ad vmap(model_jacrev) batch(x[n], y[n], jac[n*(n+2)])
#pragma ad vmap(model_jacfwd) batch(x[n], y[n], jac[n*(n+2)])
#include "jacobian_drivers_omp.ad.h"
enum { N = 6, B = 5, NJ = N * (N + 2) };
int main(void) {
    double xs[B * N], w[2] = {0.7, -0.4}, ys[B * N], Jr[B * NJ], Jf[B * NJ];
    for (int i = 0; i < B * N; i++) xs[i] = sin(0.77 * i + 0.1);
    model_jacrev_vmap(B, xs, w, ys, N, Jr);
    model_jacfwd_vmap(B, xs, w, ys, N, Jf);
    for (int b = 0; b < B; b++) {
        double J1[NJ], y1[N];
        model_jacrev(xs + b * N, w, y1, N, J1);
        CHECK_VEC_CLOSE("vmap jacrev", Jr + b * NJ, J1, NJ, 1e-13, 1e-15);
        CHECK_VEC_CLOSE("vmap jacfwd", Jf + b * NJ, J1, NJ, 1e-12, 1e-14);
        CHECK_VEC_CLOSE("vmap y", ys + b * N, y1, N, 1e-14, 0);
    }
    return oracle_result();
}
