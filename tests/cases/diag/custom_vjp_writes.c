// EXPECT-EXIT: 1
// EXPECT-DIAG: custom_vjp_writes
// EXPECT-STDERR: FILE:18:5: error: custom_vjp(softmax, softmax_vjp): 'softmax' may write through parameter 'y'
#include <math.h>
/* A custom_vjp for a function that writes through a pointer */
void softmax(const double *x, double *y, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++) { y[i] = exp(x[i]); s += y[i]; }
    for (int i = 0; i < n; i++) y[i] /= s;
}

void softmax_vjp(const double *x, const double *y_bar, double *x_bar, int n);

double loss(const double *x, int n)
{
    double y[16];
    softmax(x, y, n);
    return -log(y[0]);
}

#pragma ad custom_vjp(softmax, softmax_vjp)
#pragma ad grad(loss) wrt(x[n])
