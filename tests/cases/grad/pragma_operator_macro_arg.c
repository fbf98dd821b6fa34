/*
** grad/pragma_operator_macro_arg: '_Pragma("ad checkpoint")' placed by
** where FILE.c expands it, not by its line (probe14: both were refused):
**  - handed to a macro as an argument that its body puts before its loop
**    (BODY(_Pragma(..)), a Verlet cloth sharing one body between its
**    checkpointed and plain variants), also after a statement of the macro
**    that calls a function, which must not take it (BODY2);
**  - at the end of a macro's body: the statement after the macro's use;
**  - a function written on one line with the pragma operator inside it
**    (LOOP(n) = _Pragma(..) for (..)), after another loop on that line,
**    which must not take it.
** Each checkpointed loop must be the one checkpointed: ccad_checkpoint_steps()
** (iterations the checkpoint driver reversed) is its trip count. Oracle:
** the same functions without the pragma (same arithmetic: equal values,
** gradients to 1e-13).
*/
#include <math.h>
#include "ccad.h"
#include "ccad_oracle.h"

#define BODY(CKPT)                                               \
    double s = 0.0;                                              \
    CKPT                                                         \
    for (int i = 0; i < n; i++) s += 0.1 * sin(x[i] * s + x[i]); \
    return s;

static double start(const double *x) { return 0.5 * x[0]; }

#define BODY2(CKPT)                                              \
    double s = start(x);                                         \
    CKPT                                                         \
    for (int i = 0; i < n; i++) s += 0.1 * sin(x[i] * s + x[i]); \
    return s;

#define PRE(CKPT) double s = 0.25; CKPT

double f(const double *x, int n)
{
    BODY(_Pragma("ad checkpoint(snapshots=2)"))
}
double f_plain(const double *x, int n)
{
    BODY()
}
double f2(const double *x, int n)
{
    BODY2(_Pragma("ad checkpoint(snapshots=2)"))
}
double f2_plain(const double *x, int n)
{
    BODY2()
}
double h(const double *x, int n)
{
    PRE(_Pragma("ad checkpoint(snapshots=3)"))
    for (int i = 0; i < n; i++) s += 0.1 * sin(x[i] * s + x[i]);
    return s;
}
double h_plain(const double *x, int n)
{
    PRE()
    for (int i = 0; i < n; i++) s += 0.1 * sin(x[i] * s + x[i]);
    return s;
}
#define LOOP(n) _Pragma("ad checkpoint(snapshots=2)") for (int i = 0; i < (n); i++)
double g(const double *x, int n) { double s = 0.0; for (int j = 0; j < 3; j++) s += x[j] * x[j]; LOOP(n) s += 0.1 * sin(x[i] * s + x[i]); return s; }
double g_plain(const double *x, int n) { double s = 0.0; for (int j = 0; j < 3; j++) s += x[j] * x[j]; for (int i = 0; i < n; i++) s += 0.1 * sin(x[i] * s + x[i]); return s; }

#pragma ad grad(f) wrt(x[n])
#pragma ad grad(f_plain) wrt(x[n])
#pragma ad grad(f2) wrt(x[n])
#pragma ad grad(f2_plain) wrt(x[n])
#pragma ad grad(h) wrt(x[n])
#pragma ad grad(h_plain) wrt(x[n])
#pragma ad grad(g) wrt(x[n])
#pragma ad grad(g_plain) wrt(x[n])
#include "pragma_operator_macro_arg.ad.h"

enum { N = 20 };

static void check(const char *name, double (*gr)(const double *, double *, int),
                  double (*plain)(const double *, double *, int))
{
    double x[N], g1[N], g2[N];
    for (int i = 0; i < N; i++) x[i] = 0.1 * i - 0.7;
    ccad_checkpoint_reset_counts();
    double v1 = gr(x, g1, N);
    CHECK_EQ_INT(name, ccad_checkpoint_steps(), N);
    ccad_checkpoint_reset_counts();
    double v2 = plain(x, g2, N);
    CHECK_EQ_INT("plain: no checkpoint", ccad_checkpoint_steps(), 0);
    CHECK_CLOSE(name, v1, v2, 0, 0);
    CHECK_VEC_CLOSE(name, g1, g2, N, 1e-13, 1e-16);
}

int main(void)
{
    check("f (pragma in a macro argument)", f_grad, f_plain_grad);
    check("f2 (after a call in the macro)", f2_grad, f2_plain_grad);
    check("h (pragma ending a macro)", h_grad, h_plain_grad);
    check("g (one line)", g_grad, g_plain_grad);
    CHECK_TRUE("tape empty", ccad_tape_empty());
    return oracle_result();
}
