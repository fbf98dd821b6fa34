// EXPECT-EXIT: 1
// EXPECT-DIAG: grad_out_array
// EXPECT-DIAG: second_one_output
// EXPECT-STDERR: FILE:29:17: error: 'square' stores y[i] past its first element, so its output y is not one scalar: name the one value, out(y[1]), or use vjp or jacrev for all of them
// EXPECT-STDERR: FILE:30:38: error: 'square' stores y[i] past its first element, so its output y is not one scalar
// EXPECT-STDERR: FILE:31:20: error: 'hessian' needs exactly one scalar output (the return value, or out(r[1])); for several outputs request jacfwd of a jacrev
/* grad, hessian and hvp differentiate one scalar. A void function's
** default output (or out(y) without a size) is one value, y[0]; where the
** function stores y[i] for other i, the gradient of y[0] alone is not
** what was asked: an error, naming the one-value clause. A hessian asked
** of several outputs says so in its own terms, not in those of the
** gradient it differentiates (it named 'grad' and suggested out(y[1])).
** energy, which stores only e[0], is one value. */
#include <math.h>

void square(const double *x, double *y, int n)
{
    for (int i = 0; i < n; i++)
        y[i] = x[i] * x[i];
}

void energy(const double *x, int n, double *e)
{
    e[0] = 0.0;
    for (int i = 0; i < n; i++)
        e[0] += sin(x[i]);
}

#pragma ad grad(square) wrt(x[n])
#pragma ad hvp(square) wrt(x[n]) out(y)
#pragma ad hessian(square) wrt(x[n]) out(y[n]) name(square_h)
#pragma ad grad(energy) wrt(x[n])
#pragma ad hessian(energy) wrt(x[n])
