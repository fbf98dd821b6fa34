// CFLAGS: -fopenmp
// LIBS: -fopenmp
/* grad/omp_atomic_undo: a time loop whose step scatters into one cell of
** a buffer from every iteration of a parallel loop (`#pragma omp atomic`
** w[k] += e), and then reads the cell nonlinearly: a particle-in-cell
** deposit, a histogram of a kernel density. Reverse mode saved w[k] before
** each atomic update and loaded it back in the backward sweep: with two
** threads the saved value is whatever the other thread had added so far,
** so w was left as one thread's view and the gradient of earlier steps
** came out wrong (about 10x off here), silently; with one thread it was
** right. The backward sweep now undoes the update, w[k] -= e atomically.
** Oracles: central differences (the sum's order varies with the threads:
** the function is smooth at 1e-16, far below the differences' 1e-7),
** vjp against jvp (dot product), grad against vjp; two threads. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "ccad.h"
#include "ccad_oracle.h"

enum { N = 4, J = 4096 };

double deposit(const double *x, int n)
{
    double *w = calloc((size_t)n, sizeof *w);
    double r = 0;
    for (int i = 0; i < n; i++) {
#pragma omp parallel for
        for (int j = 0; j < J; j++) {
            double t = sin(x[j % n] + 1e-3 * j);
#pragma omp atomic
            w[n - 1 - i] += 1e-3 * t;
        }
        r += sin(3.0 * w[n - 1 - i]) * w[(i + 1) % n];
    }
    free(w);
    return r;
}

/* the same into the caller's buffer, read before each step: the undo
 * changes memory the caller sees, so the primal's final values come back
 * at the end (the redo log) */
double deposit_into(const double *x, double *cell, int n)
{
    double r = 0;
    for (int i = 0; i < n; i++) {
        r += cell[i % 2] * x[i] * x[i];
#pragma omp parallel for
        for (int j = 0; j < J; j++) {
#pragma omp atomic
            cell[j % 2] += 1e-3 * sin(x[j % n] + 1e-3 * j);
        }
    }
    return r;
}

#pragma ad grad(deposit_into) wrt(x[n]) scratch(cell[2])
#pragma ad grad(deposit) wrt(x[n])
#pragma ad vjp(deposit) wrt(x[n])
#pragma ad jvp(deposit) wrt(x[n])

#include "omp_atomic_undo.ad.h"

int main(void)
{
#ifdef _OPENMP
    omp_set_num_threads(2);
#endif
    double x[N] = {0.3, -0.7, 1.1, 0.2}, g[N], fd[N];
    /* which thread's stale value the old code left in w varied from run
     * to run: eight points, each checked */
    for (int trial = 0; trial < 8; trial++) {
        for (int k = 0; k < N; k++)
            x[k] += 0.05 * (trial % 3) - 0.04 * (k == trial % N);
        double val = deposit_grad(x, g, N);
        CHECK_CLOSE("deposit_grad value", val, deposit(x, N), 1e-12, 1e-15);
        for (int i = 0; i < N; i++) {
            double h = 1e-5, xp[N], xm[N];
            for (int k = 0; k < N; k++)
                xp[k] = xm[k] = x[k];
            xp[i] += h;
            xm[i] -= h;
            fd[i] = (deposit(xp, N) - deposit(xm, N)) / (2 * h);
        }
        CHECK_VEC_CLOSE("deposit_grad vs central differences", g, fd, N, 1e-6, 1e-8);
    }
    /* vjp with seed 1 adds the gradient; jvp along v gives <g, v> */
    double xb[N] = {0}, v[N] = {0.5, -1.0, 0.25, 2.0}, gv = 0, ydot;
    deposit_vjp(x, xb, N, 1.0);
    CHECK_VEC_CLOSE("deposit_vjp == deposit_grad", xb, g, N, 1e-10, 1e-13);
    deposit_jvp(x, v, N, &ydot);
    for (int i = 0; i < N; i++)
        gv += g[i] * v[i];
    CHECK_CLOSE("deposit_jvp == <grad, v>", ydot, gv, 1e-10, 1e-13);
    CHECK_TRUE("tape empty", ccad_tape_empty());
    /* the caller's buffer: the gradient by differences, and its final
     * values those of the primal (to the sums' rounding) */
    for (int trial = 0; trial < 4; trial++) {
        double c0[2] = {0.1 * trial, -0.2}, c[2], cg[2], gi[N];
        memcpy(cg, c0, sizeof c0);
        double val = deposit_into_grad(x, gi, cg, N);
        memcpy(c, c0, sizeof c0);
        CHECK_CLOSE("deposit_into_grad value", val, deposit_into(x, c, N), 1e-12, 1e-15);
        CHECK_VEC_CLOSE("deposit_into_grad leaves the primal's buffer", cg, c, 2, 1e-12, 1e-15);
        for (int i = 0; i < N; i++) {
            double h = 1e-5, xp[N], xm[N], cp[2], cm[2];
            for (int k = 0; k < N; k++)
                xp[k] = xm[k] = x[k];
            xp[i] += h;
            xm[i] -= h;
            memcpy(cp, c0, sizeof c0);
            memcpy(cm, c0, sizeof c0);
            fd[i] = (deposit_into(xp, cp, N) - deposit_into(xm, cm, N)) / (2 * h);
        }
        CHECK_VEC_CLOSE("deposit_into_grad vs central differences", gi, fd, N, 1e-6, 1e-8);
    }
    return oracle_result();
}
