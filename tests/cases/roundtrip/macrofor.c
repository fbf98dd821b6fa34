/*
** roundtrip/macrofor: for loops written through macros, as numerical code
** often does (FOR(i, n), a loop macro that leaves out the init, one that
** leaves out the step), and a do { ... } while (0) statement macro.
*/
#include "roundtrip.h"

#define FOR(i, n) for (int i = 0; i < (n); i++)
#define UPTO(i, n) for (; (i) < (n); (i)++)
#define UNTIL_STEP(i, n) for ((i) = 0; (i) < (n);)
#define ACC(s, v) do { (s) += (v); (s) *= 0.999; } while (0)

double macrofor(const double *x, int n)
{
    double s = 0.0;
    FOR(i, n) ACC(s, x[i]);
    int j = n / 2;
    UPTO(j, n) s += 2.0 * x[j];
    int k;
    UNTIL_STEP(k, n) {
        s -= 0.5 * x[k];
        k += 1;
    }
    return s + j + k;
}

#pragma ad jvp(macrofor) wrt(x[n])

#include "macrofor.ad.h"

#define N 9

int main(void)
{
    OracleRng rng = oracle_rng(24);
    rt_begin("macrofor");
    for (int i = 0; i < RT_NCASES; i++) {
        double x[N];
        oracle_fill_uniform(&rng, x, N, -1, 1);
        rt_cmp(macrofor_primal(x, 1 + i % N), macrofor(x, 1 + i % N), i);
    }
    rt_end();
    return oracle_result();
}
