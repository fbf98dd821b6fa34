// EXPECT-EXIT: 1
// EXPECT-DIAG: alias_unshadowed
// EXPECT-DIAG: alias_scratch
// EXPECT-DIAG: alias_grad_out
// EXPECT-STDERR: FILE:28:56: error: may_alias(...): 'c' may share memory with 'y', whose values carry derivatives, so 'c' needs derivative storage too: list it in wrt(..., c) or out(...)
// EXPECT-STDERR: FILE:29:66: error: may_alias(...): 'y' is scratch state, whose derivative storage is the generated function's own and cannot be shared; list it in wrt(...) or out(...) instead
// EXPECT-STDERR: FILE:30:38: error: may_alias(...): grad's output 'e' may share memory with input 'x'; use vjp, whose 'e_bar' carries the seed
/* Memory that may be shared has one derivative: a may_alias set whose
** members do not all carry derivative storage (a coefficient array that
** may be the output), one that holds scratch state (its derivative is the
** function's own), and grad's seeded output pointer sharing memory with an
** input are errors. */
#include <math.h>

void blend(const double *x, const double *c, double *y, int n)
{
    for (int i = 0; i < n; i++)
        y[i] = c[i] * sin(x[i]);
}

void total(const double *x, double *e, int n)
{
    e[0] = 0;
    for (int i = 0; i < n; i++)
        e[0] += x[i] * x[i];
}

#pragma ad vjp(blend) wrt(x[n]) out(y[n]) may_alias(y, c)
#pragma ad jvp(blend) wrt(x[n], c[n]) scratch(y[n]) may_alias(c, y)
#pragma ad grad(total) wrt(x[n]) out(e[1]) may_alias(x, e)
