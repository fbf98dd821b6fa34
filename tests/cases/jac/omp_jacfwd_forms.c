// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** jac/omp_jacfwd_forms: jacfwd (several directions per sweep, the lanes
** innermost) of a function with an OpenMP region whose threads sum into a
** shared total under '#pragma omp critical', and a parallel loop that
** bins with '#pragma omp atomic'. The widened code gave every OpenMP
** construct its own 'private(lane)', the critical section too (not a
** clause critical takes: the code did not compile), and computed the
** lanes of an atomic update into a temporary first, leaving
** 'edge_dot[i][lane] = lanes[lane]' under the atomic pragma (not an
** update form OpenMP accepts). A simd loop (omp simd, parallel for simd
** safelen(4)) becomes a loop over lane loops, which clang cannot
** vectorise and says so (-Wpass-failed, an error under -Werror): simd and
** its clauses go from the widened code (a check only with CC=clang). In
** reverse mode (jacrev) the parallel for simd loop that overwrites edge
** is split into a region and an omp for, and safelen(4) went to the
** region, which takes no such clause (the code did not compile).
** Oracles: jacrev (reverse mode, checked elsewhere) to 1e-12; the last row
** against central differences (h = 1e-6, rtol 1e-6); the primal outputs.
*/
#include <math.h>
#include <string.h>

#include "ccad_oracle.h"

double field(const double *u, const double *c, int n, double *edge, int nb)
{
    double total = 0.0;
    for (int b = 0; b < nb; b++)
        edge[b] = 0.0;
#pragma omp parallel
    {
        double local = 0.0;
#pragma omp for
        for (int i = 0; i < n; i++)
            local += c[i] * sin(u[i]) * u[(i + 1) % n];
#pragma omp critical
        total += local;
    }
#pragma omp parallel for
    for (int k = 0; k < n; k++) {
        double w = exp(-u[k] * u[k]);
#pragma omp atomic
        edge[k % nb] += c[k] * w;
    }
    double z = 0.0;
#pragma omp simd reduction(+:z)
    for (int i = 0; i < n; i++)
        z += u[i] * c[(i + 2) % n];
#pragma omp parallel for simd safelen(4)
    for (int b = 0; b < nb; b++)
        edge[b] = edge[b] * (1.0 + 0.1 * z);
    return total + z * z;
}

#pragma ad jacfwd(field) wrt(u[n]) out(edge[nb], return)
#pragma ad jacrev(field) wrt(u[n]) out(edge[nb], return)

#include "omp_jacfwd_forms.ad.h"

#define N 10
#define NB 3

int main(void)
{
    OracleRng rng = {12};
    double u[N], c[N], edge[NB], e0[NB], Jf[(NB + 1) * N], Jr[(NB + 1) * N];
    oracle_fill_uniform(&rng, u, N, -1, 1);
    oracle_fill_uniform(&rng, c, N, 0.5, 1.5);
    double f = field(u, c, N, e0, NB);
    CHECK_CLOSE("jacfwd primal", field_jacfwd(u, c, N, edge, NB, Jf), f, 1e-13, 0);
    CHECK_VEC_CLOSE("jacfwd edge", edge, e0, NB, 1e-13, 0);
    field_jacrev(u, c, N, edge, NB, Jr);
    CHECK_VEC_CLOSE("jacfwd = jacrev", Jf, Jr, (NB + 1) * N, 1e-12, 1e-14);
    for (int j = 0; j < N; j++) {
        double x0 = u[j], h = oracle_fd_step(x0, DBL_EPSILON), t[NB];
        u[j] = x0 + h;
        double fp = field(u, c, N, t, NB);
        u[j] = x0 - h;
        double fm = field(u, c, N, t, NB);
        u[j] = x0;
        CHECK_CLOSE("return row vs differences", Jf[NB * N + j], (fp - fm) / (2 * h), ORACLE_RTOL_FD,
                    oracle_fd_atol(f));
    }
    return oracle_result();
}
