/* grad/union_pun_varied (probe5): a union used only to read the bits of a
** double (frexp by hand: the binary exponent picks a step count), on a
** value that depends on the input. Only the integer member is read, so
** nothing differentiable flows through the union; cc-ad refused it
** ("member 'd' of a union carries a derivative here"). A store into a
** union member the function never reads back as floating now varies
** nothing (activity.c, dead_union_store); a floating read is still the
** error (diag/union_*). Oracle: the closed form
** df/dt = sum_{i=0..e} i cos(t i), e = floor(log2 t), and differences. */

#include "ccad.h"
#include "ccad_oracle.h"

#include <math.h>

typedef union { double d; unsigned long long u; } bits;

static int expo(double x)
{
    bits b;
    b.d = x;
    return (int)((b.u >> 52) & 0x7ff) - 1023;
}

double f(double t)
{
    int e = expo(t);
    double s = 0.0;
    for (int i = 0; i <= e; i++) s += sin(t * i);
    return s;
}

#pragma ad grad(f)
#pragma ad jvp(f)

#include "union_pun_varied.ad.h"

int main(void)
{
    double t = 5.3, g = 0.0, d = 0.0, want = 0.0;
    for (int i = 0; i <= 2; i++) want += i * cos(t * i);
    double v = f_grad(t, &g);
    CHECK_CLOSE("grad value", v, f(t), 1e-15, 0);
    CHECK_CLOSE("grad = closed form", g, want, 1e-14, 1e-15);
    CHECK_CLOSE("jvp = closed form", (f_jvp(t, 1.0, &d), d), want, 1e-14, 1e-15);
    double h = 1e-6;
    CHECK_CLOSE("grad vs differences", g, (f(t + h) - f(t - h)) / (2 * h), 1e-7, 1e-9);
    return oracle_result();
}
