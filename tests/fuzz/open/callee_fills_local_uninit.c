/* OPEN (probe5): generated code does not compile under -Wall -Werror at
** -O1 and -O2 (grad; every reverse mode, also reverse over forward). A
** local array that a helper fills, `double rt[2]; ... polar(xy, rt);`
** (the everyday output-parameter idiom: cross(a, b, r), polar, sincos),
** inside a loop (so the helper must save what it overwrites) is declared
** in the gradient without an initializer, while its neighbour
** xy, written directly, starts zeroed:
**   double rt[2]; double rt_bar[2] = {0}; double xy[2] = {0}; ...
**   polar_fwd(xy, rt);    (pushes rt[0], rt[1] before storing them)
**   error: 'rt[0]' may be used uninitialized [-Werror=maybe-uninitialized]
** A local struct filled the same way (P2 p; ... fill(&p, x); in a loop)
** gives `P2 p;` and "'p.a' may be used uninitialized" likewise (scalars
** passed by address, sc(x, &s, &c), start zeroed and are fine).
** gcc 12, -O1 already (the run_case.sh flags), so a case written this way
** fails step 2. The user's code is clean; the gradient is right.
** Expected: such arrays start zeroed too (the fix in simplify_decl.c for
** arrays saved before their first store does not look into callees), or
** the helper's forward sweep does not save what it stores first.
**   build/tool/cc-ad -o /tmp/u.ad.c tests/fuzz/open/callee_fills_local_uninit.c &&
**   gcc -std=c11 -O1 -Wall -Wextra -Werror -I include -c /tmp/u.ad.c        */
#include <math.h>
static void polar(const double *xy, double *rt)
{
    rt[0] = hypot(xy[0], xy[1]);
    rt[1] = atan2(xy[1], xy[0]);
}
double model(const double *p, int n)
{
    double rt[2], xy[2], s = 0.0;
    for (int i = 0; i < n; i++) {
        xy[0] = p[0] + i * p[1]; xy[1] = p[2] * sin(p[0] * i) + 0.3;
        polar(xy, rt);
        s += rt[0] * rt[0] + rt[1] * p[1];
    }
    return s;
}
#pragma ad grad(model) wrt(p[3])
