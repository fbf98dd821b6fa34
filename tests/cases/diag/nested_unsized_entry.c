// EXPECT-EXIT: 1
// EXPECT-DIAG: out_unsized_nested
// EXPECT-STDERR: FILE:21:28: error: 'jv': output 'x_bar' is in no wrt(...)
// EXPECT-STDERR: in a nested spelling the clauses go to the inner request, so give the element count there, wrt(..., x[n])
/* jvp(vjp(f)) wrt(x, a), x unsized: the outer jvp's output x_bar (the
** inner vjp's accumulated adjoint) needs a size (probe16). The message
** advised out(x_bar[n]), which the nested spelling refuses in turn
** ("unknown parameter 'x_bar' in out(...)": its clauses go to the inner
** request). It now names the inner request's clause, wrt(..., x[n]), with
** which the spelling compiles and is right (jac/compose_vmap_drivers:
** jvp(vjp(f)) wrt(x[n], a)). */
#include <math.h>

double f(const double *x, double a, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++) s += sin(a * x[i]) * x[(i + 1) % n];
    return s + a * a * x[0];
}

#pragma ad jvp(vjp(f)) wrt(x, a) name(jv)
