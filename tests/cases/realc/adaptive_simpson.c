/*
** realc/adaptive_simpson: Wikipedia's C adaptive Simpson quadrature: a
** recursive helper that halves the interval, the integrand through a function
** pointer with a void *params, errno set to EDOM or ERANGE on failure (a
** write to the C library's global, no derivative), the recursion depth bound.
** The integrand is a user's Gaussian bump with parameters behind void *.
** Requests: grad of the integral wrt (lower limit, upper limit, the bump's
** width and centre passed through params); jvp.
** Oracles: the fundamental theorem of calculus for the limits,
** dI/db = f(b), dI/da = -f(a) (rtol 1e-7: the rule adapts, the derivative of
** the computed value differs from the exact one by about eps); central
** differences of the whole program (h = 1e-6, rtol 1e-6); jvp by dot product.
*/
#include <errno.h>
#include <math.h>
#include <string.h>
#include "ccad_oracle.h"

static double adaptiveSimpsonsAux(double (*f)(double, void *), void *p, double a, double b, double eps,
                                  double whole, double fa, double fb, double fm, int rec) {
    double m   = (a + b)/2,  h   = (b - a)/2;
    double lm  = (a + m)/2,  rm  = (m + b)/2;
    // serious numerical trouble: it won't converge
    if ((eps/2 == eps) || (a == lm)) { errno = EDOM; return whole; }
    double flm = f(lm, p),    frm = f(rm, p);
    double left  = (h/6) * (fa + 4*flm + fm);
    double right = (h/6) * (fm + 4*frm + fb);
    double delta = left + right - whole;

    if (rec <= 0 && errno != EDOM) errno = ERANGE;  // depth limit too shallow
    // Lyness 1969 + Richardson extrapolation; see article
    if (rec <= 0 || fabs(delta) <= 15*eps)
        return left + right + (delta)/15;
    return adaptiveSimpsonsAux(f, p, a, m, eps/2, left,  fa, fm, flm, rec-1) +
           adaptiveSimpsonsAux(f, p, m, b, eps/2, right, fm, fb, frm, rec-1);
}

/** Adaptive Simpson's Rule Wrapper
 *  (fills in cached function evaluations) */
double adaptiveSimpsons(double (*f)(double, void *), void *p,
                        double a, double b,      // interval [a,b]
                        double epsilon,          // error tolerance
                        int maxRecDepth) {       // recursion cap
    errno = 0;
    double h = b - a;
    if (h == 0) return 0;
    double fa = f(a, p), fb = f(b, p), fm = f((a + b)/2, p);
    double S = (h/6)*(fa + 4*fm + fb);
    return adaptiveSimpsonsAux(f, p, a, b, epsilon, S, fa, fb, fm, maxRecDepth);
}

typedef struct { double width, centre; } bump_t;
double bump(double x, void *params)
{
    const bump_t *bp = params;
    double z = (x - bp->centre) / bp->width;
    return exp(-0.5 * z * z) * (1.0 + 0.3 * sin(3.0 * x));
}
double integral(double a, double b, const double *theta)
{
    bump_t par = {theta[0], theta[1]};
    return adaptiveSimpsons(bump, &par, a, b, 1e-9, 40);
}
#pragma ad grad(integral) wrt(a, b, theta[2])
#pragma ad jvp(integral) wrt(a, b, theta[2])

#include "adaptive_simpson.ad.h"

int main(void)
{
    double a = -1.3, b = 2.1, th[2] = {0.8, 0.4}, ga = 0, gb = 0, gt[2], h = 1e-6;
    double I0 = integral(a, b, th), I1 = integral_grad(a, &ga, b, &gb, th, gt);
    CHECK_CLOSE("primal", I1, I0, 1e-15, 0);
    CHECK_EQ_INT("errno untouched by success", errno, 0);
    bump_t par = {th[0], th[1]};
    CHECK_CLOSE("dI/db = f(b)", gb, bump(b, &par), 1e-7, 1e-9);
    CHECK_CLOSE("dI/da = -f(a)", ga, -bump(a, &par), 1e-7, 1e-9);
    CHECK_CLOSE("a vs fd", ga, (integral(a + h, b, th) - integral(a - h, b, th)) / (2 * h), 1e-6, 1e-9);
    CHECK_CLOSE("b vs fd", gb, (integral(a, b + h, th) - integral(a, b - h, th)) / (2 * h), 1e-6, 1e-9);
    for (int j = 0; j < 2; j++) {
        double tp[2], tm[2]; memcpy(tp, th, sizeof th); memcpy(tm, th, sizeof th); tp[j] += h; tm[j] -= h;
        CHECK_CLOSE("theta vs fd", gt[j], (integral(a, b, tp) - integral(a, b, tm)) / (2 * h), 1e-6, 1e-9);
    }
    double vt[2] = {0.5, -1.5}, dI = 0;
    integral_jvp(a, 0.3, b, -0.7, th, vt, &dI);
    CHECK_CLOSE("jvp . dot", dI, 0.3 * ga - 0.7 * gb + vt[0] * gt[0] + vt[1] * gt[1], 1e-12, 1e-14);
    return oracle_result();
}
