// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** vmap/reverse_tape: vmap of a gradient and a Hessian-vector product whose
** code uses every part of the tape (a data-dependent loop's trip count,
** overwritten values, a callee's local array in a frame), on 4 OpenMP
** threads: each thread has its own tape, so the batched results equal the
** unbatched functions element by element, bitwise, and every thread's
** tape is empty afterwards.
*/
#include <math.h>
#include <omp.h>
#include <stdlib.h>

#include "ccad.h"
#include "ccad_oracle.h"

static void smooth(double *t, const double *x, int n)
{
    double w[4];
    for (int k = 0; k < 4; k++)
        w[k] = 0.25 * (k + 1);
    for (int i = 0; i < n; i++)
        t[i] = w[i % 4] * x[i] + sin(x[(i + 1) % n]);
}

double loss(const double *x, double a, int n)
{
    double *t = malloc((size_t)n * sizeof(double));
    smooth(t, x, n);
    double s = 0.0;
    for (int i = 0; i < n; i++) {
        double v = t[i] * a;
        s += v * v + exp(-v);
    }
    free(t);
    double y = s;
    int it = 0;
    while (fabs(y * y - s) > 1e-12 * s && it < 60) {
        y = 0.5 * (y + s / y);
        it++;
    }
    return y;
}

#pragma ad grad(loss) wrt(x[n], a)
#pragma ad hvp(loss) wrt(x[n])
#pragma ad vmap(loss_grad) batch(x[n], a, x_bar[n], a_bar[1])
#pragma ad vmap(loss_hvp) batch(x[n], a, x_v[n], x_hv[n])

#include "reverse_tape.ad.h"

enum { B = 301, N = 9 };

int main(void)
{
    OracleRng rng = oracle_rng(21);
    static double x[B * N], v[B * N], a[B];
    oracle_fill_uniform(&rng, x, B * N, -1.0, 1.0);
    oracle_fill_uniform(&rng, v, B * N, -1.0, 1.0);
    oracle_fill_uniform(&rng, a, B, 0.2, 3.0);
    static double gx[B * N], ga[B], gr[B], hx[B * N], hr[B];
    for (int b = 0; b < B; b++) {
        gr[b] = loss_grad(x + b * N, gx + b * N, a[b], &ga[b], N);
        hr[b] = loss_hvp(x + b * N, v + b * N, hx + b * N, a[b], N);
    }
    omp_set_num_threads(4);
    static double vx[B * N], va[B], vr[B], wx[B * N], wr[B];
    loss_grad_vmap(B, x, vx, a, va, N, vr);
    loss_hvp_vmap(B, x, v, wx, a, N, wr);
    CHECK_VEC_CLOSE("loss_grad_vmap value", vr, gr, B, 0.0, 0.0);
    CHECK_VEC_CLOSE("loss_grad_vmap x_bar", vx, gx, B * N, 0.0, 0.0);
    CHECK_VEC_CLOSE("loss_grad_vmap a_bar", va, ga, B, 0.0, 0.0);
    CHECK_VEC_CLOSE("loss_hvp_vmap value", wr, hr, B, 0.0, 0.0);
    CHECK_VEC_CLOSE("loss_hvp_vmap x_hv", wx, hx, B * N, 0.0, 0.0);
    int dirty = 0;
#pragma omp parallel reduction(+ : dirty)
    dirty += !ccad_tape_empty();
    CHECK_TRUE("every thread's tape is empty", dirty == 0);
    /* the Hessian-vector product against differences of the gradient */
    for (int b = 0; b < B; b += 50) {
        double xp[N], xm[N], gp[N], gm[N], ap, am, h = 1e-6;
        for (int i = 0; i < N; i++) {
            xp[i] = x[b * N + i] + h * v[b * N + i];
            xm[i] = x[b * N + i] - h * v[b * N + i];
        }
        loss_grad(xp, gp, a[b], &ap, N);
        loss_grad(xm, gm, a[b], &am, N);
        for (int i = 0; i < N; i++)
            CHECK_CLOSE("hvp against gradient differences", hx[b * N + i], (gp[i] - gm[i]) / (2 * h), 1e-5, 1e-5);
    }
    return oracle_result();
}
