/*
** roundtrip/voidparam: `(void)ctx;`, the usual way to mark a parameter
** unused (callbacks with a fixed signature). FUNC_primal must compile
** warning-free under -Wall -Wextra like FUNC does.
*/
#include "roundtrip.h"

double voidparam(void *ctx, const double *x, int n)
{
    (void)ctx;
    double s = 0.0;
    for (int i = 0; i < n; i++)
        s += x[i] * x[i];
    return s;
}

#pragma ad jvp(voidparam) wrt(x[n])

#include "voidparam.ad.h"

int main(void)
{
    OracleRng rng = oracle_rng(27);
    rt_begin("voidparam");
    for (int i = 0; i < RT_NCASES; i++) {
        double x[5];
        oracle_fill_uniform(&rng, x, 5, -1, 1);
        rt_cmp(voidparam_primal(NULL, x, 1 + i % 5), voidparam(NULL, x, 1 + i % 5), i);
    }
    rt_end();
    return oracle_result();
}
