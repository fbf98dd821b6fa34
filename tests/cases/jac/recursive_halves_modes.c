// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** jac/recursive_halves_modes: recursion on pointer offsets (divide and
** conquer over x and x + h, a recursive in-place scan writing y + h) in
** jacfwd, jacrev, hessian and vmap(hessian). Oracles: jacfwd = jacrev
** (1e-12), jacfwd against central differences (1e-6), the hessian against
** differences of grad (1e-5), the batched hessian bitwise against the
** unbatched one.
*/
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"
static double rprod(const double *x, int n)
{
    if (n == 1) return 1.0 + 0.5 * sin(x[0]);
    int h = n / 2;
    double a = rprod(x, h), b = rprod(x + h, n - h);
    return a * b + 0.1 * (a - b) * (a - b);
}
static void rscan(double *y, const double *x, int n)   /* in-place prefix-ish, recursive halves */
{
    if (n <= 1) { if (n == 1) y[0] = x[0] * x[0]; return; }
    int h = n / 2;
    rscan(y, x, h);
    rscan(y + h, x + h, n - h);
    for (int i = h; i < n; i++) y[i] += 0.3 * y[h - 1];
}
void model(const double *x, double *y, int n)
{
    rscan(y, x, n);
    double p = rprod(x, n);
    for (int i = 0; i < n; i++) y[i] *= p;
}
double obj(const double *x, int n) { double y[16]; model(x, y, n); double s = 0; for (int i = 0; i < n; i++) s += y[i] * (i + 1); return s; }
#pragma ad jacfwd(model) wrt(x[n]) out(y[n])
#pragma ad jacrev(model) wrt(x[n]) out(y[n])
#pragma ad hessian(obj) wrt(x[n])
#pragma ad grad(obj) wrt(x[n])
#pragma ad vmap(obj_hessian) batch(x[n], hess[n*n])
#include "recursive_halves_modes.ad.h"
enum { N = 7 };
static void mflat(void *c, const double *x, double *y) { (void)c; model(x, y, N); }
static void gflat(void *c, const double *x, double *g) { (void)c; obj_grad(x, g, N); }
int main(void) {
    double x[N], y[N], Jf[N * N], Jr[N * N], Jfd[N * N], H[N * N], Hfd[N * N];
    for (int i = 0; i < N; i++) x[i] = sin(1.7 * i + 0.3);
    model_jacfwd(x, y, N, Jf); model_jacrev(x, y, N, Jr);
    CHECK_VEC_CLOSE("jacfwd = jacrev", Jf, Jr, N * N, 1e-12, 1e-14);
    for (int j = 0; j < N; j++) { double e[N] = {0}, col[N]; e[j] = 1; oracle_fd_jvp(mflat, NULL, N, N, x, e, col); for (int i = 0; i < N; i++) Jfd[i * N + j] = col[i]; }
    CHECK_VEC_CLOSE("jacfwd vs fd", Jf, Jfd, N * N, 1e-6, 1e-8);
    obj_hessian(x, N, H);
    for (int j = 0; j < N; j++) { double e[N] = {0}, col[N]; e[j] = 1; oracle_fd_jvp(gflat, NULL, N, N, x, e, col); for (int i = 0; i < N; i++) Hfd[i * N + j] = col[i]; }
    CHECK_VEC_CLOSE("hessian vs fd(grad)", H, Hfd, N * N, 1e-5, 1e-7);
    double xs[3 * N], hs[3 * N * N], rs[3];
    for (int i = 0; i < 3 * N; i++) xs[i] = cos(0.9 * i);
    obj_hessian_vmap(3, xs, N, hs, rs);
    for (int b = 0; b < 3; b++) { obj_hessian(xs + b * N, N, H); CHECK_VEC_CLOSE("vmap hessian", hs + b * N * N, H, N * N, 0, 0); }
    return oracle_result();
}
