/* jacobians.c - seed 001 (a JAX tutorial on forward and reverse mode) in C.
 *
 *   f        R^2 -> R^3: its full Jacobian by forward mode (one sweep per
 *            input, f_jacfwd) and by reverse mode (one sweep per output,
 *            f_jacrev);
 *   loss     R^n -> R: the gradient by forward mode (n sweeps, loss_jacfwd)
 *            and by reverse mode (one sweep, loss_grad and loss_jacrev);
 *   sinloop  a loop whose trip count depends on the data, by reverse mode.
 *
 * Only the #pragma ad lines are cc-ad specific; `cc-ad jacobians.c` writes
 * jacobians.ad.c and jacobians.ad.h beside it. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "jacobians.h"

#pragma ad jacfwd(f) wrt(x[2]) out(y[3])
#pragma ad jacrev(f) wrt(x[2]) out(y[3])

#pragma ad jacfwd(loss) wrt(x[n]) out(return)
#pragma ad jacrev(loss) wrt(x[n]) out(return)
#pragma ad grad(loss) wrt(x[n])

#pragma ad jacrev(sinloop) wrt(z[n]) out(return)

void f(const double *x, double *y)
{
    y[0] = sin(x[0] / x[1]) + x[1] * x[1];
    y[1] = x[0] * x[0] - x[1] * x[1];
    y[2] = x[0] * x[0] * x[0];
}

double loss(const double *x_star, const double *x, int n)
{
    double dot = 0.0;
    for (int i = 0; i < n; i++)
        dot += x_star[i] * x[i];
    return sin(exp(dot / sqrt((double)n)));
}

static double vmax(const double *z, int n)
{
    double m = z[0];
    for (int i = 1; i < n; i++)
        if (z[i] > m)
            m = z[i];
    return m;
}

/* The seed's
 *     def f(z):
 *       for k in range(int(max(z))):
 *         z = jnp.sin(z ** 2)
 *       return jnp.sum(z)
 * on a scratch copy of z: the number of passes, (int)max(z), is known only
 * at run time, and reverse mode replays exactly that many. */
double sinloop(const double *z, int n)
{
    double *w = malloc((size_t)n * sizeof *w);
    double s = 0.0;
    if (!w)
        return NAN;
    memcpy(w, z, (size_t)n * sizeof *w);
    int k = (int)vmax(w, n);
    for (int it = 0; it < k; it++)
        for (int i = 0; i < n; i++)
            w[i] = sin(w[i] * w[i]);
    for (int i = 0; i < n; i++)
        s += w[i];
    free(w);
    return s;
}
