// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** jac/omp_clause_forms: OpenMP clause and loop forms acceptance code writes,
** in jvp, vjp, jacfwd and jacrev: `parallel for simd reduction(+:s)
** aligned(x:8)`, `parallel for simd safelen(4)` (writing a local array), `default(none) shared(..) schedule(guided)` on a
** descending loop, `reduction(min:m) schedule(runtime)` on a long counter
** stepping by 2 to <= n - 1, `reduction(-:d) proc_bind(close)` on an
** unsigned counter, `omp for nowait` in a region, `collapse(3)`.
** Regressions: aligned(...) was refused (a hint, now dropped from the
** derivatives: their shadows promise no alignment); reverse mode built the
** simd loop's sweeps as `parallel for` loops that kept safelen(4), which
** such a loop does not take (the .ad.c did not compile).
** Oracles: central differences (1e-6), the dot-product test (1e-12),
** jacfwd = jacrev (1e-12). Run also at OMP_NUM_THREADS=1,2,4.
*/
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"
void forms(const double *x, double *y, int n)
{
    double s = 0, m = 1e300, d = 0, z[16];
#pragma omp parallel for simd reduction(+:s) aligned(x:8)
    for (int i = 0; i < n; i++) s += x[i] * x[i];
#pragma omp parallel for simd safelen(4)
    for (int i = 0; i < n; i++) z[i] = x[i] * x[i] + 1.0;
#pragma omp parallel for default(none) shared(x, y, n) schedule(guided)
    for (int i = n - 1; i >= 0; i--) y[i] = sin(x[i]);
#pragma omp parallel for reduction(min:m) schedule(runtime)
    for (long i = 1; i <= n - 1; i += 2) m = fmin(m, x[i] * x[i] + 0.5);
#pragma omp parallel for reduction(-:d) proc_bind(close)
    for (unsigned i = 0; i < (unsigned)n; i++) d -= x[i] * 0.25;
#pragma omp parallel
    {
#pragma omp for nowait
        for (int i = 0; i < n; i++) y[i] += 0.1 * x[i] * x[i];
    }
#pragma omp parallel for collapse(3)
    for (int a = 0; a < 2; a++)
        for (int b = 0; b < 2; b++)
            for (int c = 0; c < 2; c++) y[a * 4 + b * 2 + c] *= 1.0 + 0.01 * (a + b + c) * x[c];
    y[0] += s + m + d;
    y[1] += z[n - 1] * z[2];
}
#pragma ad jvp(forms) wrt(x[n]) out(y[n])
#pragma ad vjp(forms) wrt(x[n]) out(y[n])
#pragma ad jacfwd(forms) wrt(x[n]) out(y[n])
#pragma ad jacrev(forms) wrt(x[n]) out(y[n])
#include "omp_clause_forms.ad.h"
enum { N = 12 };
static void flat(void *c, const double *x, double *y) { (void)c; forms(x, y, N); }
int main(void) {
    double x[N], v[N], y[N], yd[N], fd[N], w[N], ws[N], xb[N] = {0}, Jf[N * N], Jr[N * N];
    for (int i = 0; i < N; i++) { x[i] = sin(0.9 * i + 0.3); v[i] = cos(1.3 * i); w[i] = sin(2.3 * i); }
    forms_jvp(x, v, y, yd, N);
    oracle_fd_jvp(flat, NULL, N, N, x, v, fd);
    CHECK_VEC_CLOSE("jvp vs fd", yd, fd, N, 1e-6, 1e-8);
    memcpy(ws, w, sizeof ws);
    forms_vjp(x, xb, y, ws, N);
    CHECK_CLOSE("dot", oracle_dot(yd, w, N), oracle_dot(v, xb, N), 1e-12, 1e-14);
    forms_jacfwd(x, y, N, Jf); forms_jacrev(x, y, N, Jr);
    CHECK_VEC_CLOSE("jacfwd = jacrev", Jf, Jr, N * N, 1e-12, 1e-14);
    return oracle_result();
}
