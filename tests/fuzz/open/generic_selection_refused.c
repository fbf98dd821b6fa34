/* OPEN (probe7): WRONGLY REFUSED (minor), every mode. A C11 generic
** selection in a user macro (a type-generic square, the idiom <tgmath.h>
** popularised: #define SQ(v) _Generic((v), float: sqf, default: sqd)(v))
** is refused:
**   error: this expression (GenericSelectionExpr) cannot be
**   differentiated; rewrite it in plain C
** The contract: cc-ad reads "one C translation unit (C99/C11 ...)", and
** "Everything numerical C code ordinarily does inside the differentiated
** functions ... macros" must work; _Generic is resolved at compile time
** to one of its associations (here sqd), so it needs no derivative rule
** of its own: the selected expression can replace it. (<tgmath.h> itself
** works: sqrt(x) on a double is accepted.) The message's class name
** (GenericSelectionExpr) is clang's, not the C construct's.
** Run: tests/harness/run_case.sh build/tool/cc-ad build/runtime/libccad.a
**      include /tmp/w tests/fuzz/open/generic_selection_refused.c
*/
#include "ccad_oracle.h"

static double sqd(double v) { return v * v; }
static float sqf(float v) { return v * v; }
#define SQ(v) _Generic((v), float: sqf, default: sqd)(v)

double f(double x, float y)
{
    return SQ(x) * 3.0 + SQ(y);
}

#pragma ad grad(f)

#include "generic_selection_refused.ad.h"

int main(void)
{
    double xb = 0;
    float yb = 0;
    f_grad(1.5, &xb, 0.5f, &yb);
    CHECK_CLOSE("df/dx = 6x", xb, 9.0, 1e-15, 0);
    CHECK_CLOSE("df/dy = 2y", yb, 1.0, 1e-7, 0);
    return oracle_result();
}
