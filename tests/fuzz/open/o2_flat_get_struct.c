/* OPEN (probe6): warning (generated code fails gcc 12 -O2 -Wall -Werror),
** jacrev and jacfwd of a struct input with array fields. The drivers read
** the struct's derivative element by element through a generated helper,
**   static double ccad_flat_get_Obs(const Obs *s, long l)
**   { if (l < 3) { return s->p[l]; } return s->uv[l - 3]; }
** called in for (long q = 0; q < 5 && ...; q++) ... ccad_flat_get_Obs(&d_o[q / 5], q % 5);
** after inlining, gcc 12 at -O2/-O3 reports
**   error: iteration 3 invokes undefined behavior [-Werror=aggressive-loop-optimizations]
**   (return s->p[l];)
** The code is not wrong (the read is guarded), and clang -O2 is silent, but
** a user building with gcc -O2 -Werror fails on code that is not theirs;
** the user's file is clean under the same flags; -O1 is clean. Same family
** as o2_lane_shift.c / o2_shift_clamp_grad.c. A fix: index the struct as
** a flat double array (the layout is known: offsetof), or a switch on l.
**   build/tool/cc-ad -o /tmp/o.ad.c tests/fuzz/open/o2_flat_get_struct.c &&
**   gcc -std=c11 -O2 -Wall -Wextra -Werror -I include -c /tmp/o.ad.c      */
#include <math.h>

typedef struct Obs { double p[3]; double uv[2]; } Obs;

void proj(const Obs *o, double *y)
{
    y[0] = o->p[0] * o->p[2] - o->uv[0];
    y[1] = sin(o->p[1]) - o->uv[1] * o->p[0];
}

#pragma ad jacrev(proj) wrt(o[1]) out(y[2])
#pragma ad jacfwd(proj) wrt(o[1]) out(y[2]) name(proj_fwd)
