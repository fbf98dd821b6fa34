/* OPEN (probe6): crash (SIGSEGV) / memory corruption at run time, hessian
** (lane driver). Same family as lanes_complex_view.c. A complex local set
** part by part through a double view, double *p = (double *)&u;
** p[0] = ...; p[1] = ...; (the C11 way to set the real and imaginary
** parts: array-of-two layout), is right in grad, vjp, jvp and hvp
** (checked against differences), but cpart_hessian writes
**   double (*p_dot)[16];
**   for (lane = 0; lane < 16; lane++) p_dot = (void *)&u_dot[lane];
**   ... p_dot[0][lane] = ...; p_dot[1][lane] = ...;
** i.e. p_dot ends up pointing at u_dot[15] and 16-lane rows are stored
** from there, far past the 16 complex lanes of u_dot: the program
** crashes (SIGSEGV in a 6-input variant with a complex array view) or, as
** here, returns a wrong Hessian (21 of 25 entries; hvp is right against
** differences of grad). Expected: lane shadows of a reinterpreted pointer laid out
** per part and lane (or one column per run, as for complex inputs).
** Run: bash tests/harness/run_case.sh build/tool/cc-ad build/runtime/libccad.a
**      include /tmp/w tests/fuzz/open/lanes_complex_partptr.c   */
#include <complex.h>
#include <math.h>
#include "ccad.h"
#include "ccad_oracle.h"

double cpart(const double *x, int n)
{
    double complex u = 0;
    double *p = (double *)&u;
    p[0] = x[0] * x[1];
    p[1] = sin(x[2]);
    double complex acc = u * u;
    for (int i = 3; i < n; i++) acc += u * x[i];
    return creal(acc) + cimag(acc * u);
}

#pragma ad hessian(cpart) wrt(x[n])
#pragma ad hvp(cpart) wrt(x[n])
#pragma ad grad(cpart) wrt(x[n])

#include "lanes_complex_partptr.ad.h"

int main(void)
{
    double x[5] = {0.3, -0.7, 1.1, 0.4, 0.8}, H[25];
    cpart_hessian(x, 5, H);
    for (int j = 0; j < 5; j++) {
        double e[5] = {0}, hv[5];
        e[j] = 1;
        cpart_hvp(x, e, hv, 5);
        double xp[5], xm[5], gp[5], gm[5], h = 1e-6;
        for (int i = 0; i < 5; i++) xp[i] = xm[i] = x[i];
        xp[j] += h;
        xm[j] -= h;
        cpart_grad(xp, gp, 5);
        cpart_grad(xm, gm, 5);
        for (int i = 0; i < 5; i++) CHECK_CLOSE("hvp vs differences of grad", hv[i], (gp[i] - gm[i]) / (2 * h), 1e-6, 1e-8);
        for (int i = 0; i < 5; i++) CHECK_CLOSE("hessian vs hvp", H[i * 5 + j], hv[i], 1e-12, 1e-13);
    }
    return oracle_result();
}
