/*
** grad/field_collapse: a struct of pointers used untyped, as C code does
** now and then: its pointer slots walked as an array (double **slots =
** (double **)&p; slots[1] = slots[0]), the struct copied with memcpy (forward
** mode: reverse mode refuses memcpy of memory with derivatives), and
** a pointer to it cast to another struct of the same layout that a helper
** writes through (fill((View *)&p)). The analysis keeps a struct's pointer
** fields apart only while every use names the field; after such a use the
** fields share one class, so what is stored through one is seen through
** all: without that, p.b, q.a and v->dst would look inactive and each
** gradient would miss a term (zero derivative, silently). A helper given
** such a struct sees its fields as one class too (aliased_slots: it reads
** q->a for the derivative, then overwrites q->b, the same array).
** Oracles: central differences (h ~ 6e-6, ORACLE_RTOL_FD); vjp against
** jvp by the dot-product test (1e-12) for the cast.
*/
#include <float.h>
#include <math.h>
#include <string.h>

#include "ccad.h"
#include "ccad_oracle.h"

typedef struct {
    double *a;
    double *b;
    int n;
} Pair;

typedef struct {
    double *src;
    double *dst;
    int len;
} View;

double punned(const double *x, double *t, double *u, int n)
{
    for (int i = 0; i < n; i++) {
        t[i] = sin(x[i]);
        u[i] = 1.0 + i;
    }
    Pair p = {t, u, n};
    double **slots = (double **)&p;
    slots[1] = slots[0]; /* p.b = p.a */
    double s = 0;
    for (int i = 0; i < p.n; i++)
        s += p.b[i] * x[i];
    return s;
}

double copied(const double *x, double *t, double *u, int n)
{
    Pair p = {t, u, n}, q;
    memcpy(&q, &p, sizeof q);
    for (int i = 0; i < q.n; i++)
        q.a[i] = x[i] * x[i];
    double s = 0;
    for (int i = 0; i < n; i++)
        s += t[i] * p.a[i];
    return s;
}

static void fill(View *v)
{
    for (int i = 0; i < v->len; i++)
        v->dst[i] = v->src[i] * v->src[i] + 1.0;
}

double cast_view(const double *x, double *t, double *u, int n)
{
    Pair p = {t, u, n};
    for (int i = 0; i < n; i++)
        t[i] = 2.0 * x[i];
    fill((View *)&p);
    double s = 0;
    for (int i = 0; i < n; i++)
        s += u[i] * x[i];
    return s;
}

/* the slots made p.b p.a: a helper given &p reads q->a for the
 * derivative, then overwrites q->b, the same array */
static void use_then_reset(Pair *q, const double *x, double *y)
{
    for (int i = 0; i < q->n; i++)
        y[0] += q->a[i] * x[i];
    for (int i = 0; i < q->n; i++)
        q->b[i] = 0.25;
}

double aliased_slots(const double *x, double *y, int n)
{
    double t[8];
    for (int i = 0; i < n; i++)
        t[i] = 1.0 + 0.5 * i;
    Pair p = {t, NULL, n};
    double **slots = (double **)&p;
    slots[1] = slots[0];
    y[0] = 0;
    use_then_reset(&p, x, y);
    return y[0] * y[0];
}

#pragma ad grad(punned) wrt(x[n]) scratch(t[n], u[n])
#pragma ad grad(aliased_slots) wrt(x[n]) scratch(y[1])
#pragma ad jvp(copied) wrt(x[n]) scratch(t[n], u[n])
#pragma ad grad(cast_view) wrt(x[n]) scratch(t[n], u[n])
#pragma ad vjp(cast_view) wrt(x[n]) scratch(t[n], u[n])
#pragma ad jvp(cast_view) wrt(x[n]) scratch(t[n], u[n])

#include "field_collapse.ad.h"

enum { N = 5 };

typedef double (*Fn3)(const double *x, double *t, double *u, int n);

static void check(const char *label, Fn3 f, const double *g, const double *x)
{
    double fdg[N], t[N], u[N];
    for (int j = 0; j < N; j++) {
        double xp[N];
        memcpy(xp, x, sizeof xp);
        double h = oracle_fd_step(x[j], DBL_EPSILON);
        xp[j] = x[j] + h;
        double fp = f(xp, t, u, N);
        xp[j] = x[j] - h;
        double fm = f(xp, t, u, N);
        fdg[j] = (fp - fm) / (2 * h);
    }
    CHECK_VEC_CLOSE(label, g, fdg, N, ORACLE_RTOL_FD, ORACLE_ATOL_FD);
}

/* central differences of f along v (each entry of want is f's jvp) */
static void check_dir(const char *label, Fn3 f, const double *want, const double *x, const double *v)
{
    double t[N], u[N], xp[N], xm[N], h = 1e-6;
    for (int j = 0; j < N; j++) {
        xp[j] = x[j] + h * v[j];
        xm[j] = x[j] - h * v[j];
    }
    double fd = (f(xp, t, u, N) - f(xm, t, u, N)) / (2 * h);
    CHECK_CLOSE(label, want[0], fd, ORACLE_RTOL_FD, ORACLE_ATOL_FD);
}

int main(void)
{
    OracleRng rng = oracle_rng(11);
    double x[N], v[N], g[N], t[N], u[N], t0[N], u0[N];
    oracle_fill_uniform(&rng, x, N, -1.2, 1.2);
    oracle_fill_uniform(&rng, v, N, -1.0, 1.0);

    double y = punned(x, t0, u0, N);
    CHECK_CLOSE("punned primal", punned_grad(x, g, t, u, N), y, 0, 0);
    check("punned grad vs fd", punned, g, x);

    y = copied(x, t0, u0, N);
    double dc = 0, fdc[N];
    CHECK_CLOSE("copied primal", copied_jvp(x, v, t, u, N, &dc), y, 0, 0);
    for (int j = 0; j < N; j++)
        fdc[j] = dc;
    check_dir("copied jvp vs fd", copied, fdc, x, v);

    y = cast_view(x, t0, u0, N);
    CHECK_CLOSE("cast_view primal", cast_view_grad(x, g, t, u, N), y, 0, 0);
    CHECK_VEC_CLOSE("cast_view: u as the primal leaves it", u, u0, N, 0, 0);
    check("cast_view grad vs fd", cast_view, g, x);
    double b[N] = {0}, d = 0;
    cast_view_vjp(x, b, t, u, N, 1.0);
    cast_view_jvp(x, v, t, u, N, &d);
    CHECK_CLOSE("cast_view dot test", oracle_dot(b, v, N), d, ORACLE_RTOL_DOT, 1e-14);

    /* aliased_slots: d/dx (t . x)^2 = 2 (t . x) t, t as before the reset */
    double y1, want[N], dot = 0;
    for (int i = 0; i < N; i++)
        dot += (1.0 + 0.5 * i) * x[i];
    for (int i = 0; i < N; i++)
        want[i] = 2 * dot * (1.0 + 0.5 * i);
    CHECK_CLOSE("aliased_slots primal", aliased_slots_grad(x, g, &y1, N), dot * dot, 1e-14, 0);
    CHECK_VEC_CLOSE("aliased_slots grad (closed form)", g, want, N, 1e-13, 1e-15);
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
