// EXPECT-EXIT: 1
// EXPECT-DIAG: custom_signature
// EXPECT-STDERR: FILE:29:27: error: 'my_sq_vjp' (custom_vjp of 'sq') is declared 'double my_sq_vjp(double x, double *x_bar, int ret_bar)'; the generated code calls it as 'double my_sq_vjp(double x, double *x_bar, double ret_bar)'
// EXPECT-STDERR: FILE:30:27: error: 'my_sq_jvp' (custom_jvp of 'sq') is declared 'double my_sq_jvp(double x, double x_dot)'; the generated code calls it as 'double my_sq_jvp(double x, double x_dot, double *ret_dot)'
// EXPECT-STDERR: FILE:31:28: error: 'my_dot_vjp' (custom_vjp of 'dot') is declared 'double my_dot_vjp(const double *a, const double *a_bar, int n, double ret_bar)'
// EXPECT-STDERR: FILE:32:28: error: 'my_dot_jvp' (custom_jvp of 'dot') is declared 'double my_dot_jvp(const double *a, const double *a_dot, int n, double *ret_dot, int extra)'
/* A custom rule's derivative is called with the arguments of
** '#pragma ad jvp(f)' / 'vjp(f)' with default clauses (the manual,
** DECLARATIONS). A prototype that differs must be an error showing the
** expected one, not a call C quietly converts: a seed declared int would
** receive 0 (g_grad(0.6) = 1 instead of 1.6), an adjoint through a const
** pointer cannot be written, a missing ret_dot or an extra parameter
** would not compile. my_ok_vjp, declared with an array parameter, is
** right. (Found by probe7.) */
double sq(double x) { return x * x; }
double dot(const double *a, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++) s += a[i] * a[i];
    return s;
}

double my_sq_vjp(double x, double *x_bar, int ret_bar);
double my_sq_jvp(double x, double x_dot);
double my_dot_vjp(const double *a, const double *a_bar, int n, double ret_bar);
double my_dot_jvp(const double *a, const double *a_dot, int n, double *ret_dot, int extra);
double ok(const double *a, double x) { return a[0] * x; }
double my_ok_vjp(const double a[], double a_bar[], double x, double *x_bar, double ret_bar);
#pragma ad custom_vjp(sq, my_sq_vjp)
#pragma ad custom_jvp(sq, my_sq_jvp)
#pragma ad custom_vjp(dot, my_dot_vjp)
#pragma ad custom_jvp(dot, my_dot_jvp)
#pragma ad custom_vjp(ok, my_ok_vjp)

double g(double x, const double *a, int n) { return 0.5 * sq(x) + x * dot(a, n) + ok(a, x); }
#pragma ad grad(g) wrt(x, a[n])
