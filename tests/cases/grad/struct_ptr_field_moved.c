/*
** grad/struct_ptr_field_moved: a pointer held in memory (a struct field
** r.prev, an element of an array of pointers ps[0], a whole struct that
** holds one, a table of row pointers, a ring buffer {prev, cur} rotated
** over three work arrays) moved after a use of what it points to that is
** linear. The backward code adds into r_bar.prev[i], which follows r.prev:
** its read counts as a read of r.prev (as p_bar's counts as one of p), so
** the store into r.prev saves both r.prev and r_bar.prev first (restored
** with a writable cast: ps_bar[k] of a const double *ps[2] is a double *).
** Before, only the primal's own reads counted: a linear use read none, the
** forward sweep overwrote r.prev and r_bar.prev unsaved, and every
** iteration's adjoint went to the last buffer (n = 2: grad (0, -4.8), want
** (3, -1.4)), silently; jvp was right.
** A helper that moves a read-only cursor, adv(const double **pp, nb)
** { *pp = nb; }, restored *pp_bar with (const double *): a -Werror failure
** (was tests/fuzz/open/const_ptrptr_pop.c).
** Oracles: closed forms (f, g, h, hv, sw), central differences and the
** dot-product test with jvp (perm, ring; both are quadratic in x), the
** hessian of g (diag(0, 6)).
*/
#include <math.h>
#include <string.h>
#include "ccad.h"
#include "ccad_oracle.h"

/* the pointer p is used only linearly, then moved */
double f(const double *x, int n)
{
    double A[2] = {x[0], x[1]}, B[2] = {x[1] * x[1], 0.0};
    const double *p = A;
    double s = 0.0;
    for (int t = 0; t < n; t++) {
        s += 3.0 * p[0] + p[1];
        p = B;
    }
    return s;
}

typedef struct { const double *prev; } R;
double g(const double *x, int n)
{
    double A[2] = {x[0], x[1]}, B[2] = {x[1] * x[1], 0.0};
    R r = {A};
    double s = 0.0;
    for (int t = 0; t < n; t++) {
        s += 3.0 * r.prev[0] + r.prev[1];
        r.prev = B;
    }
    return s;
}

double h(const double *x, int n)
{
    double A[2] = {x[0], x[1]}, B[2] = {x[1] * x[1], 0.0};
    const double *ps[2] = {A, B};
    double s = 0.0;
    for (int t = 0; t < n; t++) {
        s += 3.0 * ps[0][0] + ps[0][1];
        ps[0] = ps[1];
    }
    return s;
}

/* a read-only cursor moved by a helper through a pointer to it: the
** shadow cursor's restore, *pp_bar = (double *)pop, is cast to the
** shadow's type (it was (const double *): a -Werror failure) */
static void adv(const double **pp, const double *nb) { *pp = nb; }
double k(const double *x, int n)
{
    double A[2] = {x[0], x[1]}, B[2] = {x[1] * x[1], 0.0};
    const double *p = A;
    double s = 0.0;
    for (int t = 0; t < n; t++) {
        s += 3.0 * p[0] + p[1];
        adv(&p, B);
    }
    return s;
}

/* a whole struct that holds a pointer, chosen by its own field */
typedef struct { const double *src; int k; } V;
double hv(const double *x, int n)
{
    double A[2] = {x[0], x[1]}, B[2] = {x[1] * x[1], x[0] * 0.5};
    V vs[2] = {{A, 1}, {B, 0}};
    V v = vs[0];
    double s = 0.0;
    for (int t = 0; t < n; t++) {
        s += 3.0 * v.src[0] + v.src[1];
        v = vs[v.src == A];
    }
    return s;
}

/* two views swapped whole */
typedef struct { const double *src; double w; } View;
double sw(const double *x, int n)
{
    double A[2] = {x[0], x[1]}, B[2] = {x[1] * x[1], x[0] * x[1]};
    View a = {A, x[0]}, b = {B, 2.0};
    double s = 0.0;
    for (int t = 0; t < n; t++) {
        s += a.w * 2.0 + a.src[0] + 0.5 * a.src[1];
        View tmp = a;
        a = b;
        b = tmp;
    }
    return s;
}

/* rows permuted through a table of row pointers, then summed */
double perm(const double *x, const int *piv, int n)
{
    double M[4][3];
    double *row[4];
    for (int i = 0; i < 4; i++) {
        for (int j = 0; j < 3; j++) M[i][j] = x[(i + j) % n] * (i + 1) + x[j % n] * x[j % n];
        row[i] = M[i];
    }
    double s = 0.0;
    for (int k = 0; k < 4; k++) {
        for (int j = 0; j < 3; j++) s += (k + 1.0) * (j + 2.0) * row[k][j];
        int p = piv[k];
        double *t = row[k];
        row[k] = row[p];
        row[p] = t;
    }
    return s;
}

/* a ring buffer {prev, cur} rotated over three work arrays */
typedef struct { double *prev, *cur; } Ring;
double ring(const double *x, int n, int steps)
{
    double w0[8], w1[8], w2[8];
    double *work[3] = {w0, w1, w2};
    Ring r = {w0, w1};
    for (int i = 0; i < n; i++) { w0[i] = x[i]; w1[i] = 2.0 * x[i]; w2[i] = 0.0; }
    double s = 0.0;
    for (int t = 0; t < steps; t++) {
        double *next = work[(t + 2) % 3];
        for (int i = 0; i < n; i++) next[i] = r.cur[i] + 0.5 * r.prev[i] + x[i] * x[i];
        for (int i = 0; i < n; i++) s += (i + 1.0) * r.prev[i];
        r.prev = r.cur;
        r.cur = next;
    }
    for (int i = 0; i < n; i++) s += r.cur[i];
    return s;
}

#pragma ad grad(f) wrt(x[2])
#pragma ad grad(g) wrt(x[2])
#pragma ad hessian(g) wrt(x[2])
#pragma ad grad(h) wrt(x[2])
#pragma ad grad(k) wrt(x[2])
#pragma ad grad(hv) wrt(x[2])
#pragma ad grad(sw) wrt(x[2])
#pragma ad grad(perm) wrt(x[n])
#pragma ad jvp(perm) wrt(x[n])
#pragma ad grad(ring) wrt(x[n])
#pragma ad jvp(ring) wrt(x[n])

#include "struct_ptr_field_moved.ad.h"

static int piv[4] = {2, 3, 3, 3};
static void perm_y(void *ctx, const double *x, double *y) { (void)ctx; *y = perm(x, piv, 3); }
static void ring_y(void *ctx, const double *x, double *y) { (void)ctx; *y = ring(x, 5, 4); }

int main(void)
{
    double x[5] = {0.3, -0.4, 0.7, 1.1, -0.6}, gg[5];
    /* n = 2: s = 3 x0 + x1 + 3 x1^2 */
    double want[2] = {3.0, 1.0 + 6.0 * x[1]};
    f_grad(x, gg, 2);
    CHECK_VEC_CLOSE("plain pointer", gg, want, 2, 1e-14, 1e-15);
    g_grad(x, gg, 2);
    CHECK_VEC_CLOSE("struct field pointer", gg, want, 2, 1e-14, 1e-15);
    h_grad(x, gg, 2);
    CHECK_VEC_CLOSE("pointer array element", gg, want, 2, 1e-14, 1e-15);
    double H[4], wh[4] = {0, 0, 0, 6};
    g_hessian(x, 2, H);
    CHECK_VEC_CLOSE("struct field pointer (hessian)", H, wh, 4, 1e-14, 1e-15);
    k_grad(x, gg, 2);
    CHECK_VEC_CLOSE("cursor moved by a helper", gg, want, 2, 1e-14, 1e-15);
    /* hv, n = 2: 3 x0 + x1 + 3 x1^2 + 0.5 x0 */
    double wv[2] = {3.5, 1.0 + 6.0 * x[1]};
    hv_grad(x, gg, 2);
    CHECK_VEC_CLOSE("struct chosen by its own field", gg, wv, 2, 1e-14, 1e-15);
    /* sw, n = 3: a, b, a: 2 (2 x0 + x0 + 0.5 x1) + (4 + x1^2 + 0.5 x0 x1) */
    double ws[2] = {6.0 + 0.5 * x[1], 1.0 + 2.0 * x[1] + 0.5 * x[0]};
    sw_grad(x, gg, 3);
    CHECK_VEC_CLOSE("views swapped whole", gg, ws, 2, 1e-14, 1e-15);
    double fd[5], v[5] = {0.5, -1.0, 0.25, 2.0, 1.5}, yd, dot;
    perm_grad(x, gg, piv, 3);
    oracle_fd_grad(perm_y, NULL, 3, x, fd);
    CHECK_VEC_CLOSE("row permutation (fd)", gg, fd, 3, ORACLE_RTOL_FD, oracle_fd_atol(perm(x, piv, 3)));
    perm_jvp(x, v, piv, 3, &yd);
    dot = 0.0;
    for (int i = 0; i < 3; i++) dot += gg[i] * v[i];
    CHECK_CLOSE("row permutation (jvp . v)", dot, yd, ORACLE_RTOL_DOT, 1e-14);
    ring_grad(x, gg, 5, 4);
    oracle_fd_grad(ring_y, NULL, 5, x, fd);
    CHECK_VEC_CLOSE("ring buffer (fd)", gg, fd, 5, ORACLE_RTOL_FD, oracle_fd_atol(ring(x, 5, 4)));
    ring_jvp(x, v, 5, 4, &yd);
    dot = 0.0;
    for (int i = 0; i < 5; i++) dot += gg[i] * v[i];
    CHECK_CLOSE("ring buffer (jvp . v)", dot, yd, ORACLE_RTOL_DOT, 1e-14);
    return oracle_result();
}
