// NO-STANDALONE-HEADER: Vec and MatView are defined in this file, which includes its own header
/*
** grad/struct_ctor_views: views returned by value from constructor helpers,
** as small linear-algebra code writes them: vec_view builds a strided
** vector over the caller's array (T s = {...}; return s;), vec_sub a
** compound literal from a view passed by value, mat_row its fields stored
** one by one. Where the returned pointers point was refused before
** ("returns a struct that holds pointers to floating data"): constructors
** are now inlined at their calls (ir_inline.c), and the views are ordinary
** struct values with pointers. The model: a residual r = A x - b through
** row views, r written through a view (axpy), and 0.5 |r|^2 + a
** regulariser over a strided sub-view of x.
** Oracles: grad against central differences (h = 1e-6, rtol 1e-6); vjp
** against jvp by the dot-product test; x and A as the primal leaves them.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ccad_oracle.h"

typedef struct { double *p; int n, stride; } Vec;
typedef struct { const double *a; int rows, cols, ld; } MatView;
typedef struct { const double *p; int n, stride; } VecC;

static Vec vec_view(double *base, int n, int stride)
{
    Vec v = {base, n, stride};
    return v;
}

static Vec vec_sub(Vec v, int off, int n) { return (Vec){.p = v.p + off * v.stride, .n = n, .stride = v.stride}; }

static VecC mat_row(MatView m, int i)
{
    VecC r;
    r.p = m.a + i * m.ld;
    r.n = m.cols;
    r.stride = 1;
    return r;
}

static double dot(VecC a, Vec b)
{
    double s = 0.0;
    for (int i = 0; i < a.n; i++)
        s += a.p[i * a.stride] * b.p[i * b.stride];
    return s;
}

static void axpy(double alpha, Vec x, Vec y)
{
    for (int i = 0; i < x.n; i++)
        y.p[i * y.stride] += alpha * x.p[i * x.stride];
}

double misfit(double *x, const double *A, const double *b, double *r, int m, int n)
{
    MatView M = {A, m, n, n};
    Vec xv = vec_view(x, n, 1);
    Vec rv = vec_view(r, m, 1);
    for (int i = 0; i < m; i++)
        r[i] = dot(mat_row(M, i), xv) - b[i];
    Vec tail = vec_sub(xv, 1, n / 2);  /* x[1], x[2], ... */
    Vec every2 = vec_view(x, (n + 1) / 2, 2);
    axpy(0.1, every2, vec_sub(rv, 0, (n + 1) / 2 < m ? (n + 1) / 2 : m));
    double e = 0.0;
    for (int i = 0; i < m; i++)
        e += 0.5 * r[i] * r[i];
    for (int i = 0; i < tail.n; i++)
        e += 0.01 * sin(tail.p[i * tail.stride]);
    return e;
}

#pragma ad grad(misfit) wrt(x[n]) scratch(r[m])
#pragma ad jvp(misfit) wrt(x[n]) out(return) scratch(r[m])
#pragma ad vjp(misfit) wrt(x[n]) out(return) scratch(r[m])

#include "struct_ctor_views.ad.h"

#define M 5
#define N 7
int main(void)
{
    double A[M * N], b[M], x0[N], x[N], r[M], g[N];
    for (int i = 0; i < M * N; i++)
        A[i] = sin(0.7 * i + 0.3);
    for (int i = 0; i < M; i++)
        b[i] = 0.2 * i - 0.5;
    for (int j = 0; j < N; j++)
        x0[j] = 0.4 * cos(1.1 * j);
    double A0[M * N];
    memcpy(A0, A, sizeof A);

    memcpy(x, x0, sizeof x);
    double f = misfit(x, A, b, r, M, N);
    memcpy(x, x0, sizeof x);
    CHECK_CLOSE("grad returns the primal", misfit_grad(x, g, A, b, r, M, N), f, 0, 0);
    oracle_check_identical("grad leaves x", x, x0, N);
    oracle_check_identical("grad leaves A", A, A0, M * N);
    for (int j = 0; j < N; j++) {
        double t[N], h = 1e-6;
        memcpy(t, x0, sizeof t);
        t[j] += h;
        double fp = misfit(t, A, b, r, M, N);
        memcpy(t, x0, sizeof t);
        t[j] -= h;
        double fm = misfit(t, A, b, r, M, N);
        CHECK_CLOSE("grad vs central differences", g[j], (fp - fm) / (2 * h), 1e-6, 1e-9);
    }

    double xd[N], xb[N] = {0}, yd = 0.0;
    for (int j = 0; j < N; j++)
        xd[j] = 0.3 - 0.1 * j;
    memcpy(x, x0, sizeof x);
    misfit_jvp(x, xd, A, b, r, M, N, &yd);
    memcpy(x, x0, sizeof x);
    misfit_vjp(x, xb, A, b, r, M, N, 0.7);
    CHECK_CLOSE("vjp vs jvp (dot-product test)", 0.7 * yd, oracle_dot(xd, xb, N), 1e-12, 1e-14);
    CHECK_CLOSE("jvp vs grad", yd, oracle_dot(xd, g, N), 1e-12, 1e-14);
    return oracle_result();
}
