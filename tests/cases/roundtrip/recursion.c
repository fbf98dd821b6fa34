/*
** roundtrip/recursion: direct recursion (a power by squaring, a recursive
** sum over halves of an array), mutual recursion, static helpers calling
** static helpers, a helper used in a loop condition, and a recursive
** static helper.
*/
#include <math.h>

#include "roundtrip.h"

static double sq(double v) { return v * v; }
static double poly(double v) { return sq(v) * 0.5 + v - 1.0; }

static double spow(double b, int e)
{
    if (e == 0)
        return 1.0;
    if (e % 2)
        return b * spow(b, e - 1);
    return sq(spow(b, e / 2));
}

double rpow(double b, int e) { return e < 0 ? 1.0 / spow(b, -e) : spow(b, e); }

double rsum(const double *x, int lo, int hi)
{
    if (hi - lo == 1)
        return poly(x[lo]);
    int mid = lo + (hi - lo) / 2;
    return rsum(x, lo, mid) + sin(rsum(x, mid, hi));
}

double odd_part(double v, int n);

double even_part(double v, int n)
{
    if (n <= 0)
        return v;
    return 0.5 * odd_part(v * 1.1, n - 1) + v;
}

double odd_part(double v, int n)
{
    if (n <= 0)
        return -v;
    return even_part(sq(v) * 0.3, n - 1) - 0.25 * v;
}

static int small(double v) { return fabs(v) < 10.0; }

double iterate(double v, int n)
{
    int k = 0;
    while (small(v) && k < n) {
        v = poly(v) + spow(v, 2) * 0.01;
        k++;
    }
    return v + k;
}

#pragma ad jvp(rpow) wrt(b)
#pragma ad jvp(rsum) wrt(x[hi])
#pragma ad jvp(even_part) wrt(v)
#pragma ad jvp(odd_part) wrt(v)
#pragma ad jvp(iterate) wrt(v)

#include "recursion.ad.h"

int main(void)
{
    OracleRng rng = oracle_rng(25);
    rt_begin("rpow");
    for (int i = 0; i < RT_NCASES; i++) {
        double b = oracle_uniform(&rng, -2, 2);
        int e = i % 21 - 10;
        rt_cmp(rpow_primal(b, e), rpow(b, e), i);
    }
    rt_end();
    rt_begin("rsum");
    for (int i = 0; i < RT_NCASES; i++) {
        double x[13];
        oracle_fill_uniform(&rng, x, 13, -1, 1);
        int hi = 1 + i % 13;
        rt_cmp(rsum_primal(x, 0, hi), rsum(x, 0, hi), i);
    }
    rt_end();
    rt_begin("even_odd");
    for (int i = 0; i < RT_NCASES; i++) {
        double v = oracle_uniform(&rng, -1, 1);
        rt_cmp(even_part_primal(v, i % 9), even_part(v, i % 9), i);
        rt_cmp(odd_part_primal(v, i % 9), odd_part(v, i % 9), i);
    }
    rt_end();
    rt_begin("iterate");
    for (int i = 0; i < RT_NCASES; i++) {
        double v = oracle_uniform(&rng, -3, 3);
        rt_cmp(iterate_primal(v, i % 12), iterate(v, i % 12), i);
    }
    rt_end();
    return oracle_result();
}
