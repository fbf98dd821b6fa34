/*
** grad/repeated_items: a parameter listed twice in a clause (as a
** generated or edited pragma line ends up) is one input: cc-ad warns once
** per name with the count, and the derivative is the one of the clause
** without the repeats. A 3000-fold repeat used to take 35 s and 6.7 GB
** before an error (quadratic in the repeats); now it is one linear pass
** (tests/integration/front_limits.sh measures it).
** Oracle: ORACLE_XN_CASE (central differences, dot-product test between
** jvp and vjp, grad = vjp with seed 1, empty tapes).
*/
// EXPECT-WARNING: 'x' is listed 3 times in wrt(...); the repeats are ignored
// EXPECT-WARNING: 'x' is listed 2 times in wrt(...); the repeats are ignored
// EXPECT-WARNING: 'return' is listed 2 times in out(...); the repeats are ignored
#include <math.h>

#include "ccad.h"
#include "ccad_oracle.h"

double softplus_sum(const double *x, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += log1p(exp(x[i])) * (1.0 + 0.1 * i);
    return s;
}

#pragma ad grad(softplus_sum) wrt(x[n], x, x[n])
#pragma ad vjp(softplus_sum) wrt(x[n], x[n]) out(return, return)
#pragma ad jvp(softplus_sum) wrt(x[n])

#include "repeated_items.ad.h"

ORACLE_XN_CASE(softplus_sum, 6, 11)
