// EXPECT-EXIT: 1
// EXPECT-DIAG: rev_over_rev
// EXPECT-STDERR: FILE:20:
// EXPECT-STDERR: error:
// EXPECT-STDERR: not supported
// EXPECT-STDERR: hessian
/* Reverse mode of a gradient (reverse over reverse) would interleave the
** gradient's own tape with the outer one: refused, pointing at forward
** over reverse. */
#include <math.h>

double F(const double *x, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s = sin(s + x[i]) * x[(i + 1) % n];   /* the gradient tapes s */
    return s;
}
#pragma ad grad(F) wrt(x[n])
#pragma ad vjp(F_grad) wrt(x[n]) out(x_bar[n])
