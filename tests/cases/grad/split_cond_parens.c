/* grad/split_cond_parens (probe5): a condition `i == n - 1 && !isfinite(s)`
** whose right operand calls a function is split, and the split printed
** cond = i == n - 1 != 0; and cond = !t != 0;, which gcc's -Wparentheses
** and clang's -Wlogical-not-parentheses reject under -Werror (the meaning
** was right). The printer now parenthesises a comparison or a ! that is an
** operand of a comparison. Oracle: ORACLE_XN_CASE (differences, dot test). */
#include "ccad.h"
#include "ccad_oracle.h"
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
#pragma ad vjp(f) wrt(x[n])

#include "split_cond_parens.ad.h"

ORACLE_XN_CASE(f, 5, 11)
