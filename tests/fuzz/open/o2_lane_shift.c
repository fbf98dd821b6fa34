/* OPEN (probe3): the hessian's lane sweeps of a helper that shifts its
** pointer parameter for 1-based indexing (--x;) still warn under gcc -O2
** -Wall (-Warray-bounds, so -Werror fails): enorm_bwd_jvp_w2 shifts
** x_bar_dot, a double (*)[2] into the driver's local double[4][2], and gcc
** flags the shifted pointer (array subscript -2), though the user's code is
** clean. grad/vjp are fixed (grad/shift_param_o2: g_bwd shifts again rather
** than popping the shifted pointer). A fix would keep shifted lane pointers
** from being formed (index with i - 1 instead) or allocate the driver's
** lane buffers from the heap.
** (The -O3 relative, -Wmaybe-uninitialized on saving a local array not
** yet written, is fixed: such arrays start zeroed, simplify_decl.c.)
**   cc-ad -o /tmp/o.ad.c o2_lane_shift.c &&
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

#pragma ad hessian(obj) wrt(p[2])
