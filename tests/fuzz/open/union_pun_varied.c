/* OPEN (probe5): refusal. A union used only to read the bits of a double
** (frexp by hand: the binary exponent picks a step count) is refused when
** the double depends on the inputs, though nothing differentiable flows
** through the union (only the integer member is read, and an integer
** carries no derivative):
**   un.c:6:7: error: member 'd' of a union carries a derivative here; cc-ad
**   cannot tell which member of a union is live ...
** Expected: accepted like the float->int conversion it amounts to (at most
** the float_to_int warning: "the index this conversion to an integer
** computes carries no derivative"); the value stored into b.d is varied but
** not useful, so it is not active. grad/union_inactive covers the same pun
** on an inactive value only. The check lives in the union diagnostics
** (tool/: the union_active / union_var checks run on varied values, before
** usefulness is known). The derivative, were it accepted:
** df/dt = sum_{i=0..e} i cos(t i), e = floor(log2 t).
**   build/tool/cc-ad -o /tmp/u.ad.c tests/fuzz/open/union_pun_varied.c   (exit 1) */
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
