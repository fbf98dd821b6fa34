// EXPECT-EXIT: 1
// EXPECT-DIAG: size_one_dim
// EXPECT-DIAG: size_per_dim
// EXPECT-STDERR: FILE:34:29: error: 'X' points to rows [p], so it takes one size per dimension, the number of rows first: wrt(X[n][p])
// EXPECT-STDERR: FILE:35:31: error: 'X' points to rows [p], so it takes one size per dimension, the number of rows first: wrt(X[n][p])
// EXPECT-STDERR: FILE:36:29: error: 'A' points to rows [4], so it takes one size per dimension, the number of rows first: wrt(A[rows][4]), with rows the number of rows
// EXPECT-STDERR: FILE:37:31: error: 'w' points to single values, so it takes one size, its element count: wrt(w[(p) * (2)])
// EXPECT-STDERR: FILE:38:31: error: 'A' points to rows [4], so it takes one size per dimension, the number of rows first: wrt(A[m][4])
// EXPECT-STDERR: FILE:52:36: error: 'P' points to rows [2], so it takes one size per dimension, the number of rows first: wrt(P[NPT][2])
/* A matrix parameter takes one size per dimension, rows first (contract
** section 2): const double X[n][p] is double (*X)[p], and a single size
** wrt(X[n*p]) used to be read as a count of rows, so grad cleared n*p*p
** doubles. A size that cannot match the declared type is an error that
** shows the clause to write. */

double loss(int n, int p, const double X[n][p], const double *w)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < p; j++)
            s += X[i][j] * X[i][j] * w[j];
    return s;
}

double frob(int m, const double A[][4])
{
    double s = 0.0;
    for (int i = 0; i < m; i++)
        for (int j = 0; j < 4; j++)
            s += A[i][j] * A[i][j];
    return s;
}

#pragma ad grad(loss) wrt(X[n*p], w[p])
#pragma ad jvp(loss) wrt(X[n][p + 1], w[p]) name(loss_t)
#pragma ad grad(frob) wrt(A[m * 4])
#pragma ad vjp(loss) wrt(w[p][2])
#pragma ad jvp(frob) wrt(A[m][5]) name(frob_t)

/* lengths written as macros: the clause shows the macro, not its text */
#define NPT 3
#define DIM 2
double spread(const double P[NPT][DIM], int d)
{
    double s = 0.0;
    for (int i = 0; i < NPT; i++)
        for (int j = 0; j < d; j++)
            s += P[i][j] * P[i][j];
    return s;
}

#pragma ad grad(spread) wrt(P[NPT][d])
