// EXPECT-EXIT: 1
// EXPECT-DIAG: callee_restores_param
// EXPECT-STDERR: FILE:27:17: error: parameter 'w' is modified
/* A helper fills w, a parameter of f without a size, twice; the backward
** code of the first loop reads w as the first call left it, so the second
** call's backward code restores it, and f_grad would return w as it was
** before that call. The error asks for w's size, so that its final values
** can be kept. */
static void fill(double *w, int n, int k)
{
    for (int i = 0; i < n; i++)
        w[i] = (double)(i * k);
}

double f(const double *x, int n, double *w)
{
    fill(w, n, 1);
    double s = 0;
    for (int i = 0; i < n; i++)
        s += x[i] * x[i] * w[i];
    fill(w, n, 2);
    for (int i = 0; i < n; i++)
        s += x[i] * x[i] * w[i];
    return s;
}

#pragma ad grad(f) wrt(x[n])
