/* grad/const_cursor_helper (probe5): a helper moves the caller's read-only
** cursor through a pointer to it, adv(const double **pp, const double *nb)
** { *pp = nb; }. Its backward sweep restored the shadow cursor with the
** primal's type, *pp_bar = (const double *)ccad_pop_p(); into a double **:
** -Wdiscarded-qualifiers, an error under -Werror (the gradient was right).
** A shadow pointer's restore is now cast to a writable pointer. Oracle:
** ORACLE_XN_CASE (differences, the dot test of jvp with vjp). */
#include "ccad.h"
#include "ccad_oracle.h"

static void adv(const double **pp, const double *nb) { *pp = nb; }

double k(const double *x, int n)
{
    double A[2] = {x[0], x[1]}, B[2] = {x[1] * x[1], 0.0};
    const double *p = A;
    double s = 0.0;
    for (int t = 0; t < n; t++) {
        s += 3.0 * p[0] + p[1];
        adv(&p, B);
    }
    return s;
}

#pragma ad grad(k) wrt(x[n])
#pragma ad jvp(k) wrt(x[n])
#pragma ad vjp(k) wrt(x[n])

#include "const_cursor_helper.ad.h"

ORACLE_XN_CASE(k, 2, 17)
