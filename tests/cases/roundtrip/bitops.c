/*
** roundtrip/bitops: & inside |, ^ inside |, & inside ^, written with the
** parentheses gcc -Wall asks for ((a & b) | c). The generated code must
** keep them to stay warning-free (-Wparentheses).
*/
#include "roundtrip.h"

double bitops(const double *x, int k)
{
    int i = k, j = k + 3, m = 5;
    int bits = ((i & j) | (m ^ i)) + (i | (j & m)) + ((i & m) ^ j);
    return x[0] * bits;
}

#pragma ad jvp(bitops) wrt(x[1])

#include "bitops.ad.h"

int main(void)
{
    OracleRng rng = oracle_rng(36);
    rt_begin("bitops");
    for (int i = 0; i < RT_NCASES; i++) {
        double x[1] = {oracle_uniform(&rng, -2, 2)};
        rt_cmp(bitops_primal(x, i - 100), bitops(x, i - 100), i);
    }
    rt_end();
    return oracle_result();
}
