/* FILE.ad.h on its own (contract section 3), -pedantic, when FILE.c
** includes it after an enum a signature uses (typedef enum Mode {...} Mode):
** the header may not define the enum again nor declare it ahead (ISO C has
** no forward enum; it wrote typedef enum Mode Mode;), so the prototypes
** spell the enum's integer type, which C makes compatible with it. The
** gradient of x0 x1 (m == HIGH ? 2 : 1) is checked in closed form. */
#include <math.h>
#include "ccad_oracle.h"

typedef enum Mode { LOW, HIGH } Mode;

double f(const double *x, Mode m)
{
    return x[0] * x[1] * (m == HIGH ? 2.0 : 1.0);
}

#pragma ad grad(f) wrt(x[2])

#include "header_enum_selfinclude.ad.h"

int main(void)
{
    double x[2] = {0.5, 3.0}, g[2];
    f_grad(x, g, HIGH);
    CHECK_CLOSE("g0", g[0], 6.0, 1e-12, 0);
    CHECK_CLOSE("g1", g[1], 1.0, 1e-12, 0);
    return oracle_result();
}
