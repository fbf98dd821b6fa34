// CFLAGS: -fopenmp
// LIBS: -fopenmp
// EXPECT-NOT-STDERR: has its address taken
/*
** grad/omp_framed_reduction: a callee's parallel loop sums into a local
** whose address the callee takes afterwards (scale_into(&s, &t), as
** MPI_Allreduce(&s, ...) does). Its split reverse mode keeps such a local
** in a frame, s becoming *s, where the loop's reduction(+:s) cannot name
** it: the clause was dropped and the threads raced on *s (lost updates:
** a wrong primal value and gradient with 2 or more threads); then the
** loop ran on one thread with a note. Now the loop sums into a local of
** its own, s_red = 0 before it, reduction(+:s_red), *s += s_red after it
** (adj_omp_framed_sums), and both sweeps stay parallel: no note.
** Oracles: closed forms, value 2 * sum x_i^2 * x_0 and its gradient, with
** 1 to 4 threads, four times each (the TSan twin: no race on s_red).
*/
#include <math.h>
#include <omp.h>

#include "ccad_oracle.h"

static void scale_into(const double *s, double *t)
{
    *t = 2.0 * *s;
}

static double norm2(const double *u, int n)
{
    double s = 0.0, t;
#pragma omp parallel for reduction(+:s)
    for (int i = 0; i < n; i++)
        s += u[i] * u[i];
    scale_into(&s, &t);
    return t;
}

double loss(const double *x, int n)
{
    return norm2(x, n) * x[0];
}

#pragma ad grad(loss) wrt(x[n])

#include "omp_framed_reduction.ad.h"

enum { N = 1 << 20, REPS = 4 };  /* long chunks: the threads' sums overlap in time */

int main(void)
{
    static double x[N], g[N], want[N];
    OracleRng r = oracle_rng(3141);
    oracle_fill_uniform(&r, x, N, -1.0, 1.0);
    double ss = 0.0;
    for (int i = 0; i < N; i++) ss += x[i] * x[i];
    for (int i = 0; i < N; i++) want[i] = 4.0 * x[i] * x[0];
    want[0] += 2.0 * ss;
    for (int threads = 1; threads <= 4; threads++) {
        omp_set_num_threads(threads);
        for (int rep = 0; rep < REPS; rep++) {
            for (int i = 0; i < N; i++) g[i] = 0.0;
            double v = loss_grad(x, g, N);
            CHECK_CLOSE("value: 2 sum x_i^2 x_0", v, 2.0 * ss * x[0], 1e-11, 1e-12);
            CHECK_VEC_CLOSE("gradient vs closed form", g, want, N, 1e-11, 1e-12);
        }
    }
    return oracle_result();
}
