/*
** jac/lanes_complex_view: the vector (lane) sweeps of hessian, jacfwd and
** jacrev through pointers that view floating memory as another element
** type: a real array as complex numbers ((const double complex *)x, as
** FFT code takes interleaved data), FFTW's own interop (typedef double
** fftw_complex[2], a parameter const fftw_complex *a viewed as
** const double complex *), a local complex array read back as double *,
** an output written through a complex view of y, and memcpy between a
** double and a complex array (both directions). With lanes innermost
** (double (*x_dot)[W]) a view of another element type puts lanes where
** the view has parts (z_dot[k][lane] is not (x_dot[2k][lane],
** x_dot[2k + 1][lane])): such sweeps take lanes outermost (jacfwd,
** hessian: x_dot[lane] viewed as the scalar code views x) or stay scalar
** (jacrev). Once: H[0][3] and H[1][2] of fview swapped, gview's Hessian
** not even symmetric, jacfwd/jacrev off by up to 1.8.
** Oracles: hvp and jvp columns (no lanes; themselves right against
** central differences), 1e-12; fview's H[0][3] in closed form:
** f = r^2, r = a0 a1 - b0 b1, d2f/da0 db1 = 2 a1 (-b0).
*/
#include <complex.h>
#include <math.h>
#include <string.h>
#include "ccad.h"
#include "ccad_oracle.h"

typedef double fftw_complex[2];

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

/* an output written through a complex view */
void oc(const double *x, double *y)
{
    double complex *w = (double complex *)y;
    w[0] = (x[0] + I * x[1]) * (x[2] + I * x[3]);
    w[1] = cexp(x[0] + I * x[3]);
}

/* FFTW's interop: fftw_complex * viewed as double complex * */
double fw(const fftw_complex *a)
{
    const double complex *z = (const double complex *)a;
    double complex s = z[0] * z[1] * z[2];
    return creal(s) * cimag(s);
}

/* memcpy from doubles into a complex array */
double fm(const double *x)
{
    double complex w[2];
    memcpy(w, x, sizeof w);
    double complex s = w[0] * w[1] * w[1];
    return creal(s) * cimag(s);
}

/* memcpy from a complex array into doubles */
void fo(const double *x, double *y)
{
    double complex w[2];
    w[0] = (x[0] + I * x[1]) * (x[2] + I * x[3]);
    w[1] = cexp(x[0] + I * x[3]);
    memcpy(y, w, sizeof w);
}

#pragma ad hessian(fview) wrt(x[4])
#pragma ad hvp(fview) wrt(x[4])
#pragma ad hessian(gview) wrt(x[4])
#pragma ad hvp(gview) wrt(x[4])
#pragma ad jacfwd(fvec) wrt(x[4]) out(y[2])
#pragma ad jacrev(fvec) wrt(x[4]) out(y[2]) name(fvec_rev)
#pragma ad jvp(fvec) wrt(x[4]) out(y[2])
#pragma ad jacfwd(oc) wrt(x[4]) out(y[4])
#pragma ad jacrev(oc) wrt(x[4]) out(y[4]) name(oc_rev)
#pragma ad jvp(oc) wrt(x[4]) out(y[4])
#pragma ad hessian(fw) wrt(a[3][2])
#pragma ad hvp(fw) wrt(a[3][2])
#pragma ad hessian(fm) wrt(x[4])
#pragma ad hvp(fm) wrt(x[4])
#pragma ad jacfwd(fo) wrt(x[4]) out(y[4])
#pragma ad jacrev(fo) wrt(x[4]) out(y[4]) name(fo_rev)
#pragma ad jvp(fo) wrt(x[4]) out(y[4])

#include "lanes_complex_view.ad.h"

int main(void)
{
    double x[4] = {0.3, -0.7, 1.1, 0.4}, H[16], G[16], M[16], J[8], Jr[8], y[2];
    double y4[4], Jo[16], Jor[16], Jm[16], Jmr[16], W[36];
    fftw_complex a[3] = {{0.3, -0.7}, {1.1, 0.4}, {0.8, -0.2}};
    fview_hessian(x, H);
    gview_hessian(x, G);
    fm_hessian(x, M);
    fvec_jacfwd(x, y, J);
    fvec_rev(x, y, Jr);
    oc_jacfwd(x, y4, Jo);
    oc_rev(x, y4, Jor);
    fo_jacfwd(x, y4, Jm);
    fo_rev(x, y4, Jmr);
    fw_hessian(a, W);
    for (int j = 0; j < 4; j++) {
        double e[4] = {0}, hv[4], gv[4], mv[4], yd[2], yd4[4];
        e[j] = 1.0;
        fview_hvp(x, e, hv);
        gview_hvp(x, e, gv);
        fm_hvp(x, e, mv);
        fvec_jvp(x, e, y, yd);
        for (int i = 0; i < 4; i++) {
            CHECK_CLOSE("fview hessian", H[i * 4 + j], hv[i], 1e-12, 1e-14);
            CHECK_CLOSE("gview hessian", G[i * 4 + j], gv[i], 1e-12, 1e-14);
            CHECK_CLOSE("fm hessian", M[i * 4 + j], mv[i], 1e-12, 1e-14);
        }
        for (int i = 0; i < 2; i++) {
            CHECK_CLOSE("fvec jacfwd", J[i * 4 + j], yd[i], 1e-12, 1e-14);
            CHECK_CLOSE("fvec jacrev", Jr[i * 4 + j], yd[i], 1e-12, 1e-14);
        }
        oc_jvp(x, e, y4, yd4);
        for (int i = 0; i < 4; i++) {
            CHECK_CLOSE("oc jacfwd", Jo[i * 4 + j], yd4[i], 1e-12, 1e-14);
            CHECK_CLOSE("oc jacrev", Jor[i * 4 + j], yd4[i], 1e-12, 1e-14);
        }
        fo_jvp(x, e, y4, yd4);
        for (int i = 0; i < 4; i++) {
            CHECK_CLOSE("fo jacfwd", Jm[i * 4 + j], yd4[i], 1e-12, 1e-14);
            CHECK_CLOSE("fo jacrev", Jmr[i * 4 + j], yd4[i], 1e-12, 1e-14);
        }
    }
    for (int j = 0; j < 6; j++) {
        fftw_complex e[3] = {{0}}, hv[3];
        e[j / 2][j % 2] = 1;
        fw_hvp(a, e, hv);
        for (int i = 0; i < 6; i++) CHECK_CLOSE("fw hessian", W[i * 6 + j], hv[i / 2][i % 2], 1e-12, 1e-14);
    }
    /* closed form: f = r^2, r = a0 a1 - b0 b1 */
    CHECK_CLOSE("fview H[0][3] closed form", H[0 * 4 + 3], 2.0 * x[2] * -x[1], 1e-12, 1e-14);
    return oracle_result();
}
