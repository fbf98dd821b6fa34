/*
** cuda/c_initializers (probe15): C initializers in device code: a char
** array the string literal fills without its NUL (char tag[3] = "abc",
** which C allows and C++ refuses: nvcc failed on FILE.ad.cu; the device
** code now spells the characters as a list), designated initializers out
** of order, a compound literal, void * converted implicitly, sizeof of
** expressions and a goto past a declaration. Oracle: f_cuda_host bitwise
** against f and f_grad element by element.
*/
#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include "ccad_oracle.h"

typedef struct { double a, b; int k; } Par;
typedef enum { RED, GREEN } color;

static double *mkbuf(int n) { return malloc((size_t)n * sizeof(double)); }
static double sum(const double *p, int n) { double s = 0; for (int i = 0; i < n; i++) s += p[i]; return s; }

double f(const double *x, int n)
{
    Par p = {.b = x[0], .a = 2.0, .k = (int)sizeof('a')};
    Par q = (Par){x[1 % n], 1.0, 3};
    char tag[3] = "abc";
    const char *name = "xyz";
    color c = GREEN; c = (color)(c + (n > 1000));
    int sz = sizeof(c) + sizeof(RED) + sizeof(tag) + (int)sizeof(1 == 1);
    double *w = mkbuf(n);
    for (int i = 0; i < n; i++) w[i] = x[i] * p.a + q.a;
    void *vp = w;
    double *back = vp;
    double s = sum(back, n) * p.b + p.k + sz + tag[2] + name[1] + q.k;
    free(w);
    if (n > 100) goto out;
    int late = n * 2;
    s += late;
out:
    return s;
}

#pragma ad grad(f) wrt(x[n])
#pragma ad cuda(f) batch(x[n])
#pragma ad cuda(f_grad) batch(x[n], x_bar[n])

#include "c_initializers.ad.h"

enum { B = 3, N = 4 };

int main(void)
{
    OracleRng rng = oracle_rng(27);
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
