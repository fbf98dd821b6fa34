// EXPECT-EXIT: 1
// EXPECT-DIAG: omp_team_query
// EXPECT-ERRORS: 2
// EXPECT-STDERR: FILE:26:13: error: 'omp_get_thread_num' (line 28) asks for the OpenMP team of this parallel construct, which the reverse mode of 'partials' runs on one thread
// EXPECT-STDERR: FILE:44:13: error: 'omp_get_num_threads' (line 38) asks for the OpenMP team
/* Reverse mode runs a parallel region it cannot split into parallel for
** loops (here: a declaration with a call, a store by thread 0), and a
** parallel for whose body calls a function, on one thread. A function whose
** value depends on the team (partial sums per thread number combined
** nonlinearly; a weight of 1/team size through a helper) then got from
** f_grad the value and gradient of a one-thread run (80.27 where f returned
** 44.48 with 2..4 threads), while jvp and jacfwd, which keep the team,
** agreed with f. A construct reverse mode runs on one thread that asks for
** its team (omp_get_thread_num, omp_get_num_threads..., also in a callee)
** is refused; the forward-mode requests of the same function are not. */
// CFLAGS: -fopenmp
#include <math.h>
#include <omp.h>

#define N 33

double partials(const double *x, int n)
{
    double partial[64] = {0};
    int nt = 1;
#pragma omp parallel
    {
        int t = omp_get_thread_num();
        if (t == 0) nt = omp_get_num_threads();
#pragma omp for
        for (int i = 0; i < n; i++) partial[t] += sin(x[i]) * x[(i + 1) % n];
    }
    double s = 0;
    for (int t = 0; t < nt; t++) s += partial[t] * partial[t] + partial[t];
    return s;
}

static double share(void) { return 1.0 / omp_get_num_threads(); }

double weighted(const double *x, int n)
{
    double s = 0;
    int i;
#pragma omp parallel for reduction(+:s)
    for (i = 0; i < n; i++) s += share() * x[i] * x[i];
    return s * s;
}

#pragma ad grad(partials) wrt(x[n])
#pragma ad jvp(partials) wrt(x[n])
#pragma ad jacfwd(partials) wrt(x[n])
#pragma ad grad(weighted) wrt(x[n])
#pragma ad jvp(weighted) wrt(x[n])
