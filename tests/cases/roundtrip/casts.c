/*
** roundtrip/casts: explicit casts between double, float, the integer types
** and pointers ((int) truncates toward zero, (unsigned char) wraps,
** (float) rounds), casts of whole expressions, void * round trips, and the
** implicit conversions of initializers, assignments, arguments and returns.
*/
#include <stdint.h>

#include "roundtrip.h"

static float half(float v) { return v / 2; }
static int trunc_int(double v) { return v; }   /* implicit conversion on return */

double casts(const double *x, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++) {
        double v = x[i] * 100.0;
        int a = (int)v;
        unsigned char b = (unsigned char)(int)v;
        short c = (short)(v * 300.0);
        long d = (long)(v * 1e6);
        float f = (float)v;
        double back = (double)f;
        int64_t e = (int64_t)(v * 1e9);
        unsigned u = (unsigned)(a < 0 ? -a : a);
        s += a + b + c + (double)d * 1e-6 + back + (double)e * 1e-9 + u;
        s += (double)(a / 3) + (double)a / 3 + (float)a / 3;
        s += half(v) + half((float)v * 2) + trunc_int(v) + trunc_int(-v);
        float g = v;          /* implicit */
        int h = g;            /* implicit */
        s += g - h;
        const void *p = &x[i];
        const double *q = (const double *)p;
        s += *q;
        uintptr_t addr = (uintptr_t)q - (uintptr_t)x;
        s += (double)(addr / sizeof(double));
        s += (int)(x[i] > 0) * 2 - (int)(char)(a & 0x7f);
    }
    return s;
}

float fcasts(const float *x, int n)
{
    float s = 0.0f;
    for (int i = 0; i < n; i++) {
        s += (float)(double)x[i] * (float)3.1415926535897932;
        s += (int)(x[i] * 7.9f);
        s = (float)((double)s * 1.0000001);
    }
    return s;
}

#pragma ad jvp(casts) wrt(x[n])
#pragma ad jvp(fcasts) wrt(x[n])

#include "casts.ad.h"

#define N 12

int main(void)
{
    OracleRng rng = oracle_rng(16);
    rt_begin("casts");
    for (int i = 0; i < RT_NCASES; i++) {
        double x[N];
        oracle_fill_uniform(&rng, x, N, -3, 3);
        rt_cmp(casts_primal(x, N), casts(x, N), i);
    }
    rt_end();
    rt_begin("fcasts");
    for (int i = 0; i < RT_NCASES; i++) {
        float x[N];
        for (int k = 0; k < N; k++)
            x[k] = (float)oracle_uniform(&rng, -3, 3);
        rt_cmp(fcasts_primal(x, N), fcasts(x, N), i);
    }
    rt_end();
    return oracle_result();
}
