// EXPECT-EXIT: 1
// EXPECT-DIAG: size_not_pointer
// EXPECT-DIAG: return_not_out
// EXPECT-DIAG: return_not_float
// EXPECT-DIAG: out_by_value
// EXPECT-DIAG: repeated_item
// EXPECT-STDERR: FILE:33:44: error: parameter 'beta' is passed by value, so it cannot be an output
// EXPECT-STDERR: FILE:34:34: error: parameter 'beta' is not a pointer, so it takes no [size]
// EXPECT-STDERR: FILE:35:34: error: 'return' can only be listed in out(...)
// EXPECT-STDERR: FILE:36:38: error: the return value of 'argmax' is not floating (int)
// EXPECT-STDERR: FILE:37:47: warning: 'x' is listed 2 times in wrt(...); the repeats are ignored
/* Clause items that name the wrong kind of thing: a by-value output, a size
** on a scalar, 'return' in wrt, out(return) of an int function, a repeated
** input (a warning). */
#include <math.h>

int argmax(const double *x, int n)
{
    int best = 0;
    for (int i = 1; i < n; i++)
        if (x[i] > x[best]) best = i;
    return best;
}

double softplus_sum(const double *x, int n, double beta)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += log1p(exp(beta * x[i])) / beta;
    return s;
}

#pragma ad jvp(softplus_sum) wrt(x[n]) out(beta)
#pragma ad jvp(softplus_sum) wrt(beta[n]) name(softplus_sum_dbeta)
#pragma ad vjp(softplus_sum) wrt(return) name(softplus_sum_vjp2)
#pragma ad jvp(argmax) wrt(x[n]) out(return)
#pragma ad grad(softplus_sum) wrt(x[n], beta, x[n]) name(softplus_sum_grad2)
