/* FILE.ad.h on its own when a signature's type comes from a header
** without include guard (header_noguard_types.h): FILE.ad.h cannot include
** that header (FILE.c and FILE.ad.c include it, it would define Prm again),
** so it declares struct Prm; and the prototypes name struct Prm (Prm was
** undeclared). Gradient of p->k sin(x0) x1 in closed form. */
#include <math.h>
#include "header_noguard_types.h"
#include "ccad_oracle.h"

double f(const Prm *p, const double *x)
{
    return p->k * sin(x[0]) * x[1];
}

#pragma ad grad(f) wrt(x[2])

#include "header_noguard.ad.h"

int main(void)
{
    Prm p = {2.0, 1};
    double x[2] = {0.5, 3.0}, g[2];
    f_grad(&p, x, g);
    CHECK_CLOSE("g0", g[0], 2.0 * cos(0.5) * 3.0, 1e-12, 0);
    CHECK_CLOSE("g1", g[1], 2.0 * sin(0.5), 1e-12, 0);
    return oracle_result();
}
