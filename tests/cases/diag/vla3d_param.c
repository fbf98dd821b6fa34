// EXPECT-EXIT: 1
// EXPECT-DIAG: vla_param_rows
// EXPECT-STDERR: FILE:8:34: error: parameter 'a' of 'cube' is a variable-length array of arrays with a length cc-ad cannot read back
/* double a[n][n][n]: cc-ad reads back the row length of a two-dimensional
** variable-length array parameter (double a[n][m]), not more dimensions;
** refused with advice instead of generating double (*a)[][], which does
** not compile. */
static double cube(int n, double a[n][n][n])
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += a[i][i][i] * a[i][i][i];
    return s;
}

double f(double *x, int n)
{
    (void)n;
    double a[2][2][2] = {{{x[0], x[1]}, {x[2], x[3]}}, {{x[4], x[5]}, {x[6], x[7]}}};
    return cube(2, a);
}

#pragma ad grad(f) wrt(x[8])
