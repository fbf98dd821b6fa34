// CFLAGS: -fopenmp
// LIBS: -fopenmp
/* Reverse mode of a function whose primal has a '#pragma omp parallel for'
** that tapes per thread (a logistic-regression loss with a reduction), called
** from inside another parallel region while nested parallelism is active
** (omp_set_max_active_levels(2)): by cc-ad's own vmap(f_grad) and by a user's
** parallel loop over the batch. A nested team's threads may be other OS
** threads in the backward sweep than in the forward one, and each thread's
** tape is its own, so the taping region runs on the calling thread inside an
** active parallel region (if(!omp_in_parallel())); it used to stop with
** "tape underflow". Oracle: the gradients computed one by one on one thread,
** to rounding (the loss's reduction order is the only difference). */
#include <math.h>
#include <omp.h>
#include "ccad_oracle.h"

double loss(const double *w, const double *X, int m, int d)
{
    double s = 0.0;
    int i;
#pragma omp parallel for reduction(+:s)
    for (i = 0; i < m; i++) {
        double z = 0.0;
        for (int j = 0; j < d; j++) z += X[i * d + j] * w[j];
        s += log1p(exp(z)) - 0.5 * z;
    }
    return s / m;
}
#pragma ad grad(loss) wrt(w[d])
#pragma ad vmap(loss_grad) batch(w[d])

#include "omp_nested_grad.ad.h"

enum { M = 300, D = 6, B = 16 };
int main(void)
{
    static double X[M * D], w[B * D], g[B * D], gs[B * D], ret[B];
    for (int i = 0; i < M * D; i++) X[i] = sin(0.37 * i);
    for (int i = 0; i < B * D; i++) w[i] = 0.3 * cos(0.11 * i);
    omp_set_num_threads(1);
    for (int b = 0; b < B; b++) loss_grad(w + b * D, gs + b * D, X, M, D);
    omp_set_num_threads(2);
    omp_set_max_active_levels(2);
    for (int rep = 0; rep < 20; rep++) {
        loss_grad_vmap(B, w, g, X, M, D, ret);             /* batch elements in threads, each loss_grad parallel */
        CHECK_VEC_CLOSE("vmap(grad) under nesting", g, gs, B * D, 1e-12, 1e-15);
#pragma omp parallel for
        for (int b = 0; b < B; b++) loss_grad(w + b * D, g + b * D, X, M, D);   /* the user's own outer loop */
        CHECK_VEC_CLOSE("grad in a user's parallel loop under nesting", g, gs, B * D, 1e-12, 1e-15);
    }
    return oracle_result();
}
