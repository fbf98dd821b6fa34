/*
** vjp/memcpy_complex: memcpy between a complex array and a double array
** (interleaved data, both directions), whose reverse mode moves the
** destination's adjoint to the source value by value of the one real type
** both hold (double), through double views of both. (Once the backward
** loop ran over sizeof(w) / sizeof(double) complex elements of w_bar,
** past the array: silently wrong; then it was refused as an untyped
** copy.) fo: y = bytes of w, w from x; fm: w = bytes of x; frows: rows
** (double[2][2]) from a flat array. Oracles: the dot-product test against
** jvp, <vjp(e_i), e_j> = <e_i, jvp(e_j)> (1e-12), and grad against
** central differences (ORACLE_RTOL_FD).
*/
#include <complex.h>
#include <math.h>
#include <string.h>
#include "ccad.h"
#include "ccad_oracle.h"

void fo(const double *x, double *y)
{
    double complex w[2];
    w[0] = (x[0] + I * x[1]) * (x[2] + I * x[3]);
    w[1] = cexp(x[0] + I * x[3]);
    memcpy(y, w, sizeof w);
}

double fm(const double *x)
{
    double complex w[2];
    memcpy(w, x, sizeof w);
    double complex s = w[0] * w[1] * w[1];
    return creal(s) * cimag(s);
}

double frows(const double *x)
{
    double m[2][2];
    memcpy(m, x, sizeof m);
    return m[0][0] * m[1][1] - m[0][1] * m[1][0] * m[0][0];
}

#pragma ad vjp(fo) wrt(x[4]) out(y[4])
#pragma ad jvp(fo) wrt(x[4]) out(y[4])
#pragma ad grad(fm) wrt(x[4])
#pragma ad grad(frows) wrt(x[4])

#include "memcpy_complex.ad.h"

int main(void)
{
    double x[4] = {0.3, -0.7, 1.1, 0.4}, y[4];
    for (int i = 0; i < 4; i++) {
        double yb[4] = {0}, xb[4] = {0};
        yb[i] = 1;
        fo_vjp(x, xb, y, yb);
        for (int j = 0; j < 4; j++) {
            double e[4] = {0}, yd[4];
            e[j] = 1;
            fo_jvp(x, e, y, yd);
            CHECK_CLOSE("fo vjp against jvp", xb[j], yd[i], 1e-12, 1e-14);
        }
    }
    double g[4], gr[4];
    fm_grad(x, g);
    frows_grad(x, gr);
    for (int j = 0; j < 4; j++) {
        double xp[4], xm[4], h = 1e-6;
        for (int i = 0; i < 4; i++) xp[i] = xm[i] = x[i];
        xp[j] += h;
        xm[j] -= h;
        CHECK_CLOSE("fm grad", g[j], (fm(xp) - fm(xm)) / (2 * h), ORACLE_RTOL_FD, ORACLE_ATOL_FD);
        CHECK_CLOSE("frows grad", gr[j], (frows(xp) - frows(xm)) / (2 * h), ORACLE_RTOL_FD, ORACLE_ATOL_FD);
    }
    return oracle_result();
}
