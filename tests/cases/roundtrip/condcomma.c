/*
** roundtrip/condcomma: ?: (nested, as an lvalue-free operand, with calls and
** ++ in its branches), && and || that must short-circuit around side
** effects (a counter shows how often the right side ran), and the comma
** operator in expressions and in for headers.
*/
#include <math.h>

#include "roundtrip.h"

static double g(double v, int *count)
{
    count[0] += 1;
    return v * v - 0.25;
}

double cond(const double *x, int n, int *count)
{
    double s = 0.0;
    for (int i = 0; i < n; i++) {
        double a = x[i];
        s += a > 0 ? a : -a;
        s += a > 0.5 ? 1.0 : a < -0.5 ? -1.0 : a * 2.0;
        s += (a > 0 ? g(a, count) : 0.5) * 2.0;          /* call in one branch */
        int k = i;
        s += a < 0 ? x[k++] : x[n - 1 - k];             /* ++ in one branch */
        s += k;
        if (a > 0.2 && g(a, count) > 0.0)                 /* g only when a > 0.2 */
            s += 1.0;
        if (a > 0.9 || g(a, count) < 0.0)                 /* g only when a <= 0.9 */
            s -= 0.5;
        int both = a > 0 && (s > 0 || g(s, count) > 1.0);
        s += both;
        s += fabs(a) > 0.3 ? sin(a) : cos(a);
    }
    return s;
}

double comma(const double *x, int n)
{
    double s = 0.0, t = 1.0;
    int i, j;
    for (i = 0, j = n - 1; i < j; i++) {
        s += (t *= 1.5, x[i] * t);
        j = j - 1;
    }
    double u = (s += 1.0, t -= 0.5, s * t);
    return ((void)0, u + i + j);
}

#pragma ad jvp(cond) wrt(x[n])
#pragma ad jvp(comma) wrt(x[n])

#include "condcomma.ad.h"

#define N 8

int main(void)
{
    OracleRng rng = oracle_rng(15);
    rt_begin("cond");
    for (int i = 0; i < RT_NCASES; i++) {
        double x[N];
        oracle_fill_uniform(&rng, x, N, -1, 1);
        int c0 = 0, c1 = 0;
        rt_cmp(cond_primal(x, N, &c1), cond(x, N, &c0), i);
        rt_cmpi(c1, c0, i);
    }
    rt_end();
    rt_begin("comma");
    for (int i = 0; i < RT_NCASES; i++) {
        double x[N];
        oracle_fill_uniform(&rng, x, N, -1, 1);
        rt_cmp(comma_primal(x, 1 + i % N), comma(x, 1 + i % N), i);
    }
    rt_end();
    return oracle_result();
}
