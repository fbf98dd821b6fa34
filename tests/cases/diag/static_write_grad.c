// EXPECT-EXIT: 1
// EXPECT-DIAG: static_write
// EXPECT-STDERR: FILE:19:5: error: write to the file-scope static variable 'last'
/* Reverse mode: a value that carries a derivative stored in a file-scope
** static variable, after a call of a differentiated helper. One error that
** says what to change, and no follow-on internal error (run_diag.sh). */
static double last;

static void square_all(int n, const double *x, double *y)
{
    for (int i = 0; i < n; i++)
        y[i] = x[i] * x[i];
}

double f(const double *x, int n)
{
    double y[4];
    square_all(n, x, y);
    last = y[0];
    return y[0] + y[1];
}

#pragma ad grad(f) wrt(x[n])
