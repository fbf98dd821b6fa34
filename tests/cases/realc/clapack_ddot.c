// CFLAGS: -Wno-parentheses -Wno-unused-parameter
/* realc/clapack_ddot: CLAPACK 3.2.1's f2c-translated reference BLAS ddot_ (BLAS/SRC/ddot.c:
** `--dx; --dy;` parameter adjustment to 1-based, forward gotos L20/L40/L60 around the unrolled
** loop, negative increments walking backwards), with f2c.h's typedefs inlined. The user's
** function calls it as a C program calls BLAS (scalars by address). (sgemv_, with lsame_ and
** xerbla_: realc/clapack_sgemv.) Requests: grad and jvp of a product of two ddot_ calls, one
** with incx = -1. Oracles: closed forms (rtol 1e-12). */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "ccad_oracle.h"

/* f2c.h */
typedef long int integer;
typedef float real;
typedef double doublereal;
typedef long int logical;
#define max(a,b) ((a) >= (b) ? (a) : (b))

doublereal ddot_(integer *n, doublereal *dx, integer *incx, doublereal *dy, 
	integer *incy)
{
    /* System generated locals */
    integer i__1;
    doublereal ret_val;

    /* Local variables */
    integer i__, m, ix, iy, mp1;
    doublereal dtemp;

/*     forms the dot product of two vectors. */
/*     uses unrolled loops for increments equal to one. */
/*     jack dongarra, linpack, 3/11/78. */
/*     modified 12/3/93, array(1) declarations changed to array(*) */

    /* Parameter adjustments */
    --dy;
    --dx;

    /* Function Body */
    ret_val = 0.;
    dtemp = 0.;
    if (*n <= 0) {
	return ret_val;
    }
    if (*incx == 1 && *incy == 1) {
	goto L20;
    }

/*        code for unequal increments or equal increments */
/*          not equal to 1 */

    ix = 1;
    iy = 1;
    if (*incx < 0) {
	ix = (-(*n) + 1) * *incx + 1;
    }
    if (*incy < 0) {
	iy = (-(*n) + 1) * *incy + 1;
    }
    i__1 = *n;
    for (i__ = 1; i__ <= i__1; ++i__) {
	dtemp += dx[ix] * dy[iy];
	ix += *incx;
	iy += *incy;
/* L10: */
    }
    ret_val = dtemp;
    return ret_val;

/*        code for both increments equal to 1 */


/*        clean-up loop */

L20:
    m = *n % 5;
    if (m == 0) {
	goto L40;
    }
    i__1 = m;
    for (i__ = 1; i__ <= i__1; ++i__) {
	dtemp += dx[i__] * dy[i__];
/* L30: */
    }
    if (*n < 5) {
	goto L60;
    }
L40:
    mp1 = m + 1;
    i__1 = *n;
    for (i__ = mp1; i__ <= i__1; i__ += 5) {
	dtemp = dtemp + dx[i__] * dy[i__] + dx[i__ + 1] * dy[i__ + 1] + dx[
		i__ + 2] * dy[i__ + 2] + dx[i__ + 3] * dy[i__ + 3] + dx[i__ + 
		4] * dy[i__ + 4];
/* L50: */
    }
L60:
    ret_val = dtemp;
    return ret_val;
} /* ddot_ */

/* (x . y) * (x . reverse(y)) */
doublereal dd(integer n, doublereal *x, doublereal *y)
{
    integer c1 = 1, cm1 = -1;
    return ddot_(&n, x, &c1, y, &c1) * ddot_(&n, x, &cm1, y, &c1);
}

#pragma ad grad(dd) wrt(x[n], y[n])
#pragma ad jvp(dd) wrt(x[n], y[n])

#include "clapack_ddot.ad.h"

#define ND 7
int main(void)
{
    double xd[ND], yd[ND], gxd[ND], gyd[ND];
    for (int k = 0; k < ND; k++) { xd[k] = 0.3 + 0.1 * k; yd[k] = sin(0.9 * k); }
    double v = dd_grad(ND, xd, gxd, yd, gyd);
    double s1 = 0, s2 = 0;
    for (int k = 0; k < ND; k++) { s1 += xd[k] * yd[k]; s2 += xd[k] * yd[ND - 1 - k]; }
    CHECK_CLOSE("dd primal", v, dd(ND, xd, yd), 0, 0);
    CHECK_CLOSE("dd closed", v, s1 * s2, 1e-12, 1e-14);
    for (int k = 0; k < ND; k++) {
        CHECK_CLOSE("dd grad x", gxd[k], yd[k] * s2 + yd[ND - 1 - k] * s1, 1e-12, 1e-14);
        CHECK_CLOSE("dd grad y", gyd[k], xd[k] * s2 + xd[ND - 1 - k] * s1, 1e-12, 1e-14);
    }
    double tx[ND], ty[ND], dv, want = 0;
    for (int k = 0; k < ND; k++) { tx[k] = cos(k); ty[k] = 0.5 - 0.1 * k; want += gxd[k] * tx[k] + gyd[k] * ty[k]; }
    dd_jvp(ND, xd, tx, yd, ty, &dv);
    CHECK_CLOSE("dd jvp", dv, want, 1e-12, 1e-14);
    return oracle_result();
}
