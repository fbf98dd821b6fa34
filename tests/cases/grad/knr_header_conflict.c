/* grad/knr_header_conflict: K&R definitions (obsolescent in C11, not
** removed): `double fk(a, b) float a; double b; {...}` takes its float
** promoted to double. FILE.ad.h, which FILE.c includes after them, declared
** them with prototypes: "conflicting types for 'fk'" (float against the
** promoted double), and for sq "prototype follows non-prototype
** definition". It now declares a K&R function of FILE.c without a
** prototype (`double fk();`), and FILE.ad.c, which calls the original,
** with the promoted types (`double scale(int k, double w);`: compatible
** with the definition, C11 6.7.6.3p15, and converting the arguments as
** the definition expects; scale is inactive, called by name from
** sq_grad). The case compiles with -Wall -Wextra -Werror, and -pedantic.
** Oracles: closed forms. */
#include <math.h>
#include "ccad_oracle.h"

double scale(k, w)
    short k;
    float w;
{
    return k * w;
}

double sq(x, n)
    const double *x;
    int n;
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += x[i] * x[i] * scale(3, 0.5f);
    return s;
}

double fk(a, b)
    float a;
    double b;
{
    return a * sin(b);
}

#pragma ad inactive(scale)
#pragma ad grad(sq) wrt(x[n])
#pragma ad grad(fk) wrt(a, b)

#include "knr_header_conflict.ad.h"

int main(void)
{
    double x[3] = {1, 2, 3}, g[3];
    sq_grad(x, g, 3);
    for (int i = 0; i < 3; i++)
        CHECK_CLOSE("sq", g[i], 2 * x[i] * 1.5, 1e-12, 0);
    float ab = 0;
    double bb = 0;
    fk_grad(0.5f, &ab, 0.7, &bb);
    CHECK_CLOSE("fk grad a", ab, sin(0.7), 1e-6, 0);
    CHECK_CLOSE("fk grad b", bb, 0.5 * cos(0.7), 1e-7, 0);
    return oracle_result();
}
