/* OPEN (probe16): CHECKPOINT DROPPED (tape memory, not correctness): a
** '#pragma ad checkpoint' before a call inside a helper, where the callee
** writes through a pointer parameter of the helper (outer(u, x, n) calls
** inner(u, n), which stores u[i] for i < n), warns "'#pragma ad checkpoint'
** is not applied, and the call is taped in full: cc-ad cannot tell the size
** of the memory it writes through 'u' (a function it calls writes there,
** ...); checkpoint the loop where that memory is allocated". The size is
** known where the callee stores only u[i] in for (i = 0; i < n; i++) with n
** its parameter, passed n here (written_span in adjoint_ckpt.c stops at any
** call that writes the class). The gradient is right (the call is taped).
** Expected: the call checkpointed, no warning; got: the warning.
** Run: run_case.sh ... checkpoint_call_param_helper.c (fails at step 1 on
** the warning). */
#include <math.h>
#include "ccad.h"
#include "ccad_oracle.h"

static void inner(double *u, int n)
{
    for (int i = 0; i < n; i++) u[i] = u[i] * u[i] * 0.5 + cos(u[(i + 1) % n]);
}
static void outer(double *u, const double *x, int n)
{
    for (int i = 0; i < n; i++) u[i] += x[i];
#pragma ad checkpoint
    inner(u, n);
    for (int i = 0; i < n; i++) u[i] *= x[i];
}
double f(const double *x, int n)
{
    double s = 0, u[6];
    for (int i = 0; i < n; i++) u[i] = x[i] * 0.5;
    for (int t = 0; t < 3; t++) outer(u, x, n);
    for (int i = 0; i < n; i++) s += u[i];
    return s;
}
#pragma ad grad(f) wrt(x[n])
#pragma ad vjp(f) wrt(x[n])
#pragma ad jvp(f) wrt(x)
#include "checkpoint_call_param_helper.ad.h"
ORACLE_XN_CASE(f, 6, 4)
