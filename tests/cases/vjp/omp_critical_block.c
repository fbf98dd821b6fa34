// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** vjp/omp_critical_block: a '#pragma omp critical' block in a parallel
** loop whose iterations keep values for the backward sweep (a histogram
** filled under the lock, bins chosen by the iteration). Reverse mode
** flattened the block into the loop body and dropped the pragma, so both
** sweeps updated the shared bins (and, backward, read them) with no lock: a
** data race in the forward sweep, the primal's own updates (the TSan run of
** this case, tsan/vjp/omp_critical_block, reports it; the plain run may
** pass by luck). The block's forward and backward code now each stay
** under the same critical section. Oracles: central differences of f
** (ORACLE_RTOL_FD: the bins' sums are rounded in a schedule-dependent
** order, a relative 1e-16 that the difference step turns into 1e-10), the
** dot-product test of vjp with jvp, grad against vjp, repeated under 1, 2
** and 4 threads.
*/
#include <math.h>
#include <omp.h>
#include <string.h>

#include "ccad.h"
#include "ccad_oracle.h"

double binned(const double *x, int n, double *hist, int nb)
{
    memset(hist, 0, (size_t)nb * sizeof *hist);
#pragma omp parallel for
    for (int i = 0; i < n; i++) {
        int k = (i * 7) % nb;
        double v = sin(x[i]) * x[i];
#pragma omp critical
        {
            hist[k] += v;
            hist[(k + 1) % nb] += 0.5 * v * x[i];
        }
    }
    double s = 0.0;
    for (int b = 0; b < nb; b++)
        s += hist[b] * hist[b];
    return s;
}

#pragma ad grad(binned) wrt(x[n]) scratch(hist[nb])
#pragma ad vjp(binned) wrt(x[n]) scratch(hist[nb])
#pragma ad jvp(binned) wrt(x[n]) scratch(hist[nb])

#include "omp_critical_block.ad.h"

enum { N = 40, NB = 5 };

static double f(const double *x)
{
    double h[NB];
    return binned(x, N, h, NB);
}

int main(void)
{
    OracleRng r = oracle_rng(9001);
    double x[N], v[N], g[N], xb[N], fd[N], xp[N], h[NB], rd;
    char label[96];
    oracle_fill_uniform(&r, x, N, -1.0, 1.0);
    oracle_fill_normal(&r, v, N);
    for (int th = 1; th <= 4; th *= 2) {
        omp_set_num_threads(th);
        double f0 = f(x);
        for (int j = 0; j < N; j++) {
            memcpy(xp, x, sizeof xp);
            double step = oracle_fd_step(x[j], DBL_EPSILON);
            xp[j] = x[j] + step;
            double fp = f(xp);
            xp[j] = x[j] - step;
            fd[j] = (fp - f(xp)) / (2 * step);
        }
        snprintf(label, sizeof label, "%d threads: grad value", th);
        CHECK_CLOSE(label, binned_grad(x, g, N, h, NB), f0, 1e-13, 0);
        snprintf(label, sizeof label, "%d threads: grad vs fd", th);
        CHECK_VEC_CLOSE(label, g, fd, N, ORACLE_RTOL_FD, oracle_fd_atol(f0));
        memset(xb, 0, sizeof xb);
        binned_vjp(x, xb, N, h, NB, 0.5);
        for (int j = 0; j < N; j++) xb[j] *= 2.0;
        snprintf(label, sizeof label, "%d threads: vjp = 0.5 grad", th);
        CHECK_VEC_CLOSE(label, xb, g, N, 1e-13, 1e-14);
        binned_jvp(x, v, N, h, NB, &rd);
        snprintf(label, sizeof label, "%d threads: <J v, 1> = <v, grad>", th);
        CHECK_CLOSE(label, rd, oracle_dot(g, v, N), 1e-12, 1e-13);
        CHECK_TRUE("tape empty", ccad_tape_empty());
    }
    return oracle_result();
}
