/* OPEN (probe3): generated code warns under gcc -O2 -Wall (-Warray-bounds,
** so -Werror fails) where a split helper shifts a pointer parameter for
** 1-based indexing (MINPACK, f2c: --x;) and the caller passes a local array.
** The forward sweep pushes the shifted pointers (ccad_push_p(x_bar)) for
** the backward sweep, so after inlining gcc sees &local[-1] escape; the
** user's own code, where the shift folds into the indexing, is clean.
** Fix sketch: the backward sweep replays the top-level shifts of its
** parameters (p = p - c before any branch or loop) instead of popping them.
** The -O3 relative: saving the old value of a local array that is not yet
** initialised (*tape_d = acc[u] on the first iteration,
** jac/block_scope, grad/addr_helpers) is -Wmaybe-uninitialized at -O3.
**   cc-ad -o /tmp/o.ad.c o2_pointer_shift.c &&
**   gcc -std=c11 -O2 -Wall -Wextra -Werror -I include -c /tmp/o.ad.c   */
#include <math.h>

static double enorm(int n, const double *x)
{
    double s = 0.0;
    --x;
    for (int i = 1; i <= n; ++i)
        s += x[i] * x[i];
    return sqrt(s);
}

double obj(const double *p)
{
    double r[4];
    for (int i = 0; i < 4; i++)
        r[i] = p[0] * exp(-p[1] * (i + 1)) - 1.0;
    return enorm(4, r);
}

#pragma ad grad(obj) wrt(p[2])
