// EXPECT-EXIT: 0
// EXPECT-DIAG: pragma_stringized
// EXPECT-STDERR: FILE:20:1: warning: _Pragma(#x) in macro 'DO_PRAGMA': a '#pragma ad' built by '#' through another macro is not read
/* A request spelled through two macros, the inner one stringizing:
** cc-ad reads _Pragma(#x) when FILE.c uses that macro itself (the
** grad below), but not when its argument comes from another macro
** (AD(...)): it says so where the macro is used, instead of dropping the
** request silently. DO_PRAGMA(omp ...) through OMP is not a request: no
** warning for it. */
#define DO_PRAGMA(x) _Pragma(#x)
#define AD(x) DO_PRAGMA(ad x)
#define OMP(x) DO_PRAGMA(omp x)

double f(double x)
{
    return x * x;
}

DO_PRAGMA(ad grad(f))
AD(jvp(f) name(f_fwd))
OMP(declare simd)
double g(double x) { return x; }
