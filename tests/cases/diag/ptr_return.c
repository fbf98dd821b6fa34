// EXPECT-EXIT: 1
// EXPECT-STDERR: FILE:22:5: error: a function returning a pointer into differentiated data is not supported
// EXPECT-STDERR: form the pointer in the caller
/* A helper returns a pointer into x that it finds with a loop (the
** largest element), and the caller writes through it. Derivative code
** would need the derivative pointer from the helper, which no variant
** returns; refused in both modes, with advice. (One-statement accessors,
** return a + i, are inlined and work: grad/addr_helpers.) */
static double *argmax(double *a, int n)
{
    double *best = a;
    for (int i = 1; i < n; i++)
        if (a[i] > *best)
            best = a + i;
    return best;
}

double f(double *x, int n)
{
    double *p;
    double s = x[0];
    p = argmax(x, n);
    *p = *p * 2.0;
    return s * x[n - 1];
}

#pragma ad grad(f) wrt(x[n])
#pragma ad jvp(f) wrt(x[n])
