// CFLAGS: -Wno-parentheses -Wno-unused-parameter -Wno-unused-variable -Wno-unused-but-set-variable
/*
** realc/f2c_dlartg_goto_loops: loops written as backward gotos, as f2c
** translates Fortran's DO WHILE and Fortran 66 loops: CLAPACK 3.2.1's
** dlartg_ (plane rotation; `L10: ++count; f1 *= safmn2; ... if (scale >=
** safmx2) { goto L10; }`, its scaling loops for huge and tiny inputs) with
** libf2c's pow_di, and a power iteration written `L20: ... if (conv) goto
** L30; ... goto L20; L30:` (an unconditional goto back, a forward goto out)
** under `#pragma ad checkpoint` before its label. cc-ad refused every
** backward goto ("a goto backward ... cannot be differentiated"); a goto
** that closes a loop in its label's block is that loop now.
** Requests: jacfwd and jacrev of dlartg_ wrt (f, g) out (cs, sn, r); grad,
** vjp, jvp of a Givens least-squares residual built on dlartg_; grad and
** jvp, hessian of the power iteration's Rayleigh quotient.
** Oracles: closed forms of the rotation's derivatives at ordinary, huge
** (1e150: the L10 loop runs) and tiny (1e-150: L30) scales (rtol 1e-12);
** oracle_check_* for the least-squares residual and the power iteration
** (central differences, dot-product test with jvp); the hessian against
** central differences of grad (rtol 1e-6).
*/
#include <math.h>
#include <stdio.h>
#include "ccad_oracle.h"

/* f2c.h */
typedef long int integer;
typedef double doublereal;
#define abs(x) ((x) >= 0 ? (x) : -(x))
#define max(a,b) ((a) >= (b) ? (a) : (b))

doublereal dlamch_(char *cmach)
{
    if (*cmach == 'S') return 2.22507385850720138e-308;
    if (*cmach == 'E') return 1.11022302462515654e-16;
    if (*cmach == 'B') return 2.;
    return 0.;
}

/* libf2c's pow_di */
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
    return (pow);
}

/* Subroutine */ int dlartg_(doublereal *f, doublereal *g, doublereal *cs,
	doublereal *sn, doublereal *r__)
{
    /* System generated locals */
    integer i__1;
    doublereal d__1, d__2;

    /* Local variables */
    integer i__;
    doublereal f1, g1, eps, scale;
    integer count;
    doublereal safmn2, safmx2;
    extern doublereal dlamch_(char *);
    doublereal safmin;

    safmin = dlamch_("S");
    eps = dlamch_("E");
    d__1 = dlamch_("B");
    i__1 = (integer) (log(safmin / eps) / log(dlamch_("B")) / 2.);
    safmn2 = pow_di(&d__1, &i__1);
    safmx2 = 1. / safmn2;
    if (*g == 0.) {
	*cs = 1.;
	*sn = 0.;
	*r__ = *f;
    } else if (*f == 0.) {
	*cs = 0.;
	*sn = 1.;
	*r__ = *g;
    } else {
	f1 = *f;
	g1 = *g;
/* Computing MAX */
	d__1 = abs(f1), d__2 = abs(g1);
	scale = max(d__1,d__2);
	if (scale >= safmx2) {
	    count = 0;
L10:
	    ++count;
	    f1 *= safmn2;
	    g1 *= safmn2;
/* Computing MAX */
	    d__1 = abs(f1), d__2 = abs(g1);
	    scale = max(d__1,d__2);
	    if (scale >= safmx2) {
		goto L10;
	    }
/* Computing 2nd power */
	    d__1 = f1;
/* Computing 2nd power */
	    d__2 = g1;
	    *r__ = sqrt(d__1 * d__1 + d__2 * d__2);
	    *cs = f1 / *r__;
	    *sn = g1 / *r__;
	    i__1 = count;
	    for (i__ = 1; i__ <= i__1; ++i__) {
		*r__ *= safmx2;
/* L20: */
	    }
	} else if (scale <= safmn2) {
	    count = 0;
L30:
	    ++count;
	    f1 *= safmx2;
	    g1 *= safmx2;
/* Computing MAX */
	    d__1 = abs(f1), d__2 = abs(g1);
	    scale = max(d__1,d__2);
	    if (scale <= safmn2) {
		goto L30;
	    }
/* Computing 2nd power */
	    d__1 = f1;
/* Computing 2nd power */
	    d__2 = g1;
	    *r__ = sqrt(d__1 * d__1 + d__2 * d__2);
	    *cs = f1 / *r__;
	    *sn = g1 / *r__;
	    i__1 = count;
	    for (i__ = 1; i__ <= i__1; ++i__) {
		*r__ *= safmn2;
/* L40: */
	    }
	} else {
/* Computing 2nd power */
	    d__1 = f1;
/* Computing 2nd power */
	    d__2 = g1;
	    *r__ = sqrt(d__1 * d__1 + d__2 * d__2);
	    *cs = f1 / *r__;
	    *sn = g1 / *r__;
	}
	if (abs(*f) > abs(*g) && *cs < 0.) {
	    *cs = -(*cs);
	    *sn = -(*sn);
	    *r__ = -(*r__);
	}
    }
    return 0;
} /* dlartg_ */

/* || Q^T b ||^2 over the rows below n after Givens QR of the m x n column-major A: the LS residual */
double givens_resid(const double *a, int len)
{
    enum { M = 6, N = 3 };
    double A[M * N], b[M], c, s, r, res = 0.0;
    int i, j, k;
    if (len != M * N + M) return 0.0;
    for (i = 0; i < M * N; i++) A[i] = a[i];
    for (i = 0; i < M; i++) b[i] = a[M * N + i];
    for (j = 0; j < N; j++)
        for (i = M - 1; i > j; i--) {
            double f = A[(i - 1) + j * M], g = A[i + j * M];
            dlartg_(&f, &g, &c, &s, &r);
            for (k = j; k < N; k++) {
                double t1 = A[(i - 1) + k * M], t2 = A[i + k * M];
                A[(i - 1) + k * M] = c * t1 + s * t2;
                A[i + k * M] = -s * t1 + c * t2;
            }
            double t1 = b[i - 1], t2 = b[i];
            b[i - 1] = c * t1 + s * t2;
            b[i] = -s * t1 + c * t2;
        }
    for (i = N; i < M; i++) res += b[i] * b[i];
    return res;
}

/* power iteration as Fortran 66 writes it: an unconditional goto back, a forward goto out */
double power_rq(const double *p, int n)
{
    double v[4] = {1.0, 0.5, 0.25, 0.125}, w[4], lam = 0.0, old;
    int it = 0, i, j;
    if (n != 4) return 0.0;
#pragma ad checkpoint(snapshots=3)
L20:
    old = lam;
    for (i = 0; i < 4; i++) {
        w[i] = 0.0;
        for (j = 0; j < 4; j++)
            w[i] += (i == j ? 2.0 + p[i] : 0.3 * p[i] * p[j]) * v[j];
    }
    lam = 0.0;
    for (i = 0; i < 4; i++) lam += w[i] * v[i];
    {
        double nn = 0.0;
        for (i = 0; i < 4; i++) nn += w[i] * w[i];
        nn = sqrt(nn);
        for (i = 0; i < 4; i++) v[i] = w[i] / nn;
    }
    ++it;
    if (it >= 40) goto L30;
    goto L20;
L30:
    return lam + 0.0 * old;
}

#pragma ad jacfwd(dlartg_) wrt(f[1], g[1]) out(cs[1], sn[1], r__[1])
#pragma ad jacrev(dlartg_) wrt(f[1], g[1]) out(cs[1], sn[1], r__[1])
#pragma ad grad(givens_resid) wrt(a[len])
#pragma ad vjp(givens_resid) wrt(a[len])
#pragma ad jvp(givens_resid) wrt(a[len])
#pragma ad grad(power_rq) wrt(p[n])
#pragma ad vjp(power_rq) wrt(p[n])
#pragma ad jvp(power_rq) wrt(p[n])
#pragma ad hessian(power_rq) wrt(p[n])

#include "f2c_dlartg_goto_loops.ad.h"

ORACLE_XN_WRAPPERS(givens_resid, 24)
ORACLE_XN_WRAPPERS(power_rq, 4)

static void check_rotation(double f, double g)
{
    double cs, sn, r, Jf[6], Jr[6];
    char label[96];
    dlartg__jacfwd(&f, &g, &cs, &sn, &r, Jf);
    dlartg__jacrev(&f, &g, &cs, &sn, &r, Jr);
    /* r = s sqrt(f^2+g^2), cs = f/r, sn = g/r with one sign s: closed forms */
    double want[6];
    double fr = f / r, gr = g / r;   /* (scaled: r^3 overflows at 1e150) */
    want[0] = gr * gr / r;           /* d cs / d f = g^2 / r^3 */
    want[1] = -fr * gr / r;          /* d cs / d g */
    want[2] = -fr * gr / r;          /* d sn / d f */
    want[3] = fr * fr / r;           /* d sn / d g */
    want[4] = f / r;                 /* d r / d f */
    want[5] = g / r;                 /* d r / d g */
    for (int k = 0; k < 6; k++) {
        snprintf(label, sizeof label, "dlartg(%g, %g) jacfwd[%d]", f, g, k);
        oracle_check_close(label, Jf[k], want[k], 1e-12, 1e-300);
        snprintf(label, sizeof label, "dlartg(%g, %g) jacrev[%d]", f, g, k);
        oracle_check_close(label, Jr[k], want[k], 1e-12, 1e-300);
    }
}

int main(void)
{
    OracleRng rng = oracle_rng(1931);
    check_rotation(3.0, 4.0);
    check_rotation(-3.0, 1.5);
    check_rotation(3e150, -4e150);     /* L10 scales down */
    check_rotation(-2e-150, 5e-151);   /* L30 scales up */
    ORACLE_XN_CHECKS(givens_resid, 24, rng);
    ORACLE_XN_CHECKS(power_rq, 4, rng);
    {   /* hessian of the power iteration (forward over reverse through the goto loop) */
        double p[4], H[16], gp[4], gm[4];
        char label[64];
        oracle_fill_uniform(&rng, p, 4, -1.0, 1.0);
        power_rq_hessian(p, 4, H);
        for (int j = 0; j < 4; j++) {
            double s = p[j], h = cbrt(DBL_EPSILON) * fmax(1.0, fabs(s));
            p[j] = s + h; power_rq_grad(p, gp, 4);
            p[j] = s - h; power_rq_grad(p, gm, 4);
            p[j] = s;
            for (int i = 0; i < 4; i++) {
                snprintf(label, sizeof label, "power_rq hessian[%d,%d]", i, j);
                oracle_check_close(label, H[i * 4 + j], (gp[i] - gm[i]) / (2 * h), 1e-6, 1e-7);
            }
        }
    }
    return oracle_result();
}
