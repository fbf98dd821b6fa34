/* grad/const_view_cast (probe6): a struct read straight through a cast of
** a const array, P3 t = *(const P3 *)(x + 1) (a Vec3 out of a flat
** coordinate array), and a byte-stride accessor, *(const double *)((const
** char *)base + k * stride): the adjoint kept the cast's const and wrote
** through it ("assignment of member 'a' in read-only object"). A cast on
** a shadow's path is now to the writable type. Oracle: differences.
*/
#include <math.h>
#include <stddef.h>
#include "ccad.h"
#include "ccad_oracle.h"

typedef struct P3 { double a, b, c; } P3;

double view(const double *x, int n)
{
    P3 t = *(const P3 *)(x + 1);
    return t.a * t.b + sin(t.c) * x[0] + x[n - 1] * t.a;
}

static double get(const void *base, size_t stride, int k)
{
    return *(const double *)((const char *)base + (size_t)k * stride);
}

double bytes(const double *x, int n)
{
    double s = 0.0;
    for (int k = 0; k < n / 2; k++)
        s += sin(get(x, 2 * sizeof(double), k)) * get(x + 1, 2 * sizeof(double), k);
    return s;
}

#pragma ad grad(view) wrt(x[n])
#pragma ad vjp(view) wrt(x[n])
#pragma ad jvp(view) wrt(x[n])
#pragma ad grad(bytes) wrt(x[n])
#pragma ad vjp(bytes) wrt(x[n])
#pragma ad jvp(bytes) wrt(x[n])

#include "const_view_cast.ad.h"

ORACLE_XN_WRAPPERS(view, 5)
ORACLE_XN_WRAPPERS(bytes, 6)

int main(void)
{
    OracleRng rng = oracle_rng(3);
    ORACLE_XN_CHECKS(view, 5, rng);
    ORACLE_XN_CHECKS(bytes, 6, rng);
    return oracle_result();
}
