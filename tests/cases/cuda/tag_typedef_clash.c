/*
** cuda/tag_typedef_clash: a struct tag and a typedef of the same name for
** different types (struct pt {x, y}; typedef struct pt2 {a} pt;) is C
** (tags have a namespace of their own) but not C++: FILE.ad.cu declared
** both and nvcc failed ("class pt has no member a", probe15). FILE.ad.cu
** now prints that record with a tag of its own (ccad_tag_pt, the same
** layout) wherever it names it. A variable named as its tag (struct len
** len) is C++ too and stays. Oracle: f and f_grad element by element,
** bitwise, against f_cuda_host and f_grad_cuda_host.
*/
#include <math.h>
#include "ccad_oracle.h"

struct pt { double x, y; };
typedef struct pt2 { double a; } pt;      /* tag pt and typedef pt name different types: C only */
struct len { double v; };

double f(const double *x, int n)
{
    struct pt p = {x[0], x[1 % n]};
    pt q = {x[0] * 2};
    struct len len = {0.0};                   /* a variable named as its tag */
    for (int i = 0; i < n; i++) len.v += x[i] * p.x + q.a * p.y;
    return len.v;
}

#pragma ad grad(f) wrt(x[n])
#pragma ad cuda(f) batch(x[n])
#pragma ad cuda(f_grad) batch(x[n], x_bar[n])

#include "tag_typedef_clash.ad.h"

enum { B = 3, N = 4 };

int main(void)
{
    OracleRng rng = oracle_rng(53);
    static double x[B * N], r[B], rg[B], xb[B * N], wxb[B * N];
    oracle_fill_uniform(&rng, x, B * N, -1.0, 1.0);
    f_cuda_host(B, x, N, r);
    f_grad_cuda_host(B, x, xb, N, rg);
    for (int b = 0; b < B; b++) {
        CHECK_CLOSE("f", r[b], f(x + b * N, N), 0, 0);
        CHECK_CLOSE("g", rg[b], f_grad(x + b * N, wxb + b * N, N), 0, 0);
    }
    CHECK_VEC_CLOSE("xb", xb, wxb, B * N, 0, 0);
    return oracle_result();
}
