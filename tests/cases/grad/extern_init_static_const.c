/* A static const reached only through another global's initializer
** (const double *bound = &lim;): FILE.ad.c declares bound extern, without
** its initializer, so it needs no copy of lim; it printed one all the
** same, which clang -Wall flags (-Wunused-const-variable, an error under
** -Werror; found by fixcomp). grad of sum x_i^2 * lim * scale against its
** closed form. */
#include "ccad_oracle.h"

static const double lim = 2.0;
const double *bound = &lim;
double scale = 3.0;

double f(const double *x, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += x[i] * x[i] * *bound * scale;
    return s;
}

#pragma ad grad(f) wrt(x[n])

#include "extern_init_static_const.ad.h"

int main(void)
{
    double x[3] = {0.5, -1.0, 2.0}, g[3], want[3];
    f_grad(x, g, 3);
    for (int i = 0; i < 3; i++)
        want[i] = 2.0 * x[i] * 2.0 * 3.0;
    CHECK_VEC_CLOSE("grad", g, want, 3, ORACLE_RTOL_EXACT, 1e-15);
    return oracle_result();
}
