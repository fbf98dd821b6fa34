// CFLAGS: -O2
/* jacrev and jacfwd of a struct input with array fields (an observation
** holding a point and a pixel). The drivers read the struct's derivative
** element by element through a generated helper, ccad_flat_get_Obs(s, l);
** written s->p[l] under `if (l < 3)`, gcc 12 -O2 inlined it into the loop
** over l and reported "iteration 3 invokes undefined behavior"
** (-Waggressive-loop-optimizations, an error under -Werror) about a read
** the guard excludes; the helpers now reach an array field's elements
** through a pointer, *(&s->p[0] + l). Compiled at -O2 -Werror (the
** harness); oracles: central differences of proj for every entry, jacrev
** = jacfwd to rounding. (Was tests/fuzz/open/o2_flat_get_struct.c, probe6.) */
#include <math.h>
#include "ccad.h"
#include "ccad_oracle.h"

typedef struct Obs { double p[3]; double uv[2]; } Obs;

void proj(const Obs *o, double *y)
{
    y[0] = o->p[0] * o->p[2] - o->uv[0];
    y[1] = sin(o->p[1]) - o->uv[1] * o->p[0];
}

#pragma ad jacrev(proj) wrt(o[1]) out(y[2])
#pragma ad jacfwd(proj) wrt(o[1]) out(y[2]) name(proj_fwd)

#include "struct_fields_o2.ad.h"

static void proj_fd(void *ctx, const double *flat, double *y)
{
    (void)ctx;
    Obs o = {{flat[0], flat[1], flat[2]}, {flat[3], flat[4]}};
    proj(&o, y);
}

int main(void)
{
    Obs o = {{0.7, -0.4, 1.3}, {0.2, -0.9}};
    double flat[5] = {0.7, -0.4, 1.3, 0.2, -0.9}, y[2], Jr[10], Jf[10], fd[10], v[5], col[2];
    proj_jacrev(&o, y, Jr);
    proj_fwd(&o, y, Jf);
    for (int j = 0; j < 5; j++) {
        for (int k = 0; k < 5; k++)
            v[k] = k == j;
        oracle_fd_jvp(proj_fd, NULL, 5, 2, flat, v, col);
        fd[j] = col[0];
        fd[5 + j] = col[1];
    }
    CHECK_VEC_CLOSE("jacrev = central differences", Jr, fd, 10, ORACLE_RTOL_FD, ORACLE_ATOL_FD);
    CHECK_VEC_CLOSE("jacfwd = jacrev", Jf, Jr, 10, ORACLE_RTOL_EXACT, 1e-15);
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
