// CFLAGS: -fopenmp
// LIBS: -fopenmp
/* OPEN (probe12): CRASH of generated code: a reverse-mode function whose primal
** has a `#pragma omp parallel for` (here a logistic-regression loss with a
** reduction) called from inside another parallel region while nested
** parallelism is active (omp_set_max_active_levels(2), or
** OMP_MAX_ACTIVE_LEVELS=2; cc-ad's own vmap(f_grad) is such a caller) aborts
** with "ccad: fatal: tape underflow: ccad_pop_i on an empty integer tape":
** each inner-team thread tapes the forward sweep on its own thread's tape, and
** the backward region's team member k is not the same OS thread in a nested
** team (the runtime's thread pool hands out other threads), so it pops a tape
** it never pushed. With nesting inactive (libgomp's default) results are
** right. (Separately, clang's ThreadSanitizer reports a data race on a
** ccad_omp_part_d copy for vmap(f_grad) of such an f even without nesting;
** possibly a false positive: the copy is handed from one thread to another
** through runtime/omp_parts.c's spare list under a spin lock that the
** uninstrumented runtime hides from TSan.)
** Expected: gradients equal to the serial ones; got: abort (run_case step 4).
** Run: run_case.sh ... omp_nested_grad_tape_underflow.c */
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

#include "omp_nested_grad_tape_underflow.ad.h"

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
