// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** vmap/batched: f_vmap over a batch equals f called on each element, for a
** plain function (batched array and scalar, shared array, a return value)
** and for a generated gradient (per-thread tapes under OpenMP). The oracle
** is the unbatched function itself, so results must match bitwise.
*/
#include <math.h>
#include <omp.h>

#include "ccad.h"
#include "ccad_oracle.h"

double model(const double *x, double a, const double *w, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += w[i] * sin(a * x[i]) + a * x[i] * x[i];
    return log(1.0 + s * s);
}

#pragma ad vmap(model) batch(x[n], a)
#pragma ad grad(model) wrt(x[n], a)
#pragma ad vmap(model_grad) batch(x[n], x_bar[n], a, a_bar[1])

#include "batched.ad.h"

enum { B = 64, N = 7 };

int main(void)
{
    OracleRng rng = oracle_rng(11);
    double x[B * N], a[B], w[N], r[B], r2[B], xb[B * N], ab[B];
    oracle_fill_uniform(&rng, x, B * N, -1.0, 1.0);
    oracle_fill_uniform(&rng, a, B, 0.5, 1.5);
    oracle_fill_uniform(&rng, w, N, -1.0, 1.0);
    omp_set_num_threads(4);

    model_vmap(B, x, a, w, N, r);
    model_grad_vmap(B, x, xb, a, ab, w, N, r2);

    double want[B], gx[B * N], ga[B];
    for (int b = 0; b < B; b++) {
        want[b] = model(x + b * N, a[b], w, N);
        model_grad(x + b * N, gx + b * N, a[b], &ga[b], w, N);
    }
    CHECK_VEC_CLOSE("model_vmap = model per element", r, want, B, 0.0, 0.0);
    CHECK_VEC_CLOSE("model_grad_vmap value", r2, want, B, 0.0, 0.0);
    CHECK_VEC_CLOSE("model_grad_vmap x_bar", xb, gx, B * N, 0.0, 0.0);
    CHECK_VEC_CLOSE("model_grad_vmap a_bar", ab, ga, B, 0.0, 0.0);
    CHECK_TRUE("tape empty on this thread", ccad_tape_empty());
    return oracle_result();
}
