// EXPECT-EXIT: 1
// EXPECT-DIAG: vmap_batched_size
// EXPECT-STDERR: FILE:22:28: error: 'f_vmap': the size of batched array 'x' reads 'n', which is batched too
// EXPECT-STDERR: FILE:23:28: error: 'g_vmap': the size of batched array 'x' reads 's', which is batched too
// EXPECT-STDERR: FILE:24:28: error: 'f_gpu': the size of batched array 'x' reads 'n'
// CFLAGS: -fopenmp
/* A batched array is batch consecutive blocks of one length (contract
** section 3): a size that reads a batched parameter (the size itself, or a
** struct holding it) would differ per element, so the request is refused
** at the size (was accepted, then an internal error under --verify-ir and
** uncompilable f_vmap without it). */
typedef struct S { int n; double w; } S;
double f(const double *x, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += x[i] * x[i];
    return s;
}
double g(const double *x, const S *s) { return x[0] * s->w + x[s->n - 1]; }

#pragma ad vmap(f) batch(x[n], n)
#pragma ad vmap(g) batch(x[s->n], s[1])
#pragma ad cuda(f) batch(x[n], n) name(f_gpu)
