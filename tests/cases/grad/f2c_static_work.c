/*
** grad/f2c_static_work: f2c declares a routine's local arrays static
** (static doublereal wa[5];) as it does its scalars. An array named only
** as wa[...] whose first use is a loop over constant bounds that stores
** every element before anything reads it (for (i__ = 1; i__ <= 5; ++i__)
** wa[i__ - 1] = ...) holds nothing from one call to the next, so its
** derivative is an ordinary local, in the routine and in a helper whose
** reverse-mode derivative is split (before: "static local variable 'wa'
** carries derivatives"). Static arrays that may keep state stay errors
** (diag/static_local). Oracles: central differences for grad, jvp and
** hessian (of the gradient), the tape empty after each call.
*/
#include <math.h>

#include "ccad.h"
#include "ccad_oracle.h"

typedef int integer;
typedef double doublereal;

/* Subroutine */ static doublereal smooth_(doublereal *x)
{
    /* System generated locals */
    doublereal ret_val;

    /* Local variables */
    static integer i__;
    static doublereal wa[5];

    /* Parameter adjustments */
    --x;

    /* Function Body */
    for (i__ = 1; i__ <= 5; ++i__) {
        wa[i__ - 1] = sin(x[i__]) * x[i__];
    }
    ret_val = 0.;
    for (i__ = 2; i__ <= 5; ++i__) {
        ret_val += wa[i__ - 1] * wa[i__ - 2];
    }
    return ret_val;
}

doublereal objfn_(doublereal *x, doublereal *c__)
{
    /* System generated locals */
    doublereal ret_val;

    /* Local variables */
    static integer j;
    static doublereal fv[5];

    --x;
    for (j = 0; j < 5; ++j) {
        fv[j] = exp(*c__ * x[j + 1]) - 1.;
    }
    ret_val = smooth_(&x[1]);
    for (j = 1; j <= 5; ++j) {
        ret_val += fv[j - 1] * fv[j - 1];
    }
    return ret_val;
}

#pragma ad grad(objfn_) wrt(x[5], c__[1])
#pragma ad jvp(objfn_) wrt(x[5], c__[1])
#pragma ad hessian(objfn_) wrt(x[5], c__[1])

#include "f2c_static_work.ad.h"

#define NV 6

static double fv_(const double *v)
{
    double x[5], c = v[5];
    for (int i = 0; i < 5; i++) x[i] = v[i];
    return objfn_(x, &c);
}

static void gv_(const double *v, double *g)
{
    double x[5], c = v[5];
    for (int i = 0; i < 5; i++) x[i] = v[i];
    objfn__grad(x, g, &c, &g[5]);
}

int main(void)
{
    double v[NV] = {0.3, -0.7, 1.1, 0.4, -0.2, 0.6}, g[NV], H[NV * NV];
    gv_(v, g);
    CHECK_TRUE("tape empty after grad", ccad_tape_empty());
    double x[5], c = v[5];
    for (int i = 0; i < 5; i++) x[i] = v[i];
    objfn__hessian(x, &c, H);
    for (int j = 0; j < NV; j++) {
        double vp[NV], vm[NV], gp[NV], gm[NV], h = 1e-6;
        for (int i = 0; i < NV; i++) vp[i] = vm[i] = v[i];
        vp[j] += h;
        vm[j] -= h;
        CHECK_CLOSE("grad", g[j], (fv_(vp) - fv_(vm)) / (2 * h), ORACLE_RTOL_FD, ORACLE_ATOL_FD);
        double xd[5] = {0}, cd = 0, rd = 0;
        if (j < 5) xd[j] = 1; else cd = 1;
        objfn__jvp(x, xd, &c, &cd, &rd);
        CHECK_CLOSE("jvp", rd, g[j], ORACLE_RTOL_EXACT, 1e-14);
        h = 1e-5;
        vp[j] = v[j] + h;
        vm[j] = v[j] - h;
        gv_(vp, gp);
        gv_(vm, gm);
        for (int i = 0; i < NV; i++)
            CHECK_CLOSE("hessian", H[i * NV + j], (gp[i] - gm[i]) / (2 * h), ORACLE_RTOL_FD, 1e-7);
    }
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
