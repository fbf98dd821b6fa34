// EXPECT-EXIT: 1
// EXPECT-DIAG: req_clause_twice
// EXPECT-STDERR: FILE:16:49: error: sparse is given twice in this request (first at column 42); keep one
/* The flag 'sparse' given twice in one request is the error every other
** repeated clause is (manual: clauses "come in any order and each appears
** at most once"); it was accepted without a word. */
#include <math.h>

void g(const double *x, double *y, int n)
{
    for (int i = 0; i < n; i++) y[i] = sin(x[i]);
}

/* the same request once is accepted (not a repeat of it) */
#pragma ad jacrev(g) wrt(x[n]) out(y[n]) sparse
#pragma ad jacfwd(g) wrt(x[n]) out(y[n]) sparse sparse
