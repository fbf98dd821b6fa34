/*
** roundtrip/precedence: expressions whose meaning depends on parentheses
** and precedence, printed back by cc-ad from the tree (a - (b - c),
** a / (b * c), -(-x), (a < b) == c, (i | j) & m, shifts, ?: nested in
** operands, casts binding tighter than *), and literals in their spellings:
** hex, octal, suffixes, hex floats, exponents, character escapes.
** ((a & b) | c: roundtrip/bitops.)
*/
#include "roundtrip.h"

double prec(const double *x, int k)
{
    double a = x[0], b = x[1], c = x[2];
    double s = a - (b - c) + a - b - c + a / (b * c) + a / b * c + a / b / c;
    s += -(-a) - -b + -(a - b) * -c + +(+c);
    s += (a < b) == (b < c) ? 1.0 : 2.0;
    s += (a < b) + (b >= c) * 2 + (a != c) * 4 + !(a == b) * 8 + !a;
    s += a < b ? b < c ? 1 : 2 : c < a ? 3 : 4;
    s += (a > 0 ? a : b) * (b > 0 ? b : c) + (a > b ? a - b : b - a) / 2;
    s += (int)a * b + (int)(a * b) + (double)(k / 3) + (double)k / 3;
    int i = k, j = k + 3, m = 5;
    int bits = (i ^ j ^ m) + (~i & 0xff) + (((i & 0xff) << 2) >> 1) + ((j & 0x7f) >> 1 << 2) + (i & (j + m)) + ((i | j) & m);
    bits += i % (j % m + 6) + i % (j * j + 1) % (m + 1) + i * (j - m) - i * j - m + (i - (j + m));
    bits += (i && j) || m ? 1 : 0;
    bits += i && (j || m);
    bits += -i % 3 + -(i % 3) + (-i) / 2;
    s += bits;
    s += 0x10 + 010 + 1u + 2UL + 3LL + 0x1p-3 + 1e-3 + 1.5e2 + .25 + 2. + 1.0f + 'a' + '\n' + '\x41' + '\0';
    s += 4294967296.0 * 1e-9 + 9007199254740993.0 + 1e-300 * 1e300;
    return s;
}

#pragma ad jvp(prec) wrt(x[3])

#include "precedence.ad.h"

int main(void)
{
    OracleRng rng = oracle_rng(34);
    rt_begin("prec");
    for (int i = 0; i < RT_NCASES; i++) {
        double x[3];
        oracle_fill_uniform(&rng, x, 3, -2, 2);
        int k = i % 41 - 20;
        rt_cmp(prec_primal(x, k), prec(x, k), i);
    }
    rt_end();
    return oracle_result();
}
