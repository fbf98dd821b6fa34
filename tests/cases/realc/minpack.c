/*
** realc/minpack: MINPACK's test problems for nonlinear least squares
** (More, Garbow, Hillstrom 1981; MINPACK-1's ssqfcn and ssqjac) as f2c and
** cminpack write them: 1-based pointer adjustment (--x; --fvec;), every
** local static, data tables in static arrays, a switch over the problem
** number, f2c's d_sign called with the address of an array element, and
** the hand-written analytic Jacobian in column-major storage with a
** leading dimension (fjac[i + j * fjac_dim1] after fjac -= fjac_offset).
** The objective is MINPACK's: half the square of enorm (the Euclidean norm
** that scales large and tiny components to avoid overflow and underflow)
** of the residuals, whose gradient is J^T f.
** And the callbacks MINPACK's solvers call: lmder's fcn for Bard through
** f2c (every argument by address, sizes wrt(x[*n]) out(fvec[*m])), and
** cminpack's fcn(p, m, n, x, fvec, fjac, ldfjac, iflag) for Kowalik and
** Osborne, with user data and call counters through void *p; each fills
** fjac in its other branch (iflag 2), the second reading entries back.
** Differentiated with zero edits: jacfwd and jacrev of ssqfcn and of the
** callbacks (wrt x, out fvec), grad and hessian of the objective.
** Oracles: MINPACK's own Jacobian ssqjac (relative 1e-12, with an absolute
** floor of 1e-14 times the largest entry of the problem's Jacobian: the
** hand formulas and the chain rule round differently, and where an entry
** cancels to near 0 they agree only to the size of the terms), jacfwd =
** jacrev, the gradient of the objective against J^T f from ssqjac (same
** tolerances, scaled by sum |J_ij f_i|), and central differences of ssqfcn
** (ORACLE_RTOL_FD); the callbacks' own Jacobians (iflag 2); the Hessian
** against differences of the gradient, and J^T J (linear problem) and
** J^T J - 20 f_1 e1 e1^T (Rosenbrock) from ssqjac. Points:
** MINPACK's standard starting points times 1, 10 and 100 (as its drivers
** try them) and a random perturbation of each;
** the helical valley at points on both sides of x1 = 0 (its atan branch).
*/
#include <math.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

/* f2c's libF77 d_sign: |a| with the sign of b */
static double d_sign(const double *a, const double *b)
{
    double x;
    x = (*a >= 0 ? *a : -*a);
    return (*b >= 0 ? x : -x);
}

/* ---------------------------------------------------------------- enorm */

/* the Euclidean norm of x[n], as MINPACK's enorm computes it: sums of
 * squares for small, intermediate and large components, the small and
 * large ones scaled by their running maximum */
double enorm(int n, const double *x)
{
    /* Initialized data */
    static double one = 1.;
    static double zero = 0.;
    static double rdwarf = 3.834e-20;
    static double rgiant = 1.304e19;

    /* System generated locals */
    double ret_val, d1;

    /* Local variables */
    static int i;
    static double s1, s2, s3, xabs, x1max, x3max, agiant, floatn;

    /* Parameter adjustments */
    --x;

    /* Function Body */
    s1 = zero;
    s2 = zero;
    s3 = zero;
    x1max = zero;
    x3max = zero;
    floatn = (double) n;
    agiant = rgiant / floatn;
    for (i = 1; i <= n; ++i) {
        xabs = fabs(x[i]);
        if (xabs > rdwarf && xabs < agiant) {
            /* sum for intermediate components. */
            /* Computing 2nd power */
            d1 = xabs;
            s2 += d1 * d1;
        } else if (xabs <= rdwarf) {
            /* sum for small components. */
            if (xabs <= x3max) {
                if (xabs != zero) {
                    /* Computing 2nd power */
                    d1 = xabs / x3max;
                    s3 += d1 * d1;
                }
            } else {
                /* Computing 2nd power */
                d1 = x3max / xabs;
                s3 = one + s3 * (d1 * d1);
                x3max = xabs;
            }
        } else {
            /* sum for large components. */
            if (xabs <= x1max) {
                /* Computing 2nd power */
                d1 = xabs / x1max;
                s1 += d1 * d1;
            } else {
                /* Computing 2nd power */
                d1 = x1max / xabs;
                s1 = one + s1 * (d1 * d1);
                x1max = xabs;
            }
        }
    }

    /* calculation of norm. */
    if (s1 != zero) {
        ret_val = x1max * sqrt(s1 + s2 / x1max / x1max);
    } else if (s2 != zero) {
        if (s2 >= x3max) {
            ret_val = sqrt(s2 * (one + x3max / s2 * (x3max * s3)));
        } else {
            ret_val = sqrt(x3max * (s2 / x3max + x3max * s3));
        }
    } else {
        ret_val = x3max * sqrt(s3);
    }
    return ret_val;
}

/* --------------------------------------------------------------- ssqfcn */

/* the m residuals fvec of test problem nprob at x[n] */
void ssqfcn(int m, int n, const double *x, double *fvec, int nprob)
{
    /* Initialized data */
    static double zero = 0.;
    static double zp25 = .25;
    static double zp5 = .5;
    static double one = 1.;
    static double two = 2.;
    static double five = 5.;
    static double eight = 8.;
    static double ten = 10.;
    static double c13 = 13.;
    static double c14 = 14.;
    static double c29 = 29.;
    static double c45 = 45.;
    static const double v[11] = { 4.,2.,1.,.5,.25,.167,.125,.1,.0833,.0714,
            .0625 };
    static const double y1[15] = { .14,.18,.22,.25,.29,.32,.35,.39,.37,.58,
            .73,.96,1.34,2.1,4.39 };
    static const double y2[11] = { .1957,.1947,.1735,.16,.0844,.0627,.0456,
            .0342,.0323,.0235,.0246 };
    static const double y3[16] = { 34780.,28610.,23650.,19630.,16370.,13720.,
            11540.,9744.,8261.,7030.,6005.,5147.,4427.,3820.,3307.,2872. };

    /* System generated locals */
    double d1, d2;

    /* Local variables */
    static int i, j;
    static double s1, s2, dx, div, sum, tpi, tmp1, tmp2, tmp3, temp;

    /* Parameter adjustments */
    --fvec;
    --x;

    /* Function Body */
    switch (nprob) {
    case 1:
        /* linear function - full rank. */
        sum = zero;
        for (j = 1; j <= n; ++j) {
            sum += x[j];
        }
        temp = two * sum / (double) m + one;
        for (i = 1; i <= m; ++i) {
            fvec[i] = -temp;
            if (i <= n) {
                fvec[i] += x[i];
            }
        }
        break;
    case 4:
        /* rosenbrock function. */
        /* Computing 2nd power */
        d1 = x[1];
        fvec[1] = ten * (x[2] - d1 * d1);
        fvec[2] = one - x[1];
        break;
    case 5:
        /* helical valley function. */
        tpi = eight * atan(one);
        tmp1 = d_sign(&zp25, &x[2]);
        if (x[1] > zero) {
            tmp1 = atan(x[2] / x[1]) / tpi;
        }
        if (x[1] < zero) {
            tmp1 = atan(x[2] / x[1]) / tpi + zp5;
        }
        /* Computing 2nd power */
        d1 = x[1];
        /* Computing 2nd power */
        d2 = x[2];
        tmp2 = sqrt(d1 * d1 + d2 * d2);
        fvec[1] = ten * (x[3] - ten * tmp1);
        fvec[2] = ten * (tmp2 - one);
        fvec[3] = x[3];
        break;
    case 6:
        /* powell singular function. */
        fvec[1] = x[1] + ten * x[2];
        fvec[2] = sqrt(five) * (x[3] - x[4]);
        /* Computing 2nd power */
        d1 = x[2] - two * x[3];
        fvec[3] = d1 * d1;
        /* Computing 2nd power */
        d1 = x[1] - x[4];
        fvec[4] = sqrt(ten) * (d1 * d1);
        break;
    case 7:
        /* freudenstein and roth function. */
        fvec[1] = -c13 + x[1] + ((five - x[2]) * x[2] - two) * x[2];
        fvec[2] = -c29 + x[1] + ((one + x[2]) * x[2] - c14) * x[2];
        break;
    case 8:
        /* bard function. */
        for (i = 1; i <= 15; ++i) {
            tmp1 = (double) i;
            tmp2 = (double) (16 - i);
            tmp3 = tmp1;
            if (i > 8) {
                tmp3 = tmp2;
            }
            fvec[i] = y1[i - 1] - (x[1] + tmp1 / (x[2] * tmp2 + x[3] * tmp3));
        }
        break;
    case 9:
        /* kowalik and osborne function. */
        for (i = 1; i <= 11; ++i) {
            tmp1 = v[i - 1] * (v[i - 1] + x[2]);
            tmp2 = v[i - 1] * (v[i - 1] + x[3]) + x[4];
            fvec[i] = y2[i - 1] - x[1] * tmp1 / tmp2;
        }
        break;
    case 10:
        /* meyer function. */
        for (i = 1; i <= 16; ++i) {
            temp = five * (double) i + c45 + x[3];
            tmp1 = x[2] / temp;
            tmp2 = exp(tmp1);
            fvec[i] = x[1] * tmp2 - y3[i - 1];
        }
        break;
    case 11:
        /* watson function. */
        for (i = 1; i <= 29; ++i) {
            div = (double) i / c29;
            s1 = zero;
            dx = one;
            for (j = 2; j <= n; ++j) {
                s1 += (double) (j - 1) * dx * x[j];
                dx = div * dx;
            }
            s2 = zero;
            dx = one;
            for (j = 1; j <= n; ++j) {
                s2 += dx * x[j];
                dx = div * dx;
            }
            /* Computing 2nd power */
            d1 = s2;
            fvec[i] = s1 - d1 * d1 - one;
        }
        fvec[30] = x[1];
        /* Computing 2nd power */
        d1 = x[1];
        fvec[31] = x[2] - d1 * d1 - one;
        break;
    case 12:
        /* box 3-dimensional function. */
        for (i = 1; i <= m; ++i) {
            temp = (double) i;
            tmp1 = temp / ten;
            fvec[i] = exp(-tmp1 * x[1]) - exp(-tmp1 * x[2])
                    + (exp(-temp) - exp(-tmp1)) * x[3];
        }
        break;
    case 14:
        /* brown and dennis function. */
        for (i = 1; i <= m; ++i) {
            temp = (double) i / five;
            tmp1 = x[1] + temp * x[2] - exp(temp);
            tmp2 = x[3] + sin(temp) * x[4] - cos(temp);
            /* Computing 2nd power */
            d1 = tmp1;
            /* Computing 2nd power */
            d2 = tmp2;
            fvec[i] = d1 * d1 + d2 * d2;
        }
        break;
    }
}

/* --------------------------------------------------------------- ssqjac */

/* MINPACK's hand-written Jacobian of ssqfcn: fjac(i, j) = d fvec_i / d x_j,
 * column-major with leading dimension ldfjac */
void ssqjac(int m, int n, const double *x, double *fjac, int ldfjac, int nprob)
{
    /* Initialized data */
    static double zero = 0.;
    static double one = 1.;
    static double two = 2.;
    static double three = 3.;
    static double five = 5.;
    static double eight = 8.;
    static double ten = 10.;
    static double c14 = 14.;
    static double c20 = 20.;
    static double c29 = 29.;
    static double c45 = 45.;
    static double c100 = 100.;
    static const double v[11] = { 4.,2.,1.,.5,.25,.167,.125,.1,.0833,.0714,
            .0625 };

    /* System generated locals */
    int fjac_dim1, fjac_offset;
    double d1;

    /* Local variables */
    static int i, j;
    static double s2, dx, div, tpi, tmp1, tmp2, tmp3, temp;

    /* Parameter adjustments */
    --x;
    fjac_dim1 = ldfjac;
    fjac_offset = 1 + fjac_dim1 * 1;
    fjac -= fjac_offset;

    /* Function Body */
    switch (nprob) {
    case 1:
        /* linear function - full rank. */
        temp = two / (double) m;
        for (j = 1; j <= n; ++j) {
            for (i = 1; i <= m; ++i) {
                fjac[i + j * fjac_dim1] = -temp;
            }
            fjac[j + j * fjac_dim1] += one;
        }
        break;
    case 4:
        /* rosenbrock function. */
        fjac[fjac_dim1 + 1] = -c20 * x[1];
        fjac[(fjac_dim1 << 1) + 1] = ten;
        fjac[fjac_dim1 + 2] = -one;
        fjac[(fjac_dim1 << 1) + 2] = zero;
        break;
    case 5:
        /* helical valley function. */
        tpi = eight * atan(one);
        /* Computing 2nd power */
        d1 = x[1];
        temp = d1 * d1 + x[2] * x[2];
        tmp1 = tpi * temp;
        tmp2 = sqrt(temp);
        fjac[fjac_dim1 + 1] = c100 * x[2] / tmp1;
        fjac[(fjac_dim1 << 1) + 1] = -c100 * x[1] / tmp1;
        fjac[fjac_dim1 * 3 + 1] = ten;
        fjac[fjac_dim1 + 2] = ten * x[1] / tmp2;
        fjac[(fjac_dim1 << 1) + 2] = ten * x[2] / tmp2;
        fjac[fjac_dim1 * 3 + 2] = zero;
        fjac[fjac_dim1 + 3] = zero;
        fjac[(fjac_dim1 << 1) + 3] = zero;
        fjac[fjac_dim1 * 3 + 3] = one;
        break;
    case 6:
        /* powell singular function. */
        for (j = 1; j <= 4; ++j) {
            for (i = 1; i <= 4; ++i) {
                fjac[i + j * fjac_dim1] = zero;
            }
        }
        fjac[fjac_dim1 + 1] = one;
        fjac[(fjac_dim1 << 1) + 1] = ten;
        fjac[fjac_dim1 * 3 + 2] = sqrt(five);
        fjac[(fjac_dim1 << 2) + 2] = -fjac[fjac_dim1 * 3 + 2];
        fjac[(fjac_dim1 << 1) + 3] = two * (x[2] - two * x[3]);
        fjac[fjac_dim1 * 3 + 3] = -two * fjac[(fjac_dim1 << 1) + 3];
        fjac[fjac_dim1 + 4] = two * sqrt(ten) * (x[1] - x[4]);
        fjac[(fjac_dim1 << 2) + 4] = -fjac[fjac_dim1 + 4];
        break;
    case 7:
        /* freudenstein and roth function. */
        fjac[fjac_dim1 + 1] = one;
        fjac[(fjac_dim1 << 1) + 1] = x[2] * (ten - three * x[2]) - two;
        fjac[fjac_dim1 + 2] = one;
        fjac[(fjac_dim1 << 1) + 2] = x[2] * (two + three * x[2]) - c14;
        break;
    case 8:
        /* bard function. */
        for (i = 1; i <= 15; ++i) {
            tmp1 = (double) i;
            tmp2 = (double) (16 - i);
            tmp3 = tmp1;
            if (i > 8) {
                tmp3 = tmp2;
            }
            /* Computing 2nd power */
            d1 = x[2] * tmp2 + x[3] * tmp3;
            temp = d1 * d1;
            fjac[i + fjac_dim1] = -one;
            fjac[i + (fjac_dim1 << 1)] = tmp1 * tmp2 / temp;
            fjac[i + fjac_dim1 * 3] = tmp1 * tmp3 / temp;
        }
        break;
    case 9:
        /* kowalik and osborne function. */
        for (i = 1; i <= 11; ++i) {
            tmp1 = v[i - 1] * (v[i - 1] + x[2]);
            tmp2 = v[i - 1] * (v[i - 1] + x[3]) + x[4];
            fjac[i + fjac_dim1] = -tmp1 / tmp2;
            fjac[i + (fjac_dim1 << 1)] = -v[i - 1] * x[1] / tmp2;
            fjac[i + fjac_dim1 * 3] = fjac[i + fjac_dim1]
                    * fjac[i + (fjac_dim1 << 1)];
            fjac[i + (fjac_dim1 << 2)] = fjac[i + fjac_dim1 * 3] / v[i - 1];
        }
        break;
    case 10:
        /* meyer function. */
        for (i = 1; i <= 16; ++i) {
            temp = five * (double) i + c45 + x[3];
            tmp1 = x[2] / temp;
            tmp2 = exp(tmp1);
            fjac[i + fjac_dim1] = tmp2;
            fjac[i + (fjac_dim1 << 1)] = x[1] * tmp2 / temp;
            fjac[i + fjac_dim1 * 3] = -tmp1 * fjac[i + (fjac_dim1 << 1)];
        }
        break;
    case 11:
        /* watson function. */
        for (i = 1; i <= 29; ++i) {
            div = (double) i / c29;
            s2 = zero;
            dx = one;
            for (j = 1; j <= n; ++j) {
                s2 += dx * x[j];
                dx = div * dx;
            }
            temp = two * div * s2;
            dx = one / div;
            for (j = 1; j <= n; ++j) {
                fjac[i + j * fjac_dim1] = dx * ((double) (j - 1) - temp);
                dx = div * dx;
            }
        }
        for (j = 1; j <= n; ++j) {
            for (i = 30; i <= 31; ++i) {
                fjac[i + j * fjac_dim1] = zero;
            }
        }
        fjac[fjac_dim1 + 30] = one;
        fjac[fjac_dim1 + 31] = -two * x[1];
        fjac[(fjac_dim1 << 1) + 31] = one;
        break;
    case 12:
        /* box 3-dimensional function. */
        for (i = 1; i <= m; ++i) {
            temp = (double) i;
            tmp1 = temp / ten;
            fjac[i + fjac_dim1] = -tmp1 * exp(-tmp1 * x[1]);
            fjac[i + (fjac_dim1 << 1)] = tmp1 * exp(-tmp1 * x[2]);
            fjac[i + fjac_dim1 * 3] = exp(-temp) - exp(-tmp1);
        }
        break;
    case 14:
        /* brown and dennis function. */
        for (i = 1; i <= m; ++i) {
            temp = (double) i / five;
            tmp1 = x[1] + temp * x[2] - exp(temp);
            tmp2 = x[3] + sin(temp) * x[4] - cos(temp);
            fjac[i + fjac_dim1] = two * tmp1;
            fjac[i + (fjac_dim1 << 1)] = temp * fjac[i + fjac_dim1];
            fjac[i + fjac_dim1 * 3] = two * tmp2;
            fjac[i + (fjac_dim1 << 2)] = sin(temp) * fjac[i + fjac_dim1 * 3];
        }
        break;
    }
}

/* ------------------------------------------------------------ objective */

/* half the sum of squares of the residuals, as lmder measures it */
double ssqobj(int m, int n, const double *x, int nprob)
{
    double fvec[65];
    double fnorm;

    ssqfcn(m, n, x, fvec, nprob);
    fnorm = enorm(m, fvec);
    return .5 * (fnorm * fnorm);
}

/* ------------------------------------------------- the solvers' callbacks */

/* f2c's types (f2c.h) */
typedef int integer;
typedef double doublereal;

/* lmder's callback for Bard's problem as MINPACK's documentation writes
 * it, through f2c (Fortran's block IF): every argument by address;
 * iflag = 1: the residuals, iflag = 2: the Jacobian */
int fcn_(integer *m, integer *n, doublereal *x, doublereal *fvec,
         doublereal *fjac, integer *ldfjac, integer *iflag)
{
    /* Initialized data */
    static doublereal y[15] = { .14,.18,.22,.25,.29,.32,.35,.39,.37,.58,.73,
            .96,1.34,2.1,4.39 };

    /* System generated locals */
    integer fjac_dim1, fjac_offset;
    doublereal d__1;

    /* Local variables */
    static integer i__;
    static doublereal tmp1, tmp2, tmp3, tmp4;

    /* Parameter adjustments */
    --fvec;
    fjac_dim1 = *ldfjac;
    fjac_offset = 1 + fjac_dim1;
    fjac -= fjac_offset;
    --x;

    /* Function Body */
    if (*iflag == 1) {
        for (i__ = 1; i__ <= 15; ++i__) {
            tmp1 = (doublereal) i__;
            tmp2 = (doublereal) (16 - i__);
            tmp3 = tmp1;
            if (i__ > 8) {
                tmp3 = tmp2;
            }
            fvec[i__] = y[i__ - 1] - (x[1] + tmp1 / (x[2] * tmp2 + x[3] * tmp3));
        }
    } else {
        for (i__ = 1; i__ <= 15; ++i__) {
            tmp1 = (doublereal) i__;
            tmp2 = (doublereal) (16 - i__);
            tmp3 = tmp1;
            if (i__ > 8) {
                tmp3 = tmp2;
            }
            /* Computing 2nd power */
            d__1 = x[2] * tmp2 + x[3] * tmp3;
            tmp4 = d__1 * d__1;
            fjac[i__ + fjac_dim1] = -1.;
            fjac[i__ + (fjac_dim1 << 1)] = tmp1 * tmp2 / tmp4;
            fjac[i__ + fjac_dim1 * 3] = tmp1 * tmp3 / tmp4;
        }
    }
    (void) m;
    (void) n;
    return 0;
}

/* cminpack's lmder callback (cminpack_funcder_mn) for the Kowalik and
 * Osborne problem: user data through void *p (the data tables, and call
 * counters the callback updates); iflag 0: print, 1: fvec, 2: fjac;
 * a negative return would stop the solver */
typedef struct fcndata {
    const double *v, *y;
    int nfev, njev;
} fcndata;

int fcnder(void *p, int m, int n, const double *x, double *fvec, double *fjac,
           int ldfjac, int iflag)
{
    fcndata *d = (fcndata *)p;
    int i;
    double tmp1, tmp2;

    if (iflag == 0) {
        return 0;
    }
    if (iflag != 2) {
        ++d->nfev;
        for (i = 0; i < m; ++i) {
            tmp1 = d->v[i] * (d->v[i] + x[1]);
            tmp2 = d->v[i] * (d->v[i] + x[2]) + x[3];
            fvec[i] = d->y[i] - x[0] * tmp1 / tmp2;
        }
    } else {
        ++d->njev;
        for (i = 0; i < m; ++i) {
            tmp1 = d->v[i] * (d->v[i] + x[1]);
            tmp2 = d->v[i] * (d->v[i] + x[2]) + x[3];
            fjac[i + ldfjac * 0] = -tmp1 / tmp2;
            fjac[i + ldfjac * 1] = -d->v[i] * x[0] / tmp2;
            fjac[i + ldfjac * 2] = fjac[i + ldfjac * 0] * fjac[i + ldfjac * 1];
            fjac[i + ldfjac * 3] = fjac[i + ldfjac * 2] / d->v[i];
        }
    }
    (void) n;
    return 0;
}

#pragma ad jacfwd(ssqfcn) wrt(x[n]) out(fvec[m])
#pragma ad jacrev(ssqfcn) wrt(x[n]) out(fvec[m])
#pragma ad grad(ssqobj) wrt(x[n])
#pragma ad hessian(ssqobj) wrt(x[n])
#pragma ad jacfwd(fcn_) wrt(x[*n]) out(fvec[*m])
#pragma ad jacrev(fcn_) wrt(x[*n]) out(fvec[*m])
#pragma ad jacfwd(fcnder) wrt(x[n]) out(fvec[m])
#pragma ad jacrev(fcnder) wrt(x[n]) out(fvec[m])

#include "minpack.ad.h"

/* --------------------------------------------------------------- checks */

enum { MAXM = 31, MAXN = 6, LDFJAC = MAXM + 3 };

/* a problem: number, sizes and MINPACK's standard starting point */
typedef struct Problem {
    const char *name;
    int nprob, m, n;
    double x0[MAXN];
} Problem;

static const Problem problems[] = {
    {"linear full rank", 1, 10, 5, {1, 1, 1, 1, 1}},
    {"rosenbrock", 4, 2, 2, {-1.2, 1}},
    {"helical valley", 5, 3, 3, {-1, 0, 0}},
    {"powell singular", 6, 4, 4, {3, -1, 0, 1}},
    {"freudenstein roth", 7, 2, 2, {.5, -2}},
    {"bard", 8, 15, 3, {1, 1, 1}},
    {"kowalik osborne", 9, 11, 4, {.25, .39, .415, .39}},
    {"meyer", 10, 16, 3, {.02, 4000, 250}},
    {"watson", 11, 31, 6, {0, 0, 0, 0, 0, 0}},
    {"box 3-d", 12, 10, 3, {0, 10, 20}},
    {"brown dennis", 14, 20, 4, {25, 5, -5, -1}},
};

typedef struct Ctx {
    int m, n, nprob;
} Ctx;

static void fcn_flat(void *ctx, const double *x, double *y)
{
    const Ctx *c = ctx;
    ssqfcn(c->m, c->n, x, y, c->nprob);
}

static void obj_flat(void *ctx, const double *x, double *y)
{
    const Ctx *c = ctx;
    y[0] = ssqobj(c->m, c->n, x, c->nprob);
}

static double obj_grad_flat(void *ctx, const double *x, double *g)
{
    const Ctx *c = ctx;
    return ssqobj_grad(c->m, c->n, x, g, c->nprob);
}

/* every check at one point x of problem p */
static void check_point(const Problem *p, const double *x, const char *where)
{
    int m = p->m, n = p->n;
    Ctx ctx = {m, n, p->nprob};
    double f0[MAXM], y[MAXM], fjac[LDFJAC * MAXN], hand[MAXM * MAXN];
    double jf[MAXM * MAXN], jr[MAXM * MAXN], fd[MAXM * MAXN], e[MAXN], col[MAXM];
    double g[MAXN], jtf[MAXN], jtf_scale[MAXN];
    char label[96], name[64];

    ssqfcn(m, n, x, f0, p->nprob);
    for (int k = 0; k < LDFJAC * MAXN; k++)
        fjac[k] = NAN; /* ssqjac writes every entry of the m x n block */
    ssqjac(m, n, x, fjac, LDFJAC, p->nprob);
    double jmax = 0;
    for (int i = 0; i < m; i++)
        for (int j = 0; j < n; j++) {
            hand[i * n + j] = fjac[i + j * LDFJAC];
            jmax = fmax(jmax, fabs(hand[i * n + j]));
        }
    double atol = 1e-14 * jmax;

    for (int i = 0; i < m; i++)
        y[i] = NAN;
    ssqfcn_jacfwd(m, n, x, y, p->nprob, jf);
    snprintf(label, sizeof label, "%s %s: jacfwd fvec is ssqfcn's", p->name, where);
    CHECK_VEC_CLOSE(label, y, f0, m, 0.0, 0.0);
    for (int i = 0; i < m; i++)
        y[i] = NAN;
    ssqfcn_jacrev(m, n, x, y, p->nprob, jr);
    snprintf(label, sizeof label, "%s %s: jacrev fvec is ssqfcn's", p->name, where);
    CHECK_VEC_CLOSE(label, y, f0, m, 0.0, 0.0);
    snprintf(label, sizeof label, "%s %s: jacfwd = ssqjac", p->name, where);
    CHECK_VEC_CLOSE(label, jf, hand, m * n, ORACLE_RTOL_EXACT, atol);
    snprintf(label, sizeof label, "%s %s: jacrev = ssqjac", p->name, where);
    CHECK_VEC_CLOSE(label, jr, hand, m * n, ORACLE_RTOL_EXACT, atol);
    snprintf(label, sizeof label, "%s %s: jacfwd = jacrev", p->name, where);
    CHECK_VEC_CLOSE(label, jf, jr, m * n, ORACLE_RTOL_EXACT, atol);

    /* columns by central differences (independent of ssqjac too) */
    for (int j = 0; j < n; j++) {
        for (int k = 0; k < n; k++)
            e[k] = k == j;
        oracle_fd_jvp(fcn_flat, &ctx, n, m, x, e, col);
        for (int i = 0; i < m; i++)
            fd[i * n + j] = col[i];
    }
    snprintf(label, sizeof label, "%s %s: jacfwd vs FD", p->name, where);
    CHECK_VEC_CLOSE(label, jf, fd, m * n, ORACLE_RTOL_FD,
                    oracle_fd_atol(oracle_norm_inf(f0, m)) * fmax(1.0, oracle_norm_inf(x, n)));

    /* grad of 1/2 |f|^2 is J^T f, from ssqjac */
    for (int j = 0; j < n; j++) {
        jtf[j] = jtf_scale[j] = 0;
        for (int i = 0; i < m; i++) {
            jtf[j] += hand[i * n + j] * f0[i];
            jtf_scale[j] += fabs(hand[i * n + j] * f0[i]);
        }
    }
    double gscale = oracle_norm_inf(jtf_scale, n);
    double want = 0.5 * oracle_dot(f0, f0, m);
    for (int j = 0; j < n; j++)
        g[j] = 1e300;
    double got = ssqobj_grad(m, n, x, g, p->nprob);
    snprintf(label, sizeof label, "%s %s: grad primal = 1/2 |fvec|^2", p->name, where);
    CHECK_CLOSE(label, got, want, 1e-13, 0.0);
    snprintf(label, sizeof label, "%s %s: grad = J^T fvec", p->name, where);
    CHECK_VEC_CLOSE(label, g, jtf, n, ORACLE_RTOL_EXACT, 1e-14 * gscale);

    /* the Hessian of 1/2 |f|^2: columns against central differences of
     * the gradient; for the linear problem (1) it is J^T J exactly, and
     * for Rosenbrock (4) J^T J + f_1 * 10 d2(x2 - x1^2) = J^T J - 20 f_1 e1 e1^T */
    double H[MAXN * MAXN], gp[MAXN], gm[MAXN], xs[MAXN], fdcol[MAXN], hcol[MAXN];
    snprintf(label, sizeof label, "%s %s: hessian primal", p->name, where);
    CHECK_CLOSE(label, ssqobj_hessian(m, n, x, p->nprob, H), want, 1e-13, 0.0);
    /* enorm leaves out a residual that is exactly 0 (if (xabs != zero)):
     * the code's second derivative along that branch has no (d f_i)^2
     * term, which differences of the gradient see (the helical valley at
     * x3 = 0, Watson at x = 0); its first derivative, f_i d f_i, is 0
     * either way */
    int zero_resid = 0;
    for (int i = 0; i < m; i++)
        zero_resid |= f0[i] == 0.0;
    for (int j = 0; j < n && !zero_resid; j++) {
        double h = oracle_fd_step(x[j], DBL_EPSILON);
        memcpy(xs, x, (size_t)n * sizeof *xs);
        xs[j] = x[j] + h;
        ssqobj_grad(m, n, xs, gp, p->nprob);
        xs[j] = x[j] - h;
        ssqobj_grad(m, n, xs, gm, p->nprob);
        for (int i = 0; i < n; i++) {
            fdcol[i] = (gp[i] - gm[i]) / (2 * h);
            hcol[i] = H[i * n + j];
        }
        snprintf(label, sizeof label, "%s %s: hessian column %d vs FD of grad", p->name, where, j);
        CHECK_VEC_CLOSE(label, hcol, fdcol, n, ORACLE_RTOL_FD, oracle_fd_atol(gscale));
    }
    if (p->nprob == 1 || p->nprob == 4) {
        double jtj[MAXN * MAXN], hs = 0.0;
        for (int a = 0; a < n; a++)
            for (int b = 0; b < n; b++) {
                jtj[a * n + b] = 0.0;
                for (int i = 0; i < m; i++)
                    jtj[a * n + b] += hand[i * n + a] * hand[i * n + b];
                hs = fmax(hs, fabs(jtj[a * n + b]));
            }
        if (p->nprob == 4)
            jtj[0] -= 20.0 * f0[0];
        snprintf(label, sizeof label, "%s %s: hessian closed form", p->name, where);
        CHECK_VEC_CLOSE(label, H, jtj, n * n, ORACLE_RTOL_EXACT, 1e-14 * hs);
    }

    /* the generic checks of grad: overwrite, repeatable, FD, empty tape */
    snprintf(name, sizeof name, "%s %s: ssqobj", p->name, where);
    OracleProblem op = {name, n, 1, obj_flat, NULL, NULL, ccad_tape_empty, 0, 0};
    oracle_check_grad(&op, &ctx, x, obj_grad_flat, n);
}


/* the callbacks: jacfwd and jacrev of the residuals (iflag 1) against the
 * callback's own Jacobian (iflag 2); fjac is not touched with iflag 1 */
static void check_callbacks(OracleRng *rng)
{
    enum { LD = 17 };
    double x[4], f0[15], f[15], fjac[LD * 4], hand[15 * 4], jf[15 * 4], jr[15 * 4];
    char label[96];
    for (int t = 0; t < 2; t++) {
        /* Bard through f2c: every argument by address */
        integer m = 15, n = 3, ldfjac = LD, iflag = 1;
        x[0] = 1 + 0.1 * oracle_normal(rng);
        x[1] = 1 + 0.1 * oracle_normal(rng);
        x[2] = 1 + 0.1 * oracle_normal(rng);
        fcn_(&m, &n, x, f0, fjac, &ldfjac, &iflag);
        iflag = 2;
        fcn_(&m, &n, x, f, fjac, &ldfjac, &iflag);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
                hand[i * n + j] = fjac[i + j * LD];
        iflag = 1;
        for (int k = 0; k < LD * 4; k++)
            fjac[k] = -7.0;
        snprintf(label, sizeof label, "fcn_ %d: jacfwd returns 0", t);
        CHECK_EQ_INT(label, fcn__jacfwd(&m, &n, x, f, fjac, &ldfjac, &iflag, jf), 0);
        snprintf(label, sizeof label, "fcn_ %d: jacfwd fvec", t);
        CHECK_VEC_CLOSE(label, f, f0, m, 0.0, 0.0);
        snprintf(label, sizeof label, "fcn_ %d: jacfwd = fcn_'s Jacobian", t);
        CHECK_VEC_CLOSE(label, jf, hand, m * n, ORACLE_RTOL_EXACT, 1e-15);
        snprintf(label, sizeof label, "fcn_ %d: jacrev returns 0", t);
        CHECK_EQ_INT(label, fcn__jacrev(&m, &n, x, f, fjac, &ldfjac, &iflag, jr), 0);
        snprintf(label, sizeof label, "fcn_ %d: jacrev = fcn_'s Jacobian", t);
        CHECK_VEC_CLOSE(label, jr, hand, m * n, ORACLE_RTOL_EXACT, 1e-15);
        int untouched = 1;
        for (int k = 0; k < LD * 4; k++)
            untouched &= fjac[k] == -7.0;
        snprintf(label, sizeof label, "fcn_ %d: fjac untouched with iflag 1", t);
        CHECK_TRUE(label, untouched);
        CHECK_EQ_INT("fcn_: m, n, ldfjac, iflag unchanged", m * 1000000 + n * 10000 + ldfjac * 10 + iflag,
                     15 * 1000000 + 3 * 10000 + LD * 10 + 1);

        /* Kowalik and Osborne through cminpack's interface */
        static const double v[11] = {4., 2., 1., .5, .25, .167, .125, .1, .0833, .0714, .0625};
        static const double y[11] = {.1957, .1947, .1735, .16, .0844, .0627, .0456,
                                     .0342, .0323, .0235, .0246};
        fcndata d = {v, y, 0, 0};
        static const double x0[4] = {.25, .39, .415, .39};
        for (int j = 0; j < 4; j++)
            x[j] = x0[j] * (1 + 0.1 * oracle_normal(rng));
        fcnder(&d, 11, 4, x, f0, fjac, LD, 1);
        fcnder(&d, 11, 4, x, f, fjac, LD, 2);
        for (int i = 0; i < 11; i++)
            for (int j = 0; j < 4; j++)
                hand[i * 4 + j] = fjac[i + j * LD];
        snprintf(label, sizeof label, "fcnder %d: jacfwd returns 0", t);
        CHECK_EQ_INT(label, fcnder_jacfwd(&d, 11, 4, x, f, fjac, LD, 1, jf), 0);
        snprintf(label, sizeof label, "fcnder %d: jacfwd fvec", t);
        CHECK_VEC_CLOSE(label, f, f0, 11, 0.0, 0.0);
        snprintf(label, sizeof label, "fcnder %d: jacfwd = fcnder's Jacobian", t);
        CHECK_VEC_CLOSE(label, jf, hand, 11 * 4, ORACLE_RTOL_EXACT, 1e-15);
        snprintf(label, sizeof label, "fcnder %d: jacrev returns 0", t);
        CHECK_EQ_INT(label, fcnder_jacrev(&d, 11, 4, x, f, fjac, LD, 1, jr), 0);
        snprintf(label, sizeof label, "fcnder %d: jacrev = fcnder's Jacobian", t);
        CHECK_VEC_CLOSE(label, jr, hand, 11 * 4, ORACLE_RTOL_EXACT, 1e-15);
        /* the counters: the drivers put back the struct behind void *p
         * (used as one fcndata) before each sweep, so it ends as one call
         * of fcnder leaves it */
        snprintf(label, sizeof label, "fcnder %d: one Jacobian evaluation counted", t);
        CHECK_EQ_INT(label, d.njev, 1);
    }
}
int main(void)
{
    OracleRng rng = oracle_rng(14);
    double x[MAXN];
    char where[64];
    for (size_t k = 0; k < sizeof problems / sizeof problems[0]; k++) {
        const Problem *p = &problems[k];
        /* the drivers' tries: the standard point times 1, 10, 100 */
        double factor = 1;
        for (int t = 0; t < 3; t++, factor *= 10) {
            for (int j = 0; j < p->n; j++)
                x[j] = factor * p->x0[j];
            snprintf(where, sizeof where, "x0 * %g", factor);
            check_point(p, x, where);
        }
        /* a random point near the standard one */
        for (int j = 0; j < p->n; j++)
            x[j] = p->x0[j] + 0.1 * fmax(1.0, fabs(p->x0[j])) * oracle_normal(&rng);
        check_point(p, x, "near x0");
    }
    /* helical valley on both sides of its atan branch */
    static const double hv[2][3] = {{.7, -.4, .3}, {-.6, -.5, .2}};
    for (int k = 0; k < 2; k++)
        check_point(&problems[2], hv[k], k ? "x1 < 0" : "x1 > 0");
    check_callbacks(&rng);
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
