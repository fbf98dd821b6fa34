/*
** grad/byvalwrite: a helper that changes its own copy of a struct passed
** by value (q.w *= 0.5) and then reads it. The copy is the helper's local
** variable: its backward function must see the values the forward one
** left, not the caller's (it used to get the caller's struct again, so the
** adjoint dropped the factor: dG/dw 3 instead of 1.5).
**   field:  h(Prm q, x) { q.w *= 0.5; return q.w * x; } (the form);
**   arrfld: an array inside the struct, p.c[1] *= t, p.c[2] = p.c[2] t t;
**   nested: a struct inside the struct, o.in.w = o.in.w * o.k, o.in.b += x;
**   viaptr: the helper passes &q to another helper that scales q.w, in a
**           loop of the caller; and &d for a double d by value (that
**           did not compile: the forward function named d's accumulator).
** Oracles: the closed form for the form, central differences and
** the dot-product test with jvp (oracle_check_*).
*/
#include <math.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

#define N 4

typedef struct Prm { double w, b; } Prm;

static double h(Prm q, double x)
{
    q.w *= 0.5;
    return q.w * x;
}

/* the form: G = 0.5 w x */
double G(Prm p, double x)
{
    return h(p, x);
}

double field(const double *x, int n)
{
    Prm p = {x[0], x[1]};
    (void)n;
    return h(p, x[2]) + h(p, p.b) * x[3];
}

typedef struct Poly { double c[3]; double s; } Poly;

static double ev(Poly p, double t)
{
    p.c[1] *= t;
    p.c[2] = p.c[2] * t * t;
    return p.s * (p.c[0] + p.c[1] + p.c[2]);
}

double arrfld(const double *x, int n)
{
    Poly p = {{x[0], x[1], x[2]}, x[1]};
    (void)n;
    return ev(p, x[3]) + ev(p, 0.5 * x[3]) * p.c[1];
}

typedef struct Outer { Prm in; double k; } Outer;

static double nest(Outer o, double x)
{
    o.in.w = o.in.w * o.k;
    o.in.b += x;
    return o.in.w * o.in.b + o.k * x;
}

double nested(const double *x, int n)
{
    Outer o = {{x[0], x[1]}, x[2]};
    (void)n;
    return nest(o, x[3]) * o.in.w;
}

static void scale(Prm *q, double f)
{
    q->w *= f;
}

static double hp(Prm q, double x)
{
    scale(&q, x);
    return q.w * q.b + x;
}

static void scale1(double *d, double f)
{
    *d *= f;
}

static double hd(double d, double x)
{
    scale1(&d, x);
    return d * x + d;
}

double viaptr(const double *x, int n)
{
    Prm p = {x[0], x[1]};
    double s = 0;
    for (int i = 0; i < n; i++)
        s += hp(p, x[i]) * x[(i + 1) % n] + hd(x[i], x[(i + 2) % n]);
    return s;
}

#pragma ad grad(G) wrt(p, x)
#pragma ad grad(field) wrt(x[n])
#pragma ad vjp(field) wrt(x[n])
#pragma ad jvp(field) wrt(x[n])
#pragma ad grad(arrfld) wrt(x[n])
#pragma ad vjp(arrfld) wrt(x[n])
#pragma ad jvp(arrfld) wrt(x[n])
#pragma ad grad(nested) wrt(x[n])
#pragma ad vjp(nested) wrt(x[n])
#pragma ad jvp(nested) wrt(x[n])
#pragma ad grad(viaptr) wrt(x[n])
#pragma ad vjp(viaptr) wrt(x[n])
#pragma ad jvp(viaptr) wrt(x[n])

#include "byvalwrite.ad.h"

ORACLE_XN_WRAPPERS(field, N)
ORACLE_XN_WRAPPERS(arrfld, N)
ORACLE_XN_WRAPPERS(nested, N)
ORACLE_XN_WRAPPERS(viaptr, N)

int main(void)
{
    Prm p = {2.0, -1.0}, pb;
    double x = 3.0, xb = 0;
    double y = G_grad(p, &pb, x, &xb);
    CHECK_CLOSE("G primal 0.5 w x", y, 0.5 * p.w * x, ORACLE_RTOL_EXACT, 0.0);
    CHECK_CLOSE("G_grad dG/dw = 0.5 x", pb.w, 0.5 * x, ORACLE_RTOL_EXACT, 0.0);
    CHECK_CLOSE("G_grad dG/db = 0", pb.b, 0.0, 0.0, 0.0);
    CHECK_CLOSE("G_grad dG/dx = 0.5 w", xb, 0.5 * p.w, ORACLE_RTOL_EXACT, 0.0);
    CHECK_TRUE("G_grad: tape empty", ccad_tape_empty());

    OracleRng rng = oracle_rng(11);
    ORACLE_XN_CHECKS(field, N, rng);
    ORACLE_XN_CHECKS(arrfld, N, rng);
    ORACLE_XN_CHECKS(nested, N, rng);
    ORACLE_XN_CHECKS(viaptr, N, rng);
    return oracle_result();
}
