/*
** grad/math_pointer_outputs: <math.h> functions that store through a pointer
** (modf's integral part, frexp's exponent) inside loops, as table lookups
** and range reductions use them: 'double fr = modf(t, &ip)' with ip read
** afterwards, and 'frexp(v, &e);' called for its exponent alone. cc-ad once
** crashed on the statement whose value is dropped, removed such calls as
** pure (so e and ip kept stale values), and did not save what they overwrite
** for the backward sweep (a silent wrong gradient in every iteration but
** the last). Oracles: central differences (the points are away from the
** jumps of ip and e), and jvp against grad.
*/
#include <math.h>

#include "ccad_oracle.h"

double reduce(const double *x, int n)
{
    double s = 0.0, ip;
    for (int i = 0; i < n; i++) {
        double fr = modf(x[i] * 3, &ip);
        int e;
        frexp(x[i] * 5, &e);
        s += fr * ip * x[i] + ldexp(x[i] * x[i], e);
    }
    return s;
}

#pragma ad grad(reduce) wrt(x[n])
#pragma ad jvp(reduce)

#include "math_pointer_outputs.ad.h"

enum { N = 6 };

int main(void)
{
    double x[N] = {0.37, -0.81, 1.23, 0.55, 2.71, -1.64}, g[N], h = 1e-7;
    CHECK_CLOSE("grad value", reduce_grad(x, g, N), reduce(x, N), 1e-15, 0);
    for (int i = 0; i < N; i++) {
        double t = x[i];
        x[i] = t + h;
        double fp = reduce(x, N);
        x[i] = t - h;
        double fm = reduce(x, N);
        x[i] = t;
        CHECK_CLOSE("grad vs fd", g[i], (fp - fm) / (2 * h), 1e-6, 1e-8);
        double xd[N] = {0}, rd;
        xd[i] = 1.0;
        CHECK_CLOSE("jvp value", reduce_jvp(x, xd, N, &rd), reduce(x, N), 1e-15, 0);
        CHECK_CLOSE("jvp = grad", rd, g[i], 1e-12, 1e-15);
    }
    return oracle_result();
}
