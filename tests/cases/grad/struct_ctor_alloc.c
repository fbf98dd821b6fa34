/*
** grad/struct_ctor_alloc: a small matrix type whose constructor returns the
** struct by value with freshly allocated data, `Mat mat_new(int r, int c)
** { Mat m; m.r = r; m.c = c; m.d = calloc(..); return m; }`, used as C
** programmers use it: `Mat a = mat_new(n, n);` declarations, `w = mat_new(..)`
** into a local declared earlier, `ws->tmp = mat_new(..)` into a field of a
** workspace reached through a pointer, and a constructor allocating with
** malloc. cc-ad refused every call ("returns a struct that holds pointers to
** floating data"); a constructor that allocates is now inlined like one built
** from its parameters, the allocation made at the call, and every mode sees a
** local buffer.
** Oracles: oracle_check_* (central differences, the dot-product test with
** jvp, accumulation, overwritten gradients, empty tape); hessian against
** central differences of grad (rtol 1e-6).
*/
#include <math.h>
#include <stdlib.h>
#include "ccad_oracle.h"

typedef struct { int r, c; double *d; } Mat;
typedef struct { Mat tmp; int used; } Work;

static Mat mat_new(int r, int c)
{
    Mat m;
    m.r = r;
    m.c = c;
    m.d = calloc((size_t)r * c, sizeof(double));
    return m;
}

static void *xmalloc(size_t bytes)
{
    void *p = malloc(bytes);
    if (!p) abort();
    return p;
}

static Mat vec_new(int n)
{
    Mat v;
    v.d = xmalloc(sizeof(double) * n);
    v.r = n;
    v.c = 1;
    return v;
}

static void mat_free(Mat *m) { free(m->d); }

static void outer(const double *x, Mat *out)
{
    for (int i = 0; i < out->r; i++)
        for (int j = 0; j < out->c; j++)
            out->d[i * out->c + j] = x[i] * x[j] + (i == j ? 1.0 : 0.0);
}

static void fill(Work *ws, const double *x, int n)
{
    ws->tmp = mat_new(n, 1);
    for (int i = 0; i < n; i++)
        ws->tmp.d[i] = exp(-x[i] * x[i]);
    ws->used = 1;
}

double f(const double *x, int n)
{
    Mat a = mat_new(n, n);
    Mat w;
    Work ws;
    double s = 0.0;

    outer(x, &a);
    w = vec_new(n);
    for (int i = 0; i < n; i++) {
        w.d[i] = 0.0;
        for (int j = 0; j < n; j++)
            w.d[i] += a.d[i * n + j] * sin(x[j]);
    }
    fill(&ws, x, n);
    for (int i = 0; i < n; i++)
        s += w.d[i] * w.d[i] * ws.tmp.d[i];
    mat_free(&ws.tmp);
    mat_free(&w);
    mat_free(&a);
    return s;
}

#pragma ad grad(f) wrt(x[n])
#pragma ad vjp(f) wrt(x[n])
#pragma ad jvp(f) wrt(x[n])
#pragma ad hessian(f) wrt(x[n])

#include "struct_ctor_alloc.ad.h"

ORACLE_XN_WRAPPERS(f, 5)

int main(void)
{
    OracleRng rng = oracle_rng(1920);
    ORACLE_XN_CHECKS(f, 5, rng);

    double x[5], H[25], gp[5], gm[5];
    char label[64];
    oracle_fill_uniform(&rng, x, 5, -1.0, 1.0);
    f_hessian(x, 5, H);
    for (int j = 0; j < 5; j++) {
        double s = x[j], h = cbrt(DBL_EPSILON) * fmax(1.0, fabs(s));
        x[j] = s + h; f_grad(x, gp, 5);
        x[j] = s - h; f_grad(x, gm, 5);
        x[j] = s;
        for (int i = 0; i < 5; i++) {
            snprintf(label, sizeof label, "hessian[%d,%d]", i, j);
            oracle_check_close(label, H[i * 5 + j], (gp[i] - gm[i]) / (2 * h), 1e-6, 1e-8);
        }
    }
    return oracle_result();
}
