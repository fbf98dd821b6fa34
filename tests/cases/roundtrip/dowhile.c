/*
** roundtrip/dowhile: do-while loops whose condition has a side effect,
** `do { ... } while (--n > 0)` and `while (k++ < m)`, a common C idiom
** (contract section 4: ++/-- and do loops).
*/
#include "roundtrip.h"

double dowhile(const double *x, int n)
{
    double s = 0.0;
    int k = 0;
    do {
        s += x[n - 1] * (k + 1);
    } while (--n > 0);
    int m = 3;
    do
        s *= 0.9;
    while (k++ < m);
    return s + k;
}

#pragma ad jvp(dowhile) wrt(x[n])

#include "dowhile.ad.h"

int main(void)
{
    OracleRng rng = oracle_rng(30);
    rt_begin("dowhile");
    for (int i = 0; i < RT_NCASES; i++) {
        double x[6];
        oracle_fill_uniform(&rng, x, 6, -1, 1);
        rt_cmp(dowhile_primal(x, 1 + i % 6), dowhile(x, 1 + i % 6), i);
    }
    rt_end();
    return oracle_result();
}
