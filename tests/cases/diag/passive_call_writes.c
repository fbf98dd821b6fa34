// EXPECT-EXIT: 1
// EXPECT-DIAG: passive_call_writes
// EXPECT-STDERR: FILE:19:9: error: 'jitter' carries no derivative but stores through argument 1 into memory that the backward sweep reads
/* An inactive function overwrites, in every iteration, a buffer the
** caller passes without a size; the backward sweep reads the earlier
** draws, which cc-ad would have to save, and cannot without a size
** (grad/inactive_writes: with scratch(w[n]) it is saved and works). */
void jitter(double *w, int n, unsigned *seed)
{
    for (int i = 0; i < n; i++)
        w[i] = (double)((*seed = *seed * 69069u + 1u) % 1000u) / 1000.0;
}
#pragma ad inactive(jitter)

double f(const double *x, int n, double *w, unsigned seed)
{
    double s = 0.0;
    for (int r = 0; r < 2; r++) {
        jitter(w, n, &seed);
        for (int i = 0; i < n; i++)
            s += w[i] * x[i] * x[i];
    }
    return s;
}

#pragma ad vjp(f) wrt(x)
