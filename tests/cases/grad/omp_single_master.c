// CFLAGS: -fopenmp
// LIBS: -fopenmp
/* '#pragma omp single' and '#pragma omp master' inside a parallel region,
** as OpenMP codes use them for bookkeeping between work-shared sweeps (an
** iteration counter, a convergence flag): a Jacobi-style relaxation whose
** region spans the iteration loop. Their bodies carry no derivative, so
** every mode runs them as the primal does (forward mode keeps them in the
** team; reverse mode runs the region on one thread, which runs them once).
** They used to be refused ("'#pragma omp single' cannot be
** differentiated"). Oracles: central differences of relax, the counters
** against the iteration count, at 1 and 3 threads. */
#include <math.h>
#include <string.h>
#include <omp.h>
#include "ccad_oracle.h"

#define N 16
double relax(const double *f, int *sweeps, int *flags, int nit)
{
    double u[N], un[N], e = 0.0;
    memset(u, 0, sizeof u);
    memset(un, 0, sizeof un);
#pragma omp parallel
    {
        for (int it = 0; it < nit; it++) {
#pragma omp for
            for (int i = 1; i < N - 1; i++) un[i] = 0.5 * (u[i - 1] + u[i + 1]) + f[i] + 0.1 * sin(u[i]);
#pragma omp for
            for (int i = 1; i < N - 1; i++) u[i] = un[i];
#pragma omp single
            (*sweeps)++;
#pragma omp master
            {
                if (it % 2 == 0) flags[it / 2] = it;
            }
        }
    }
    for (int i = 0; i < N; i++) e += u[i] * u[i];
    return e;
}
#pragma ad grad(relax) wrt(f[N])
#pragma ad jvp(relax) wrt(f[N])
#pragma ad jacfwd(relax) wrt(f[N])

#include "omp_single_master.ad.h"

static void flat(void *ctx, const double *x, double *y)
{
    int sw = 0, fl[8];
    (void)ctx;
    y[0] = relax(x, &sw, fl, 5);
}

int main(void)
{
    double f[N], g[N], gfd[N], v[N], J[N], yd, y0;
    for (int i = 0; i < N; i++) { f[i] = 0.1 * cos(0.5 * i); v[i] = sin(i + 1.0); }
    oracle_fd_grad(flat, 0, N, f, gfd);
    for (int nt = 1; nt <= 3; nt += 2) {
        omp_set_num_threads(nt);
        int sw = 0, fl[8] = {0}, swp = 0, flp[8] = {0};
        y0 = relax(f, &swp, flp, 5);
        double y = relax_grad(f, g, &sw, fl, 5);
        CHECK_CLOSE("grad primal", y, y0, 1e-12, 0);
        CHECK_EQ_INT("grad: sweeps counted once per iteration", sw, 5);
        CHECK_EQ_INT("grad: master's flags", fl[2], 4);
        CHECK_VEC_CLOSE("grad", g, gfd, N, 1e-6, 1e-10);
        sw = 0;
        y = relax_jvp(f, v, &sw, fl, 5, &yd);
        CHECK_CLOSE("jvp primal", y, y0, 1e-12, 0);
        CHECK_EQ_INT("jvp: sweeps counted once per iteration", sw, 5);
        CHECK_CLOSE("jvp", yd, oracle_dot(gfd, v, N), 1e-6, 1e-10);
        sw = 0;
        relax_jacfwd(f, &sw, fl, 5, J);
        CHECK_EQ_INT("jacfwd: sweeps counted once per iteration", sw, 5);
        CHECK_VEC_CLOSE("jacfwd", J, gfd, N, 1e-6, 1e-10);
    }
    return oracle_result();
}
