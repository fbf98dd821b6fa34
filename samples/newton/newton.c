/* newton.c - seed 002 (a blog post on iterations and optimization with JAX)
 * in C: an iteration and its derivative with respect to the starting point,
 * and Newton's method with the Hessian (hessian request) or, through
 * conjugate gradients, with Hessian-vector products only (hvp request).
 *
 * Only the #pragma ad lines are cc-ad specific; `cc-ad newton.c` writes
 * newton.ad.c and newton.ad.h beside it. */
#include "newton.h"

/* d x_steps / d start: how strongly the end point depends on the start */
#pragma ad jvp(iterate) wrt(start)

/* Newton: gradient and Hessian of quad_fun */
#pragma ad grad(quad_fun) wrt(x[2])
#pragma ad hessian(quad_fun) wrt(x[2])
/* conjugate gradients: gradient and Hessian-vector products, no Hessian */
#pragma ad hvp(quad_fun) wrt(x[2])
#pragma ad grad(quad_n) wrt(x[n])
#pragma ad hvp(quad_n) wrt(x[n])

double iterate(double start, int steps)
{
    double x = start;
    for (int k = 0; k < steps; k++)
        x = (x * x + 21.0) / 10.0;
    return x;
}

double quad_fun(const double *x)
{
    static const double A[2][2] = {{3.0, 2.0}, {2.0, 7.0}};
    const double d[2] = {x[0] - 3.0, x[1] - 7.0};
    double q = 0.0;
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 2; j++)
            q += d[i] * A[i][j] * d[j];
    return -1.0 * (q - 2.0);
}

double quad_n(const double *x, const double *A, const double *c, int n)
{
    double q = 0.0;
    for (int i = 0; i < n; i++) {
        double row = 0.0;
        for (int j = 0; j < n; j++)
            row += A[i * n + j] * (x[j] - c[j]);
        q += (x[i] - c[i]) * row;
    }
    return -1.0 * (q - 2.0);
}
