/* OPEN (probe6): silently wrong derivative, hessian / jacfwd / jacrev (the
** vector "lane" drivers). A real array viewed as complex numbers
** (const double complex *z = (const double complex *)x, as FFT code takes
** interleaved data), or a complex array viewed as reals (double *r =
** (double *)w), gets wrong Hessian and Jacobian entries; jvp, vjp, grad and
** hvp of the same functions are right (checked against central
** differences). Cause (visible in FILE.ad.c): the lane shadow of x,
** double (*x_dot)[4] (element-major, 4 lanes per double), is cast the way
** the primal pointer is, double complex (*z_dot)[4] = (void *)x_dot, so
** z_dot[k][l] reads x_dot[2k][2l..2l+1] instead of (x_dot[2k][l],
** x_dot[2k+1][l]). Struct views ((const V3 *)x) and row views
** ((const double (*)[3])x) are right. Outputs too: jacfwd/jacrev of
** void oc(const double *x, double *y) writing through
** double complex *w = (double complex *)y are off by 1.8 / 1.1. And the
** FFTW interop FFTW documents: typedef double fftw_complex[2]; a
** parameter const fftw_complex *a, wrt(a[n][2]), viewed inside as
** (const double complex *)a: hessian wrong (12 of 36 entries; grad, jvp,
** hvp right). A struct {re, im} array parameter viewed the same way is
** right (its hessian takes one column per run, no lanes).
**   fview: f = (Re(z0 z1))^2 over x = (a0, b0, a1, b1):
**          H[0][3] = 2 (dr/da0)(dr/db1) = 2 a1 (-b0) = 1.54 expected, got
**          -0.24 (H[0][3] and H[1][2] swapped); jacfwd/jacrev of the same
**          view wrong by up to 1.8 / 1.4.
**   gview: hessian of a local complex array read back as double *: not
**          even symmetric (H[0][2] = 0.49, H[2][0] = 1.0, want -0.7).
** Run: bash tests/harness/run_case.sh build/tool/cc-ad build/runtime/libccad.a
**      include /tmp/w tests/fuzz/open/lanes_complex_view.c
** (oracle: hvp and jvp columns, themselves right against differences) */
#include <complex.h>
#include <math.h>
#include "ccad.h"
#include "ccad_oracle.h"

double fview(const double *x)
{
    const double complex *z = (const double complex *)x;
    double complex w = z[0] * z[1];
    return creal(w) * creal(w);
}

void fvec(const double *x, double *y)
{
    const double complex *z = (const double complex *)x;
    double complex w = z[0] * z[1];
    y[0] = creal(w);
    y[1] = cimag(w);
}

double gview(const double *x)
{
    double complex w[2] = {x[0] * x[1] + I * x[2], x[3] * I};
    double *r = (double *)w;
    return r[0] * r[1] + r[2] * r[3] + r[1] * r[3];
}

#pragma ad hessian(fview) wrt(x[4])
#pragma ad hvp(fview) wrt(x[4])
#pragma ad hessian(gview) wrt(x[4])
#pragma ad hvp(gview) wrt(x[4])
#pragma ad jacfwd(fvec) wrt(x[4]) out(y[2])
#pragma ad jacrev(fvec) wrt(x[4]) out(y[2]) name(fvec_rev)
#pragma ad jvp(fvec) wrt(x[4]) out(y[2])

#include "lanes_complex_view.ad.h"

int main(void)
{
    double x[4] = {0.3, -0.7, 1.1, 0.4}, H[16], G[16], J[8], Jr[8], y[2];
    fview_hessian(x, H);
    gview_hessian(x, G);
    fvec_jacfwd(x, y, J);
    fvec_rev(x, y, Jr);
    for (int j = 0; j < 4; j++) {
        double e[4] = {0}, hv[4], gv[4], yd[2];
        e[j] = 1.0;
        fview_hvp(x, e, hv);
        gview_hvp(x, e, gv);
        fvec_jvp(x, e, y, yd);
        for (int i = 0; i < 4; i++) {
            CHECK_CLOSE("fview hessian", H[i * 4 + j], hv[i], 1e-12, 1e-14);
            CHECK_CLOSE("gview hessian", G[i * 4 + j], gv[i], 1e-12, 1e-14);
        }
        for (int i = 0; i < 2; i++) {
            CHECK_CLOSE("fvec jacfwd", J[i * 4 + j], yd[i], 1e-12, 1e-14);
            CHECK_CLOSE("fvec jacrev", Jr[i * 4 + j], yd[i], 1e-12, 1e-14);
        }
    }
    /* closed form: f = r^2, r = a0 a1 - b0 b1 */
    CHECK_CLOSE("fview H[0][3] closed form", H[0 * 4 + 3], 2.0 * x[2] * -x[1], 1e-12, 1e-14);
    return oracle_result();
}
