/*
** vmap/vmap_grad_nested_omp: vmap(f_grad) where f's parallel loop keeps
** values for its backward sweep (one tape per thread), with nested
** parallelism on (omp_set_max_active_levels(2)): each batch element's
** f_grad opens a nested team. A nested team's threads may be other OS
** threads in the backward region than in the forward one, and each tape
** belongs to its OS thread: the program stopped with "tape underflow". The
** forward region now carries if(!omp_in_parallel()), so inside an active
** region the loop runs on the calling thread (and the backward region's
** team, num_threads(nth), is that one thread). Oracle: each element's
** gradient and value equal f_grad's called alone (1e-12), 30 repetitions.
*/
// CFLAGS: -fopenmp
// LIBS: -fopenmp
#include <math.h>
#include <omp.h>
#include "ccad_oracle.h"

#define N 16
#define B 6

double keep(const double *x, int n)
{
    double s = 0.0;
#pragma omp parallel for reduction(+:s) num_threads(3) schedule(dynamic, 1)
    for (int i = 0; i < n; i++) {
        double a = x[i];
        for (int k = 0; k < 3; k++) a = a > 0.1 ? sin(a) * x[(i + k) % n] + a : a * a + 0.2;
        s += a * a;
    }
    return s;
}

#pragma ad grad(keep) wrt(x[n])
#pragma ad vmap(keep_grad) batch(x[n], x_bar[n])

#include "vmap_grad_nested_omp.ad.h"

int main(void)
{
    omp_set_max_active_levels(2);
    omp_set_num_threads(3);
    static double X[B * N], XB[B * N], R[B];
    for (int k = 0; k < B * N; k++) X[k] = 0.7 * cos(0.37 * k);
    int bad = 0;
    for (int rep = 0; rep < 30; rep++) {
        keep_grad_vmap(B, X, XB, N, R);
        for (int b = 0; b < B; b++) {
            double g[N];
            omp_set_max_active_levels(1);
            double y = keep_grad(X + b * N, g, N);
            omp_set_max_active_levels(2);
            for (int i = 0; i < N; i++) bad += fabs(XB[b * N + i] - g[i]) > 1e-12 * (1 + fabs(g[i]));
            bad += fabs(R[b] - y) > 1e-12 * fabs(y);
        }
    }
    CHECK_EQ_INT("mismatches", bad, 0);
    return oracle_result();
}
