// EXPECT-EXIT: 0
// EXPECT-DIAG: grad_ptr_rows
// EXPECT-STDERR: FILE:8:22: warning: 'grad' cannot zero the rows that the pointers of 'a_bar' lead to
/* grad of a Numerical Recipes matrix, double **a: the caller's a_bar is a
** table of pointers to its derivative rows, whose sizes grad does not
** know, so it cannot zero them: a warning says to zero them before the
** call (it spoke of the "floating fields of '*a_bar'", a struct's words). */
double frob(double **a, int n, int m)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < m; j++)
            s += a[i][j] * a[i][j];
    return s;
}

#pragma ad grad(frob) wrt(a[n])
