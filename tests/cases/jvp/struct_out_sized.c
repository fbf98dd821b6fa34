// NO-STANDALONE-HEADER: Vec is defined in this file without a tag (the manual: left out when FILE.c includes FILE.ad.h)
/* jvp/struct_out_sized (probe5): a struct output holding a pointer to the
** floating data it carries (Vec {double *v; double scale; int n;}), given
** with a size as the manual recommends (out(out[1])). f_jvp zeroed it whole
** on entry, memset(out_dot, 0, sizeof *out_dot), clearing out_dot->v, the
** caller's tangent buffer, and then wrote through the null pointer: a
** segmentation fault. Now only the struct's floating fields are zeroed
** (tr_zero_output), its pointers kept. Oracle: the closed form,
** d(3 x_i^2) = 6 x_i dx_i. */
#include <stdio.h>

typedef struct { double *v; double scale; int n; } Vec;

void f(const double *x, Vec *out)
{
    for (int i = 0; i < out->n; i++)
        out->v[i] = x[i] * x[i] * out->scale;
}

#pragma ad jvp(f) wrt(x[2]) out(out[1])

#include "struct_out_sized.ad.h"

int main(void)
{
    double x[2] = {0.5, -1.5}, xd[2] = {1.0, 2.0}, v[2], vd[2];
    Vec out = {v, 3.0, 2}, out_dot = {vd, 0.0, 2};
    f_jvp(x, xd, &out, &out_dot);
    printf("%g %g (want 3 -18)\n", vd[0], vd[1]);
    return !(vd[0] == 3.0 && vd[1] == -18.0);
}
