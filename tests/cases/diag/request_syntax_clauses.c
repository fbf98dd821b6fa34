// EXPECT-EXIT: 1
// EXPECT-DIAG: req_function_expected
// EXPECT-DIAG: req_close_expected
// EXPECT-DIAG: req_clause_paren
// EXPECT-DIAG: req_param_expected
// EXPECT-DIAG: req_clause_comma
// EXPECT-DIAG: req_size_bracket
// EXPECT-DIAG: req_name_syntax
// EXPECT-DIAG: req_unknown_clause
// EXPECT-DIAG: param_not_float
// EXPECT-STDERR: FILE:30:17: error: expected a function name
// EXPECT-STDERR: FILE:31:18: error: expected ')'
// EXPECT-STDERR: FILE:32:24: error: expected '(' after the
// EXPECT-STDERR: FILE:33:24: error: expected a parameter name
// EXPECT-STDERR: FILE:34:29: error: expected ',' or ')'
// EXPECT-STDERR: FILE:35:26: error: missing ']' after the
// EXPECT-STDERR: FILE:36:30: error: expected name(identifier)
// EXPECT-STDERR: FILE:37:30: error: unknown clause 'over'; expected
// EXPECT-STDERR: FILE:38:30: error: parameter 'n' is not
/* More slips in '#pragma ad' lines, one per line: each is an error where
** the line goes wrong, and the other requests are still read. */
double f(const double *x, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += x[i] * x[i];
    return s;
}

#pragma ad grad()
#pragma ad grad(f
#pragma ad grad(f) wrt x[n]
#pragma ad grad(f) wrt(1)
#pragma ad grad(f) wrt(x[n] n)
#pragma ad grad(f) wrt(x[n)
#pragma ad grad(f) wrt(x[n]) name
#pragma ad grad(f) wrt(x[n]) over(x)
#pragma ad grad(f) wrt(x[n], n)
