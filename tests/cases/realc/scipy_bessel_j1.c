// CFLAGS: -D_DEFAULT_SOURCE -fopenmp
// LIBS: -fopenmp
/* realc/scipy_bessel_j1: scipy.ndimage's ni_fourier.c (Copyright (C) 2003-2005 Peter J. Verveer,
** BSD-3): polevl, p1evl and _bessel_j1 (Cephes) copied as written: block-scope const coefficient
** tables, `ans = *p++` walks, do { } while (--i), a branch on |x|. The ellipsoid filter's
** 2 J1(r)/r is wrapped as scipy writes it inline. Requests: grad, jvp, hessian (second derivative),
** vmap of the grad over a batch of radii. Oracles: J1'(x) = J0(x) - J1(x)/x with glibc j0/j1
** (rtol 1e-9: the rational approximations agree with glibc to ~1e-15 and their derivative to
** ~1e-12), J1'' = -J1' / x - (1 - 1/x^2) J1 (Bessel's equation), and the vmap bitwise against
** the unbatched grad. */
#include <math.h>
#include <stdio.h>
#include "ccad_oracle.h"

static double polevl(double x, const double coef[], int N)
{
    double ans;
    const double *p = coef;
    int i = N;

    ans = *p++;
    do
        ans = ans * x + *p++;
    while(--i);

    return ans ;
}

double p1evl(double x, const double coef[], int N)
{
    double ans;
    const double *p = coef;
    int i = N - 1;

    ans = x + *p++;
    do
        ans = ans * x + *p++;
    while(--i);

    return ans;
}

#define THPIO4 2.35619449019234492885
#define SQ2OPI .79788456080286535588
#define Z1 1.46819706421238932572E1
#define Z2 4.92184563216946036703E1

static double _bessel_j1(double x)
{
    double w, z, p, q, xn;
    const double RP[4] = {
        -8.99971225705559398224E8,
        4.52228297998194034323E11,
        -7.27494245221818276015E13,
        3.68295732863852883286E15,
    };
    const double RQ[8] = {
        6.20836478118054335476E2,
        2.56987256757748830383E5,
        8.35146791431949253037E7,
        2.21511595479792499675E10,
        4.74914122079991414898E12,
        7.84369607876235854894E14,
        8.95222336184627338078E16,
        5.32278620332680085395E18,
    };
    const double PP[7] = {
        7.62125616208173112003E-4,
        7.31397056940917570436E-2,
        1.12719608129684925192E0,
        5.11207951146807644818E0,
        8.42404590141772420927E0,
        5.21451598682361504063E0,
        1.00000000000000000254E0,
    };
    const double PQ[7] = {
        5.71323128072548699714E-4,
        6.88455908754495404082E-2,
        1.10514232634061696926E0,
        5.07386386128601488557E0,
        8.39985554327604159757E0,
        5.20982848682361821619E0,
        9.99999999999999997461E-1,
    };
    const double QP[8] = {
        5.10862594750176621635E-2,
        4.98213872951233449420E0,
        7.58238284132545283818E1,
        3.66779609360150777800E2,
        7.10856304998926107277E2,
        5.97489612400613639965E2,
        2.11688757100572135698E2,
        2.52070205858023719784E1,
    };
    const double QQ[7] = {
        7.42373277035675149943E1,
        1.05644886038262816351E3,
        4.98641058337653607651E3,
        9.56231892404756170795E3,
        7.99704160447350683650E3,
        2.82619278517639096600E3,
        3.36093607810698293419E2,
    };

    w = x;
    if (x < 0)
        w = -x;

    if (w <= 5.0) {
        z = x * x;
        w = polevl(z, RP, 3) / p1evl(z, RQ, 8);
        w = w * x * (z - Z1) * (z - Z2);
        return w ;
    }

    w = 5.0 / x;
    z = w * w;
    p = polevl(z, PP, 6) / polevl(z, PQ, 6);
    q = polevl(z, QP, 7) / p1evl(z, QQ, 7);
    xn = x - THPIO4;
    p = p * cos(xn) - w * q * sin(xn);
    return p * SQ2OPI / sqrt(x);
}

/* the ellipsoid filter's factor, as NI_FourierFilter computes it for 2-d input */
double ellipsoid2(double tmp)
{
    tmp = tmp > 0.0 ? 2.0 * _bessel_j1(tmp) / tmp : 1.0;
    return tmp;
}

#pragma ad grad(_bessel_j1)
#pragma ad jvp(_bessel_j1)
#pragma ad hessian(_bessel_j1)
#pragma ad grad(ellipsoid2)
#pragma ad vmap(_bessel_j1_grad) batch(x, x_bar[1])

#include "scipy_bessel_j1.ad.h"

int main(void)
{
    static const double X[] = {0.3, 1.0, 2.5, 4.9, 5.0, 5.1, 7.7, 12.0, 30.0, -2.0, -0.7};
    enum { NX = sizeof X / sizeof X[0] };
    double gb[NX], want_ret[NX];
    for (int k = 0; k < NX; k++) {
        double x = X[k], g = -1, d, H;
        double v = _bessel_j1_grad(x, &g);
        CHECK_CLOSE("primal", v, _bessel_j1(x), 0, 0);
        CHECK_CLOSE("J1 vs glibc", v, j1(x), 1e-12, 1e-15);
        double dj = j0(x) - j1(x) / x;
        CHECK_CLOSE("grad", g, dj, 1e-9, 1e-12);
        _bessel_j1_jvp(x, 1.0, &d);
        CHECK_CLOSE("jvp", d, dj, 1e-9, 1e-12);
        _bessel_j1_hessian(x, &H);
        double d2 = -dj / x - (1 - 1 / (x * x)) * j1(x);
        CHECK_CLOSE("hessian", H, d2, 1e-8, 1e-11);
        gb[k] = g; want_ret[k] = v;
        if (x > 0) {
            double ge;
            ellipsoid2_grad(x, &ge);
            CHECK_CLOSE("ellipsoid grad", ge, 2 * dj / x - 2 * j1(x) / (x * x), 1e-9, 1e-12);
        }
    }
    double xb[NX], gbv[NX], ret[NX];
    for (int k = 0; k < NX; k++) { xb[k] = X[k]; gbv[k] = -5; }
    _bessel_j1_grad_vmap(NX, xb, gbv, ret);
    for (int k = 0; k < NX; k++) {
        CHECK_CLOSE("vmap grad", gbv[k], gb[k], 0, 0);
        CHECK_CLOSE("vmap ret", ret[k], want_ret[k], 0, 0);
    }
    return oracle_result();
}
