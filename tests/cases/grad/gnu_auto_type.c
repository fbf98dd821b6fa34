/* GNU __auto_type locals (`__auto_type v = x[0] * x[1];`, and the form of
** the MAX/MIN macros that evaluate their arguments once) carry derivatives
** like the type they deduce, a double or a pointer to doubles: cc-ad took an
** auto type for an integer spelled "double" and dropped their derivatives
** with no diagnostic. Oracle: the gradient of x0 x1 x2 + x0^2 + x1 in
** closed form, jvp against it. */
// CFLAGS: -std=gnu11
#include <math.h>
#include "ccad_oracle.h"

#define MUL_ONCE(a, b) ({ __auto_type a_ = (a); __auto_type b_ = (b); a_ * b_; })

double f(const double *x)
{
    __auto_type v = x[0] * x[1];
    __auto_type p = x + 1;
    return v * x[2] + MUL_ONCE(x[0], x[0]) + p[0];
}

#pragma ad grad(f) wrt(x[3])
#pragma ad jvp(f) wrt(x)

#include "gnu_auto_type.ad.h"

int main(void)
{
    double x[3] = {0.5, -1.5, 2.0}, g[3], xd[3] = {1, 1, 1}, d;
    double w[3] = {x[1] * x[2] + 2 * x[0], x[0] * x[2] + 1, x[0] * x[1]};
    f_grad(x, g);
    CHECK_VEC_CLOSE("grad", g, w, 3, 1e-12, 1e-14);
    f_jvp(x, xd, &d);
    CHECK_CLOSE("jvp", d, w[0] + w[1] + w[2], 1e-12, 1e-14);
    return oracle_result();
}
