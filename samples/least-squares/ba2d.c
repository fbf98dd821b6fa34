/* ba2d.c - samples/least-squares: the residuals of a bundle adjustment in
 * the plane, and the sparse Jacobian cc-ad generates for them. */
#include <math.h>

#include "ba2d.h"

void residuals(const double *params, const int *cam, const int *pt, const double *meas, int nobs, int ncam,
               int npt, double *r)
{
    (void)npt;  /* (sizes the parameter vector, for cc-ad's request) */
    for (int k = 0; k < nobs; k++) {
        const double *c = &params[3 * cam[k]];
        const double *p = &params[3 * ncam + 2 * pt[k]];
        double cs = cos(c[0]), sn = sin(c[0]);
        r[2 * k] = cs * p[0] - sn * p[1] + c[1] - meas[2 * k];
        r[2 * k + 1] = sn * p[0] + cs * p[1] + c[2] - meas[2 * k + 1];
    }
}

/* Each residual depends on 4 parameters (an angle, a shift, a point): the
 * Jacobian is 2 nobs x (3 ncam + 2 npt) with 4 entries a row. */
#pragma ad jacrev(residuals) wrt(params[3 * ncam + 2 * npt]) out(r[2 * nobs]) sparse
