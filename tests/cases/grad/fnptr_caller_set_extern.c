/* grad/fnptr_caller_set_extern: activation pointers that the caller
** (main) sets to functions of FILE.c that are not static: the generated
** dispatch compares with the originals' addresses (extern), so the
** pointers main made match. (With static functions it is refused:
** diag/fnptr_static_target_set_by_caller.c.) Oracle: closed forms. */
#include <math.h>
#include "ccad_oracle.h"

typedef double (*act_fn)(double);
double sq(double z) { return z * z; }
double cube(double z) { return z * z * z; }

struct Unit { act_fn act; double w; };

double f(const struct Unit *u, const double *x, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += u[i].act(u[i].w * x[i]);
    return s;
}

#pragma ad grad(f) wrt(x[n])

#include "fnptr_caller_set_extern.ad.h"

int main(void)
{
    struct Unit u[3] = {{cube, 1.5}, {sq, 0.5}, {cube, -1.0}};
    double x[3] = {0.4, -0.7, 1.1}, g[3];
    double v = f_grad(u, x, g, 3);
    CHECK_CLOSE("primal", v, f(u, x, 3), 0, 0);
    double w[3] = {3 * 1.5 * pow(1.5 * 0.4, 2), 2 * 0.5 * (0.5 * -0.7), 3 * -1.0 * pow(-1.1, 2)};
    CHECK_VEC_CLOSE("grad", g, w, 3, 1e-12, 1e-14);
    return oracle_result();
}
