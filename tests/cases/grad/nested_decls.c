/*
** grad/nested_decls: llm.c-style parameter structs whose members are
** structs and unions written inside them (an untagged struct member, a
** tagged one used again through a pointer, C11 anonymous members, an
** untagged union, enums declared inside, bit-fields), and a buffer
** allocated as double *t = (double *)malloc((size_t)n * sizeof *t).
** FILE.ad.h and FILE.ad.c define the types as FILE.c does (they printed
** 'struct in;' without its body, 'struct Out out;' without its
** definition, 'union Q::(anonymous ...)', and dropped the widths of
** bit-fields, so energy() read eps at another offset than FILE.c wrote
** it); member by member copies of the struct passed by value name the
** fields of its anonymous members as C does (L_bar.lo); the declaration
** of t comes before the allocation that names it. Oracles: central
** differences and the dot-product test with jvp (oracle_check_*), a
** closed form for energy.
*/
#include <math.h>
#include <stdlib.h>

#include "ccad.h" /* ccad_tape_empty */
#include "ccad_oracle.h"

typedef struct {
    struct {
        double w, b;                    /* an untagged struct member */
    } in;
    struct Norm {
        unsigned learnable : 1;          /* bit-fields: FILE.ad.c's layout */
        unsigned groups : 3;             /* must be FILE.c's */
        enum NormKind { NORM_NONE, NORM_RMS = 2 } kind;
        double eps;
    } norm, *pnorm;                      /* a tagged one, used twice */
    union {
        double d;
        long bits;
    } scratch;                           /* an untagged union, no derivative */
    struct {
        double lo, hi;                   /* a C11 anonymous member */
    };
    enum { ACT_TANH, ACT_GELU = 5 } act;
    int n;
} Layer;

static double norm_scale(const struct Norm *nm, const double *t, int n)
{
    if (nm->kind == NORM_NONE) return 1.0;
    double ss = 0;
    for (int i = 0; i < n; i++)
        ss += t[i] * t[i];
    return 1.0 / sqrt(ss / n + nm->eps);
}

/* the struct by value: its shadow's anonymous members too */
static double clamp(Layer L, double u)
{
    if (u < L.lo) u = L.lo + 0.1 * (u - L.lo);
    if (u > L.hi) u = L.hi + 0.1 * (u - L.hi);
    return u;
}

double f(const double *x, int n)
{
    Layer L;
    L.in.w = 0.7;
    L.in.b = 0.1;
    L.norm.kind = NORM_RMS;
    L.norm.eps = 1e-5;
    L.pnorm = &L.norm;
    L.scratch.bits = 3;
    L.lo = -0.5 + 0.1 * x[0];
    L.hi = 0.5;
    L.act = ACT_GELU;
    L.n = n;
    double *t = (double *)malloc((size_t)n * sizeof *t);
    for (int i = 0; i < L.n; i++)
        t[i] = L.in.w * x[i] + L.in.b;
    double r = norm_scale(L.pnorm, t, n);
    double s = 0;
    for (int i = 0; i < n; i++) {
        double u = clamp(L, t[i] * r);
        s += L.act == ACT_GELU ? u * u * x[(i + 1) % n] : tanh(u);
    }
    free(t);
    return s + (double)L.scratch.bits;
}

/* a requested function whose parameter has the inner tagged type: FILE.ad.h
 * declares struct Norm before the prototype, also on its own */
double energy(const struct Norm *nm, const double *x, int n)
{
    double s = 0;
    for (int i = 0; i < n; i++)
        s += x[i] * x[i];
    return s / (n * (1.0 + nm->eps));
}

#pragma ad grad(energy) wrt(x[n])
#pragma ad grad(f) wrt(x[n])
#pragma ad vjp(f) wrt(x[n])
#pragma ad jvp(f) wrt(x[n])

#include "nested_decls.ad.h"

ORACLE_XN_WRAPPERS(f, 8)

int main(void)
{
    OracleRng rng = oracle_rng(8);
    ORACLE_XN_CHECKS(f, 8, rng);
    /* energy: closed form 2 x_i / (n (1 + eps)) */
    struct Norm nm = {1, 2, NORM_RMS, 0.25};
    double x[5], g[5], want[5];
    oracle_fill_uniform(&rng, x, 5, -1.0, 1.0);
    energy_grad(&nm, x, g, 5);
    for (int i = 0; i < 5; i++)
        want[i] = 2.0 * x[i] / (5 * 1.25);
    oracle_check_vec("energy grad (closed form)", g, want, 5, 1e-12, 1e-12);
    return oracle_result();
}
