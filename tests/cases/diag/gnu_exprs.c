// EXPECT-EXIT: 1
// EXPECT-DIAG: stmt_expr
// EXPECT-STDERR: FILE:16:18: error: a statement expression that leaves itself (return, goto, break) cannot be differentiated; move the statements out of the expression
/* A GNU statement expression that returns from the function it is in
** (a CHECK macro): its statements cannot go before the expression that
** holds it. Statement expressions that only compute a value (the MAX
** macros of kernel-style C) are lowered: grad/stmt_exprs. Compound
** literals (C99) too: grad/compound_literals. */
#include <math.h>
#define POSITIVE_OR_RETURN(v) ({ double v_ = (v); if (v_ <= 0) return 0.0; v_; })

double log_sum(const double *x, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += log(POSITIVE_OR_RETURN(x[i]));
    return s;
}

#pragma ad grad(log_sum) wrt(x[n])
