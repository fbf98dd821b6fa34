// EXPECT-EXIT: 1
// EXPECT-DIAG: stmt_expr
// EXPECT-STDERR: FILE:13:14: error: a statement expression cannot be differentiated; move the statements out of the expression
/* A GNU C idiom that cc-ad does not lower: a statement-expression MAX
** macro (as in the Linux kernel). (Compound literals, C99, are lowered:
** grad/compound_literals.) */
#define MAX(a, b) ({ __typeof__(a) a_ = (a); __typeof__(b) b_ = (b); a_ > b_ ? a_ : b_; })

double relu_sum(const double *x, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += MAX(x[i], 0.0);
    return s;
}

#pragma ad grad(relu_sum) wrt(x[n])
