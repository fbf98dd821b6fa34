/* OPEN (probe14): VALID CODE REFUSED: `_Pragma("ad checkpoint")` handed to a
** macro as an argument, placed in the macro's body right before its loop
** (`#define SIM(CKPT) ... CKPT for (...) ...`, used as SIM(_Pragma(..))),
** is "error: '#pragma ad checkpoint' must be followed by a loop (for, while
** or do) or by a statement that calls a function", though tool/README.md
** says the loop is "the next statement, or the rest of the macro's
** expansion". Related: a function written on one line with the pragma
** operator in it, `double f(..) { double s = 0; LOOP(n) s += ..; return s; }`
** with LOOP(n) = _Pragma("ad checkpoint") for (..), is "error: '#pragma ad
** checkpoint' belongs inside a function": the pragma's place seems matched
** by line against the function's opening line. Both work when the pragma
** (or the LOOP macro) sits on a line of its own (tests/cases/grad/
** checkpoint_pragma_operator.c). Found porting a Verlet cloth whose two
** variants (checkpointed and not) share one macro body.
** Expected: the loop checkpointed, the gradient right (checked against the
** same function without the pragma); got: cc-ad exits 1 (run_case step 1).
** Run: run_case.sh ... pragma_operator_macro_arg.c */
#include <math.h>
#include "ccad_oracle.h"

#define BODY(CKPT)                                           \
    double s = 0.0;                                          \
    CKPT                                                     \
    for (int i = 0; i < n; i++) s += 0.1 * sin(x[i] * s + x[i]); \
    return s;

double f(const double *x, int n)
{
    BODY(_Pragma("ad checkpoint(snapshots=2)"))
}
double f_plain(const double *x, int n)
{
    BODY()
}
#define LOOP(n) _Pragma("ad checkpoint(snapshots=2)") for (int i = 0; i < (n); i++)
double g(const double *x, int n) { double s = 0.0; LOOP(n) s += 0.1 * sin(x[i] * s + x[i]); return s; }

#pragma ad grad(f) wrt(x[n])
#pragma ad grad(f_plain) wrt(x[n])
#pragma ad grad(g) wrt(x[n])
#include "pragma_operator_macro_arg.ad.h"

int main(void)
{
    double x[20], g1[20], g2[20], g3[20];
    for (int i = 0; i < 20; i++) x[i] = 0.1 * i - 0.7;
    double v1 = f_grad(x, g1, 20), v2 = f_plain_grad(x, g2, 20), v3 = g_grad(x, g3, 20);
    CHECK_CLOSE("f = f_plain", v1, v2, 0, 0);
    CHECK_CLOSE("g = f_plain", v3, v2, 0, 0);
    CHECK_VEC_CLOSE("grad f = grad f_plain", g1, g2, 20, 1e-13, 1e-16);
    CHECK_VEC_CLOSE("grad g = grad f_plain", g3, g2, 20, 1e-13, 1e-16);
    return oracle_result();
}
