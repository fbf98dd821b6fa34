/* Static locals initialized the ordinary C ways: a literal of another type
** converted (static long lim = 0, static double scale = 1), a negative
** number (-3). Nothing stores into them, so the generated file has copies
** of its own (were refused with "write its value as a number"); a static
** that keeps state is an error (diag/static_local_counter_copies). The
** state is a global here: a counter, and a buffer allocated on first use,
** which the derivative keeps allocated as f does (reverse mode freed it in
** the backward sweep, and the next call used freed memory). The gradient
** of sum sin(x_i) x_i scale + lim + down is checked against its closed
** form, the counters against the call count. */
#include <math.h>
#include <stdlib.h>
#include "ccad_oracle.h"

long seen, ncall;
int *calls;  /* allocated on first use */

double f(const double *x, int n)
{
    static long lim = 0;        /* int literal converted to long */
    static int down = -3;       /* unary minus */
    static double scale = 1;    /* int literal converted to double */
    if (!calls) calls = calloc(1, sizeof *calls);
    ++*calls;
    ncall++;
    seen = ncall + down + *calls;
    double s = lim + down;
    for (int i = 0; i < n; i++)
        s += sin(x[i]) * x[i] * scale;
    return s;
}

#pragma ad grad(f) wrt(x[n])

#include "static_init_converted.ad.h"

int main(void)
{
    double x[3] = {0.3, -0.4, 1.2}, g[3];
    double v = f_grad(x, g, 3), want = -3.0;
    for (int i = 0; i < 3; i++) {
        CHECK_CLOSE("grad", g[i], cos(x[i]) * x[i] + sin(x[i]), 1e-12, 1e-14);
        want += sin(x[i]) * x[i];
    }
    CHECK_CLOSE("value", v, want, 1e-14, 1e-14);
    f_grad(x, g, 3);
    CHECK_CLOSE("counters", (double)seen, 2 + -3 + 2, 0, 0);
    free(calls);
    return oracle_result();
}
