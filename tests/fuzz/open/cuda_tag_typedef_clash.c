/* OPEN (probe15): a struct tag and a typedef of the same name for different
** types (struct pt {x, y}; typedef struct pt2 {a} pt;) is C (tags have a
** namespace of their own) but not C++: FILE.ad.cu declares both and nvcc
** fails ("class pt has no member a"). A variable named as its tag
** (struct len len) is fine. Fix idea: in the device code, rename a tag
** that an ordinary identifier (typedef) also names, in the record
** definitions (emit_c.c:671, :734) and wherever a type prints as
** "struct TAG" (respell map), layout unchanged.
** Run: bash tests/harness/run_cuda.sh build/tool/cc-ad build/runtime/libccad.a include /tmp/W tests/fuzz/open/cuda_tag_typedef_clash.c /usr/local/cuda/bin/nvcc
** Expected: PASS (f_cuda_host bitwise against f and f_grad). */
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

#include "cuda_tag_typedef_clash.ad.h"

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
