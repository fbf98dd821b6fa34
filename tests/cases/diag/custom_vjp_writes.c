// EXPECT-EXIT: 1
// EXPECT-DIAG: custom_vjp_writes
// EXPECT-STDERR: FILE:22:5: error: custom_vjp(softmax, softmax_vjp): 'softmax' stores through argument 2 into memory whose size cc-ad does not know
#include <math.h>
/* A custom_vjp for a function that writes through a pointer: the backward
** sweep gives the hand-written vjp the memory as it was before the call
** (it may read it first) and puts it back for earlier backward code, so it
** saves it whole; here y is a pointer parameter of a helper, whose extent
** cc-ad does not know (an array, a buffer the function mallocs or a
** parameter sized in the request would do): an error, not a guess. */
void softmax(const double *x, double *y, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++) { y[i] = exp(x[i]); s += y[i]; }
    for (int i = 0; i < n; i++) y[i] /= s;
}

void softmax_vjp(const double *x, double *x_bar, double *y, double *y_bar, int n);

static double nll(const double *x, double *y, int n)
{
    softmax(x, y, n);
    return -log(y[0]);
}

double loss(const double *x, int n)
{
    double y[16];
    return nll(x, y, n) + nll(x + 1, y, n - 1);
}

#pragma ad custom_vjp(softmax, softmax_vjp)
#pragma ad grad(loss) wrt(x[n])
