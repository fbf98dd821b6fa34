/*
** jac/lanes_complex_partptr: hessian (16-lane sweeps of jacfwd over the
** gradient) of a complex local set part by part through a double view,
** double *p = (double *)&u; p[0] = ...; p[1] = ...; (C11's way to set
** the real and imaginary parts: array-of-two layout), and the same with a
** complex view of the input array (cpart6, 6 inputs). With lanes
** innermost the view's shadow pointed at u_dot[15] and 16-lane rows were
** stored from there, past u_dot: a wrong Hessian (21 of 25 entries) or a
** crash. A view of another element type takes lanes outermost
** (p_dot[lane] = (double *)&u_dot[lane]). Oracles: hvp columns (no
** lanes), 1e-12, themselves checked against central differences of grad
** (h = 1e-6, ORACLE_RTOL_FD).
*/
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

double cpart6(const double *x, int n)
{
    const double complex *zx = (const double complex *)x;
    double complex u = 0;
    double *p = (double *)&u;
    p[0] = x[0] * x[1];
    p[1] = sin(x[2]);
    double complex acc = u * u;
    for (int i = 0; i < n / 2; i++) acc += u * zx[i] * zx[i];
    return creal(acc) + cimag(acc * u);
}

#pragma ad hessian(cpart6) wrt(x[n])
#pragma ad hvp(cpart6) wrt(x[n])
#pragma ad grad(cpart6) wrt(x[n])
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
        for (int i = 0; i < 5; i++) CHECK_CLOSE("hvp vs differences of grad", hv[i], (gp[i] - gm[i]) / (2 * h), ORACLE_RTOL_FD, ORACLE_ATOL_FD);
        for (int i = 0; i < 5; i++) CHECK_CLOSE("hessian vs hvp", H[i * 5 + j], hv[i], 1e-12, 1e-13);
    }
    double x6[6] = {0.3, -0.7, 1.1, 0.4, 0.8, -0.2}, H6[36];
    cpart6_hessian(x6, 6, H6);
    for (int j = 0; j < 6; j++) {
        double e[6] = {0}, hv[6], xp[6], xm[6], gp[6], gm[6], h = 1e-6;
        e[j] = 1;
        cpart6_hvp(x6, e, hv, 6);
        for (int i = 0; i < 6; i++) xp[i] = xm[i] = x6[i];
        xp[j] += h;
        xm[j] -= h;
        cpart6_grad(xp, gp, 6);
        cpart6_grad(xm, gm, 6);
        for (int i = 0; i < 6; i++) {
            CHECK_CLOSE("cpart6 hvp vs differences of grad", hv[i], (gp[i] - gm[i]) / (2 * h), ORACLE_RTOL_FD, ORACLE_ATOL_FD);
            CHECK_CLOSE("cpart6 hessian vs hvp", H6[i * 6 + j], hv[i], 1e-12, 1e-13);
        }
    }
    return oracle_result();
}
