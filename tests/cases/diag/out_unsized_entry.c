// EXPECT-EXIT: 1
// EXPECT-DIAG: out_unsized_entry
// EXPECT-STDERR: FILE:36:38: error: 'scale_out_jvp': output 'y' is in no wrt(...)
// EXPECT-STDERR: FILE:37:38: error: 'scale_out_vjp': output 'y' is in no wrt(...)
// EXPECT-STDERR: FILE:38:36: error: 'partial_jvp': output 'y' is in no wrt(...)
/* An output in no wrt(...) is a pure output: the value it holds on entry
** is a constant, whose derivative is zero (contract: jvp's r_dot is
** written, vjp's r_bar is zero on exit), and with a size the generated
** code zeroes it (jvp/outonly_entry_zero). Without a size that is known
** only where f stores into it first on every path; an output f reads
** before it writes it (y[i] = y[i] * x[i] + x[i]) or writes on some paths
** only (if (x[i] > 0) y[i] = ...) is refused, with the size to give or
** the clauses of an in-out parameter. Before, jvp read the caller's y_dot
** as the entry value's tangent (NaN in, NaN out) and vjp left y_bar
** non-zero: one request meant two things depending on a size. */
void scale_out(const double *x, double *y, int n)
{
    for (int i = 0; i < n; i++)
        y[i] = y[i] * x[i] + x[i];
}

void partial(const double *x, double *y, int n)
{
    for (int i = 0; i < n; i++)
        if (x[i] > 0) y[i] = x[i] * x[i];
}

/* written first on every path: accepted without a size */
void square(const double *x, double *y, int n)
{
    for (int i = 0; i < n; i++)
        y[i] = x[i] * x[i];
}

#pragma ad jvp(square) wrt(x) out(y)
#pragma ad jvp(scale_out) wrt(x) out(y)
#pragma ad vjp(scale_out) wrt(x) out(y)
#pragma ad jvp(partial) wrt(x) out(y)
