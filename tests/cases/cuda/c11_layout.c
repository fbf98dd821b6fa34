/*
** cuda/c11_layout (probe15): a struct with C11 layout: an _Alignas(16)
** field, an anonymous union and an anonymous struct member. FILE.ad.cu
** printed _Alignas, which C++ spells alignas: nvcc rejected it. The device
** code defines C11's keywords as C++'s where it uses them. Oracle:
** f_cuda_host bitwise against f and f_grad element by element (the layout
** is the same on both sides: the blocks are passed as they are).
*/
#include <math.h>
#include "ccad_oracle.h"

typedef struct {
    _Alignas(16) double v[2];
    union { double unused_; long long bits; };
    double r;
    struct { double lo, hi; };
    int n;
} Box;

double f(const Box *b, const double *x, int n)
{
    double s = b->r + b->lo * b->hi;
    for (int i = 0; i < n; i++) s += b->v[i % 2] * sin(x[i]) + (x[i] > b->hi ? b->hi : x[i] < b->lo ? b->lo : x[i]);
    return s;
}

#pragma ad grad(f) wrt(b[1], x[n])
#pragma ad cuda(f) batch(b[1], x[n])
#pragma ad cuda(f_grad) batch(b[1], b_bar[1], x[n], x_bar[n])

#include "c11_layout.ad.h"

enum { B = 3, N = 4 };

int main(void)
{
    OracleRng rng = oracle_rng(43);
    static Box bx[B], bb[B], wbb;
    static double x[B * N], r[B], rg[B], xb[B * N], wxb[B * N];
    oracle_fill_uniform(&rng, x, B * N, -1.0, 1.0);
    for (int b = 0; b < B; b++) { bx[b].v[0] = 1 + b; bx[b].v[1] = -0.5; bx[b].r = 0.25 * b; bx[b].lo = -0.5; bx[b].hi = 0.6; }
    f_cuda_host(B, bx, x, N, r);
    f_grad_cuda_host(B, bx, bb, x, xb, N, rg);
    for (int b = 0; b < B; b++) {
        CHECK_CLOSE("f", r[b], f(&bx[b], x + b * N, N), 0, 0);
        memset(&wbb, 0, sizeof wbb);
        CHECK_CLOSE("g", rg[b], f_grad(&bx[b], &wbb, x + b * N, wxb + b * N, N), 0, 0);
        CHECK_VEC_CLOSE("bv", bb[b].v, wbb.v, 2, 0, 0);
        CHECK_CLOSE("br", bb[b].r, wbb.r, 0, 0); CHECK_CLOSE("blo", bb[b].lo, wbb.lo, 0, 0); CHECK_CLOSE("bhi", bb[b].hi, wbb.hi, 0, 0);
    }
    CHECK_VEC_CLOSE("xb", xb, wxb, B * N, 0, 0);
    return oracle_result();
}
