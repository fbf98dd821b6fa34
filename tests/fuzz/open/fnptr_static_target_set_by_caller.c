/* OPEN (probe8): CRASH (generated code aborts): a struct of units whose
** activation pointers the caller (main, not differentiated) points at
** static functions of FILE.c (`static double cube(double)`), called through
** the pointer inside f: f_grad and f_jvp compare the pointer with the
** addresses of their own copies of cube and sq (FILE.ad.c has its own
** static copies), match neither, and the runtime aborts: "ccad: fatal:
** ...: a call through a function pointer reached a function cc-ad did not
** differentiate (none of those whose address the file takes)" -- though
** FILE.c takes the address of both, in main. cc-ad sees that at generation
** time and says nothing. Contract section 4: "calls through function
** pointers whose possible targets are functions of the translation unit"
** are C that must work. (The manual documents the abort for a static
** function stored by code that is not differentiated; a user writing from
** the contract gets a run-time abort with no warning from cc-ad.)
** Expected: the gradient below (e.g. compare against the original
** addresses through a non-static accessor that cc-ad adds, or map them by
** a table FILE.c exports), or at least an error/warning at generation time
** at the `&` of the static function; got exit 134 (abort) at run time.
**   bash tests/harness/run_case.sh build/tool/cc-ad build/runtime/libccad.a include /tmp/w fnptr_static_target_set_by_caller.c */
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
