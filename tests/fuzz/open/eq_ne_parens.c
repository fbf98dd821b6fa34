/* OPEN (probe5): generated code does not compile under -Wall -Werror
** (grad, jvp, hessian: every mode). A condition `i == n - 1 && !isfinite(s)`
** (the right operand calls a function, so cc-ad splits the &&) becomes
**   cond = i == n - 1 != 0;
**   error: suggest parentheses around comparison in operand of '!='
**   [-Werror=parentheses]
** (`(i > 2) != 0` is printed with the parentheses; == and != share a
** precedence level and the printer leaves them out). The meaning is right;
** gcc's -Wall rejects it. Also printed: cond = !t != 0; for the negated
** call, which -Wlogical-not-parentheses may flag with other compilers.
** Expected: parenthesise a comparison that is an operand of == or != (and
** write the negation as cond = !t or t == 0). Where: the && / || splitting
** that builds `cond = (a) != 0` (tool/transform, simplify of conditions)
** or the C printer's precedence table (tool/emit/emit_c.c).
**   build/tool/cc-ad -o /tmp/e.ad.c tests/fuzz/open/eq_ne_parens.c &&
**   gcc -std=c11 -O2 -Wall -Wextra -Werror -I include -c /tmp/e.ad.c        */
#include <math.h>

double f(const double *x, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++) {
        s += x[i] * x[i];
        if (i == n - 1 && !isfinite(s)) return 0.0;
    }
    return s;
}

#pragma ad grad(f) wrt(x[n])
#pragma ad jvp(f) wrt(x[n])
