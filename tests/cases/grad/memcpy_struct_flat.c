/* grad/memcpy_struct_flat (probe6): memcpy between a struct of doubles and
** a double array, either way (moving a Vec3 in and out of a flat array):
** the adjoint added one side's elements to the other's type and did not
** compile. Both sides hold only doubles, so the adjoint is added double by
** double; a struct mixing types stays an error (diag/memcpy_void's
** untyped_copy). Oracle: differences (jvp, vjp, grad).
*/
#include <math.h>
#include <string.h>
#include "ccad.h"
#include "ccad_oracle.h"

typedef struct P3 { double a, b, c; } P3;

double to_flat(const double *x, int n)
{
    P3 s = {x[0] * x[1], sin(x[2]), x[n - 1]};
    double arr[3];
    memcpy(arr, &s, sizeof s);
    return arr[0] * arr[1] + arr[2] * arr[2];
}

double from_flat(const double *x, int n)
{
    P3 t[2];
    memcpy(t, x, sizeof t < n * sizeof *x ? sizeof t : n * sizeof *x);
    return t[0].a * t[0].b + sin(t[0].c) * t[1].a + t[1].b * t[1].c;
}

#pragma ad grad(to_flat) wrt(x[n])
#pragma ad vjp(to_flat) wrt(x[n])
#pragma ad jvp(to_flat) wrt(x[n])
#pragma ad grad(from_flat) wrt(x[n])
#pragma ad vjp(from_flat) wrt(x[n])
#pragma ad jvp(from_flat) wrt(x[n])

#include "memcpy_struct_flat.ad.h"

ORACLE_XN_WRAPPERS(to_flat, 4)
ORACLE_XN_WRAPPERS(from_flat, 6)

int main(void)
{
    OracleRng rng = oracle_rng(21);
    ORACLE_XN_CHECKS(to_flat, 4, rng);
    ORACLE_XN_CHECKS(from_flat, 6, rng);
    return oracle_result();
}
