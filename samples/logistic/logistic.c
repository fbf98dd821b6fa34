/* logistic.c - seed 002's bifurcation diagram in C: the logistic map
 * x -> a x (1 - x), iterated for many values of a at once.
 *
 * The seed writes the iteration for one a and vectorises it with
 * jax.vmap; here vmap(orbit) runs it for a whole array of a (an OpenMP
 * loop over the batch), and vmap(step_jvp) gives the derivative of the
 * map at every point of every orbit, whose mean log is the Lyapunov
 * exponent. Only the #pragma ad lines are cc-ad specific. */
#include "logistic.h"

#pragma ad vmap(orbit) batch(a, xs[keep])
#pragma ad jvp(step) wrt(x)
#pragma ad vmap(step_jvp) batch(x, x_dot, a, ret_dot[1])

double step(double x, double a)
{
    return a * x * (1.0 - x);
}

void orbit(double a, double x0, int warmup, int keep, double *xs)
{
    double x = x0;
    for (int i = 0; i < warmup; i++)
        x = step(x, a);
    for (int i = 0; i < keep; i++) {
        x = step(x, a);
        xs[i] = x;
    }
}
