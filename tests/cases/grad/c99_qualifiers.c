/*
** grad/c99_qualifiers: C99/C11 spellings around differentiated code:
** restrict-qualified pointer parameters, _Static_assert, static inline and
** always_inline helpers, register locals and parameters, an _Alignas
** local array, bool conversions, a volatile int size.
** Requests: grad, vjp, jvp of the loss; jacrev and jvp of the helper with
** restrict parameters (the generated signatures drop restrict: shadows
** may be passed as the user likes).
** Oracles: oracle_check_* (central differences, dot-product test with jvp,
** accumulation, overwritten gradients).
*/
#include <math.h>
#include <stdbool.h>
#include "ccad_oracle.h"

_Static_assert(sizeof(double) == 8, "double is 64-bit");

static inline double sq(double v) { return v * v; }
static inline __attribute__((always_inline)) double cube(register double v) { return v * v * v; }

void smooth(int n, const double *restrict x, double *restrict y, double alpha)
{
    _Alignas(16) double buf[8] = {0};
    for (register int i = 0; i < n; i++) {
        const double xm = x[i > 0 ? i - 1 : i], xp = x[i + 1 < n ? i + 1 : i];
        buf[i & 7] += alpha * (xm + xp) + sq(x[i]);
        y[i] = buf[i & 7] + cube(x[i]) * (bool)(i & 1);
    }
}

double loss(const double *restrict x, int n)
{
    double y[16];
    volatile int guard = n;
    smooth(guard, x, y, 0.25);
    double s = 0;
    for (int i = 0; i < n; i++) s += sq(y[i]);
    return s;
}

#pragma ad grad(loss) wrt(x[n])
#pragma ad vjp(loss) wrt(x[n])
#pragma ad jvp(loss) wrt(x[n])
#pragma ad jacrev(smooth) wrt(x[n], alpha) out(y[n])
#pragma ad jvp(smooth) wrt(x[n], alpha) out(y[n])

#include "c99_qualifiers.ad.h"

ORACLE_XN_CASE(loss, 7, 5)
