// EXPECT-EXIT: 1
// EXPECT-DIAG: odd_expr
// EXPECT-DIAG: odd_paren
// EXPECT-DIAG: init_out_of_order
// EXPECT-STDERR: FILE:14:15: error: this expression (AddrLabelExpr)
// EXPECT-STDERR: FILE:21:16: error: this expression cannot be differentiated
// EXPECT-STDERR: FILE:29:27: error: this initializer
/* Expressions cc-ad does not lower, each an error at the expression with
** what to write instead: a label's address (GNU's labels as values),
** __builtin_choose_expr, an initializer
** with more elements than the struct has fields after a designator. */
double label(double x)
{
    void *p = &&L;
L:  return p ? x * x : x;
}
#pragma ad jvp(label)

double choose(double x)
{
    double y = __builtin_choose_expr(1, x, 0.0);
    return y * x;
}
#pragma ad jvp(choose)

struct P { double x, y; };
double init(double a)
{
    struct P p = {.y = a, a, a};
    return p.x * p.y;
}
#pragma ad jvp(init)
