/* OPEN (probe8): CRASH (generated code aborts) / WRONGLY REFUSED: a
** file-scope table of activation functions, `act_fn acts[2] = {sq, cube};`
** whose entries are static functions of FILE.c, called as
** acts[which[i]](x[i]) inside f: f_grad compares the entry with the
** addresses of its own copies of sq and cube (FILE.ad.c has static copies,
** at other addresses), matches neither and aborts: "ccad: fatal: ...: a
** call through a function pointer reached a function cc-ad did not
** differentiate". Declaring the table `static act_fn acts[2]` (nothing
** writes it) is refused instead: "the derivative code uses the file-scope
** static variable 'acts', which the generated file cannot reach", though
** the manual copies "file-scope static scalars and arrays of FILE.c that
** nothing in it writes"; only `static act_fn const acts[2]` works. The
** manual names this very construct as working: "calls through function
** pointers (..., a file-scope table of functions)"; contract section 4:
** "calls through function pointers whose possible targets are functions of
** the translation unit". Expected: the gradient below; got exit 134.
** (Same root as fnptr_static_target_set_by_caller.c.)
**   bash tests/harness/run_case.sh build/tool/cc-ad build/runtime/libccad.a include /tmp/w fnptr_table_static_functions.c */
#include <math.h>
#include "ccad_oracle.h"

typedef double (*act_fn)(double);
static double sq(double z) { return z * z; }
static double cube(double z) { return z * z * z; }
act_fn acts[2] = {sq, cube};

double f(const double *x, const int *which, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += acts[which[i]](x[i]);
    return s;
}

#pragma ad grad(f) wrt(x[n])

#include "fnptr_table_static_functions.ad.h"

int main(void)
{
    double x[3] = {0.5, -1.5, 2.0}, g[3];
    int w[3] = {0, 1, 1};
    f_grad(x, g, w, 3);
    CHECK_CLOSE("g0", g[0], 1.0, 1e-12, 0);
    CHECK_CLOSE("g1", g[1], 3 * 2.25, 1e-12, 0);
    CHECK_CLOSE("g2", g[2], 12.0, 1e-12, 0);
    return oracle_result();
}
