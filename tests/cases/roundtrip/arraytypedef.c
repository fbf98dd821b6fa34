/*
** roundtrip/arraytypedef: a parameter declared with an array typedef,
** `const vec3 w`, is a pointer (C11 6.7.6.3p7), so it takes a size in the
** request like any pointer: wrt(w[3]).
*/
#include "roundtrip.h"

typedef double vec3[3];

double arraytypedef(const vec3 w, const double *x)
{
    return w[0] * x[0] + w[1] * x[1] + w[2] * x[2];
}

#pragma ad jvp(arraytypedef) wrt(w[3], x[3])

#include "arraytypedef.ad.h"

int main(void)
{
    OracleRng rng = oracle_rng(28);
    rt_begin("arraytypedef");
    for (int i = 0; i < RT_NCASES; i++) {
        vec3 w;
        double x[3];
        oracle_fill_uniform(&rng, w, 3, -1, 1);
        oracle_fill_uniform(&rng, x, 3, -1, 1);
        rt_cmp(arraytypedef_primal(w, x), arraytypedef(w, x), i);
    }
    rt_end();
    return oracle_result();
}
