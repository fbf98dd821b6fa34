// CFLAGS: -D_DEFAULT_SOURCE
/* Parameters named like functions <math.h> declares (glibc, _DEFAULT_SOURCE: gamma, y0, j1;
** physics code names its adiabatic index gamma and its initial state y0): cc-ad renames them
** in its own code (gamma_2: generated code may call y0() for a Bessel derivative), but the
** clauses name them as FILE.c does: wrt(gamma, y0[2]) and a size j1. Before the fix:
** "unknown parameter 'gamma' in wrt(...)". The Bessel functions the case calls got their
** rules at the same time. Oracle: closed forms; the Bessel derivatives against central
** differences of glibc's own functions (rtol 1e-6), the float forms against the double closed form (1e-5). */
#include <math.h>
#include "ccad_oracle.h"

/* isentropic pressure ratio times a Bessel factor; n = j1 counts the state */
double isentrope(double gamma, const double *y0, int j1)
{
    double p = pow(y0[0] / y0[1], gamma) * j0(y0[j1 - 1]);
    return p;
}

/* the POSIX Bessel functions have rules too (j0 j1 jn y0 y1 yn and the float forms) */
double bessel_mix(double x)
{
    return jn(3, x) * y1(x) + yn(2, x) - j1(x) * y0(x);
}

float bessel_f(float x)
{
    return j1f(x) * y0f(x);
}

#pragma ad grad(bessel_mix)
#pragma ad grad(bessel_f)
#pragma ad grad(isentrope) wrt(gamma, y0[j1])
#pragma ad jvp(isentrope) wrt(gamma, y0[j1])

#include "param_libm_names.ad.h"

int main(void)
{
    double g = 1.4, y[2] = {2.0, 1.3}, gb, yb[2] = {7, 7}, fdot;
    double r = y[0] / y[1], pw = pow(r, g), b = j0(y[1]);
    double f = isentrope_grad(g, &gb, y, yb, 2);
    CHECK_CLOSE("primal", f, pw * b, 1e-15, 0);
    CHECK_CLOSE("d/dgamma", gb, pw * log(r) * b, 1e-13, 0);
    CHECK_CLOSE("d/dy0", yb[0], g * pw / y[0] * b, 1e-13, 0);
    CHECK_CLOSE("d/dy1", yb[1], -g * pw / y[1] * b - pw * j1(y[1]), 1e-13, 0);
    double yd[2] = {0.5, -0.25};
    isentrope_jvp(g, 0.3, y, yd, 2, &fdot);
    CHECK_CLOSE("jvp", fdot, 0.3 * gb + 0.5 * yb[0] - 0.25 * yb[1], 1e-13, 0);
    for (double x = 0.7; x < 9; x += 2.1) {
        double gx, h = 1e-5;
        bessel_mix_grad(x, &gx);
        double fd = (bessel_mix(x + h) - bessel_mix(x - h)) / (2 * h);
        char lab[48];
        snprintf(lab, sizeof lab, "bessel d/dx at %g", x);
        CHECK_CLOSE(lab, gx, fd, 1e-6, 1e-9);
        float gf;
        bessel_f((float)x);
        bessel_f_grad((float)x, &gf);
        double xf = (float)x, want = 0.5 * (j0(xf) - jn(2, xf)) * y0(xf) - j1(xf) * y1(xf);
        snprintf(lab, sizeof lab, "float bessel d/dx at %g", x);
        CHECK_CLOSE(lab, gf, want, 1e-5, 1e-6);
    }
    return oracle_result();
}
