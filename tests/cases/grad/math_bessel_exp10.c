// CFLAGS: -D_GNU_SOURCE
/* grad/math_bessel_exp10 (probe16): <math.h> functions beyond C11 that a
** numerical program meets: exp10 (C23, GNU before) and POSIX's Bessel
** functions j0 j1 jn y0 y1 yn, double and float forms, were refused as
** unknown external calls. Rules: C' = (C(n-1) - C(n+1)) / 2 (finite at 0:
** j1'(0) = 1/2). Oracles: ORACLE_XN_CHECKS (central differences,
** dot-product test); float: differences with step 1e-2 (2e-3 relative:
** the float truncation error of a step that size); the hessian against
** central differences of f_grad (1e-6); the gradient at 0 finite. */
#include <math.h>
#include "ccad.h"
#include "ccad_oracle.h"
double f(const double *x, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++) s += j0(x[i]) * j1(x[(i + 1) % n]) + jn(3, x[i]) + y0(2 + x[i]) + y1(2.5 + x[i]) * yn(2, 3 + x[i]) + exp10(0.3 * x[i]);
    return s;
}
float g(const float *x, int n)
{
    float s = 0;
    for (int i = 0; i < n; i++) s += j0f(x[i]) * j1f(x[i]) + jnf(2, x[i]) + y0f(2 + x[i]) * y1f(3 + x[i]) + ynf(2, 3 + x[i]) + exp10f(0.2f * x[i]);
    return s;
}
#pragma ad grad(f) wrt(x[n])
#pragma ad vjp(f) wrt(x[n])
#pragma ad jvp(f) wrt(x)
#pragma ad grad(g) wrt(x[n])
#pragma ad hessian(f) wrt(x[n])
#include "math_bessel_exp10.ad.h"
ORACLE_XN_WRAPPERS(f, 5)
int main(void)
{
    OracleRng rng = oracle_rng(4);
    ORACLE_XN_CHECKS(f, 5, rng);
    float x[3] = {0.3f, -0.7f, 1.2f}, gx[3];
    g_grad(x, gx, 3);
    for (int i = 0; i < 3; i++) {
        float xp[3] = {x[0], x[1], x[2]}, xm[3] = {x[0], x[1], x[2]};
        xp[i] += 1e-2f; xm[i] -= 1e-2f;
        CHECK_CLOSE("float bessel grad", gx[i], ((double)g(xp, 3) - g(xm, 3)) / (xp[i] - xm[i]), 2e-3, 2e-3);
    }
    double zz[2] = {0.0, 0.0}, gzz[2];
    f_grad(zz, gzz, 2);
    CHECK_TRUE("finite at 0", isfinite(gzz[0]) && isfinite(gzz[1]));
    double y[4] = {0.4, -0.3, 0.8, 0.1}, H[16];
    f_hessian(y, 4, H);
    for (int j = 0; j < 4; j++) {
        double yp[4], ym[4], gp[4], gm[4], h = 1e-5;
        for (int k = 0; k < 4; k++) yp[k] = ym[k] = y[k];
        yp[j] += h; ym[j] -= h;
        f_grad(yp, gp, 4); f_grad(ym, gm, 4);
        for (int i = 0; i < 4; i++) CHECK_CLOSE("hessian vs fd of grad", H[i * 4 + j], (gp[i] - gm[i]) / (2 * h), 1e-6, 1e-8);
    }
    return oracle_result();
}
