// EXPECT-EXIT: 1
// EXPECT-DIAG: vmap_no_batch
// EXPECT-DIAG: vmap_shared_written
// EXPECT-DIAG: vmap_unsized
// EXPECT-STDERR: FILE:24:17: error: 'dot_vmap' needs the batched parameters
// EXPECT-STDERR: FILE:25:28: error: 'dot_batched' needs the element count of batched array 'a': write batch(a[n])
// EXPECT-STDERR: FILE:26:17: error: 'normalize_vmap': parameter 'scratch' is shared by every batch element but may be written
/* vmap needs batch(...) and the element counts of the batched arrays; a
** shared parameter the function writes would race between batch elements */
double dot(const double *a, const double *b, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++) s += a[i] * b[i];
    return s;
}

void normalize(double *v, double *scratch, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++) { scratch[i] = v[i] * v[i]; s += scratch[i]; }
    for (int i = 0; i < n; i++) v[i] /= s;
}

#pragma ad vmap(dot)
#pragma ad vmap(dot) batch(a) name(dot_batched)
#pragma ad vmap(normalize) batch(v[n])
