/*
** realc/nr_spline: Numerical Recipes in C's natural cubic spline, spline()
** and splint(), as the book writes them: 1-based arrays from the book's
** allocator (vector(1, n): an offset pointer into a malloc'd block, freed
** by free_vector), the work vector u = vector(1, n - 1) likewise, the
** tridiagonal decomposition and back substitution loops, and splint's
** bisection `while (khi - klo > 1)` on the knots, which are active too.
** The objective interpolates at several query points and sums weighted
** squares; requests differentiate it wrt the knots, the values and the
** queries.
** Requests: grad, vjp, jvp, hessian (the values enter the spline
** linearly, the knots and queries do not; the hessian is checked
** against the gradient by central differences).
** Oracles: oracle_check_* (central differences, dot-product test with jvp,
** accumulation, overwritten gradients; the bracketing interval of each
** query does not change for h ~ 6e-6); hessian against central
** differences of grad (rtol 1e-6).
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include "ccad_oracle.h"

#define NR_END 1
#define FREE_ARG char*

void nrerror(char error_text[])
{
    fprintf(stderr, "Numerical Recipes run-time error...\n");
    fprintf(stderr, "%s\n", error_text);
    exit(1);
}

double *vector(long nl, long nh)
{
    double *v;
    v = (double *)malloc((size_t)((nh - nl + 1 + NR_END) * sizeof(double)));
    if (!v) nrerror("allocation failure in vector()");
    return v - nl + NR_END;
}

void free_vector(double *v, long nl, long nh)
{
    (void)nh;
    free((FREE_ARG)(v + nl - NR_END));
}

void spline(double x[], double y[], int n, double yp1, double ypn, double y2[])
{
    int i, k;
    double p, qn, sig, un, *u;

    u = vector(1, n - 1);
    if (yp1 > 0.99e30)
        y2[1] = u[1] = 0.0;
    else {
        y2[1] = -0.5;
        u[1] = (3.0 / (x[2] - x[1])) * ((y[2] - y[1]) / (x[2] - x[1]) - yp1);
    }
    for (i = 2; i <= n - 1; i++) {
        sig = (x[i] - x[i - 1]) / (x[i + 1] - x[i - 1]);
        p = sig * y2[i - 1] + 2.0;
        y2[i] = (sig - 1.0) / p;
        u[i] = (y[i + 1] - y[i]) / (x[i + 1] - x[i]) - (y[i] - y[i - 1]) / (x[i] - x[i - 1]);
        u[i] = (6.0 * u[i] / (x[i + 1] - x[i - 1]) - sig * u[i - 1]) / p;
    }
    if (ypn > 0.99e30)
        qn = un = 0.0;
    else {
        qn = 0.5;
        un = (3.0 / (x[n] - x[n - 1])) * (ypn - (y[n] - y[n - 1]) / (x[n] - x[n - 1]));
    }
    y2[n] = (un - qn * u[n - 1]) / (qn * y2[n - 1] + 1.0);
    for (k = n - 1; k >= 1; k--)
        y2[k] = y2[k] * y2[k + 1] + u[k];
    free_vector(u, 1, n - 1);
}

void splint(double xa[], double ya[], double y2a[], int n, double x, double *y)
{
    int klo, khi, k;
    double h, b, a;

    klo = 1;
    khi = n;
    while (khi - klo > 1) {
        k = (khi + klo) >> 1;
        if (xa[k] > x) khi = k;
        else klo = k;
    }
    h = xa[khi] - xa[klo];
    if (h == 0.0) nrerror("Bad xa input to routine splint");
    a = (xa[khi] - x) / h;
    b = (x - xa[klo]) / h;
    *y = a * ya[klo] + b * ya[khi] + ((a * a * a - a) * y2a[klo] + (b * b * b - b) * y2a[khi]) * (h * h) / 6.0;
}

/* p = (knots[8], values[8], queries[5]); arrays 1-based from the book's allocator */
double fit(const double *p, int len)
{
    enum { NK = 8, NQ = 5 };
    double *xk, *yk, *y2, s = 0.0;
    int i;
    if (len != 2 * NK + NQ) return 0.0;
    xk = vector(1, NK);
    yk = vector(1, NK);
    y2 = vector(1, NK);
    for (i = 1; i <= NK; i++) {
        xk[i] = p[i - 1];
        yk[i] = p[NK + i - 1];
    }
    spline(xk, yk, NK, 1e30, 1e30, y2);
    for (i = 0; i < NQ; i++) {
        double v;
        splint(xk, yk, y2, NK, p[2 * NK + i], &v);
        s += (1.0 + 0.3 * i) * v * v;
    }
    free_vector(y2, 1, NK);
    free_vector(yk, 1, NK);
    free_vector(xk, 1, NK);
    return s;
}

#pragma ad grad(fit) wrt(p[len])
#pragma ad vjp(fit) wrt(p[len])
#pragma ad jvp(fit) wrt(p[len])
#pragma ad hessian(fit) wrt(p[len])

#include "nr_spline.ad.h"

#define LEN 21

static void point(OracleRng *rng, double *p)
{
    for (int i = 0; i < 8; i++) {
        p[i] = i + oracle_uniform(rng, -0.2, 0.2);    /* increasing knots */
        p[8 + i] = sin(0.8 * i) + oracle_uniform(rng, -0.1, 0.1);
    }
    for (int q = 0; q < 5; q++) p[16 + q] = 0.37 + 1.41 * q;   /* inside, away from knots */
}

/* the generic checks, at points of that shape */
static void run_generic(OracleRng *rng);

int main(void)
{
    OracleRng rng = oracle_rng(1937);
    double p[LEN], H[LEN * LEN], gp[LEN], gm[LEN];
    char label[64];
    run_generic(&rng);
    point(&rng, p);
    fit_hessian(p, LEN, H);
    for (int j = 0; j < LEN; j++) {
        double s = p[j], h = cbrt(DBL_EPSILON) * fmax(1.0, fabs(s));
        p[j] = s + h; fit_grad(p, gp, LEN);
        p[j] = s - h; fit_grad(p, gm, LEN);
        p[j] = s;
        for (int i = 0; i < LEN; i++) {
            snprintf(label, sizeof label, "hessian[%d,%d]", i, j);
            oracle_check_close(label, H[i * LEN + j], (gp[i] - gm[i]) / (2 * h), 1e-6, 1e-6);
        }
    }
    return oracle_result();
}

static void run_generic(OracleRng *rng)
{
    char label[64];
    for (int t = 0; t < 3; t++) {
        double p[LEN], g[LEN], v[LEN], tan = 0.0, dot = 0.0;
        point(rng, p);
        double f0 = fit(p, LEN), f1 = fit_grad(p, g, LEN);
        oracle_check_close("grad primal", f1, f0, 1e-14, 0);
        for (int j = 0; j < LEN; j++) {
            double s = p[j], h = cbrt(DBL_EPSILON) * fmax(1.0, fabs(s));
            p[j] = s + h; double fp = fit(p, LEN);
            p[j] = s - h; double fm = fit(p, LEN);
            p[j] = s;
            snprintf(label, sizeof label, "point %d grad[%d]", t, j);
            oracle_check_close(label, g[j], (fp - fm) / (2 * h), 1e-6, 1e-8 * fabs(f0));
            v[j] = oracle_uniform(rng, -1, 1);
            dot += v[j] * g[j];
        }
        double fj = fit_jvp(p, v, LEN, &tan);
        oracle_check_close("jvp primal", fj, f0, 1e-14, 0);
        oracle_check_close("jvp . grad", tan, dot, 1e-11, 1e-12 * fabs(dot));
        double pb[LEN];
        for (int j = 0; j < LEN; j++) pb[j] = 1.0;
        fit_vjp(p, pb, LEN, 2.0);
        for (int j = 0; j < LEN; j++) {
            snprintf(label, sizeof label, "point %d vjp accumulates [%d]", t, j);
            oracle_check_close(label, pb[j], 1.0 + 2.0 * g[j], 1e-12, 1e-12);
        }
    }
    CHECK_TRUE("tape empty", ccad_tape_empty());
}
