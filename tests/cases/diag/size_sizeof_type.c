// EXPECT-EXIT: 1
// EXPECT-DIAG: size_syntax
// EXPECT-STDERR: FILE:13:33: error: bad size expression for 'x': 'Foo' in sizeof(...) is neither a parameter nor a type
// EXPECT-STDERR: FILE:14:33: error: bad size expression for 'x': a type with parentheses in sizeof(...) is not read
/* sizeof of a type name in a size that cc-ad cannot size is an error at
** the name, not code that does not compile or a message about parameters:
** an unknown name (no parameter, typedef or macro), a pointer-to-array
** type. */
double f(const double *x)
{
    return x[0] * x[1];
}
#pragma ad grad(f) wrt(x[sizeof(Foo) / sizeof(double)])
#pragma ad grad(f) wrt(x[sizeof(double (*)[3]) / sizeof(double)]) name(f_grad2)
