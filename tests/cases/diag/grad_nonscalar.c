// EXPECT-EXIT: 1
// EXPECT-DIAG: grad_out_size
// EXPECT-STDERR: FILE:13:
// EXPECT-STDERR: error:
/* grad needs a single scalar output; y has 3 (contract section 3). */
void f(const double *x, double *y)
{
    y[0] = x[0] * x[1];
    y[1] = x[0] + x[1];
    y[2] = x[0];
}

#pragma ad grad(f) wrt(x[2]) out(y[3])
