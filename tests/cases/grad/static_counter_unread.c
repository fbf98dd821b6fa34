/* A call counter kept in a static local that nothing reads (ncalls++, a
** debugging aid left in): the generated file's copy counts on its own,
** which no result can show, so it is accepted; a static whose value is
** read is an error (diag/static_local_counter_copies). The gradient of
** sum x_i^2 / 2 + x_0 x_1 against its closed form, in grad and jvp. */
#include "ccad_oracle.h"

double f(const double *x, int n)
{
    static int ncalls = 0;
    static long work;
    ncalls++;
    work--;
    double s = x[0] * x[1];
    for (int i = 0; i < n; i++)
        s += 0.5 * x[i] * x[i];
    return s;
}

#pragma ad grad(f) wrt(x[n])
#pragma ad jvp(f) wrt(x[n])

#include "static_counter_unread.ad.h"

int main(void)
{
    double x[3] = {0.7, -1.1, 2.0}, g[3], v[3] = {1.0, 0.5, -2.0}, dot;
    f_grad(x, g, 3);
    double want[3] = {x[0] + x[1], x[1] + x[0], x[2]};
    CHECK_VEC_CLOSE("grad", g, want, 3, ORACLE_RTOL_EXACT, 1e-15);
    f_jvp(x, v, 3, &dot);
    CHECK_CLOSE("jvp", dot, want[0] * v[0] + want[1] * v[1] + want[2] * v[2], ORACLE_RTOL_EXACT, 1e-15);
    return oracle_result();
}
