// EXPECT-EXIT: 1
// EXPECT-DIAG: compound_literal
// EXPECT-DIAG: stmt_expr
// EXPECT-STDERR: FILE:18:14: error: a statement expression cannot be differentiated; move the statements out of the expression
// EXPECT-STDERR: FILE:24:18: error: a compound literal cannot be differentiated; declare a named variable and assign it
/* GNU C idioms that cc-ad does not lower: a statement-expression MAX macro
** (as in the Linux kernel) and a compound literal passed to a helper. */
#define MAX(a, b) ({ __typeof__(a) a_ = (a); __typeof__(b) b_ = (b); a_ > b_ ? a_ : b_; })

typedef struct { double x, y; } Vec2;

static double norm2(Vec2 v) { return v.x * v.x + v.y * v.y; }

double relu_sum(const double *x, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += MAX(x[i], 0.0);
    return s;
}

double pair_norm(const double *p)
{
    return norm2((Vec2){p[0], p[1]});
}

#pragma ad grad(relu_sum) wrt(x[n])
#pragma ad grad(pair_norm) wrt(p[2])
