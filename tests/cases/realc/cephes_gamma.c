// CFLAGS: -D_DEFAULT_SOURCE
/* realc/cephes_gamma: Cephes Math Library 2.8 (Stephen L. Moshier, as shipped in
** scipy/special/cephes): gamma.c (Gamma, stirf, lgam_sgn, lgam), igam.c (igam, igamc: power
** series and continued fraction, mutually recursive, convergence loops on MACHEP), polevl.h,
** const.c's MACHEP/MAXLOG globals, mtherr's error reporting, `static double P[]` coefficient
** tables (not const), and the gotos as Moshier wrote them: `goto small` out of a loop, and
** `goto gamnan` / `goto lgsing` back into an earlier if-block that returns. The user's code:
** the negative log-likelihood of a Gamma model with right-censored observations (lgam for the
** density, log igamc for the survival), and a Weibull moment match through Gamma(1 + k/c).
** Requests: grad of both, jvp of the likelihood. Oracles: d/dx igam = x^(a-1) e^-x / Gamma(a)
** (closed form, rtol 1e-10: the series converge to MACHEP), central differences for the shape
** derivatives (rtol 1e-6, the functions are analytic in a; a = 3.1, not 3: at an integer
** lgam_sgn returns log(z) before the polynomial, whose value is 0 there but not its slope, so
** the code's derivative is not digamma's, as for any AD tool), Richardson-extrapolated
** differences for the Weibull moments (Gamma(1 + 2/k) up to 1e133), jvp against grad. */
#include <math.h>
#include <stdio.h>
#include <time.h>
#include "ccad_oracle.h"

/* ---- const.c ---- */
double MACHEP = 1.11022302462515654042E-16;   /* 2**-53 */
double MAXLOG = 7.09782712893383996732E2;     /* log(DBL_MAX) */

/* ---- mconf.h / mtherr.c ---- */
#define DOMAIN		1	/* argument domain error */
#define SING		2	/* argument singularity */
#define OVERFLOW	3	/* overflow range error */
#define UNDERFLOW	4	/* underflow range error */
int merror = 0;
int mtherr(const char *name, int code)
{
    (void)name;
    merror = code;
    return 0;
}

/* ---- polevl.h ---- */
static inline double polevl(double x, const double coef[], int N)
{
    double ans;
    int i;
    const double *p;

    p = coef;
    ans = *p++;
    i = N;

    do
	ans = ans * x + *p++;
    while (--i);

    return (ans);
}

static inline double p1evl(double x, const double coef[], int N)
{
    double ans;
    const double *p;
    int i;

    p = coef;
    ans = x + *p++;
    i = N - 1;

    do
	ans = ans * x + *p++;
    while (--i);

    return (ans);
}

/* ---- gamma.c ---- */
static double P[] = {
    1.60119522476751861407E-4,
    1.19135147006586384913E-3,
    1.04213797561761569935E-2,
    4.76367800457137231464E-2,
    2.07448227648435975150E-1,
    4.94214826801497100753E-1,
    9.99999999999999996796E-1
};

static double Q[] = {
    -2.31581873324120129819E-5,
    5.39605580493303397842E-4,
    -4.45641913851797240494E-3,
    1.18139785222060435552E-2,
    3.58236398605498653373E-2,
    -2.34591795718243348568E-1,
    7.14304917030273074085E-2,
    1.00000000000000000320E0
};

#define MAXGAM 171.624376956302725
static double LOGPI = 1.14472988584940017414;

/* Stirling's formula for the Gamma function */
static double STIR[5] = {
    7.87311395793093628397E-4,
    -2.29549961613378126380E-4,
    -2.68132617805781232825E-3,
    3.47222221605458667310E-3,
    8.33333333333482257126E-2,
};

#define MAXSTIR 143.01608
static double SQTPI = 2.50662827463100050242E0;

static double stirf(double);

/* Gamma function computed by Stirling's formula.
 * The polynomial STIR is valid for 33 <= x <= 172.
 */
static double stirf(double x)
{
    double y, w, v;

    if (x >= MAXGAM) {
	return (INFINITY);
    }
    w = 1.0 / x;
    w = 1.0 + w * polevl(w, STIR, 4);
    y = exp(x);
    if (x > MAXSTIR) {		/* Avoid overflow in pow() */
	v = pow(x, 0.5 * x - 0.25);
	y = v * (v / y);
    }
    else {
	y = pow(x, x - 0.5) / y;
    }
    y = SQTPI * y * w;
    return (y);
}


double Gamma(double x)
{
    double p, q, z;
    int i;
    int sgngam = 1;

    if (!isfinite(x)) {
	return x;
    }
    q = fabs(x);

    if (q > 33.0) {
	if (x < 0.0) {
	    p = floor(q);
	    if (p == q) {
	      gamnan:
		mtherr("Gamma", OVERFLOW);
		return (INFINITY);
	    }
	    i = p;
	    if ((i & 1) == 0)
		sgngam = -1;
	    z = q - p;
	    if (z > 0.5) {
		p += 1.0;
		z = q - p;
	    }
	    z = q * sin(M_PI * z);
	    if (z == 0.0) {
		return (sgngam * INFINITY);
	    }
	    z = fabs(z);
	    z = M_PI / (z * stirf(q));
	}
	else {
	    z = stirf(x);
	}
	return (sgngam * z);
    }

    z = 1.0;
    while (x >= 3.0) {
	x -= 1.0;
	z *= x;
    }

    while (x < 0.0) {
	if (x > -1.E-9)
	    goto small;
	z /= x;
	x += 1.0;
    }

    while (x < 2.0) {
	if (x < 1.e-9)
	    goto small;
	z /= x;
	x += 1.0;
    }

    if (x == 2.0)
	return (z);

    x -= 2.0;
    p = polevl(x, P, 6);
    q = polevl(x, Q, 7);
    return (z * p / q);

  small:
    if (x == 0.0) {
	goto gamnan;
    }
    else
	return (z / ((1.0 + 0.5772156649015329 * x) * x));
}



/* A[]: Stirling's formula expansion of log Gamma
 * B[], C[]: log Gamma function between 2 and 3
 */
static double A[] = {
    8.11614167470508450300E-4,
    -5.95061904284301438324E-4,
    7.93650340457716943945E-4,
    -2.77777777730099687205E-3,
    8.33333333333331927722E-2
};

static double B[] = {
    -1.37825152569120859100E3,
    -3.88016315134637840924E4,
    -3.31612992738871184744E5,
    -1.16237097492762307383E6,
    -1.72173700820839662146E6,
    -8.53555664245765465627E5
};

static double C[] = {
    /* 1.00000000000000000000E0, */
    -3.51815701436523470549E2,
    -1.70642106651881159223E4,
    -2.20528590553854454839E5,
    -1.13933444367982507207E6,
    -2.53252307177582951285E6,
    -2.01889141433532773231E6
};

/* log( sqrt( 2*pi ) ) */
static double LS2PI = 0.91893853320467274178;

#define MAXLGM 2.556348e305


/* Logarithm of Gamma function */
double lgam_sgn(double x, int *sign);

double lgam(double x)
{
    int sign;
    return lgam_sgn(x, &sign);
}

double lgam_sgn(double x, int *sign)
{
    double p, q, u, w, z;
    int i;

    *sign = 1;

    if (!isfinite(x))
	return x;

    if (x < -34.0) {
	q = -x;
	w = lgam_sgn(q, sign);
	p = floor(q);
	if (p == q) {
	  lgsing:
	    mtherr("lgam", SING);
	    return (INFINITY);
	}
	i = p;
	if ((i & 1) == 0)
	    *sign = -1;
	else
	    *sign = 1;
	z = q - p;
	if (z > 0.5) {
	    p += 1.0;
	    z = p - q;
	}
	z = q * sin(M_PI * z);
	if (z == 0.0)
	    goto lgsing;
	/*     z = log(M_PI) - log( z ) - w; */
	z = LOGPI - log(z) - w;
	return (z);
    }

    if (x < 13.0) {
	z = 1.0;
	p = 0.0;
	u = x;
	while (u >= 3.0) {
	    p -= 1.0;
	    u = x + p;
	    z *= u;
	}
	while (u < 2.0) {
	    if (u == 0.0)
		goto lgsing;
	    z /= u;
	    p += 1.0;
	    u = x + p;
	}
	if (z < 0.0) {
	    *sign = -1;
	    z = -z;
	}
	else
	    *sign = 1;
	if (u == 2.0)
	    return (log(z));
	p -= 2.0;
	x = x + p;
	p = x * polevl(x, B, 5) / p1evl(x, C, 6);
	return (log(z) + p);
    }

    if (x > MAXLGM) {
	return (*sign * INFINITY);
    }

    q = (x - 0.5) * log(x) - x + LS2PI;
    if (x > 1.0e8)
	return (q);

    p = 1.0 / (x * x);
    if (x >= 1000.0)
	q += ((7.9365079365079365079365e-4 * p
	       - 2.7777777777777777777778e-3) * p
	      + 0.0833333333333333333333) / x;
    else
	q += polevl(p, A, 4) / x;
    return (q);
}

/* ---- igam.c (Cephes 2.8) ---- */
extern double MACHEP, MAXLOG;
static double big = 4.503599627370496e15;
static double biginv = 2.22044604925031308085e-16;

double igamc(double a, double x);

double igam(double a, double x)
{
    double ans, ax, c, r;

    if ((x <= 0) || (a <= 0))
	return (0.0);

    if ((x > 1.0) && (x > a))
	return (1.0 - igamc(a, x));

    /* Compute  x**a * exp(-x) / gamma(a)  */
    ax = a * log(x) - x - lgam(a);
    if (ax < -MAXLOG) {
	mtherr("igam", UNDERFLOW);
	return (0.0);
    }
    ax = exp(ax);

    /* power series */
    r = a;
    c = 1.0;
    ans = 1.0;

    do {
	r += 1.0;
	c *= x / r;
	ans += c;
    }
    while (c / ans > MACHEP);

    return (ans * ax / a);
}

double igamc(double a, double x)
{
    double ans, ax, c, yc, r, t, y, z;
    double pk, pkm1, pkm2, qk, qkm1, qkm2;

    if ((x <= 0) || (a <= 0))
	return (1.0);

    if ((x < 1.0) || (x < a))
	return (1.0 - igam(a, x));

    ax = a * log(x) - x - lgam(a);
    if (ax < -MAXLOG) {
	mtherr("igamc", UNDERFLOW);
	return (0.0);
    }
    ax = exp(ax);

    /* continued fraction */
    y = 1.0 - a;
    z = x + y + 1.0;
    c = 0.0;
    pkm2 = 1.0;
    qkm2 = x;
    pkm1 = x + 1.0;
    qkm1 = z * x;
    ans = pkm1 / qkm1;

    do {
	c += 1.0;
	y += 1.0;
	z += 2.0;
	yc = y * c;
	pk = pkm1 * z - pkm2 * yc;
	qk = qkm1 * z - qkm2 * yc;
	if (qk != 0) {
	    r = pk / qk;
	    t = fabs((ans - r) / r);
	    ans = r;
	}
	else
	    t = 1.0;
	pkm2 = pkm1;
	pkm1 = pk;
	qkm2 = qkm1;
	qkm1 = qk;
	if (fabs(pk) > big) {
	    pkm2 *= biginv;
	    pkm1 *= biginv;
	    qkm2 *= biginv;
	    qkm1 *= biginv;
	}
    }
    while (t > MACHEP);

    return (ans * ax);
}

/* ---- the user's code ---- */
/* par = (log shape, log scale); t[i] observed times, cens[i] = 1 when right-censored */
double gamma_nll(const double *par, const double *t, const int *cens, int n)
{
    double a = exp(par[0]), th = exp(par[1]);
    double s = 0;
    int i;
    for (i = 0; i < n; i++) {
        double z = t[i] / th;
        if (cens[i])
            s -= log(igamc(a, z));
        else
            s -= (a - 1) * log(z) - z - lgam(a) - log(th);
    }
    return s;
}

/* Weibull(scale lam, shape k) moments matched to (m1, m2): E X^j = lam^j Gamma(1 + j/k) */
double weibull_moments(double lam, double k, double m1, double m2)
{
    double e1 = lam * Gamma(1.0 + 1.0 / k);
    double e2 = lam * lam * Gamma(1.0 + 2.0 / k);
    return (e1 - m1) * (e1 - m1) + (e2 - m2) * (e2 - m2);
}

/* P(a, x) alone, for the closed-form check of d/dx */
double regularized_p(double a, double x)
{
    return igam(a, x);
}

#pragma ad grad(gamma_nll) wrt(par[2])
#pragma ad jvp(gamma_nll) wrt(par[2])
#pragma ad grad(weibull_moments) wrt(lam, k)
#pragma ad grad(regularized_p)

#include "cephes_gamma.ad.h"

#define NOBS 400
static double g_t[NOBS];
static int g_c[NOBS];

static void nll_flat(void *ctx, const double *x, double *y)
{
    (void)ctx;
    *y = gamma_nll(x, g_t, g_c, NOBS);
}

static void wb_flat(void *ctx, const double *x, double *y)
{
    (void)ctx;
    *y = weibull_moments(x[0], x[1], 1.7, 4.1);
}

static void p_flat(void *ctx, const double *x, double *y)
{
    (void)ctx;
    *y = regularized_p(x[0], x[1]);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

int main(void)
{
    OracleRng rng = oracle_rng(1717);
    for (int i = 0; i < NOBS; i++) {
        /* times over a wide range so both igam branches and every lgam/Gamma range run */
        g_t[i] = 0.05 + 30.0 * oracle_unif01(&rng) * oracle_unif01(&rng);
        g_c[i] = oracle_unif01(&rng) < 0.4;
    }

    /* P(a, x): d/dx closed form, d/da by differences, over both branches */
    static const double pts[][2] = {{0.5, 0.3}, {2.5, 1.7}, {3.1, 7.5}, {0.7, 4.0},
                                    {12.5, 9.0}, {40.0, 45.0}, {1e-3, 0.5}};
    for (unsigned j = 0; j < sizeof pts / sizeof pts[0]; j++) {
        double a = pts[j][0], x = pts[j][1], ga, gx, fd[2], ax[2] = {a, x};
        char lab[64];
        regularized_p_grad(a, &ga, x, &gx);
        double want = exp((a - 1) * log(x) - x - lgamma(a));
        snprintf(lab, sizeof lab, "dP/dx(%g,%g)", a, x);
        CHECK_CLOSE(lab, gx, want, 1e-10, 1e-300);
        oracle_fd_grad(p_flat, NULL, 2, ax, fd);
        snprintf(lab, sizeof lab, "dP/da(%g,%g)", a, x);
        CHECK_CLOSE(lab, ga, fd[0], ORACLE_RTOL_FD, ORACLE_ATOL_FD);
    }

    /* censored Gamma likelihood */
    double par[2] = {log(1.8), log(2.2)}, g[2], gfd[2];
    double f0 = gamma_nll(par, g_t, g_c, NOBS);
    double fg = gamma_nll_grad(par, g, g_t, g_c, NOBS);
    CHECK_CLOSE("nll primal", fg, f0, 1e-14, 0);
    oracle_fd_grad(nll_flat, NULL, 2, par, gfd);
    CHECK_VEC_CLOSE("nll grad vs FD", g, gfd, 2, ORACLE_RTOL_FD, oracle_fd_atol(f0));
    {
        double v[2] = {0.3, -0.7}, fdot;
        gamma_nll_jvp(par, v, g_t, g_c, NOBS, &fdot);
        CHECK_CLOSE("nll jvp = <g, v>", fdot, g[0] * v[0] + g[1] * v[1], 1e-12, 1e-12 * fabs(f0));
    }

    /* Weibull moments over shapes that take every Gamma branch (x < 2 down-recurrence,
    ** 2 <= x < 3, x >= 3 up-recurrence) */
    static const double ks[] = {0.04, 0.3, 0.9, 1.5, 2.5, 8.0};
    /* central differences of Gamma(1 + 2/k) at k = 0.04 lose ~1e-3 to truncation
    ** (d(2/k)/dk = -1250): Richardson's extrapolation of two steps leaves O(h^4) */
    for (unsigned j = 0; j < sizeof ks / sizeof ks[0]; j++) {
        double x[2] = {1.3, ks[j]}, gw[2], fdw[2];
        double fw = weibull_moments_grad(x[0], &gw[0], x[1], &gw[1], 1.7, 4.1);
        char lab[64];
        CHECK_CLOSE("weibull primal", fw, weibull_moments(x[0], x[1], 1.7, 4.1), 1e-14, 0);
        for (int c = 0; c < 2; c++) {
            double h = 1e-5 * x[c], xp[2] = {x[0], x[1]}, d[2];
            for (int r = 0; r < 2; r++, h /= 2) {
                double yp, ym;
                xp[c] = x[c] + h;
                wb_flat(NULL, xp, &yp);
                xp[c] = x[c] - h;
                wb_flat(NULL, xp, &ym);
                xp[c] = x[c];
                d[r] = (yp - ym) / (2 * h);
            }
            fdw[c] = (4 * d[1] - d[0]) / 3;
        }
        snprintf(lab, sizeof lab, "weibull grad k=%g", ks[j]);
        CHECK_VEC_CLOSE(lab, gw, fdw, 2, ORACLE_RTOL_FD, oracle_fd_atol(fw));
    }

    /* cost */
    {
        int reps = 300;
        double t0 = now(), s = 0;
        for (int r = 0; r < reps; r++)
            s += gamma_nll(par, g_t, g_c, NOBS);
        double tf = (now() - t0) / reps;
        t0 = now();
        for (int r = 0; r < reps; r++)
            s += gamma_nll_grad(par, g, g_t, g_c, NOBS);
        double tg = (now() - t0) / reps;
        printf("timing: f %.3g s, grad %.3g s, grad/f %.2f (%g)\n", tf, tg, tg / tf, s);
    }
    return oracle_result();
}
