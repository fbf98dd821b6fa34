// EXPECT-EXIT: 1
// EXPECT-DIAG: callee_restores_pointee
// EXPECT-STDERR: FILE:28:5: error: 'order' modifies what parameter 'perm' points to, and its backward code restores that data
// EXPECT-STDERR: store into 'perm' in 'f' itself
/* A helper computes an index array in memory of the caller's (int data,
** no derivative). The backward sweep of the first loop reads perm as the
** first call left it, so the second call's backward code restores what it
** overwrote, and f_grad would return perm as it was before that call. The
** size of perm cannot be given (wrt/out take floating data only): the
** error says what to do instead (it used to suggest wrt(perm[n]), itself
** an error). The first call, whose old values nothing reads, is fine, and
** so are helpers that only read perm (grad/readonly_args). */
static void order(int *perm, const double *x, int n)
{
    for (int i = 0; i < n; i++)
        perm[i] = (i * 3 + (x[i] > 0)) % n;
}

double f(const double *x, int n, int *perm)
{
    order(perm, x, n);
    double s = 0;
    for (int i = 0; i < n; i++)
        s += x[perm[i]] * x[i];
    double y[16];
    for (int i = 0; i < n; i++)
        y[i] = x[i] * 2.0;
    order(perm, y, n);
    for (int i = 0; i < n; i++)
        s += y[perm[i]] * x[i];
    return s;
}

#pragma ad grad(f) wrt(x[n])
