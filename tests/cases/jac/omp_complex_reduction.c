// CFLAGS: -fopenmp
// LIBS: -fopenmp -latomic
/*
** jac/omp_complex_reduction: a `double complex` accumulated by an OpenMP
** reduction(+:z) (a DFT bin at frequency k, |z|^2 as the output) in grad,
** jvp and hvp, k an active scalar. Oracles: central differences (1e-6),
** jvp = <grad, v> (1e-12), hvp against differences of grad (1e-5). Run
** also at OMP_NUM_THREADS=1,2,4. -latomic: clang combines two complex
** reductions of one loop (z and the tangent's z_dot) with 16-byte atomics
** from libatomic, which its primal (one reduction) does not need.
*/
#include <math.h>
#include <complex.h>
#include <string.h>
#include "ccad_oracle.h"
double spec(const double *x, double k, int n)
{
    double complex z = 0;
#pragma omp parallel for reduction(+:z)
    for (int i = 0; i < n; i++) z += x[i] * cexp(I * k * i);
    return creal(z * conj(z));
}
#pragma ad grad(spec) wrt(x[n], k)
#pragma ad jvp(spec) wrt(x[n], k)
#pragma ad hvp(spec) wrt(x[n], k)
#include "omp_complex_reduction.ad.h"
enum { N = 16, NI = N + 1 };
static void flat(void *c, const double *z, double *y) { (void)c; y[0] = spec(z, z[N], N); }
static void gflat(void *c, const double *z, double *g) { (void)c; spec_grad(z, g, z[N], &g[N], N); }
int main(void) {
    double z[NI], g[NI], gfd[NI], v[NI], hv[NI], hfd[NI], d;
    for (int i = 0; i < NI; i++) { z[i] = sin(0.7 * i + 0.2); v[i] = cos(1.3 * i); }
    double f0 = spec_grad(z, g, z[N], &g[N], N);
    oracle_fd_grad(flat, NULL, NI, z, gfd);
    CHECK_VEC_CLOSE("grad vs fd", g, gfd, NI, 1e-6, oracle_fd_atol(f0));
    spec_jvp(z, v, z[N], v[N], N, &d);
    CHECK_CLOSE("jvp", d, oracle_dot(g, v, NI), 1e-12, 1e-13);
    spec_hvp(z, v, hv, z[N], v[N], &hv[N], N);
    oracle_fd_jvp(gflat, NULL, NI, NI, z, v, hfd);
    CHECK_VEC_CLOSE("hvp vs fd(grad)", hv, hfd, NI, 1e-5, 1e-7);
    return oracle_result();
}
