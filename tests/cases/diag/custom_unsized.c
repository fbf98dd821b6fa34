// EXPECT-EXIT: 1
// EXPECT-DIAG: custom_jvp_unsized
// EXPECT-DIAG: custom_vjp_unsized
// EXPECT-STDERR: FILE:16:12: error: 'my_g_jvp' (custom_jvp of 'g')
/* Hand-written derivatives of g take a tangent and an adjoint for its
** pointer argument p. Here p (q in f) carries no derivative, and cc-ad does
** not know its size to pass zeros: an error at the call, for each mode. */
double g(const double *p, double x) { return p[0] * x; }
double my_g_jvp(const double *p, const double *p_dot, double x, double x_dot, double *ret_dot);
double my_g_vjp(const double *p, double *p_bar, double x, double *x_bar, double y_bar);
#pragma ad custom_jvp(g, my_g_jvp)
#pragma ad custom_vjp(g, my_g_vjp)

double f(const double *q, double x)
{
    return g(q, x) * x;
}
#pragma ad jvp(f) wrt(x)
#pragma ad grad(f) wrt(x)
