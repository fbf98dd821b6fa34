// EXPECT-EXIT: 1
// EXPECT-DIAG: sparse_composed
// EXPECT-STDERR: FILE:16:16: error: jvp(resid_jacrev): a sparse driver cannot be differentiated or batched; drop sparse from the request that makes 'resid_jacrev'
/* A sparse driver fills a ccad_csr through the runtime, whose pattern
** and colouring cc-ad does not differentiate or batch: differentiating it
** again (or batching it) is refused at the request, not at the runtime
** call deep inside. */

void resid(const double *x, double *r, int n)
{
    for (int i = 0; i < n; i++)
        r[i] = x[i] * x[i] - (i > 0 ? x[i - 1] : 1.0);
}

#pragma ad jacrev(resid) wrt(x[n]) out(r[n]) sparse
#pragma ad jvp(resid_jacrev) wrt(x[n])
