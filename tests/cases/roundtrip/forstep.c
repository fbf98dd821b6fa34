/*
** roundtrip/forstep: for loops whose step is more than assignments, with a
** continue in the body: `i++, j--` (comma), a void call (advance(&i)), and
** `i += 2, k = k * 3 % 7`. continue must still run the step.
*/
#include "roundtrip.h"

static void advance(int *i) { i[0] += 1; }

double forstep(const double *x, int n)
{
    double s = 0.0;
    for (int i = 0, j = n - 1; i < j; i++, j--) {
        if (x[i] < 0.0)
            continue;
        s += x[i] * x[j];
    }
    for (int i = 0; i < n; advance(&i)) {
        if (x[i] > 0.5)
            continue;
        s -= x[i];
    }
    int k = 1;
    for (int i = 0; i < n; i += 2, k = k * 3 % 7) {
        if (k == 3)
            continue;
        s += k * x[i];
    }
    return s;
}

#pragma ad jvp(forstep) wrt(x[n])

#include "forstep.ad.h"

#define N 9

int main(void)
{
    OracleRng rng = oracle_rng(23);
    rt_begin("forstep");
    for (int i = 0; i < RT_NCASES; i++) {
        double x[N];
        oracle_fill_uniform(&rng, x, N, -1, 1);
        rt_cmp(forstep_primal(x, 1 + i % N), forstep(x, 1 + i % N), i);
    }
    rt_end();
    return oracle_result();
}
