// EXPECT-EXIT: 1
// EXPECT-STDERR: FILE:17:5: error: a function returning a pointer into differentiated data is not supported
// EXPECT-STDERR: form the pointer in the caller
/* A helper returns a pointer into x, and the caller writes through it.
** Activity must follow the returned pointer into x's memory (it used to
** lose it: the gradient ignored the write, and jvp dereferenced a null
** tangent pointer). Refused in both modes, with advice. */
static double *pick(double *a, int i)
{
    return a + i;
}

double f(double *x, int n)
{
    double *p;
    double s = x[0];
    p = pick(x, 1);
    *p = *p * 2.0;
    return s * x[n - 1];
}

#pragma ad grad(f) wrt(x[n])
#pragma ad jvp(f) wrt(x[n])
