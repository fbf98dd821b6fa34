/* grad/aligned_alloc (probe16): CRASHED before. C11's aligned_alloc for
** scratch buffers that hold data carrying derivatives (SIMD-minded code
** writes it instead of malloc): cc-ad knew malloc, calloc and realloc only,
** left the buffers' shadows NULL (double *w_bar = 0) and the derivative
** wrote through them: SIGSEGV in grad, vjp and jvp. aligned_alloc(a, n) is
** now malloc(n) to cc-ad (derivative storage allocated with it; the
** derivative code's buffers have malloc's alignment). Oracle:
** ORACLE_XN_CASE (central differences, dot-product test). */
#include <math.h>
#include <stdlib.h>
#include "ccad.h"
#include "ccad_oracle.h"
double f(const double *x, int n)
{
    double *w = aligned_alloc(64, 64 * ((n * sizeof(double) + 63) / 64));
    double *v = aligned_alloc(32, 32 * ((n * sizeof(double) + 31) / 32));
    for (int i = 0; i < n; i++) { w[i] = sin(x[i]); v[i] = w[i] * x[(i + 1) % n]; }
    double s = 0;
    for (int i = 0; i < n; i++) s += v[i] * w[i];
    free(w); free(v);
    return s;
}
#pragma ad grad(f) wrt(x[n])
#pragma ad vjp(f) wrt(x[n])
#pragma ad jvp(f) wrt(x)
#include "aligned_alloc.ad.h"
ORACLE_XN_CASE(f, 5, 2)
