// EXPECT-EXIT: 1
// EXPECT-DIAG: vmap_unsized
// EXPECT-STDERR: FILE:17:58: error: 'f_hvp_vmap' needs the element count of batched array 's_hv': write batch(s_hv[1])
// EXPECT-STDERR: FILE:17:52: error: 'f_hvp_vmap' needs the element count of batched array 'x_hv': write batch(x_hv[n])
/* Batching a generated f_hvp: its shadows of a scalar input s point to
** one element each, so the hint for an unsized s_hv is s_hv[1]; that of
** x_hv is the size of x in the hvp request. */
double f(const double *x, double s, int n)
{
    double r = 0.0;
    for (int i = 0; i < n; i++)
        r += s * x[i] * x[i];
    return r * s;
}

#pragma ad hvp(f) wrt(x[n], s)
#pragma ad vmap(f_hvp) batch(x[n], x_v[n], s, s_v, x_hv, s_hv)
