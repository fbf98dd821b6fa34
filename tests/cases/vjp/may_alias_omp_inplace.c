// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** vjp/may_alias_omp_inplace: may_alias(x, y) with OpenMP: an elementwise
** parallel loop called in place (y == x, and the shared derivative storage
** x_dot == y_dot, x_bar == y_bar as the manual says), then a parallel sum of
** y added back into y[0]. Oracles: central differences of the in-place
** call (1e-6) and the dot-product test (1e-12). Run also at
** OMP_NUM_THREADS=1,2,4.
*/
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"
void ew(const double *x, double *y, const double *c, int n)
{
#pragma omp parallel for
    for (int i = 0; i < n; i++) y[i] = x[i] * sin(x[i]) + c[i] * x[i] * x[i];
    double s = 0;
#pragma omp parallel for reduction(+:s)
    for (int i = 0; i < n; i++) s += y[i];
    y[0] += 0.1 * s;
}
#pragma ad jvp(ew) wrt(x[n], c[n]) out(y[n]) may_alias(x, y)
#pragma ad vjp(ew) wrt(x[n], c[n]) out(y[n]) may_alias(x, y)
#include "may_alias_omp_inplace.ad.h"
enum { N = 50 };
static void flat(void *ctx, const double *z, double *y) { (void)ctx; memcpy(y, z, N * sizeof *y); ew(y, y, z + N, N); }
int main(void) {
    double z[2 * N], v[2 * N], u[N], ud[N], fd[N], w[N], ub[N], cb[N];
    for (int i = 0; i < 2 * N; i++) { z[i] = sin(0.37 * i + 0.1); v[i] = cos(0.91 * i); }
    memcpy(u, z, sizeof u); memcpy(ud, v, sizeof ud);
    ew_jvp(u, ud, u, ud, z + N, v + N, N);          /* in place: x == y, x_dot == y_dot */
    oracle_fd_jvp(flat, NULL, 2 * N, N, z, v, fd);
    CHECK_VEC_CLOSE("in-place jvp vs fd", ud, fd, N, 1e-6, 1e-8);
    for (int i = 0; i < N; i++) w[i] = sin(1.3 * i);
    memcpy(u, z, sizeof u); memcpy(ub, w, sizeof ub); memset(cb, 0, sizeof cb);
    ew_vjp(u, ub, u, ub, z + N, cb, N);              /* in place: x_bar == y_bar */
    CHECK_CLOSE("in-place dot", oracle_dot(ud, w, N), oracle_dot(v, ub, N) + oracle_dot(v + N, cb, N), 1e-12, 1e-14);
    return oracle_result();
}
