// EXPECT-WARNING: but not the memory its pointers lead to, whose size it does not know
/*
** grad/structgrad: grad of a function of a struct that holds a pointer
** (struct Vec { double *v; int n; double scale; }, wrt(x[1])).
** The shadow has the struct's type; the caller points x_bar->v at its
** gradient buffer. grad zeroes the floating fields (scale) but must keep
** the pointer (it used to memset the whole struct, and the backward sweep
** then wrote through a null pointer), and cannot zero the buffer, whose
** size it does not know: it warns, and the gradient is added to what the
** buffer holds. Oracle: the closed form, f = scale * sum sin(v_i):
** df/dv_i = scale cos(v_i), df/dscale = sum sin(v_i).
** step(Vec *s) rewrites s->v in place: after step_grad the caller's data
** must be what step leaves (the backward sweep restores the old values
** behind the struct's pointer, and used to leave them restored); closed
** form e = sum (2 sin v_i)^2, de/dv_i = 8 sin v_i cos v_i.
*/
#include <math.h>

#include "ccad.h"
#include "ccad_oracle.h"

typedef struct Vec { double *v; int n; double scale; } Vec;

double f(const Vec *x)
{
    double s = 0;
    for (int i = 0; i < x->n; i++)
        s += sin(x->v[i]) * x->scale;
    return s;
}

double step(Vec *s)
{
    double e = 0;
    for (int i = 0; i < s->n; i++) {
        s->v[i] = sin(s->v[i]) * 2.0;
        e += s->v[i] * s->v[i];
    }
    return e;
}

#pragma ad grad(f) wrt(x[1])
#pragma ad grad(step) wrt(s[1])

#include "structgrad.ad.h"

int main(void)
{
    double v[3] = {0.1, -0.4, 0.7}, g[3] = {0, 0, 0}, want[3];
    Vec x = {v, 3, 2.0}, xb = {g, 3, 123.0};  /* scale_bar: garbage, overwritten */
    double sum = 0;
    for (int i = 0; i < 3; i++) {
        want[i] = 2.0 * cos(v[i]);
        sum += sin(v[i]);
    }
    double y = f_grad(&x, &xb);
    CHECK_CLOSE("value", y, 2.0 * sum, 1e-14, 1e-15);
    for (int i = 0; i < 3; i++)
        CHECK_CLOSE("df/dv", g[i], want[i], 1e-14, 1e-15);
    CHECK_CLOSE("df/dscale (overwritten)", xb.scale, sum, 1e-14, 1e-15);
    CHECK_TRUE("x_bar keeps its pointer", xb.v == g);
    /* the buffer is added to: a second call without zeroing doubles it */
    f_grad(&x, &xb);
    for (int i = 0; i < 3; i++)
        CHECK_CLOSE("buffer accumulates", g[i], 2.0 * want[i], 1e-14, 1e-15);
    CHECK_CLOSE("scale_bar overwritten again", xb.scale, sum, 1e-14, 1e-15);
    CHECK_TRUE("tape empty", ccad_tape_empty());

    double d[3] = {0.1, -0.4, 0.7}, d2[3] = {0.1, -0.4, 0.7}, gs[3] = {0, 0, 0};
    Vec st = {d, 3, 0.0}, st2 = {d2, 3, 0.0}, stb = {gs, 3, 0.0};
    double e = step_grad(&st, &stb), e2 = step(&st2);
    CHECK_CLOSE("step value", e, e2, 1e-15, 0);
    for (int i = 0; i < 3; i++) {
        double v0 = i == 0 ? 0.1 : i == 1 ? -0.4 : 0.7;
        CHECK_CLOSE("step: de/dv", gs[i], 8.0 * sin(v0) * cos(v0), 1e-14, 1e-15);
        CHECK_CLOSE("step: the data as step leaves it", d[i], d2[i], 0, 0);
    }
    CHECK_TRUE("tape empty after step_grad", ccad_tape_empty());
    return oracle_result();
}
