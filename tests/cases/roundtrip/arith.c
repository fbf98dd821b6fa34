/*
** roundtrip/arith: every arithmetic, bitwise and logical operator and every
** compound assignment, on double, float and the integer types (signed,
** unsigned, char, short, long, long long, size_t), with the conversions C
** inserts (i *= 2.5 truncates, f += d rounds to float, unsigned char wraps).
** FUNC_primal (cc-ad's lowering, printed back) must equal FUNC.
*/
#include <stddef.h>

#include "roundtrip.h"

double arith_d(double a, double b, int k)
{
    a += b;
    a -= 0.5 * b;
    a *= b;
    a /= b * b + 1.0;
    double c = -a + +b - -a;
    c = a - (b - c) - (a - b) * (c + 1.0) / (2.0 + a * a);
    double d = (a + b) * (a - b) / (1.0 + c * c);
    int i = k;
    i += 3;
    i -= 1;
    i *= 2;
    i /= 3;
    i %= 5;
    i = i < 0 ? -i : i; /* no left shift of a negative value */
    i <<= 2;
    i >>= 1;
    i &= 0x3f;
    i |= 0x40;
    i ^= 0x15;
    i *= 2.5;      /* i = (int)(i * 2.5) */
    i += a;        /* i = (int)(i + a) */
    i -= b / 4.0;
    return a + d + c + i + !k + (k == 3) + (a < b) + (a >= b && k > 0) + (a != b || k);
}

float arith_f(float x, float y, int n)
{
    float z = x * y - x / (y * y + 1.0f);
    z += 1.5;      /* double constant: z = (float)(z + 1.5) */
    z *= x;
    z -= n;
    z /= 3;
    double w = z;
    w += x;
    z += w;        /* back to float */
    float q = -z;
    q = q * q + x;
    return z + q + (float)n / 7 + (x > y ? x : y);
}

double arith_int(double w, int a, unsigned b, long c, int n)
{
    unsigned u = b;
    u += a;
    u -= 7u;
    u *= 3;
    u /= 5;
    u %= 1000;
    u <<= 3;
    u >>= 2;
    u = ~u;
    u ^= b;
    u |= 1;
    u &= 0xffffu;
    long l = c;
    l += a * 3L;
    l -= u;
    l *= 2;
    l /= 3;
    l %= 100000;
    long long ll = l;
    ll *= ll;
    ll >>= 5;
    short s = (short)a;
    s += 1000;
    s *= 3;
    char ch = (char)(n & 0x3f);
    ch += 10;
    ch -= 'a' - 'A';
    unsigned char uc = (unsigned char)n;
    uc += 200;     /* wraps */
    uc *= 3;
    size_t z = (size_t)n;
    z += 5;
    z *= z;
    int m = a;
    m = m % 7 + m / 7 - (m >> 2) + ((m & 0xff) << 1) - (m & 5) + (m | 6) - (m ^ 9) + ~m + !m + -m;
    return w + (double)(l + (long)(ll & 0xffff) + s + ch + uc + (long)(z % 1000) + m + (long)u);
}

/* float, double and int mixed in one expression and in comparisons */
double mixed(const double *x, const float *f, const int *k, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++) {
        s += x[i] * f[i] + k[i] / 2 + k[i] / 2.0 + (k[i] % 3) * x[i];
        s -= f[i] / (k[i] + 0.5f);
        s *= 1.0 + 1e-3 * (x[i] > f[i]);
        int t = x[i] * 10;
        s += t;
        s += (float)x[i] - x[i];
    }
    return s;
}

#pragma ad jvp(arith_d) wrt(a, b)
#pragma ad jvp(arith_f) wrt(x, y)
#pragma ad jvp(arith_int) wrt(w)
#pragma ad jvp(mixed) wrt(x[n], f[n])

#include "arith.ad.h"

int main(void)
{
    OracleRng rng = oracle_rng(11);
    rt_begin("arith_d");
    for (int i = 0; i < RT_NCASES; i++) {
        double a = oracle_uniform(&rng, -10, 10), b = oracle_uniform(&rng, -10, 10);
        int k = (int)oracle_uniform(&rng, -50, 50);
        rt_cmp(arith_d_primal(a, b, k), arith_d(a, b, k), i);
    }
    rt_end();
    rt_begin("arith_f");
    for (int i = 0; i < RT_NCASES; i++) {
        float x = (float)oracle_uniform(&rng, -5, 5), y = (float)oracle_uniform(&rng, -5, 5);
        int n = (int)oracle_uniform(&rng, -20, 20);
        rt_cmp(arith_f_primal(x, y, n), arith_f(x, y, n), i);
    }
    rt_end();
    rt_begin("arith_int");
    for (int i = 0; i < RT_NCASES; i++) {
        int a = (int)oracle_uniform(&rng, -1000, 1000);
        unsigned b = (unsigned)oracle_uniform(&rng, 0, 100000);
        long c = (long)oracle_uniform(&rng, -1e6, 1e6);
        int n = (int)oracle_uniform(&rng, 0, 300);
        rt_cmp(arith_int_primal(0.25, a, b, c, n), arith_int(0.25, a, b, c, n), i);
    }
    rt_end();
    rt_begin("mixed");
    for (int i = 0; i < RT_NCASES; i++) {
        double x[8];
        float f[8];
        int k[8];
        for (int j = 0; j < 8; j++) {
            x[j] = oracle_uniform(&rng, -3, 3);
            f[j] = (float)oracle_uniform(&rng, -3, 3);
            k[j] = (int)oracle_uniform(&rng, -9, 9);
        }
        rt_cmp(mixed_primal(x, f, k, 8), mixed(x, f, k, 8), i);
    }
    rt_end();
    return oracle_result();
}
