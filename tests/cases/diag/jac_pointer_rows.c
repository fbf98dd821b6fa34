// EXPECT-EXIT: 1
// EXPECT-DIAG: jac_not_float
// EXPECT-STDERR: FILE:11:26: error: 'g_jacfwd': 'pp' must be
/* jacfwd lays out a matrix over float or double data: an input that points
** to pointers (const double **pp) has no such layout. */
double g(const double **pp, int n)
{
    return pp[0][0] * n;
}

#pragma ad jacfwd(g) wrt(pp[1])
