/*
** roundtrip/incdec: ++ and -- in every position: statements, array
** indices (x[i++], x[--j]), through pointers (*p++, (*q)--), on doubles,
** floats and pointers, in conditions (while (n-- > 0), if (++k > 3)), in
** call arguments, in return statements, and the value of a++ versus ++a
** used in arithmetic. FUNC_primal (cc-ad's lowering) must equal FUNC.
*/
#include "roundtrip.h"

static double twice(double v) { return 2.0 * v; }

double incdec(const double *x, double *y, int n)
{
    int i = 0, j = n - 1;
    double acc = 0.0;
    while (i < j) {
        acc += x[i++] * x[j--];
        y[i] = acc;
    }
    int k = 0;
    double d = x[0];
    d++;
    ++d;
    d--;
    float f = (float)x[1];
    f++;
    --f;
    f += 0.25f;
    acc += d * f;
    int m = n;
    while (m-- > 0) acc += x[m] * m;
    if (++k > 0) acc += k;
    if (k++ > 0) acc -= k;
    int a = 3;
    int b = a++ * 2;      /* 6, a = 4 */
    int c = ++a * 2;      /* 10, a = 5 */
    acc += b + c + a;
    acc += twice(x[k++]);
    acc -= twice(x[++k]) * 0.5;
    const double *p = x;
    acc += *p++;
    acc += *p++ * 0.5;
    acc += *++p;
    double *q = y + n - 1;
    *q-- = acc;
    *q-- += 1.0;
    (*q)--;
    ++*q;
    y[0]++;
    --y[1];
    return acc + k + (double)(p - x) + (double)(q - y);
}

int counter_ret(double *v, int *k)
{
    v[*k] += 1.0;
    int old = *k;
    *k = old + 1;
    return old;
}

double use_counter(double *v, int n)
{
    int k = 0;
    double s = 0.0;
    while (k < n) {
        int old = counter_ret(v, &k);
        s += v[old] * (old + 1);
    }
    int z = n;
    return s + z--;
}

#pragma ad jvp(incdec) wrt(x[n]) out(y[n])
#pragma ad jvp(use_counter) wrt(v[n])

#include "incdec.ad.h"

#define N 9

int main(void)
{
    OracleRng rng = oracle_rng(12);
    rt_begin("incdec");
    for (int i = 0; i < RT_NCASES; i++) {
        double x[N], y0[N] = {0}, y1[N] = {0};
        oracle_fill_uniform(&rng, x, N, -2, 2);
        for (int j = 0; j < N; j++)
            y0[j] = y1[j] = oracle_uniform(&rng, -1, 1);
        int n = 6 + i % 4;
        rt_cmp(incdec_primal(x, y1, n), incdec(x, y0, n), i);
        rt_cmpv(y1, y0, N, i);
    }
    rt_end();
    rt_begin("use_counter");
    for (int i = 0; i < RT_NCASES; i++) {
        double v0[N], v1[N];
        oracle_fill_uniform(&rng, v0, N, -2, 2);
        memcpy(v1, v0, sizeof v0);
        int n = 1 + i % N;
        rt_cmp(use_counter_primal(v1, n), use_counter(v0, n), i);
        rt_cmpv(v1, v0, N, i);
    }
    rt_end();
    return oracle_result();
}
