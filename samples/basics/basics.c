/* basics.c - seed 003 (a notebook introducing jax) in C: grad, grad of
 * grad, choosing the inputs, Hessians, gradients with respect to the fields
 * of (nested) structs (the C form of jax's trees), and loops (the C forms of
 * lax.fori_loop, lax.scan and lax.while_loop), all differentiated.
 *
 * Only the #pragma ad lines are cc-ad specific; `cc-ad basics.c` writes
 * basics.ad.c and basics.ad.h beside it. */
#include <math.h>

#include "basics.h"

/* jax.grad(f), jax.grad(jax.grad(f)) */
#pragma ad grad(sq)
#pragma ad grad(sq_grad) wrt(x) out(x_bar[1])

/* jax.grad(g, argnums=1), and argnums=0 under another name */
#pragma ad grad(g) wrt(y)
#pragma ad grad(g) wrt(x) name(g_grad_x)

/* jax.grad(fv), jax.jacobian(jax.grad(fv)), and the Hessian directly */
#pragma ad grad(fv) wrt(x[3])
#pragma ad jacfwd(fv_grad) wrt(x[3]) out(x_bar[3])
#pragma ad hessian(fv) wrt(x[3])

/* gradients with respect to struct fields */
#pragma ad grad(ft) wrt(t[1])
#pragma ad vjp(fts)

/* loops */
#pragma ad grad(fl_fori) wrt(x)
#pragma ad jacfwd(fl_scan) wrt(x) out(return, hist[n])
#pragma ad grad(fl_while) wrt(x)
#pragma ad grad(sqrt_newton)

double sq(double x)
{
    return x * x;
}

double g(double x, double y)
{
    return y * x * x + x * y * y * y;
}

double fv(const double *x)
{
    double s = 0.0;
    for (int i = 0; i < 3; i++)
        s += x[i] * x[i];
    return s + x[1] * x[2];
}

double ft(const Tree *t)
{
    double xsum = 0.0, ysum = 0.0;
    for (int i = 0; i < t->nx; i++)
        xsum += t->d.x[i] * t->d.x[i] * t->d.x[i];
    for (int i = 0; i < 10; i++)
        ysum += t->d.y[i] * t->d.y[i];
    return t->alpha * xsum + ysum;
}

double fts(Pair d)
{
    return d.x * d.x * d.x + d.y * d.y;
}

/* lax.fori_loop(0, n, lambda i, v: x * v, 1.0) */
double fl_fori(double x, int n)
{
    double out = 1.0;
    for (int i = 0; i < n; i++)
        out = x * out;
    return out;
}

/* lax.scan(lambda v, i: (x * v, x * v), 1.0, arange(n)): the final carry
 * is returned, the history of outputs written to hist[n] */
double fl_scan(double x, int n, double *hist)
{
    double v = 1.0;
    for (int i = 0; i < n; i++) {
        v = x * v;
        hist[i] = v;
    }
    return v;
}

/* lax.while_loop(lambda iv: iv[0] < n, lambda iv: (iv[0] + 1, x * iv[1]),
 * (0, 1.0)) */
double fl_while(double x, int n)
{
    int i = 0;
    double v = 1.0;
    while (i < n) {
        i = i + 1;
        v = x * v;
    }
    return v;
}

/* a while loop with a convergence test: Newton's iteration for sqrt(a),
 * a > 0; the number of iterations depends on a */
double sqrt_newton(double a)
{
    double x = a > 1.0 ? a : 1.0;
    while (fabs(x * x - a) > 1e-14 * a)
        x = 0.5 * (x + a / x);
    return x;
}
