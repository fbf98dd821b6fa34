/*
** roundtrip/classify: the <math.h> classification macros (isnan, isinf,
** isfinite, signbit, fpclassify) on active values. They return integers,
** so they carry no derivative, like floor (contract section 4).
*/
#include <math.h>

#include "roundtrip.h"

double classify(const double *x, int n)
{
    double s = 0.0;
    for (int i = 0; i < n; i++) {
        double v = x[i] / (x[i] + 0.5);
        if (isnan(v) || isinf(v))
            continue;
        s += isfinite(v) ? v : 0.0;
        s += signbit(x[i]) ? -1.0 : 1.0;
        s += fpclassify(v) == FP_ZERO;
    }
    return s;
}

#pragma ad jvp(classify) wrt(x[n])

#include "classify.ad.h"

int main(void)
{
    OracleRng rng = oracle_rng(32);
    rt_begin("classify");
    for (int i = 0; i < RT_NCASES; i++) {
        double x[6];
        oracle_fill_uniform(&rng, x, 6, -1, 1);
        x[i % 6] = i % 3 == 0 ? -0.5 : i % 3 == 1 ? 0.0 : x[i % 6];
        rt_cmp(classify_primal(x, 6), classify(x, 6), i);
    }
    rt_end();
    return oracle_result();
}
