// EXPECT-EXIT: 1
// EXPECT-DIAG: req_custom_needs_fn
// EXPECT-DIAG: no_body
// EXPECT-DIAG: unknown_custom
// EXPECT-STDERR: FILE:24:23: error: custom_jvp needs the hand-written derivative: custom_jvp(sigmoid, my_sigmoid)
// EXPECT-STDERR: FILE:25:32: error: unknown function 'sigmoid_vjp': the hand-written derivative must be declared in FILE
// EXPECT-STDERR: FILE:26:16: error: function 'fast_tanh' has no body in this translation unit
/* custom_jvp and custom_vjp name the hand-written derivative, which must be
** declared in the file; a request needs a function with a body. */
#include <math.h>

double fast_tanh(double x);   /* defined in an assembly file */

double sigmoid(double x) { return 1.0 / (1.0 + exp(-x)); }

double layer(const double *w, const double *x, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += w[i] * x[i];
    return sigmoid(s);
}

#pragma ad custom_jvp(sigmoid)
#pragma ad custom_vjp(sigmoid, sigmoid_vjp)
#pragma ad jvp(fast_tanh) wrt(x)
#pragma ad grad(layer) wrt(w[n])
