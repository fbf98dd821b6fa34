/*
** roundtrip/counters: integer counters through pointers, the usual way
** numerical code counts evaluations: (*calls)++, ++*calls, (*calls)--,
** cnt[i]++, *cnt += 2, and a helper that bumps a counter. FUNC_primal must
** compute the same value and leave the counters exactly as FUNC does.
*/
#include "roundtrip.h"

static void bump(int *c) { (*c)++; }

double counted(const double *x, int n, int *calls, long *hist)
{
    double s = 0.0;
    (*calls)++;
    for (int i = 0; i < n; i++) {
        s += x[i] * x[i];
        if (x[i] > 0) {
            ++*calls;
            hist[0]++;
        } else {
            hist[1] += 2;
        }
        bump(calls);
    }
    (*calls)--;
    --hist[2];
    *calls += 10;
    return s;
}

#pragma ad jvp(counted) wrt(x[n])

#include "counters.ad.h"

int main(void)
{
    OracleRng rng = oracle_rng(13);
    rt_begin("counted");
    for (int i = 0; i < RT_NCASES; i++) {
        double x[6];
        oracle_fill_uniform(&rng, x, 6, -1, 1);
        int c0 = 5, c1 = 5;
        long h0[3] = {0, 0, 0}, h1[3] = {0, 0, 0};
        rt_cmp(counted_primal(x, 6, &c1, h1), counted(x, 6, &c0, h0), i);
        rt_cmpi(c1, c0, i);
        for (int k = 0; k < 3; k++)
            rt_cmpi(h1[k], h0[k], i);
    }
    rt_end();
    return oracle_result();
}
