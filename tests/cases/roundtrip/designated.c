/*
** roundtrip/designated: C99 designated initializers for a struct and an
** array, in a differentiated function ({.y = ..., .x = ...}, {[2] = ...}).
** Fields and elements not named are zero.
*/
#include "roundtrip.h"

struct Vec {
    double x, y, z;
};

double designated(const double *x)
{
    struct Vec f = {.y = 2.0 * x[0], .x = x[1] - 1.0};
    double a[4] = {[2] = x[2], [0] = 1.5};
    return f.x * 3.0 + f.y + f.z + a[0] + a[1] * 2.0 + a[2] * 3.0 + a[3];
}

#pragma ad jvp(designated) wrt(x[3])

#include "designated.ad.h"

int main(void)
{
    OracleRng rng = oracle_rng(21);
    rt_begin("designated");
    for (int i = 0; i < RT_NCASES; i++) {
        double x[3];
        oracle_fill_uniform(&rng, x, 3, -2, 2);
        rt_cmp(designated_primal(x), designated(x), i);
    }
    rt_end();
    return oracle_result();
}
