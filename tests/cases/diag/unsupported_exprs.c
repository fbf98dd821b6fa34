// EXPECT-EXIT: 1
// EXPECT-DIAG: odd_expr
// EXPECT-DIAG: odd_paren
// EXPECT-DIAG: init_out_of_order
// EXPECT-DIAG: complex
// EXPECT-DIAG: complex_unary
// EXPECT-STDERR: FILE:17:12: error: this expression (GenericSelectionExpr)
// EXPECT-STDERR: FILE:23:16: error: this expression cannot be differentiated
// EXPECT-STDERR: FILE:31:27: error: this initializer
// EXPECT-STDERR: FILE:38:16: error: this unary operator (complex numbers)
/* Expressions cc-ad does not lower, each an error at the expression with
** what to write instead: _Generic, __builtin_choose_expr, an initializer
** with more elements than the struct has fields after a designator, and
** the real part of a complex number. */
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

double realpart(double a, _Complex double z)
{
    return a * __real__ z;
}
#pragma ad jvp(realpart) wrt(a)
