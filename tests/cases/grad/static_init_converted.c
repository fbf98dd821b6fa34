/* Static locals initialized the ordinary C ways (contract section 4:
** counters keep counting): a literal of another type converted (static long
** n = 0, static double t = 1), a negative number (-3), a null pointer
** (a buffer allocated on first use). cc-ad takes the constant's value
** (were refused with "write its value as a number"). The counters and the
** buffer carry no derivative; the gradient of sum sin(x_i) x_i is checked
** against its closed form, and the counters against the call count. */
#include <math.h>
#include <stdlib.h>
#include "ccad_oracle.h"

long seen;

double f(const double *x, int n)
{
    static long ncall = 0;        /* int literal converted to long */
    static int down = -3;         /* unary minus */
    static double scale = 1;      /* int literal converted to double, inactive */
    static int *calls = NULL;     /* allocated on first use */
    if (!calls) calls = calloc(1, sizeof *calls);
    ++*calls;
    ncall++;
    down--;
    seen = ncall + down + *calls;
    double s = 0;
    for (int i = 0; i < n; i++)
        s += sin(x[i]) * x[i] * scale;
    return s;
}

#pragma ad grad(f) wrt(x[n])

#include "static_init_converted.ad.h"

int main(void)
{
    double x[3] = {0.3, -0.4, 1.2}, g[3];
    f_grad(x, g, 3);
    for (int i = 0; i < 3; i++)
        CHECK_CLOSE("grad", g[i], cos(x[i]) * x[i] + sin(x[i]), 1e-12, 1e-14);
    f_grad(x, g, 3);
    CHECK_CLOSE("counters", (double)seen, 2 + (-3 - 2) + 2, 0, 0);
    return oracle_result();
}
