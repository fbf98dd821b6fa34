// CFLAGS: -Wno-parentheses -Wno-unused-parameter
/* realc/clapack_ddot: CLAPACK 3.2.1's f2c-translated reference BLAS: ddot_ (BLAS/SRC/ddot.c:
** `--dx; --dy;` parameter adjustment to 1-based, forward gotos L20/L40/L60 around the unrolled
** loop, negative increments walking backwards) and sgemv_ (BLAS/SRC/sgemv.c: `a -= a_offset`,
** lsame_ on string literals, xerbla_, alpha and beta by pointer, float), with lsame_/xerbla_ as
** CLAPACK ships them (xerbla_ as the stub linked here) and f2c.h's typedefs and max macro
** inlined. The user's functions call them as a C program calls BLAS (scalars by address).
** (the sgemv_ request is tests/fuzz/open/f2c_sgemv_use_after_free.c) Requests:
** grad and jvp of a product of two ddot_ calls, one with incx = -1.
** Oracles: closed forms (ddot: rtol 1e-12; sgemv loss: gradient 2 A^T r and 2 r x^T evaluated
** in double from the float residual, rtol 1e-4). */
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

logical lsame_(char *ca, char *cb)
{
    /* System generated locals */
    logical ret_val;

    /* Local variables */
    integer inta, intb, zcode;

/*  LSAME returns .TRUE. if CA is the same letter as CB regardless of */
/*  case. */

    ret_val = *(unsigned char *)ca == *(unsigned char *)cb;
    if (ret_val) {
	return ret_val;
    }

/*     Now test for equivalence if both characters are alphabetic. */

    zcode = 'Z';

    inta = *(unsigned char *)ca;
    intb = *(unsigned char *)cb;

    if (zcode == 90 || zcode == 122) {

/*        ASCII is assumed - ZCODE is the ASCII code of either lower or */
/*        upper case 'Z'. */

	if (inta >= 97 && inta <= 122) {
	    inta += -32;
	}
	if (intb >= 97 && intb <= 122) {
	    intb += -32;
	}

    } else if (zcode == 233 || zcode == 169) {

/*        EBCDIC is assumed - ZCODE is the EBCDIC code of either lower or */
/*        upper case 'Z'. */

	if (inta >= 129 && inta <= 137 || inta >= 145 && inta <= 153 || inta 
		>= 162 && inta <= 169) {
	    inta += 64;
	}
	if (intb >= 129 && intb <= 137 || intb >= 145 && intb <= 153 || intb 
		>= 162 && intb <= 169) {
	    intb += 64;
	}

    } else if (zcode == 218 || zcode == 250) {

/*        ASCII is assumed, on Prime machines - ZCODE is the ASCII code */
/*        plus 128 of either lower or upper case 'Z'. */

	if (inta >= 225 && inta <= 250) {
	    inta += -32;
	}
	if (intb >= 225 && intb <= 250) {
	    intb += -32;
	}
    }
    ret_val = inta == intb;

/*     RETURN */

/*     End of LSAME */

    return ret_val;
} /* lsame_ */

/* Subroutine */ int xerbla_(char *srname, integer *info)
{
    return 0;
}

/* Subroutine */ int sgemv_(char *trans, integer *m, integer *n, real *alpha, 
	real *a, integer *lda, real *x, integer *incx, real *beta, real *y, 
	integer *incy)
{
    /* System generated locals */
    integer a_dim1, a_offset, i__1, i__2;

    /* Local variables */
    integer i__, j, ix, iy, jx, jy, kx, ky, info;
    real temp;
    integer lenx, leny;
    extern logical lsame_(char *, char *);
    extern /* Subroutine */ int xerbla_(char *, integer *);

/*     Test the input parameters. */

    /* Parameter adjustments */
    a_dim1 = *lda;
    a_offset = 1 + a_dim1;
    a -= a_offset;
    --x;
    --y;

    /* Function Body */
    info = 0;
    if (! lsame_(trans, "N") && ! lsame_(trans, "T") && ! lsame_(trans, "C")
	    ) {
	info = 1;
    } else if (*m < 0) {
	info = 2;
    } else if (*n < 0) {
	info = 3;
    } else if (*lda < max(1,*m)) {
	info = 6;
    } else if (*incx == 0) {
	info = 8;
    } else if (*incy == 0) {
	info = 11;
    }
    if (info != 0) {
	xerbla_("SGEMV ", &info);
	return 0;
    }

/*     Quick return if possible. */

    if (*m == 0 || *n == 0 || *alpha == 0.f && *beta == 1.f) {
	return 0;
    }

/*     Set  LENX  and  LENY, the lengths of the vectors x and y, and set */
/*     up the start points in  X  and  Y. */

    if (lsame_(trans, "N")) {
	lenx = *n;
	leny = *m;
    } else {
	lenx = *m;
	leny = *n;
    }
    if (*incx > 0) {
	kx = 1;
    } else {
	kx = 1 - (lenx - 1) * *incx;
    }
    if (*incy > 0) {
	ky = 1;
    } else {
	ky = 1 - (leny - 1) * *incy;
    }

/*     Start the operations. In this version the elements of A are */
/*     accessed sequentially with one pass through A. */

/*     First form  y := beta*y. */

    if (*beta != 1.f) {
	if (*incy == 1) {
	    if (*beta == 0.f) {
		i__1 = leny;
		for (i__ = 1; i__ <= i__1; ++i__) {
		    y[i__] = 0.f;
/* L10: */
		}
	    } else {
		i__1 = leny;
		for (i__ = 1; i__ <= i__1; ++i__) {
		    y[i__] = *beta * y[i__];
/* L20: */
		}
	    }
	} else {
	    iy = ky;
	    if (*beta == 0.f) {
		i__1 = leny;
		for (i__ = 1; i__ <= i__1; ++i__) {
		    y[iy] = 0.f;
		    iy += *incy;
/* L30: */
		}
	    } else {
		i__1 = leny;
		for (i__ = 1; i__ <= i__1; ++i__) {
		    y[iy] = *beta * y[iy];
		    iy += *incy;
/* L40: */
		}
	    }
	}
    }
    if (*alpha == 0.f) {
	return 0;
    }
    if (lsame_(trans, "N")) {

/*        Form  y := alpha*A*x + y. */

	jx = kx;
	if (*incy == 1) {
	    i__1 = *n;
	    for (j = 1; j <= i__1; ++j) {
		if (x[jx] != 0.f) {
		    temp = *alpha * x[jx];
		    i__2 = *m;
		    for (i__ = 1; i__ <= i__2; ++i__) {
			y[i__] += temp * a[i__ + j * a_dim1];
/* L50: */
		    }
		}
		jx += *incx;
/* L60: */
	    }
	} else {
	    i__1 = *n;
	    for (j = 1; j <= i__1; ++j) {
		if (x[jx] != 0.f) {
		    temp = *alpha * x[jx];
		    iy = ky;
		    i__2 = *m;
		    for (i__ = 1; i__ <= i__2; ++i__) {
			y[iy] += temp * a[i__ + j * a_dim1];
			iy += *incy;
/* L70: */
		    }
		}
		jx += *incx;
/* L80: */
	    }
	}
    } else {

/*        Form  y := alpha*A'*x + y. */

	jy = ky;
	if (*incx == 1) {
	    i__1 = *n;
	    for (j = 1; j <= i__1; ++j) {
		temp = 0.f;
		i__2 = *m;
		for (i__ = 1; i__ <= i__2; ++i__) {
		    temp += a[i__ + j * a_dim1] * x[i__];
/* L90: */
		}
		y[jy] += *alpha * temp;
		jy += *incy;
/* L100: */
	    }
	} else {
	    i__1 = *n;
	    for (j = 1; j <= i__1; ++j) {
		temp = 0.f;
		ix = kx;
		i__2 = *m;
		for (i__ = 1; i__ <= i__2; ++i__) {
		    temp += a[i__ + j * a_dim1] * x[ix];
		    ix += *incx;
/* L110: */
		}
		y[jy] += *alpha * temp;
		jy += *incy;
/* L120: */
	    }
	}
    }

    return 0;

/*     End of SGEMV . */

} /* sgemv_ */

/* the user's code: ||A x - b||^2 with A column-major m x n, r a work vector */
real lsq(integer m, integer n, real *a, real *x, real *b, real *r)
{
    integer c1 = 1, i;
    real one = 1.f, mone = -1.f, s = 0.f;
    for (i = 0; i < m; i++) r[i] = b[i];
    sgemv_("N", &m, &n, &one, a, &m, x, &c1, &mone, r, &c1);
    for (i = 0; i < m; i++) s += r[i] * r[i];
    return s;
}
/* (x . y) * (x . reverse(y)) */
doublereal dd(integer n, doublereal *x, doublereal *y)
{
    integer c1 = 1, cm1 = -1;
    return ddot_(&n, x, &c1, y, &c1) * ddot_(&n, x, &cm1, y, &c1);
}

#pragma ad grad(dd) wrt(x[n], y[n])
#pragma ad jvp(dd) wrt(x[n], y[n])

#include "clapack_ddot.ad.h"

#define M 6
#define N 4
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
