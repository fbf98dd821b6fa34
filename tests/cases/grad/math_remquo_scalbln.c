/* Less common <math.h> functions the contract promises ("every differentiable
   function of <math.h> in its float and double forms"): remquo (the remainder,
   its quotient bits an int output with no derivative) and scalbln (long
   exponent), double and float forms, were refused as unknown external calls;
   classification macros (isfinite, isnan, signbit, isgreater, fpclassify) in
   control flow. Oracle: central differences, step 1e-6 (double: 1e-6 relative)
   and 1e-3 (float: 1e-2 relative, float rounding over a 2e-3 step). */
#include <math.h>
#include "ccad_oracle.h"

double f(const double *x)
{
    int q;
    double r = remquo(x[0], x[1], &q);
    double s = scalbln(x[2], 3L);
    double t = 0;
    if (isfinite(x[0]) && !isnan(x[1]) && !signbit(x[2])) t = x[0] * x[2];
    if (isgreater(x[0], x[1])) t += x[1];
    if (fpclassify(x[2]) == FP_NORMAL) t += x[2] * x[2];
    return r * r + s + t + q * x[0];
}
float g(const float *x)
{
    int q;
    return fmaf(x[0], x[1], x[2]) * hypotf(x[0], x[2]) + remainderf(x[1], 0.7f) + expm1f(x[0]) * log1pf(x[2]) + cbrtf(x[1])
        + scalblnf(x[0], -2L) * remquof(x[2], 0.3f, &q);
}
#pragma ad grad(f) wrt(x[3])
#pragma ad jvp(f) wrt(x[3])
#pragma ad grad(g) wrt(x[3])
#pragma ad jacfwd(g) wrt(x[3])
#include "math_remquo_scalbln.ad.h"

int main(void)
{
    double x[3] = {2.3, 0.9, 1.7}, gx[3];
    f_grad(x, gx);
    for (int i = 0; i < 3; i++) {
        double h = 1e-6, xp[3], xm[3];
        for (int k = 0; k < 3; k++) xp[k] = xm[k] = x[k];
        xp[i] += h; xm[i] -= h;
        double fd = (f(xp) - f(xm)) / (2 * h);
        CHECK_CLOSE("grad f", gx[i], fd, 1e-6, 1e-8);
        double xd[3] = {0, 0, 0}, fdot;
        xd[i] = 1;
        f_jvp(x, xd, &fdot);
        CHECK_CLOSE("jvp f", fdot, fd, 1e-6, 1e-8);
    }
    float y[3] = {0.5f, 1.2f, 0.8f}, gy[3], J[3];
    g_grad(y, gy);
    g_jacfwd(y, J);
    for (int i = 0; i < 3; i++) {
        double h = 1e-3; float yp[3], ym[3];
        for (int k = 0; k < 3; k++) yp[k] = ym[k] = y[k];
        yp[i] += h; ym[i] -= h;
        double fd = ((double)g(yp) - g(ym)) / (yp[i] - ym[i]);
        CHECK_CLOSE("grad g", gy[i], fd, 1e-2, 1e-3);
        CHECK_CLOSE("jacfwd g", J[i], gy[i], 1e-5, 1e-6);
    }
    return oracle_result();
}
