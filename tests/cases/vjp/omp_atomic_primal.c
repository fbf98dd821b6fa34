// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** vjp/omp_atomic_primal: a parallel loop that bins values with
** '#pragma omp atomic' (hist[k % nb] += w), the way a histogram or a
** scatter-add is parallelised. The forward sweep of vjp and grad runs the
** primal's loop in parallel too, so its update must stay atomic: it was
** written without the pragma, and two threads lost each other's additions
** (the outputs and the returned value wrong, intermittently; ThreadSanitizer
** reports it every time, tsan/vjp/omp_atomic_primal).
** Oracles: the primal's outputs and value (to 1e-12: the threads add in
** another order); central differences of the returned value
** (ORACLE_RTOL_FD); vjp against jvp by the dot-product test.
*/
#include <math.h>
#include <string.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

double bin(const double *u, int n, double *hist, int nb)
{
    for (int b = 0; b < nb; b++)
        hist[b] = 0.0;
#pragma omp parallel for
    for (int k = 0; k < n; k++) {
        double w = exp(-u[k] * u[k]);
#pragma omp atomic
        hist[k % nb] += w;
    }
    double s = 0.0;
    for (int b = 0; b < nb; b++)
        s += hist[b] * hist[b];
    return s;
}

#pragma ad grad(bin) wrt(u[n]) out(return) scratch(hist[nb])
#pragma ad vjp(bin) wrt(u) out(hist, return)
#pragma ad jvp(bin) wrt(u) out(hist, return)

#include "omp_atomic_primal.ad.h"

#define N 20000
#define NB 3

int main(void)
{
    static double u[N], g[N], ud[N], ub[N];
    double hist[NB], h0[NB], hd[NB], hb[NB], w[NB] = {0.3, -0.7, 1.1}, rd;
    OracleRng rng = {8};
    oracle_fill_uniform(&rng, u, N, -1, 1);
    oracle_fill_uniform(&rng, ud, N, -1, 1);
    double f = bin(u, N, h0, NB);
    for (int rep = 0; rep < 3; rep++) {
        CHECK_CLOSE("grad primal", bin_grad(u, g, N, hist, NB), f, 1e-12, 0);
        CHECK_VEC_CLOSE("grad leaves hist", hist, h0, NB, 1e-12, 0);
        CHECK_CLOSE("jvp primal", bin_jvp(u, ud, N, hist, hd, NB, &rd), f, 1e-12, 0);
        CHECK_VEC_CLOSE("jvp hist", hist, h0, NB, 1e-12, 0);
        memset(ub, 0, sizeof ub);
        memcpy(hb, w, sizeof hb);
        CHECK_CLOSE("vjp primal", bin_vjp(u, ub, N, hist, hb, NB, 0.5), f, 1e-12, 0);
        CHECK_VEC_CLOSE("vjp hist", hist, h0, NB, 1e-12, 0);
        double lhs = oracle_dot(hd, w, NB) + 0.5 * rd, rhs = oracle_dot(ud, ub, N);
        oracle_check_dot("dot test", lhs, rhs, oracle_dot_abs(ud, ub, N));
    }
    /* d s / d u_k = 2 hist[k % nb] * (-2 u_k) exp(-u_k^2) */
    for (int k = 0; k < 6; k++) {
        double t[NB], x0 = u[k], h = oracle_fd_step(x0, DBL_EPSILON);
        u[k] = x0 + h;
        double fp = bin(u, N, t, NB);
        u[k] = x0 - h;
        double fm = bin(u, N, t, NB);
        u[k] = x0;
        CHECK_CLOSE("grad vs differences", g[k], (fp - fm) / (2 * h), ORACLE_RTOL_FD, oracle_fd_atol(f));
        CHECK_CLOSE("grad closed form", g[k], 2 * h0[k % NB] * -2 * u[k] * exp(-u[k] * u[k]), 1e-12, 0);
    }
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
