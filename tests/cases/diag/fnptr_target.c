// EXPECT-EXIT: 1
// EXPECT-DIAG: fnptr_target
// EXPECT-STDERR: FILE:17:12: error: this call through a function pointer may reach 'ext_act', whose address the file takes, and cc-ad cannot differentiate it (no body here); define 'ext_act' in this file, or call it by name
/* A call through a function pointer is a dispatch to the functions whose
** address the file takes with the pointer's type; one of them has no body
** here (declared, defined in another file), so its derivative is unknown. */
#include <math.h>

double ext_act(double v);
static double soft(double v) { return log1p(exp(v)); }

double act(const double *x, int k)
{
    double (*g)(double) = k ? ext_act : soft;
    /* (the comment keeps the call on line 17) */

    return g(x[0]) * x[1];
}

#pragma ad grad(act) wrt(x[2])
