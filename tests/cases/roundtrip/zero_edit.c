// CFLAGS: -std=gnu11
/*
** roundtrip/zero_edit: what the front end now lowers instead of refusing,
** printed back by --emit-primal and run against the original: a const
** local size, a block-scope enum, typedef and struct (declared at file
** scope of the generated file as zero_edit_pt), glibc's assert() as a
** statement expression (gnu11), and calls through function pointers
** (a dispatch on the pointer's value: a local chosen by ?:, a table).
*/
#include <assert.h>
#include <math.h>

#include "roundtrip.h"

static double sq(double v) { return v * v; }
static double half(double v) { return 0.5 * v; }
static double (*const pick[2])(double) = {sq, sin};

double zero_edit(const double *x, int n, int k)
{
    const int W = 3;
    enum { REPEAT = 2 };
    typedef double real;
    struct pt { real a, b; };
    struct pt acc[W];
    double (*g)(double) = k % 2 ? sq : half;
    assert(n >= 1);
    for (int j = 0; j < W; j++) {
        acc[j].a = x[j % n];
        acc[j].b = g(x[(j + 1) % n]);
    }
    real s = 0;
    for (int r = 0; r < REPEAT; r++)
        for (int j = 0; j < W; j++)
            s += pick[(j + r) % 2](acc[j].a) * acc[j].b;
    return s;
}

#pragma ad jvp(zero_edit) wrt(x[n])

#include "zero_edit.ad.h"

int main(void)
{
    OracleRng rng = oracle_rng(41);
    rt_begin("zero_edit");
    for (int i = 0; i < RT_NCASES; i++) {
        double x[5];
        oracle_fill_uniform(&rng, x, 5, -1, 1);
        rt_cmp(zero_edit_primal(x, 1 + i % 5, i), zero_edit(x, 1 + i % 5, i), i);
    }
    rt_end();
    return oracle_result();
}
