/*
** roundtrip/goto_loops: loops written as backward gotos (f2c's DO WHILE),
** which the front end turns into for (;;) loops: `L: ...; if (c) goto L;`
** with a braced goto, an unconditional `goto L;` closing the loop with a
** forward goto out of it, a forward goto from before the loop to its head
** label (taken for some inputs), a labelled compound statement as the
** head, inner loops whose break binds inside, and a loop counter stepped in
** the closing condition (++i < n).
*/
#include "roundtrip.h"

double gl(const double *x, int n)
{
    double s = 0.0, t = x[0];
    int i = 0, k = 0;
    if (x[1] > 0.5)
        goto L1;
    s = 0.5 * x[2];
L1: {
        s += t * x[i % n];
        for (int j = 0; j < n; j++) {
            if (j > i) break;
            s += 0.01 * x[j] * s;
        }
        if (s > 2.0) goto L9;
        t = cos(t) + 0.1 * x[(i + 1) % n];
    }
    if (++i < 2 * n) goto L1;
    k = 0;
L5:
    s = 0.9 * s + sin(s) * x[k];
    k += 2;
    if (k < n) {
        goto L5;
    }
L9:
    return s + t + k;
}

double f66(const double *x, int n)
{
    double s = 1.0;
    int it = 0;
L20:
    s = s * x[it % n] + 0.5;
    ++it;
    if (fabs(s) > 3.0) goto L30;
    if (it >= 3 * n) goto L30;
    goto L20;
L30:
    return s + it;
}

#pragma ad jvp(gl) wrt(x[n])
#pragma ad jvp(f66) wrt(x[n])

#include "goto_loops.ad.h"

int main(void)
{
    OracleRng rng = oracle_rng(1936);
    rt_begin("gl");
    for (int i = 0; i < RT_NCASES; i++) {
        double x[7];
        oracle_fill_uniform(&rng, x, 7, -1, 1);
        rt_cmp(gl_primal(x, 1 + i % 7), gl(x, 1 + i % 7), i);
    }
    rt_end();
    rt_begin("f66");
    for (int i = 0; i < RT_NCASES; i++) {
        double x[7];
        oracle_fill_uniform(&rng, x, 7, -2, 2);
        rt_cmp(f66_primal(x, 1 + i % 7), f66(x, 1 + i % 7), i);
    }
    rt_end();
    return oracle_result();
}
