// CFLAGS: -fopenmp
// LIBS: -fopenmp
/* jac/omp_second_order (probe6): OpenMP loops under forward-over-reverse.
** A logistic loss whose parallel loop keeps nonlinear locals (each thread
** tapes its own iterations; schedule(dynamic, 1) so the iterations a thread
** owns vary), a collapse(2) reduction, and an atomic update of a small
** array of active values, differentiated by grad, vjp, hessian, hvp and
** jvp(loss_grad): the second-order drivers run the reverse sweep's
** per-thread tapes in forward mode. Oracles: central differences of the
** primal (grad) and of loss_grad (H v), tolerances of ccad_oracle.h
** (1e-6; 1e-6 with an absolute floor 1e-7 for H v); vjp with seed 2 is
** twice grad; hessian times v equals the differences. CTest runs it with
** the default team; OMP_NUM_THREADS=1, 2 and 3 all pass.
*/
#include <math.h>
#include <stdlib.h>
#include "ccad.h"
#include "ccad_oracle.h"

double loss(const double *w, const double *X, int n, int d)
{
    double s = 0.0;
#pragma omp parallel for reduction(+:s) schedule(dynamic, 1)
    for (int i = 0; i < n; i++) {
        double z = 0.0;
        for (int j = 0; j < d; j++)
            z += w[j] * X[i * d + j];
        double p = 1.0 / (1.0 + exp(-z));
        double t = (i % 2) ? 1.0 : 0.0;
        s += -(t * log(p) + (1.0 - t) * log1p(-p));
    }
    double r = 0.0;
#pragma omp parallel for collapse(2) reduction(+:r)
    for (int j = 0; j < d; j++)
        for (int k = 0; k < d; k++)
            r += 0.01 * w[j] * w[k] * cos(w[j] - w[k]);
    double acc[2] = {0.0, 0.0};
#pragma omp parallel for
    for (int j = 0; j < d; j++) {
        double q = w[j] * w[j] * sin(w[j]);
#pragma omp atomic
        acc[j % 2] += q;
    }
    return s / n + r + acc[0] * acc[1];
}

#pragma ad grad(loss) wrt(w[d])
#pragma ad hessian(loss) wrt(w[d])
#pragma ad hvp(loss) wrt(w[d])
#pragma ad jvp(loss_grad) wrt(w[d]) out(w_bar[d])
#pragma ad vjp(loss) wrt(w[d])

#include "omp_second_order.ad.h"

#define NP 37
#define D 5
static double X[NP * D];
static void F(void *c, const double *x, double *y) { (void)c; y[0] = loss(x, X, NP, D); }
static void G(void *c, const double *x, double *g) { (void)c; loss_grad(x, g, X, NP, D); }

int main(void)
{
    OracleRng rng = oracle_rng(13);
    oracle_fill_uniform(&rng, X, NP * D, -1, 1);
    double w[D], g[D], fd[D], H[D * D], v[D], hv[D], jv[D], gg[D], hfd[D];
    oracle_fill_uniform(&rng, w, D, -0.5, 0.5);
    oracle_fill_uniform(&rng, v, D, -1, 1);
    double f0 = loss(w, X, NP, D);
    double f1 = loss_grad(w, g, X, NP, D);
    CHECK_CLOSE("primal", f1, f0, 1e-13, 0);
    oracle_fd_grad(F, NULL, D, w, fd);
    CHECK_VEC_CLOSE("grad", g, fd, D, 1e-6, oracle_fd_atol(f0));
    double wb[D] = {0};
    loss_vjp(w, wb, X, NP, D, 2.0);
    for (int i = 0; i < D; i++) wb[i] *= 0.5;
    CHECK_VEC_CLOSE("vjp", wb, g, D, 1e-12, 1e-14);
    oracle_fd_jvp(G, NULL, D, D, w, v, hfd);
    loss_hvp(w, v, hv, X, NP, D);
    CHECK_VEC_CLOSE("hvp", hv, hfd, D, 1e-6, 1e-7);
    loss_grad_jvp(w, v, gg, jv, X, NP, D);
    CHECK_VEC_CLOSE("jvp(grad)", jv, hfd, D, 1e-6, 1e-7);
    CHECK_VEC_CLOSE("jvp(grad) g", gg, g, D, 1e-12, 1e-14);
    loss_hessian(w, X, NP, D, H);
    double Hv[D] = {0};
    for (int i = 0; i < D; i++) for (int j = 0; j < D; j++) Hv[i] += H[i * D + j] * v[j];
    CHECK_VEC_CLOSE("hessian v", Hv, hfd, D, 1e-6, 1e-7);
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
