// EXPECT-EXIT: 1
// EXPECT-DIAG: generic_unknown
// EXPECT-STDERR: FILE:11:12: error: cc-ad cannot tell which association of this _Generic selection is chosen
/* A generic selection whose associations have one type and whose type
** names cc-ad does not compare (a __typeof__ here) cannot be resolved
** without the compiler's type rules: refused, naming the C construct (it
** was "this expression (GenericSelectionExpr) cannot be differentiated"),
** never a guess that could pick the wrong association. */
double f(double x, float y)
{
    return _Generic(x, __typeof__(y): x * x, default: 3 * x);
}

#pragma ad grad(f) wrt(x)
