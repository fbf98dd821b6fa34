/*
** grad/f2c_constants: an objective as f2c translates Fortran: its table of
** constant values (file-scope statics passed by address, since Fortran
** passes everything by reference), libF77's pow_dd, pow_di and d_sign
** taking pointers, every argument of the routine by address, locals
** static, the 1-based shift. Nothing writes the constants, so FILE.ad.c
** has its own copies (before: "the derivative code uses the file-scope
** static variable 'c_b5', which the generated file cannot reach"); see
** diag/static_written_elsewhere for statics that are written.
** Oracles: the closed form (ORACLE_RTOL_EXACT), central differences and
** the dot-product test between jvp and vjp (oracle_check_*).
*/
#include <math.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

typedef int integer;
typedef double doublereal;

/* Table of constant values */

static doublereal c_b5 = 1.5;
static integer c__2 = 2;
static doublereal c_b9 = .25;

/* libF77 */
double pow_dd(doublereal *ap, doublereal *bp)
{
    return pow(*ap, *bp);
}

double pow_di(doublereal *ap, integer *bp)
{
    double pow, x;
    integer n;
    unsigned long u;

    pow = 1;
    x = *ap;
    n = *bp;
    if (n != 0) {
        if (n < 0) {
            n = -n;
            x = 1 / x;
        }
        for (u = n;;) {
            if (u & 01)
                pow *= x;
            if (u >>= 1)
                x *= x;
            else
                break;
        }
    }
    return pow;
}

double d_sign(doublereal *a, doublereal *b)
{
    double x;
    x = (*a >= 0 ? *a : -*a);
    return (*b >= 0 ? x : -x);
}

/* Subroutine */ int objfcn_(integer *n, doublereal *x, doublereal *f)
{
    /* System generated locals */
    integer i__1;
    doublereal d__1, d__2;

    /* Local variables */
    static integer i__;

    /* Parameter adjustments */
    --x;

    /* Function Body */
    *f = 0.;
    i__1 = *n;
    for (i__ = 1; i__ <= i__1; ++i__) {
        d__1 = x[i__];
        d__2 = x[i__] - 1.;
        *f = *f + pow_dd(&d__1, &c_b5) * .1 + pow_di(&d__2, &c__2) + d_sign(&c_b9, &x[i__]) * x[i__];
    }
    return 0;
} /* objfcn_ */

#pragma ad vjp(objfcn_) wrt(x[*n]) out(f[1])
#pragma ad jvp(objfcn_) wrt(x[*n]) out(f[1])

#include "f2c_constants.ad.h"

enum { N = 6 };

static void f_flat(void *ctx, const double *x, double *y)
{
    integer n = N;
    double xc[N];
    (void)ctx;
    memcpy(xc, x, sizeof xc);
    objfcn_(&n, xc, y);
}

static void f_jvp_flat(void *ctx, const double *x, const double *v, double *y, double *ydot)
{
    integer n = N;
    double xc[N], vc[N];
    (void)ctx;
    memcpy(xc, x, sizeof xc);
    memcpy(vc, v, sizeof vc);
    objfcn__jvp(&n, xc, vc, y, ydot);
}

static void f_vjp_flat(void *ctx, const double *x, double *xbar, double *w, double *y)
{
    integer n = N;
    double xc[N];
    (void)ctx;
    memcpy(xc, x, sizeof xc);
    objfcn__vjp(&n, xc, xbar, y, w);
}

int main(void)
{
    OracleRng rng = oracle_rng(2);
    double x[N], g[N], want[N], w = 1.0, y;
    oracle_fill_uniform(&rng, x, N, 0.5, 2.0);
    OracleProblem p = {"objfcn_", N, 1, f_flat, f_jvp_flat, f_vjp_flat, ccad_tape_empty, 0, 0};
    oracle_check_jvp(&p, NULL, x, &rng, 3, N);
    oracle_check_vjp(&p, NULL, x, &rng, 3, N);
    memset(g, 0, sizeof g);
    f_vjp_flat(NULL, x, g, &w, &y);
    for (int i = 0; i < N; i++)
        want[i] = 0.15 * sqrt(x[i]) + 2.0 * (x[i] - 1.0) + 0.25;
    CHECK_VEC_CLOSE("gradient closed form", g, want, N, ORACLE_RTOL_EXACT, 1e-15);
    return oracle_result();
}
