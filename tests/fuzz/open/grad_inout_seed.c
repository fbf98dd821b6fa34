/* OPEN (probe5): SILENTLY WRONG (all zero) gradient, hessian, hvp, when
** the one output of grad/hessian/hvp is an in-out pointer listed in both clauses:
**   void acc(const double *x, int n, double *e) { ... *e += x[i]*x[i] * *e; }
**   #pragma ad grad(acc) wrt(x[n], e[1]) out(e[1])
** acc_grad(x, x_bar, n, e, e_bar) zeroes e_bar (memset: "input gradients
** are overwritten") and never seeds it with 1, so the backward sweep runs
** on a zero seed: x_bar = 0 and e_bar = 0; want x_bar[i] = 2 x_i e0 P /
** (1 + x_i^2) and e_bar = P, P = prod(1 + x_i^2). hessian and hvp with
** the same clauses return all zeros (jacrev and vjp are right). No
** diagnostic. With out(e[1]) alone (e not in wrt) grad is right; hessian/hvp(acc) wrt(x[n]) out(e[1]) is
** refused with a message that contradicts the request ("stores values ...
** through parameter 'e', which then needs derivative storage: list it ...
** as an output (out(e[n]))" -- it is listed).
** Expected: e_bar = 1 after the zeroing (the seed of the output, which is
** also the input's gradient slot), as for vjp's in-out rule ("p_bar holds
** the seed on entry and the adjoint of the input value on exit").
** Where: the grad entry code (zeroing of wrt items, then seeding of the out
** item) in tool/transform: the seed is not written when the out item is
** also a wrt item.
** Self-checking; reproduce (exit 1, FAIL lines):
**   bash tests/harness/run_case.sh build/tool/cc-ad build/runtime/libccad.a \
**     include /tmp/w tests/fuzz/open/grad_inout_seed.c                      */
#include "ccad.h"
#include "ccad_oracle.h"

void acc(const double *x, int n, double *e)
{
    for (int i = 0; i < n; i++) *e += x[i] * x[i] * *e;
}

#pragma ad grad(acc) wrt(x[n], e[1]) out(e[1])
#pragma ad hessian(acc) wrt(x[n], e[1]) out(e[1])

#include "grad_inout_seed.ad.h"

#define N 3

int main(void)
{
    double x[N] = {0.3, -0.4, 0.8}, g[N], e0 = 1.5, e, eb;
    double P = 1.0;
    for (int i = 0; i < N; i++) P *= 1.0 + x[i] * x[i];
    /* e_final = e0 P */
    e = e0;
    acc_grad(x, g, N, &e, &eb);
    CHECK_CLOSE("e", e, e0 * P, ORACLE_RTOL_EXACT, 0.0);
    for (int i = 0; i < N; i++)
        CHECK_CLOSE("de/dx", g[i], e0 * P / (1.0 + x[i] * x[i]) * 2.0 * x[i], ORACLE_RTOL_EXACT, 1e-15);
    CHECK_CLOSE("de/de0", eb, P, ORACLE_RTOL_EXACT, 0.0);
    double H[(N + 1) * (N + 1)];
    e = e0;
    acc_hessian(x, N, &e, H);
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            double qi = 1.0 + x[i] * x[i], qj = 1.0 + x[j] * x[j];
            double want = i == j ? e0 * P / qi * 2.0 : e0 * P / (qi * qj) * 4.0 * x[i] * x[j];
            CHECK_CLOSE("d2e/dx2", H[i * (N + 1) + j], want, ORACLE_RTOL_EXACT, 1e-15);
        }
    for (int i = 0; i < N; i++)
        CHECK_CLOSE("d2e/dx de0", H[i * (N + 1) + N], P / (1.0 + x[i] * x[i]) * 2.0 * x[i], ORACLE_RTOL_EXACT, 1e-15);
    CHECK_CLOSE("d2e/de0^2", H[N * (N + 1) + N], 0.0, 0.0, 1e-15);
    return oracle_result();
}
