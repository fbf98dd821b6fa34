// EXPECT-EXIT: 1
// EXPECT-DIAG: fnptr_static_target
// EXPECT-STDERR: error: the address of the static function 'rk_apply' is taken here, in the table 'rk_type', whose address 'step_rk' holds
/* GSL's step types (ode-initval2/rk4.c): a static const table of static functions, whose
** address a shared global holds (`const gsl_odeiv2_step_type *gsl_odeiv2_step_rk4 =
** &rk4_type;`). FILE.ad.c copies the table and the functions, but reads the global, which
** leads to this file's table and this file's function addresses: the dispatch of the call
** through s->type->apply compared them with FILE.ad.c's copies, matched none, and the
** program stopped at run time (CCAD_ECALLEE) with no word from cc-ad. It is refused now,
** at the table's entry, with the advice to make the function not static. */
#include <math.h>

typedef struct {
    const char *name;
    int (*apply)(double h, double *y);
} step_type;

static int rk_apply(double h, double *y)
{
    y[0] += h * sin(y[0]);
    return 0;
}

static const step_type rk_type = {"rk", &rk_apply};
const step_type *step_rk = &rk_type;

double run(const step_type *T, double y0)
{
    double y[1] = {y0};
    for (int k = 0; k < 4; k++)
        T->apply(0.1, y);
    return y[0];
}

double f(double y0)
{
    return run(step_rk, y0);
}

#pragma ad grad(f)
