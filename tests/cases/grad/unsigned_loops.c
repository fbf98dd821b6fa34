/*
** grad/unsigned_loops: loop counters as unsigned C code writes them: `for
** (size_t i = m; i-- > 0;)` (the post-decrement test), an unsigned step of
** 3u, an unsigned char that wraps and weights by its low bits, and `for
** (size_t i = m - 1; i < m; i--)` ending when the counter wraps past 0.
** Reverse mode must replay these trip counts exactly.
** Oracles: oracle_check_* (central differences, dot-product test with jvp,
** accumulation, overwritten gradients).
*/
#include <math.h>
#include <stddef.h>
#include "ccad_oracle.h"
double f(const double *x, int n)
{
    double s = 0.0, c = 1.0;
    size_t m = (size_t)n;
    for (size_t i = m; i-- > 0;) {
        c = c * 0.7 + x[i];
        s += c * c;
    }
    for (unsigned k = 0; k < m; k += 3u)
        s += sin(x[k]) * (double)(m - k);
    unsigned char b = 250;
    for (int j = 0; j < n; j++) {
        b += 3;                         /* wraps */
        s += x[j] * (b & 7);
    }
    for (size_t i = m - 1; i < m; i--)  /* stops when i wraps past 0 */
        s += 0.1 * x[i] * s;
    return s;
}
#pragma ad grad(f) wrt(x[n])
#pragma ad vjp(f) wrt(x[n])
#pragma ad jvp(f) wrt(x[n])
#include "unsigned_loops.ad.h"
ORACLE_XN_CASE(f, 7, 4)
