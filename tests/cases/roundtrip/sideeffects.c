/*
** roundtrip/sideeffects: calls that carry no derivative and must run exactly
** as often as in the original: a random-number generator with its state
** behind a pointer (declared inactive), an int "log" written through a
** pointer, a call counter (a file-scope variable: a static local one,
** which FILE.ad.c could only copy, is refused), memcpy/memmove/memset on
** scratch and output buffers, and a call whose result is unused.
*/
#include <string.h>

#include "roundtrip.h"

unsigned lcg_next(unsigned *state)
{
    *state = *state * 1664525u + 1013904223u;
    return *state >> 8;
}

double lcg_uniform(unsigned *state) { return (double)lcg_next(state) / 16777216.0; }

void note(int *log, int *nlog, int code)
{
    log[nlog[0] % 16] = code;
    nlog[0] += 1;   /* (*nlog)++ is roundtrip/counters */
}

int ncalls = 0;

double noisy(const double *x, double *y, int n, unsigned *seed, int *log, int *nlog)
{
    ncalls = ncalls + 1;
    double tmp[16];
    memset(tmp, 0, sizeof tmp);
    memcpy(tmp, x, (size_t)n * sizeof *x);
    memmove(tmp + 1, tmp, (size_t)(n - 1) * sizeof(double));
    double s = 0.0;
    for (int i = 0; i < n; i++) {
        double r = lcg_uniform(seed);
        if (r < 0.5)
            note(log, nlog, i);
        lcg_next(seed);            /* result unused */
        s += tmp[i] * r + x[i];
    }
    memset(y, 0, (size_t)n * sizeof(double));
    for (int i = 0; i < n; i++)
        y[i] = s * tmp[i];
    note(log, nlog, ncalls > 0 ? -1 : -2);
    return s;
}

#pragma ad inactive(lcg_uniform)
#pragma ad inactive(lcg_next)
#pragma ad jvp(noisy) wrt(x[n]) out(y[n])

#include "sideeffects.ad.h"

#define N 10

int main(void)
{
    OracleRng rng = oracle_rng(14);
    rt_begin("noisy");
    for (int i = 0; i < RT_NCASES; i++) {
        double x[N], y0[N], y1[N];
        int log0[16] = {0}, log1[16] = {0}, n0 = 0, n1 = 0;
        unsigned s0 = 12345u + (unsigned)i, s1 = s0;
        oracle_fill_uniform(&rng, x, N, -1, 1);
        for (int k = 0; k < N; k++)
            y0[k] = y1[k] = 7.0;
        int n = 2 + i % (N - 1);
        rt_cmp(noisy_primal(x, y1, n, &s1, log1, &n1), noisy(x, y0, n, &s0, log0, &n0), i);
        rt_cmpv(y1, y0, N, i);
        rt_cmpi((long)s1, (long)s0, i);
        rt_cmpi(n1, n0, i);
        for (int k = 0; k < 16; k++)
            rt_cmpi(log1[k], log0[k], i);
    }
    rt_end();
    return oracle_result();
}
