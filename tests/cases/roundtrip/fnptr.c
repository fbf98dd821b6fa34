/*
** roundtrip/fnptr: a function-pointer parameter used on integer data (a
** progress callback, which carries no derivative; contract section 4 only
** rules out calls through function pointers on active data). FUNC_primal
** must declare the parameter and make the call.
*/
#include "roundtrip.h"

static void tick(int *count) { count[0] += 1; }

double fnptr(const double *x, int n, void (*progress)(int *), int *count)
{
    double s = 0.0;
    for (int i = 0; i < n; i++) {
        s += x[i] * x[i];
        progress(count);
    }
    return s;
}

#pragma ad jvp(fnptr) wrt(x[n])

#include "fnptr.ad.h"

int main(void)
{
    OracleRng rng = oracle_rng(29);
    rt_begin("fnptr");
    for (int i = 0; i < RT_NCASES; i++) {
        double x[5];
        int c0 = 0, c1 = 0;
        oracle_fill_uniform(&rng, x, 5, -1, 1);
        rt_cmp(fnptr_primal(x, 1 + i % 5, tick, &c1), fnptr(x, 1 + i % 5, tick, &c0), i);
        rt_cmpi(c1, c0, i);
    }
    rt_end();
    return oracle_result();
}
