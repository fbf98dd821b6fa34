// EXPECT-EXIT: 1
// EXPECT-DIAG: req_directive_expected
// EXPECT-DIAG: req_directive_paren
// EXPECT-DIAG: req_second_function
// EXPECT-DIAG: req_nested_close
// EXPECT-DIAG: req_clause_expected
// EXPECT-DIAG: req_name_ident
// EXPECT-STDERR: FILE:24:17: error: expected '(' after 'grad'
// EXPECT-STDERR: FILE:25:42: error: expected name(identifier): one C identifier
// EXPECT-STDERR: FILE:26:32: error: expected a clause: wrt(...), out(...), name(...), batch(...), scratch(...) or may_alias(...)
// EXPECT-STDERR: FILE:27:28: error: expected '))' after the nested request
// EXPECT-STDERR: FILE:28:29: error: expected a function name after ','
// EXPECT-STDERR: FILE:29:12: error: expected a directive such as grad(f) or jvp(f)
/* Typing slips in '#pragma ad' lines: each is an error at the slip, saying
** what was expected there; the other requests are still checked. */
double loss(const double *w, const double *x, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += (w[i] * x[i] - 1.0) * (w[i] * x[i] - 1.0);
    return s;
}

#pragma ad grad loss wrt(w[n])
#pragma ad grad(loss) wrt(w[n]) name(loss-grad)
#pragma ad grad(loss) wrt(w[n]);
#pragma ad vmap(grad(loss) wrt(w[n]) batch(x[n])
#pragma ad custom_vjp(loss, )
#pragma ad (loss) wrt(w[n])
