/* OPEN (probe6): generated code does not compile (grad, vjp, hessian,
** hvp: reverse-mode helpers), and a false refusal. A helper holding a
** constant coefficient table as a static const local (a Runge-Kutta
** Butcher tableau, quadrature weights: the usual way to write it):
**   1. a 2-D table read directly, static const double a[2][2] =
**      {{0.5, 0.25}, {0.125}}; ... a[1][0] ...: the helper's reverse code
**      puts the table in a frame block and fills it element by element
**      while keeping const:
**        const double (*a)[2][2] = ccad_frame_push(sizeof(const double [2][2]));
**        (*a)[0][0] = 0.5; ...
**        error: assignment of read-only location '(*a)[0][0]'
**        warning: passing argument 1 of 'memset' discards 'const' qualifier
**        warning: ... 'ccad_frame_pop' discards 'const' qualifier
**      (a 1-D table with every element initialised and indexed directly
**      compiles and is right.)
**   2. a pointer into such a table (const double *p = &a[0], or
**      (const double *)a, or a 1-D table with fewer initialisers than
**      elements) is refused:
**        error: static local 'a' that 'helper' stores into may keep state
**        between calls ... drop 'static' ...
**      though nothing stores into a const table; the manual: "a static
**      table nothing stores into, such as f2c's DATA arrays, is fine".
** Expected: static const tables stay static const (nothing to save or
** restore), in every mode.
**   build/tool/cc-ad -o /tmp/t.ad.c tests/fuzz/open/static_const_local_table.c &&
**   gcc -std=c11 -Wall -Wextra -I include -c /tmp/t.ad.c
** (with item 2's helper, uncomment RK_POINTER to see the refusal)
*/
#include <math.h>

static double stage(const double *y, double h)
{
    static const double a[2][2] = {{0.5, 0.25}, {0.125}};
    return h * (a[0][0] * y[0] + a[1][0] * sin(y[1])) + a[0][1] * y[0];
}

#ifdef RK_POINTER
static double weights(const double *y)
{
    static const double w[3] = {0.5, 0.25, 0.125};
    const double *p = &w[0];
    return p[0] * y[0] + p[1] * sin(y[1]) + p[2] * y[0] * y[1];
}
#endif

double f(const double *y)
{
    double s = stage(y, 0.1) * stage(y, 0.2);
#ifdef RK_POINTER
    s += weights(y);
#endif
    return s;
}

#pragma ad grad(f) wrt(y[2])
