/* OPEN (probe11): SILENTLY WRONG with more than one thread (grad every
** time; jvp/jacfwd intermittently, a race): '#pragma omp atomic' before a
** multiplicative update of active data, p[k] *= f (a valid OpenMP atomic
** update, and the manual lists atomic updates without restricting the
** operator). Forward: the tangent p_dot[k] = p_dot[k] * f + p[k] * f_dot
** is not atomic, and reads p[k] apart from the atomic update, so threads
** race on p_dot and on the pair (p, p_dot). Reverse: the forward sweep
** pushes p[k] before the atomic multiply (another thread may change it
** in between) and the parallel backward sweep restores p[k] from the tape
** and reads/zeroes p_bar[k] without atomics, per thread in its own order,
** while the adjoint of a product of factors from several threads needs the
** global order. Expected: the gradient of central differences (or an error
** / serial sweeps as for reduction(*:)), got: grad off by ~1% with 4
** threads (OMP_NUM_THREADS=1 passes). Atomic += / -= / x = x + e are right.
**   bash tests/harness/run_case.sh build/tool/cc-ad build/runtime/libccad.a include /tmp/w tests/fuzz/open/omp_atomic_mul.c */
// CFLAGS: -fopenmp
// LIBS: -fopenmp
#include <math.h>
#include <omp.h>
#include "ccad_oracle.h"

#define N 40
#define M 3

double scat(const double *x, int n)
{
    double p[M] = {1.0, 1.0, 1.0}, q[M] = {0, 0, 0};
#pragma omp parallel for
    for (int i = 0; i < n; i++) {
        double f = 1.0 + 0.05 * sin(x[i]);
#pragma omp atomic
        p[i % M] *= f;
    }
    double s = 0;
    for (int k = 0; k < M; k++) s += p[k] * (k + 1) + q[k] * q[k] * 0.01;
    return s;
}

#pragma ad jvp(scat) wrt(x[n])
#pragma ad grad(scat) wrt(x[n])
#pragma ad jacfwd(scat) wrt(x[n])

#include "omp_atomic_mul.ad.h"

static void flat(void *ctx, const double *x, double *y) { (void)ctx; y[0] = scat(x, N); }

int main(void)
{
    omp_set_num_threads(4);
    double x[N], v[N], g[N], gfd[N], J[N];
    for (int i = 0; i < N; i++) { x[i] = cos(1.3 * i); v[i] = sin(0.7 * i); }
    oracle_fd_grad(flat, 0, N, x, gfd);
    for (int rep = 0; rep < 20; rep++) {
        double y = scat_grad(x, g, N);
        CHECK_CLOSE("primal", y, scat(x, N), 1e-12, 0);
        CHECK_VEC_CLOSE("grad", g, gfd, N, 1e-6, 1e-8);
        double yd;
        scat_jvp(x, v, N, &yd);
        CHECK_CLOSE("jvp", yd, oracle_dot(gfd, v, N), 1e-6, 1e-8);
        scat_jacfwd(x, N, J);
        CHECK_VEC_CLOSE("jacfwd", J, gfd, N, 1e-6, 1e-8);
    }
    return oracle_result();
}
