// EXPECT-EXIT: 1
// EXPECT-DIAG: vla_ptr_in_block
// EXPECT-STDERR: FILE:14:24: error: 'm' inside a block points to rows of a length computed in the function
/* A pointer to rows of a length the loop computes, declared in the loop:
** reverse mode declares its variables at the top of the function, where
** the length (evaluated where the type is declared) is not known yet; the
** rows would be indexed with another length, a wrong gradient. Refused,
** with what to write instead (jac/vla_row_pointer: declared outside). */
double rows(const double *x, int n)
{
    double s = 0.0;
    for (int r = 1; r <= 2; r++) {
        int k = n / 2 - r;
        const double (*m)[k] = (const double (*)[k])(x + r);
        for (int j = 0; j < k; j++)
            s += m[1][j] * m[0][(j + 1) % k];
    }
    return s;
}

#pragma ad grad(rows) wrt(x[n])
