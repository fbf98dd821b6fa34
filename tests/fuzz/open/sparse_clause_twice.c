/* OPEN (probe7): BAD DIAGNOSTIC (minor). 'sparse' given twice in one
** request is accepted silently (exit 0, no message), where every other
** repeated clause is an error: name(a1) name(a2) -> "name(...) is given
** twice in this request (first at column 42); keep one", and batch(...),
** scratch(...), wrt(...) alike. The manual: "Clauses ... come in any order
** and each appears at most once (may_alias aside: one clause per set)".
** Expected: exit 1 with FILE:LINE:COL: error: ... given twice, as for the
** others. Run: tests/harness/run_diag.sh build/tool/cc-ad /tmp/w THIS.c
*/
// EXPECT-EXIT: 1
// EXPECT-STDERR: FILE:20:
// EXPECT-STDERR: given twice
#include <math.h>

void g(const double *x, double *y, int n)
{
    for (int i = 0; i < n; i++) y[i] = sin(x[i]);
}

#pragma ad jacfwd(g) wrt(x[n]) out(y[n]) sparse sparse
