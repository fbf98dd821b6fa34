// CFLAGS: -O3
/*
** grad/addr_helpers: small accessors that return a pointer computed from
** their arguments (a row of a matrix, an element &A[i * lda + j], a struct
** field &p->x, one half of an array chosen by an int flag, an element of
** an array of structs, a.data + i from a struct by value, the larger of
** two elements) are inlined at their calls (tool/ir/ir_inline.c),
** so every mode differentiates the pointer arithmetic; the caller reads
** and writes through the pointers they return. A helper with more than
** one statement (a search loop) works too (grad/ptr_return).
** Oracles: central differences and the dot-product test with jvp
** (oracle_check_*).
** Compiled -O3: the forward sweep saves ps[i].x through q before its
** first write (gcc's -Wmaybe-uninitialized before ps started zeroed).
*/
#include <math.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

typedef struct { double x, y, w; } Pt;

static const double *row(const double *A, int i, int m) { return A + i * m; }
static double *px(Pt *p) { return &p->x; }
static const double *cell(const double *A, int lda, int i, int j) { return &A[i * lda + j]; }
static const double *half(const double *a, int n, int second) { return second ? a + n / 2 : a; }
static Pt *at(Pt *ps, long k) { return ps + k; }
typedef struct { double *data; int n; } Arr;
static double *elem(Arr a, int i) { return a.data + i; }  /* a struct by value */
static const double *bigger(const double *p, const double *q) { return *p > *q ? p : q; }

double f(const double *x, int n)
{
    Pt ps[4];
    for (int i = 0; i < 4; i++) {
        Pt *q = at(ps, i);
        q->x = x[i];
        q->y = x[i + 4];
        q->w = 1.0 + 0.1 * i;
    }
    double s = 0;
    for (int i = 0; i < 4; i++) {
        double *v = px(&ps[i]);
        *v = *v * 2.0 + sin(*v);   /* written through the returned pointer */
        s += *v * at(ps, i)->y;
    }
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 4; j++)
            s += 0.3 * *cell(x, 4, i, j) * *cell(x, 4, 1 - i, 3 - j);
    const double *h = half(x, n, 1), *g = half(x, n, 0);
    for (int i = 0; i < n / 2; i++)
        s += h[i] * g[i] * 0.5;
    for (int i = 0; i < n / 4; i++) {
        const double *r = row(x, i, 4);
        s += r[0] * r[1] + sin(r[2]) * r[3];
    }
    double buf[8];
    for (int i = 0; i < n; i++)
        buf[i] = x[i] * x[i];
    Arr A = {buf, n};
    for (int i = 0; i < n; i++) {
        double *p = elem(A, i);
        *p = sin(*p) + x[(i + 1) % n];
    }
    for (int i = 0; i + 1 < n; i++)
        s += *bigger(&buf[i], &buf[i + 1]) * x[i];   /* the larger of two, chosen by reading them */
    return s;
}

#pragma ad grad(f) wrt(x[n])
#pragma ad vjp(f) wrt(x[n])
#pragma ad jvp(f) wrt(x[n])

#include "addr_helpers.ad.h"

ORACLE_XN_CASE(f, 8, 4)
