/* OPEN (probe11): WRONG (edge: a team-size-dependent function): reverse
** mode runs a parallel region on one thread when its loops cannot be split
** into parallel for loops (here a declaration with a call, int t =
** omp_get_thread_num(), and a store by thread 0), "the same derivative" by
** the manual. But a function whose value depends on the team (per-thread
** partial sums combined nonlinearly, per-thread random streams) then gets
** the value and gradient of a one-thread run: with 2..4 threads f_grad
** returns 80.27 where f returns 44.48 (and its gradient is FD of the
** one-thread function), while jvp and jacfwd, which keep the region, agree
** with f. Contract section 3: "Every generated function also computes the
** primal: ... returns what f returns." Expected: f_grad's value == f's at
** the same team size; got: the one-thread value (the note "the
** reverse-mode sweeps of this parallel loop run on one thread" is printed,
** the manual promises the same derivative). Perhaps: keep the region's team
** in the forward sweep where its thread-dependent code is primal only.
**   bash tests/harness/run_case.sh build/tool/cc-ad build/runtime/libccad.a include /tmp/w tests/fuzz/open/omp_region_team_dependent.c */
// CFLAGS: -fopenmp
// LIBS: -fopenmp
#include <math.h>
#include <omp.h>
#include "ccad_oracle.h"

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
    /* (the primal's value depends on the team; with one thread it is (sum)^2 + sum) */
    return s;
}

#pragma ad grad(partials) wrt(x[n])
#pragma ad jvp(partials) wrt(x[n])
#pragma ad jacfwd(partials) wrt(x[n])

#include "omp_region_team_dependent.ad.h"

static void flat(void *ctx, const double *x, double *y) { (void)ctx; y[0] = partials(x, N); }

int main(void)
{
    double x[N], g[N], gfd[N], v[N], J[N], yd;
    for (int i = 0; i < N; i++) { x[i] = 0.9 * cos(0.7 * i); v[i] = sin(i); }
    for (int nt = 1; nt <= 4; nt++) {
        omp_set_num_threads(nt);
        oracle_fd_grad(flat, 0, N, x, gfd);
        double y = partials_grad(x, g, N);
        CHECK_CLOSE("primal", y, partials(x, N), 1e-12, 0);
        CHECK_VEC_CLOSE("grad", g, gfd, N, 1e-6, 1e-8);
        double yj = partials_jvp(x, v, N, &yd);
        CHECK_CLOSE("jvp primal", yj, partials(x, N), 1e-12, 0);
        CHECK_CLOSE("jvp", yd, oracle_dot(gfd, v, N), 1e-6, 1e-8);
        partials_jacfwd(x, N, J);
        CHECK_VEC_CLOSE("jacfwd", J, gfd, N, 1e-6, 1e-8);
    }
    return oracle_result();
}
