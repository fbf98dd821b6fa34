// EXPECT-EXIT: 0
// EXPECT-DIAG: unused_input_second
// EXPECT-STDERR: FILE:18:16: warning: input 'x' of 'linear' has no path to the gradient of 'linear' ('x' enters it at most linearly): its second derivatives in 'linear_hvp' are zero
// EXPECT-STDERR: FILE:19:20: warning: input 'x' of 'linear' has no path to the gradient of 'linear' ('x' enters it at most linearly): its second derivatives in 'linear_hessian' are zero
/* The Hessian of a function linear in its input is zero: legal, and said
** once, in the user's names (it used to name the internal gradient
** 'linear_hessian_grad' that the Hessian differentiates). An input that
** reaches no output at all is the plain unused-input warning, not this
** one, and not twice (diag/unused_input). */
double linear(const double *x, const double *c, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += c[i] * x[i];
    return s;
}

#pragma ad hvp(linear) wrt(x[n])
#pragma ad hessian(linear) wrt(x[n])
