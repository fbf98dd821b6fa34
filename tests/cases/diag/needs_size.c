// EXPECT-EXIT: 1
// EXPECT-DIAG: grad_unsized_input
// EXPECT-STDERR: FILE:17:
// EXPECT-STDERR: error:
// EXPECT-STDERR: needs a size
// EXPECT-STDERR: wrt(x[
/* grad overwrites the gradient, so it must know how long x is: the error
** names the parameter and shows the clause to write, e.g. wrt(x[n]). */
double sumsq(const double *x, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += x[i] * x[i];
    return s;
}

#pragma ad grad(sumsq) wrt(x)
