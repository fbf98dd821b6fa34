/*
** grad/argclobber: a call's argument reads memory that the callee then
** overwrites through a pointer, h(x * s, &s). The backward sweep passes
** the arguments again to the callee's backward function and propagates
** their adjoints; both need the values from before the call (they used to
** be evaluated with what the callee left: grad 99.67 instead of 13.5 for
** the G(x) = (x x)^2 at 1.5).
**   scal:  sq(x * s, &s), and sq(s, &s), the argument a plain variable;
**   loopsq: sq(0.5 * x[i] * s + 0.5, &s) in a loop;
**   arr:   upd(v[0] * v[1], v) where upd writes v[0];
**   fld:   fld(p.a * p.b, &p) where fld writes p.a (a struct field);
**   cnt:   tail(m, &m, v): an int argument (a loop bound in the callee)
**          that the callee decrements;
**   deep:  the same forms inside helpers (split functions), in a loop;
**   recarg: a struct by value whose address is the next argument,
**          byv(p, &p).
** Oracles: the closed form 4 x^3 for the form, central
** differences and the dot-product test with jvp (oracle_check_*).
*/
#include <math.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

#define N 4

static void sq(double u, double *s)
{
    *s = u * u;
}

/* the form: G(x) = (x x)^2 */
double G(double x)
{
    double s = x;
    sq(x * s, &s);
    return s;
}

double scal(const double *x, int n)
{
    double s = x[0];
    sq(x[1] * s, &s);
    double t = s + x[2];
    sq(t, &t);
    sq(sin(t) * x[3], &t);
    return t + s * (double)n;
}

/* in a loop: the argument's temporary is saved per iteration */
double loopsq(const double *x, int n)
{
    double s = 1.0;
    for (int i = 0; i < n; i++)
        sq(0.5 * x[i] * s + 0.5, &s);
    return s;
}

static double upd(double u, double *v)
{
    v[0] = u * v[2];
    return u + v[3];
}

double arr(const double *x, int n)
{
    double v[N];
    for (int i = 0; i < n; i++)
        v[i] = x[i];
    double r = upd(v[0] * v[1], v);
    r += upd(v[0] - v[3], v);
    return r * v[0] + v[1];
}

typedef struct { double a, b; } Pair;

static void fld(double u, Pair *p)
{
    p->a = u * p->b;
}

double fldf(const double *x, int n)
{
    Pair p = {x[0], x[1]};
    fld(p.a * p.b, &p);
    fld(p.a + x[2], &p);
    (void)n;
    return p.a * x[3] + p.b;
}

static double tail(int m, int *mp, const double *v)
{
    double t = 0;
    for (int i = 0; i < m; i++)
        t += v[i] * v[i] * (i + 1);
    *mp = m - 1;
    return t;
}

double cnt(const double *x, int n)
{
    int m = n;
    double r = tail(m, &m, x);
    r += tail(m, &m, x);
    return r;
}

static void outer(double *s, double x)
{
    sq(x * *s, s);
    sq(*s + x, s);
}

static double mid(double *v)
{
    double r = upd(v[0] * v[1], v);
    return r + upd(v[0], v) * v[1];
}

double deep(const double *x, int n)
{
    double s = x[0], v[N];
    for (int i = 0; i < n; i++)
        v[i] = x[i];
    double t = 0;
    for (int k = 0; k < 2; k++) {
        outer(&s, x[k + 1]);
        t += mid(v) * s;
    }
    return t;
}

static double byv(Pair p, Pair *q)
{
    q->a = p.a * p.b;
    return p.a + q->b;
}

double recarg(const double *x, int n)
{
    Pair p = {x[0], x[1]};
    (void)n;
    double r = byv(p, &p);
    r += byv(p, &p) * x[2];
    return r * p.a + x[3];
}

#pragma ad grad(G)
#pragma ad grad(scal) wrt(x[n])
#pragma ad vjp(scal) wrt(x[n])
#pragma ad jvp(scal) wrt(x[n])
#pragma ad grad(loopsq) wrt(x[n])
#pragma ad vjp(loopsq) wrt(x[n])
#pragma ad jvp(loopsq) wrt(x[n])
#pragma ad grad(arr) wrt(x[n])
#pragma ad vjp(arr) wrt(x[n])
#pragma ad jvp(arr) wrt(x[n])
#pragma ad grad(fldf) wrt(x[n])
#pragma ad vjp(fldf) wrt(x[n])
#pragma ad jvp(fldf) wrt(x[n])
#pragma ad grad(cnt) wrt(x[n])
#pragma ad vjp(cnt) wrt(x[n])
#pragma ad jvp(cnt) wrt(x[n])
#pragma ad grad(deep) wrt(x[n])
#pragma ad vjp(deep) wrt(x[n])
#pragma ad jvp(deep) wrt(x[n])
#pragma ad grad(recarg) wrt(x[n])
#pragma ad vjp(recarg) wrt(x[n])
#pragma ad jvp(recarg) wrt(x[n])

#include "argclobber.ad.h"

ORACLE_XN_WRAPPERS(scal, N)
ORACLE_XN_WRAPPERS(loopsq, N)
ORACLE_XN_WRAPPERS(arr, N)
ORACLE_XN_WRAPPERS(fldf, N)
ORACLE_XN_WRAPPERS(cnt, N)
ORACLE_XN_WRAPPERS(deep, N)
ORACLE_XN_WRAPPERS(recarg, N)

int main(void)
{
    double x = 1.5, g = 0;
    double y = G_grad(x, &g);
    CHECK_CLOSE("G primal (x x)^2", y, pow(x, 4), ORACLE_RTOL_EXACT, 0.0);
    CHECK_CLOSE("G_grad = 4 x^3", g, 4 * x * x * x, ORACLE_RTOL_EXACT, 0.0);
    CHECK_TRUE("G_grad: tape empty", ccad_tape_empty());

    OracleRng rng = oracle_rng(5);
    ORACLE_XN_CHECKS(scal, N, rng);
    ORACLE_XN_CHECKS(loopsq, N, rng);
    ORACLE_XN_CHECKS(arr, N, rng);
    ORACLE_XN_CHECKS(fldf, N, rng);
    ORACLE_XN_CHECKS(cnt, N, rng);
    ORACLE_XN_CHECKS(deep, N, rng);
    ORACLE_XN_CHECKS(recarg, N, rng);
    return oracle_result();
}
