/*
** jac/omp_region_single_forms: the forms of a worksharing loop that a
** forward derivative runs on one thread of its region ('omp single'):
** 'for simd' with reduction(max:), collapse(2) with reduction(min:),
** schedule(dynamic) and nowait, reduction(*:) with a lastprivate, next to
** an 'omp for' reduction(+:) that stays shared. Each becomes a single loop
** without its clauses (collapse, schedule, lastprivate: one thread runs
** every iteration on the shared variables). Inputs are chosen away from
** ties of the max and min. Oracles: central differences of f for jvp,
** jacfwd and grad (ORACLE_RTOL_FD), of f_grad for hvp; 4 threads.
*/
// CFLAGS: -fopenmp
// LIBS: -fopenmp
#include <math.h>
#include <omp.h>
#include "ccad_oracle.h"

#define N 6

double forms(const double *x, int n)
{
    double mx = -1e300, mn = 1e300, p = 1.0, last = 0.0, s = 0.0;
#pragma omp parallel
    {
#pragma omp for simd reduction(max:mx)
        for (int i = 0; i < n; i++) mx = fmax(mx, x[i] * x[(i + 1) % n]);
#pragma omp for collapse(2) reduction(min:mn) schedule(dynamic) nowait
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) mn = fmin(mn, x[i] - x[j] * 0.5);
#pragma omp for reduction(*:p) lastprivate(last)
        for (int i = 0; i < n; i++) { p *= 1.0 + 0.1 * x[i]; last = x[i] * x[i]; }
#pragma omp for reduction(+:s)
        for (int i = 0; i < n; i++) s += sin(x[i]);
    }
    return mx + mn + p + last + s;
}

#pragma ad jvp(forms) wrt(x[n])
#pragma ad jacfwd(forms) wrt(x[n])
#pragma ad grad(forms) wrt(x[n])
#pragma ad hvp(forms) wrt(x[n])

#include "omp_region_single_forms.ad.h"

static void flat(void *ctx, const double *x, double *y) { (void)ctx; y[0] = forms(x, N); }
static void gflat(void *ctx, const double *x, double *g) { (void)ctx; forms_grad(x, g, N); }

int main(void)
{
    omp_set_num_threads(4);
    double x[N] = {0.3, -0.7, 0.9, 0.2, -0.4, 0.65}, v[N] = {1, -1, 0.5, 0.2, 0.3, -0.6}, g[N], gfd[N], J[N], yd, hv[N], hfd[N];
    oracle_fd_grad(flat, 0, N, x, gfd);
    double y = forms_jvp(x, v, N, &yd);
    CHECK_CLOSE("jvp primal", y, forms(x, N), 1e-13, 0);
    CHECK_CLOSE("jvp", yd, oracle_dot(gfd, v, N), 1e-6, 1e-8);
    forms_jacfwd(x, N, J);
    CHECK_VEC_CLOSE("jacfwd", J, gfd, N, 1e-6, 1e-8);
    forms_grad(x, g, N);
    CHECK_VEC_CLOSE("grad", g, gfd, N, 1e-6, 1e-8);
    forms_hvp(x, v, hv, N);
    oracle_fd_jvp(gflat, 0, N, N, x, v, hfd);
    CHECK_VEC_CLOSE("hvp", hv, hfd, N, 1e-6, 1e-7);
    return oracle_result();
}
