// CFLAGS: -fopenmp
// LIBS: -fopenmp
/*
** jac/omp_private_forms: more OpenMP data-sharing forms in jvp, vjp, jacfwd,
** jacrev: lastprivate of a counter declared outside the loop (read after
** it), firstprivate of a pointer, private of a struct, a whole-array
** reduction(+:h), an int max reduction under if(0), `atomic update`,
** `atomic` in the `x = x + e` form, a named critical section with a
** product update. Oracles: central differences (1e-6), the dot-product
** test (1e-12), jacfwd = jacrev (1e-12). Run also at OMP_NUM_THREADS=1,2,4.
*/
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"
typedef struct { double a, b; } P2;
void forms(const double *x, double *y, int n)
{
    int i;
    double h[4] = {0, 0, 0, 0}, tot = 0, prod = 1;
    const double *px = x;
    P2 q;
#pragma omp parallel for lastprivate(i) firstprivate(px) private(q) reduction(+:h)
    for (i = 0; i < n; i++) {
        q.a = px[i] * px[i];
        q.b = sin(q.a);
        h[i % 4] += q.a * q.b;
    }
    int cnt = 0;
#pragma omp parallel for reduction(max:cnt) if(0)
    for (int k = 0; k < n; k++) cnt = k > cnt ? k : cnt;
#pragma omp parallel for
    for (int k = 0; k < n; k++) {
#pragma omp atomic update
        tot += x[k] * 0.5;
#pragma omp atomic
        tot = tot + x[k] * x[k];
#pragma omp critical (prodlock)
        prod *= 1.0 + 0.01 * x[k];
    }
    for (int k = 0; k < n; k++) y[k] = h[k % 4] + tot * x[k] + prod + i + cnt;
}
#pragma ad jvp(forms) wrt(x[n]) out(y[n])
#pragma ad vjp(forms) wrt(x[n]) out(y[n])
#pragma ad jacfwd(forms) wrt(x[n]) out(y[n])
#pragma ad jacrev(forms) wrt(x[n]) out(y[n])
#include "omp_private_forms.ad.h"
enum { N = 12 };
static void flat(void *c, const double *x, double *y) { (void)c; forms(x, y, N); }
int main(void) {
    double x[N], v[N], y[N], yd[N], fd[N], w[N], ws[N], xb[N] = {0}, Jf[N * N], Jr[N * N];
    for (int k = 0; k < N; k++) { x[k] = sin(0.9 * k + 0.3); v[k] = cos(1.3 * k); w[k] = sin(2.3 * k); }
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
