// NO-STANDALONE-HEADER: Vec is defined in this file without a tag (the manual: left out when FILE.c includes FILE.ad.h)
/* OPEN (probe5): CRASH (segfault in generated code), jvp.
** A struct output that holds a pointer to the floating data it carries,
** given with a size as the manual recommends for such structs (wrt(ann[1]),
** out(out[1])), is zeroed whole on entry of f_jvp:
**   memset(out_dot, 0, 1 * sizeof(*out_dot));
** which clears out_dot->v, the pointer the caller set to its tangent
** buffer; the next out_dot->v[i] = ... dereferences NULL. Without the size,
** out(out), the same request is right (vd = {3, -18}). The same happens in
** jvp(loss_grad) wrt(ann[1]) out(ann_bar[1]) of a genann-style network
** (Net with double *weight, *output): memset(ann_bar_dot, ...) then
** run_fwd_jvp reads ann_bar_dot->weight: segfault. (hvp(loss) wrt(ann[1])
** is refused with jacfwd's message, "the matrix covers the floating fields
** a struct holds itself", though hvp has no matrix; jvp(loss_grad) is the
** way it suggests, and crashes.)
** Expected: zero only the struct's own floating fields (as grad does, with
** its warning), never its pointers.
** Where: the jvp entry zeroing of sized outputs (a memset of size *
** sizeof(*p) for every sized out item), tool/transform (tangent driver).
** Reproduce (exit 139):
**   build/tool/cc-ad -o /tmp/jvp_struct_out_sized.ad.c tests/fuzz/open/jvp_struct_out_sized.c &&
**   gcc -std=c11 -Wno-unknown-pragmas -I /tmp -I include tests/fuzz/open/jvp_struct_out_sized.c \
**     /tmp/jvp_struct_out_sized.ad.c build/runtime/libccad.a -lm -o /tmp/j && /tmp/j            */
#include <stdio.h>

typedef struct { double *v; double scale; int n; } Vec;

void f(const double *x, Vec *out)
{
    for (int i = 0; i < out->n; i++)
        out->v[i] = x[i] * x[i] * out->scale;
}

#pragma ad jvp(f) wrt(x[2]) out(out[1])

#include "jvp_struct_out_sized.ad.h"

int main(void)
{
    double x[2] = {0.5, -1.5}, xd[2] = {1.0, 2.0}, v[2], vd[2];
    Vec out = {v, 3.0, 2}, out_dot = {vd, 0.0, 2};
    f_jvp(x, xd, &out, &out_dot);
    printf("%g %g (want 3 -18)\n", vd[0], vd[1]);
    return !(vd[0] == 3.0 && vd[1] == -18.0);
}
