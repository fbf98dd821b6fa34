// EXPECT-EXIT: 1
// EXPECT-DIAG: fnptr_static_target
// EXPECT-STDERR: error: the address of the static function 'cube' is taken here, in function 'main', which cc-ad does not differentiate
// EXPECT-STDERR: error: the address of the static function 'sq' is taken here
/* Activation pointers that the caller (main, not differentiated) points at
** static functions of FILE.c, called through the pointer inside f: the
** generated code compares the pointer with FILE.ad.c's own copies of cube
** and sq (other addresses), matched neither, and the program stopped at run
** time (ccad_unknown_callee), with no word from cc-ad. cc-ad now refuses it
** where main takes the address, advising to make the functions not static
** (then the generated code compares with the originals: grad/fnptr_caller_set_extern.c). */
#include <math.h>
#include "ccad_oracle.h"

typedef double (*act_fn)(double);
static double sq(double z) { return z * z; }
static double cube(double z) { return z * z * z; }

struct Unit { act_fn act; double w; };

double f(const struct Unit *u, const double *x, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += u[i].act(u[i].w * x[i]);
    return s;
}

#pragma ad grad(f) wrt(x[n])

#include "fnptr_static_target_set_by_caller.ad.h"

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
