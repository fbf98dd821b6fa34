// EXPECT-EXIT: 1
// EXPECT-DIAG: grad_outputs
// EXPECT-DIAG: grad_outputs_n
// EXPECT-STDERR: FILE:14:17: error: 'grad' needs exactly one
// EXPECT-STDERR: FILE:21:17: error: 'grad' needs exactly one
/* grad differentiates one scalar output: two in out(...) are an error, and
** so are two outputs found by default (the floating data written through
** y and z); the error says how to name one, or to use vjp or jacrev. */
void f(const double *x, double *y, double *z)
{
    y[0] = x[0] * x[0];
    z[0] = x[0] * 3.0;
}
#pragma ad grad(f) wrt(x[1]) out(y[1], z[1])

void g(const double *x, double *y, double *z)
{
    y[0] = x[0] * x[0];
    z[0] = x[0] * 3.0;
}
#pragma ad grad(g) wrt(x[1])
