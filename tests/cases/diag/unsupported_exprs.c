// EXPECT-EXIT: 1
// EXPECT-DIAG: odd_expr
// EXPECT-DIAG: odd_paren
// EXPECT-DIAG: init_out_of_order
// EXPECT-STDERR: FILE:13:12: error: this expression (GenericSelectionExpr)
// EXPECT-STDERR: FILE:19:16: error: this expression cannot be differentiated
// EXPECT-STDERR: FILE:27:27: error: this initializer
/* Expressions cc-ad does not lower, each an error at the expression with
** what to write instead: _Generic, __builtin_choose_expr, an initializer
** with more elements than the struct has fields after a designator. */
double generic(double x)
{
    return _Generic(x, double: x * x, default: 0.0);
}
#pragma ad jvp(generic)

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
